/**
 * Pixel-exact against a real QEMU (issue 7, "Tests"): with the guest paused
 * through QMP, the element's getImageData() equals QEMU's own screendump,
 * pixel for pixel, once per preferred encoding (Tight, ZRLE, Hextile, Raw).
 *
 * The guest is the animated boot sector (test/peers/boot/anim.S): it runs
 * while the element connects, so the element decodes a stream of real
 * updates, and it is paused before the comparison, so "equal" has one
 * meaning. QEMU picks the first encoding it knows in the client's list
 * (ui/vnc.c set_encodings), so each run also checks that the element put
 * the requested one first; QEMU's Tight is lossless unless started with
 * lossy=on, so Tight must match exactly too.
 */
import {expect, test} from '@playwright/test';
import {
  ConsolePage,
  ENCODING_NUMBERS,
  expectSameImage,
  preferredEncoding,
} from '../../peers/console-page.js';
import {QemuPeer} from '../../peers/qemu-peer.js';

let qemu: QemuPeer | undefined;

test.beforeAll(async () => {
  qemu = await QemuPeer.start({boot: 'anim'});
});

test.afterAll(async () => {
  await qemu?.stop();
  qemu = undefined;
});

function peer(): QemuPeer {
  if (!qemu) throw new Error('QEMU did not start');
  return qemu;
}

const ENCODINGS = ['tight', 'zrle', 'hextile', 'raw'] as const;

for (const encoding of ENCODINGS) {
  test(`${encoding}: the element's framebuffer equals QEMU's screendump with the guest paused`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(45000);
    const q = peer();
    if ((await q.status()) !== 'running') await q.resume();

    const console = await ConsolePage.open(page, q.url, {encodings: encoding});
    const info = await console.connected();
    expect(info.width).toBeGreaterThan(0);

    const list = await console.sentEncodings();
    // Soft, so a wrong list still lets the pixel comparison run and report.
    expect.soft(list, 'the element sent no SetEncodings starting with CopyRect').toBeDefined();
    expect
      .soft(preferredEncoding(list ?? []), `the first data encoding the element asked for`)
      .toBe(ENCODING_NUMBERS[encoding]);

    // Let the animation run through a few updates, then freeze the guest.
    await page.waitForTimeout(700);
    await q.pause();
    const paused = await q.screendump();
    expect([paused.width, paused.height]).toEqual([640, 400]);

    const shown = await expectSameImage(console, () => q.screendump(), {
      timeoutMs: 10000,
      reportName: `qemu-${encoding}`,
      testInfo,
    });
    expect([shown.width, shown.height]).toEqual([640, 400]);

    await console.disconnect();
    await console.waitForEvent('webmks-disconnect', 5000);
    await q.resume();
  });
}
