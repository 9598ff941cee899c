/**
 * Keys reach a real guest (issue 7, "Tests"):
 * - TigerVNC: text typed with the element's typeText() arrives, character
 *   for character, in a program reading the xterm (`cat > file`), and the
 *   screen the element shows afterwards is the X server's, pixel for pixel.
 * - QEMU: Escape sent with sendKeys() opens SeaBIOS's boot menu, and QEMU's
 *   trace shows it came as a QEMU Extended Key Event (scancode 0x01), not
 *   as a keysym QEMU had to map.
 */
import {join} from 'node:path';
import {expect, test} from '@playwright/test';
import {ConsolePage, describeKeyEvents, expectSameImage} from '../../peers/console-page.js';
import {waitFor} from '../../peers/peer-process.js';
import {QemuPeer} from '../../peers/qemu-peer.js';
import {comparePixels} from '../../peers/pixel-compare.js';
import {readPeerFile, TigerVncPeer} from '../../peers/tigervnc-peer.js';

test('typing in the element reaches a program in an xterm on TigerVNC', async ({
  page,
}, testInfo) => {
  test.setTimeout(45000);
  const xvnc = await TigerVncPeer.start();
  try {
    const out = join(xvnc.dir, 'typed.txt');
    // Without a window manager the keyboard follows the pointer (PointerRoot):
    // the xterm covers (0, 0), where the pointer is parked.
    await xvnc.startXterm({geometry: '60x10+0+0', command: ['sh', '-c', `exec cat > ${out}`]});
    await xvnc.movePointer(0, 0);

    const console = await ConsolePage.open(page, xvnc.url);
    await console.connected();
    const before = await expectSameImage(console, () => xvnc.screendump(), {
      timeoutMs: 10000,
      reportName: 'keys-xterm-before',
      testInfo,
    });

    // Shifted and unshifted characters, digits, punctuation and Enter.
    const text = 'Hello, World! 1+1=2 ~@#$%^&*()_{}|:"<>?\n';
    await console.typeText(text);
    try {
      await waitFor(
        'the typed line to reach cat',
        () => (readPeerFile(out) === text ? true : undefined),
        {
          timeoutMs: 10000,
          peers: [xvnc.xvnc, ...xvnc.clients],
        },
      );
    } catch (err) {
      throw new Error(
        `${(err as Error).message}\ncat received: ${JSON.stringify(readPeerFile(out))}\n` +
          `key messages the element sent: ${describeKeyEvents(await console.sentBytes())}`,
      );
    }

    // The xterm echoed the text: the element shows the X server's new screen exactly.
    const after = await expectSameImage(console, () => xvnc.screendump(), {
      timeoutMs: 10000,
      reportName: 'keys-xterm-after',
      testInfo,
    });
    const change = comparePixels(before, after);
    expect(change.equal).toBe(false);
    // The echo is on the terminal's first text row.
    expect(change.box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(change.box?.y ?? 99).toBeLessThan(16);
  } finally {
    await xvnc.stop();
  }
});

test('QEMU receives extended key events: Escape opens the SeaBIOS boot menu', async ({page}) => {
  test.setTimeout(45000);
  const qemu = await QemuPeer.start({boot: 'none', bootMenuMs: 30000, startPaused: true});
  try {
    // Connect while the CPU is stopped, so the prompt cannot time out before we are ready.
    const console = await ConsolePage.open(page, qemu.url);
    await console.connected();
    await qemu.resume();
    await waitFor(
      'the "Press ESC for boot menu" prompt',
      async () =>
        (await qemu.readTextScreen()).some((r) => r.includes('Press ESC for boot menu'))
          ? true
          : undefined,
      {timeoutMs: 15000, intervalMs: 100, peers: [qemu.process]},
    );

    await console.sendKeys(['Escape']);
    const rows = await waitFor(
      'the boot menu',
      async () => {
        const text = await qemu.readTextScreen();
        return text.some((r) => r.includes('Select boot device')) ? text : undefined;
      },
      {timeoutMs: 10000, intervalMs: 100, peers: [qemu.process]},
    ).catch((err: Error) => {
      throw new Error(`${err.message}\nQEMU key trace: ${JSON.stringify(qemu.keyTrace())}`);
    });
    expect(rows.join('\n')).toContain('Select boot device');

    // Escape is scancode 0x01; press then release, both as QEMU Extended Key Events.
    const keys = qemu.keyTrace();
    expect(
      keys.filter((k) => k.kind === 'map'),
      'keys QEMU had to map from keysyms',
    ).toEqual([]);
    expect(keys.map((k) => [k.kind, k.down, k.keycode])).toEqual([
      ['ext', true, 0x01],
      ['ext', false, 0x01],
    ]);
  } finally {
    await qemu.stop();
  }
});
