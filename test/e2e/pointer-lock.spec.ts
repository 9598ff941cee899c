/**
 * Pointer lock (issue 5 "Pointer"): with the pointer locked on the console,
 * mouse motion reaches a VMware server as relative 127/2 events (absolute = 0,
 * x/y = deltas), and unlocking returns to absolute PointerEvents.
 */
import {expect, test, type Page} from '@playwright/test';

type E2eWindow = Window & {
  e2e: {
    el: HTMLElementTagNameMap['webmks-console'];
    tickets: string[];
    useTickets(options: Array<Record<string, unknown>>): void;
  };
};

type InputRecord = {type: string; absolute?: boolean; x?: number; y?: number; buttons?: number};

async function inputOf(page: Page, ticket: string): Promise<InputRecord[]> {
  const res = await page.request.get(`/api/tickets/${encodeURIComponent(ticket)}/input`);
  expect(res.status()).toBe(200);
  return (await res.json()) as InputRecord[];
}

test('with the pointer locked, mouse motion is sent as relative VMware pointer events', async ({
  page,
}) => {
  await page.goto('/test/e2e/pages/console.html');
  await page.waitForFunction(() => Boolean((window as unknown as E2eWindow).e2e));
  await page.evaluate(() => {
    const {e2e} = window as unknown as E2eWindow;
    e2e.useTickets([{width: 400, height: 300, animate: false, jpeg: false}]);
    e2e.el.connect();
  });
  await page.waitForFunction(() => (window as unknown as E2eWindow).e2e.el.state === 'connected');
  const ticket = await page.evaluate(() => (window as unknown as E2eWindow).e2e.tickets[0]!);
  // Wait for the first update (ServerCaps and the connect-time key-ups are in by then).
  await expect
    .poll(async () => (await inputOf(page, ticket)).some((r) => r.type === 'key'))
    .toBe(true);

  const box = (await page.locator('webmks-console').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  // A click gives the page the user activation requestPointerLock() needs.
  // Chromium may refuse a lock requested right after page load or an earlier
  // exit, so ask again (with a fresh click) until it holds.
  await expect
    .poll(
      async () => {
        await page.mouse.click(cx, cy);
        return page.evaluate(async () => {
          const el = (window as unknown as E2eWindow).e2e.el;
          try {
            await el.requestPointerLock();
          } catch {
            return false;
          }
          await new Promise((r) => setTimeout(r, 50));
          return document.pointerLockElement === el;
        });
      },
      {intervals: [100, 250, 500]},
    )
    .toBe(true);
  const before = (await inputOf(page, ticket)).length;
  await page.mouse.move(cx + 30, cy + 10, {steps: 3});
  await expect
    .poll(async () => {
      const relative = (await inputOf(page, ticket))
        .slice(before)
        .filter((r) => r.type === 'pointer2' && r.absolute === false);
      return {
        dx: relative.reduce((s, r) => s + r.x!, 0),
        dy: relative.reduce((s, r) => s + r.y!, 0),
      };
    })
    .toEqual({dx: 30, dy: 10});

  await page.evaluate(() => document.exitPointerLock());
  await page.waitForFunction(() => document.pointerLockElement === null);
  const afterUnlock = (await inputOf(page, ticket)).length;
  await page.mouse.move(cx - 20, cy);
  await expect
    .poll(async () =>
      (await inputOf(page, ticket)).slice(afterUnlock).some((r) => r.type === 'pointer'),
    )
    .toBe(true);
});
