/**
 * The QEMU peer itself, without the element: it starts, boots the test
 * sector, serves RFB over WebSocket, pauses, dumps its screen, shows
 * SeaBIOS text, requires a password when asked, and stops without leftovers.
 * Needs the Debian packages qemu-system-x86 and binutils; fails (never
 * skips) when they are missing.
 */
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {assembleBootSector} from '../../peers/boot/build-boot-image.js';
import {comparePixels} from '../../peers/pixel-compare.js';
import {waitFor} from '../../peers/peer-process.js';
import {parseKeyTrace, QemuPeer} from '../../peers/qemu-peer.js';
import {probeRfb} from '../../peers/rfb-probe.js';
import {pixelAt, type RgbaImage} from '../../peers/rgba-image.js';

describe('boot sector', () => {
  it('assembles to 512 bytes that start with cli and end with 0x55 0xAA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmks-boot-'));
    try {
      const sector = await assembleBootSector(dir);
      expect(sector.length).toBe(512);
      expect(sector[0]).toBe(0xfa); // cli
      expect([sector[510], sector[511]]).toEqual([0x55, 0xaa]);
      expect(Buffer.from(sector).includes(Buffer.from('webmks\0', 'latin1'))).toBe(true);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('parseKeyTrace', () => {
  it('reads extended and mapped key events from the log backend', () => {
    const log = [
      'vnc_key_event_ext down 1, sym 0xff1b, keycode 0x1 [esc]',
      '12345@1700000000.000001:vnc_key_event_map down 0, sym 0x61 -> keycode 0x1e [a]',
      'vnc_key_guest_leds caps 0, num 0, scroll 0',
    ].join('\n');
    expect(parseKeyTrace(log)).toEqual([
      {kind: 'ext', down: true, keysym: 0xff1b, keycode: 0x1, name: 'esc'},
      {kind: 'map', down: false, keysym: 0x61, keycode: 0x1e, name: 'a'},
    ]);
  });
});

describe('QEMU peer booting the animated sector', () => {
  let qemu: QemuPeer | undefined;
  beforeAll(async () => {
    qemu = await QemuPeer.start();
  }, 30000);
  afterAll(async () => {
    await qemu?.stop();
  });

  const peer = () => {
    if (!qemu) throw new Error('QEMU did not start');
    return qemu;
  };

  it('serves RFB 3.8 over a binary WebSocket with security type None', async () => {
    expect(await probeRfb(peer().url)).toEqual({
      version: 'RFB 003.008\n',
      securityTypes: [1],
      protocol: 'binary',
    });
  });

  it('draws the test pattern in mode 13h (640x400 on screen) and animates it until paused', async () => {
    const q = peer();
    // Wait for mode 13h and the static blocks: colour 32 (blue) at the bottom left.
    const first = await waitFor(
      'the boot sector to draw',
      async () => {
        const img = await q.screendump();
        return img.width === 640 && pixelAt(img, 10, 210).join() === '0,0,255' ? img : undefined;
      },
      {timeoutMs: 20000, intervalMs: 250, peers: [q.process]},
    );
    expect(first.height).toBe(400);
    // The palette blocks (VGA default palette, 6-bit DAC values widened to 8 bits).
    expect(pixelAt(first, 10 + 64 * 4, 210)).toEqual([255, 0, 255]); // colour 36
    expect(pixelAt(first, 10, 210 + 64)).toEqual([0, 255, 0]); // colour 48
    // "webmks" in white on black at text row 16, column 4 (pixels 64.., 256..).
    const text = region(first, 64, 256, 48 * 2, 16);
    expect(text.has('255,255,255')).toBe(true);
    expect(text.has('0,0,0')).toBe(true);

    // Running: the top half changes between dumps.
    const moved = await waitFor(
      'the animation to move',
      async () => {
        const img = await q.screendump();
        return comparePixels(first, img).equal ? undefined : img;
      },
      {timeoutMs: 5000, intervalMs: 100, peers: [q.process]},
    );
    const diff = comparePixels(first, moved);
    expect(diff.box?.y).toBe(0);
    expect((diff.box?.y ?? 0) + (diff.box?.height ?? 0)).toBeLessThanOrEqual(200);

    // Paused: two dumps some frames apart are identical.
    await q.pause();
    expect(await q.status()).toBe('paused');
    const a = await q.screendump();
    await new Promise((r) => setTimeout(r, 300));
    const b = await q.screendump();
    expect(comparePixels(a, b).summary).toBe('640x400: identical');
    await q.resume();
    expect(await q.status()).toBe('running');
  });
});

describe('QEMU peer with SeaBIOS and a password', () => {
  it('shows the boot menu prompt as text, asks for VNC Authentication, and stops cleanly', async () => {
    const q = await QemuPeer.start({boot: 'none', bootMenuMs: 20000, password: 'peer-pw'});
    const dir = q.dir;
    try {
      const rows = await waitFor(
        'the SeaBIOS boot menu prompt',
        async () => {
          const text = await q.readTextScreen();
          return text.some((r) => r.includes('Press ESC for boot menu')) ? text : undefined;
        },
        {timeoutMs: 15000, intervalMs: 200, peers: [q.process]},
      );
      expect(rows.some((r) => r.startsWith('SeaBIOS (version'))).toBe(true);
      expect(await probeRfb(q.url)).toMatchObject({securityTypes: [2]});
      expect(q.keyTrace()).toEqual([]);
    } finally {
      await q.stop();
    }
    expect(q.process.running).toBe(false);
    expect(existsSync(dir)).toBe(false);
    await expect(probeRfb(q.url, 1000)).rejects.toThrow();
  }, 40000);

  it('fails quoting QEMU when it cannot start', async () => {
    // An option value QEMU rejects at start-up: memory far beyond any host.
    await expect(QemuPeer.start({boot: 'none', memoryMb: 1 << 30})).rejects.toThrow(
      /QEMU .*exited with code 1; output:\n.*qemu-system-x86_64: /s,
    );
  }, 30000);
});

/** The set of colours (as "r,g,b") in a rectangle. */
function region(img: RgbaImage, x0: number, y0: number, w: number, h: number): Set<string> {
  const out = new Set<string>();
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) out.add(pixelAt(img, x, y).join());
  }
  return out;
}
