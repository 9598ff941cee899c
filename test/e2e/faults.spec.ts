/**
 * The element against the mock's fault scenarios (issue 8, robustness.md
 * §2): every fault ends in exactly one `webmks-disconnect`, with no page
 * error, and the page stays responsive.
 */
import {expect, test, type Page} from '@playwright/test';

type E2eWindow = Window & {
  e2e: {
    el: HTMLElementTagNameMap['webmks-console'];
    tickets: string[];
    events: Array<{type: string; detail: unknown}>;
    useTickets(options: Array<Record<string, unknown>>): void;
    compareWithServer(ticket: string): Promise<{diff: number; width: number; height: number}>;
  };
};

interface Disconnect {
  clean: boolean;
  code: number;
  reason: string;
}

const SMALL = {width: 160, height: 120, animate: false, jpeg: false};

async function run(
  page: Page,
  scenario: Record<string, unknown>,
  timeouts: Record<string, number> = {},
): Promise<{errors: string[]}> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/test/e2e/pages/console.html');
  await page.waitForFunction(() => Boolean((window as unknown as E2eWindow).e2e));
  await page.evaluate(
    ({scenario, timeouts}) => {
      const {e2e} = window as unknown as E2eWindow;
      e2e.el.options = {...e2e.el.options, timeouts};
      e2e.useTickets([scenario]);
      e2e.el.connect();
    },
    {scenario: {...SMALL, ...scenario}, timeouts},
  );
  return {errors};
}

async function disconnects(page: Page): Promise<Disconnect[]> {
  return page.evaluate(() =>
    (window as unknown as E2eWindow).e2e.events
      .filter((e) => e.type === 'webmks-disconnect')
      .map((e) => e.detail as Disconnect),
  );
}

async function firstDisconnect(page: Page, timeout = 15000): Promise<Disconnect> {
  await expect.poll(() => disconnects(page), {timeout}).toHaveLength(1);
  return (await disconnects(page))[0]!;
}

async function responsive(page: Page): Promise<boolean> {
  return page.evaluate(() => new Promise<boolean>((r) => requestAnimationFrame(() => r(true))));
}

test.describe('fault scenarios', () => {
  test('a slow drip still renders the exact screen', async ({page}) => {
    const {errors} = await run(page, {
      scenario: 'drip',
      interval: 1,
      from: 0,
      width: 24,
      height: 16,
    });
    await page.waitForFunction(
      () => (window as unknown as E2eWindow).e2e.el.state === 'connected',
      null,
      {
        timeout: 30000,
      },
    );
    const ticket = await page.evaluate(() => (window as unknown as E2eWindow).e2e.tickets[0]!);
    await expect
      .poll(
        () =>
          page.evaluate((t) => (window as unknown as E2eWindow).e2e.compareWithServer(t), ticket),
        {timeout: 30000},
      )
      .toEqual({diff: 0, width: 160, height: 120});
    expect(await disconnects(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('a server silent after the upgrade times out at the handshake deadline', async ({page}) => {
    const {errors} = await run(page, {scenario: 'stall', at: 'open'}, {serverInitMs: 800});
    const d = await firstDisconnect(page);
    expect(d).toMatchObject({clean: false, code: 4002});
    expect(await page.evaluate(() => (window as unknown as E2eWindow).e2e.el.state)).toBe('failed');
    expect(errors).toEqual([]);
  });

  test('an update that stops half-way times out at the message deadline', async ({page}) => {
    const {errors} = await run(page, {scenario: 'stall', at: 'mid-update'}, {messageMs: 800});
    const d = await firstDisconnect(page);
    expect(d).toMatchObject({clean: false, code: 4003});
    expect(d.reason).toMatch(/did not complete in time/);
    expect(errors).toEqual([]);
  });

  test('a rectangle outside the framebuffer ends the session with clean: false', async ({page}) => {
    const {errors} = await run(page, {scenario: 'rect-outside', after: 1});
    const d = await firstDisconnect(page);
    expect(d.clean).toBe(false);
    expect(d.code).toBe(4000);
    expect(d.reason).toMatch(/rect-out-of-bounds/);
    expect(await responsive(page)).toBe(true);
    expect(errors).toEqual([]);
  });

  test('a huge cut-text length ends the session with clean: false', async ({page}) => {
    const {errors} = await run(page, {scenario: 'huge-cut-text', after: 1});
    const d = await firstDisconnect(page);
    expect(d.clean).toBe(false);
    expect(d.reason).toMatch(/cut-text-too-large/);
    expect(await responsive(page)).toBe(true);
    expect(errors).toEqual([]);
  });

  test('a connection cut at a byte offset mid-update is reported as truncated', async ({page}) => {
    const {errors} = await run(page, {scenario: 'close-at-byte', byte: 200, mode: 'abrupt'});
    const d = await firstDisconnect(page);
    expect(d.clean).toBe(false);
    expect(errors).toEqual([]);
  });
});
