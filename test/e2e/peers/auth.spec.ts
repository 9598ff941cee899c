/**
 * VNC Authentication against a real QEMU (issue 7, "Auth"): QEMU started
 * with `password=on`, its password set through QMP `set_password`. The
 * right password connects and shows QEMU's screen; a wrong one ends in one
 * webmks-disconnect whose reason carries QEMU's words without the NUL byte
 * QEMU puts at the end of its failure reason (ui/vnc.c sends
 * "Authentication failed" with its terminating NUL counted in the length).
 */
import {expect, test} from '@playwright/test';
import {ConsolePage, expectSameImage} from '../../peers/console-page.js';
import {QemuPeer} from '../../peers/qemu-peer.js';

const PASSWORD = 'peer-pw';

let qemu: QemuPeer | undefined;

test.beforeAll(async () => {
  qemu = await QemuPeer.start({boot: 'anim', password: PASSWORD});
});

test.afterAll(async () => {
  await qemu?.stop();
  qemu = undefined;
});

function peer(): QemuPeer {
  if (!qemu) throw new Error('QEMU did not start');
  return qemu;
}

test('the right VNC password connects and shows the guest', async ({page}, testInfo) => {
  test.setTimeout(30000);
  const q = peer();
  const console = await ConsolePage.open(page, q.url, {password: PASSWORD});
  const info = await console.connected();
  expect([info.width, info.height]).toEqual([640, 400]);
  await q.pause();
  try {
    await expectSameImage(console, () => q.screendump(), {
      timeoutMs: 10000,
      reportName: 'auth-right-password',
      testInfo,
    });
  } finally {
    await q.resume();
  }
  const events = await console.events();
  expect(events.filter((e) => e.type === 'webmks-disconnect')).toEqual([]);
});

test('a wrong VNC password ends in webmks-disconnect with a clean reason', async ({page}) => {
  test.setTimeout(30000);
  const q = peer();
  const console = await ConsolePage.open(page, q.url, {password: 'wrong'});
  const event = await console.waitForEvent('webmks-disconnect', 15000);
  const detail = event.detail as {clean: boolean; code: number; reason: string};
  expect(typeof detail.reason).toBe('string');
  expect(detail.reason.includes('\u0000'), `reason ${JSON.stringify(detail.reason)}`).toBe(false);
  expect(detail.reason).toContain('Authentication failed');
  expect(detail.clean).toBe(false);

  // Exactly one attempt, never connected, and no reconnect loop.
  await page.waitForTimeout(1000);
  const events = await console.events();
  expect(events.filter((e) => e.type === 'webmks-connect')).toEqual([]);
  expect(events.filter((e) => e.type === 'webmks-disconnect')).toHaveLength(1);
});
