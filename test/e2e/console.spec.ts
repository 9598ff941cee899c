/**
 * `<webmks-console>` end to end: real Chromium, real WebSockets, the mock
 * ESXi server (issue 5 "End to end").
 */
import {expect, test, type Page} from '@playwright/test';

interface PageState {
  state: string;
  tickets: string[];
  events: Array<{type: string; detail: unknown}>;
}

type E2eWindow = Window & {
  e2e: {
    el: HTMLElementTagNameMap['webmks-console'];
    tickets: string[];
    urls: string[];
    events: Array<{type: string; detail: unknown}>;
    useTickets(options: Array<Record<string, unknown>>): void;
    useNova(options: Record<string, unknown>): void;
    compareWithServer(ticket: string): Promise<{diff: number; width: number; height: number}>;
  };
};

const STILL = {width: 400, height: 300, animate: false, jpeg: false};

async function open(page: Page, consoleLines: string[] = [], errors: string[] = []) {
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/test/e2e/pages/console.html');
  await page.waitForFunction(() => Boolean((window as unknown as E2eWindow).e2e));
}

async function connect(
  page: Page,
  options: Array<Record<string, unknown>>,
  attrs: Record<string, string> = {},
) {
  await page.evaluate(
    ({options, attrs}) => {
      const {e2e} = window as unknown as E2eWindow;
      for (const [k, v] of Object.entries(attrs)) e2e.el.setAttribute(k, v);
      e2e.useTickets(options);
      e2e.el.connect();
    },
    {options, attrs},
  );
  await waitForState(page, 'connected');
}

function snapshot(page: Page): Promise<PageState> {
  return page.evaluate(() => {
    const {e2e} = window as unknown as E2eWindow;
    return {state: e2e.el.state, tickets: [...e2e.tickets], events: [...e2e.events]};
  });
}

async function waitForState(page: Page, state: string, timeout = 15000) {
  await page.waitForFunction((s) => (window as unknown as E2eWindow).e2e.el.state === s, state, {
    timeout,
  });
}

async function ticketOf(page: Page, index = 0): Promise<string> {
  return (await snapshot(page)).tickets[index]!;
}

async function api<T>(page: Page, ticket: string, what: string): Promise<T> {
  const res = await page.request.get(`/api/tickets/${encodeURIComponent(ticket)}/${what}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

type KeyRecord = {type: 'key'; source: string; scancode?: number; down: boolean};

test.describe('<webmks-console> against the mock ESXi server', () => {
  test('getImageData() equals the server screen.png exactly', async ({page}) => {
    await open(page);
    await connect(page, [STILL]);
    const ticket = await ticketOf(page);
    await expect
      .poll(
        () =>
          page.evaluate((t) => (window as unknown as E2eWindow).e2e.compareWithServer(t), ticket),
        {
          timeout: 10000,
        },
      )
      .toEqual({diff: 0, width: 400, height: 300});
  });

  test('typing "Hello, World!" on the real keyboard reaches the guest', async ({page}) => {
    await open(page);
    await connect(page, [STILL]);
    const ticket = await ticketOf(page);
    await page.locator('webmks-console').click();
    // Physical keys, as a person types them on a US keyboard: Shift held for
    // capitals and "!" (keyboard.type() would send "H" without any Shift).
    for (const chord of [
      'Shift+KeyH',
      'KeyE',
      'KeyL',
      'KeyL',
      'KeyO',
      'Comma',
      'Space',
      'Shift+KeyW',
      'KeyO',
      'KeyR',
      'KeyL',
      'KeyD',
      'Shift+Digit1',
    ]) {
      await page.keyboard.press(chord);
    }
    await expect
      .poll(async () => (await api<{text: string}>(page, ticket, 'typed')).text)
      .toBe('Hello, World!');
  });

  test('typeText("Hello, World!") reaches the guest and reports progress', async ({page}) => {
    await open(page);
    await connect(page, [STILL]);
    const ticket = await ticketOf(page);
    await page.evaluate(() => (window as unknown as E2eWindow).e2e.el.typeText('Hello, World!'));
    await expect
      .poll(async () => (await api<{text: string}>(page, ticket, 'typed')).text)
      .toBe('Hello, World!');
    const progress = (await snapshot(page)).events.filter((e) => e.type === 'webmks-type-progress');
    expect(progress.at(-1)?.detail).toEqual({sent: 13, total: 13});
  });

  test('Tab stays in the console, and Ctrl+Alt+Shift+F12 lets focus move on', async ({page}) => {
    await open(page);
    await connect(page, [STILL]);
    const ticket = await ticketOf(page);
    await page.locator('webmks-console').click();
    await page.keyboard.press('Tab');
    await expect
      .poll(async () => (await api<{text: string}>(page, ticket, 'typed')).text)
      .toBe('\t');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('console');
    await page.keyboard.press('Control+Alt+Shift+F12');
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('console');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('after');
    const keys = (await api<KeyRecord[]>(page, ticket, 'input')).filter((r) => r.type === 'key');
    const down = new Map<number, boolean>();
    for (const k of keys) down.set(k.scancode!, k.down);
    expect([...down.values()].filter(Boolean)).toEqual([]);
    expect(keys.some((k) => k.scancode === 0x58)).toBe(false); // F12 never reached the guest
  });

  test('sendCtrlAltDel() sends the Ctrl, Alt, Delete scancodes', async ({page}) => {
    await open(page);
    await connect(page, [STILL]);
    const ticket = await ticketOf(page);
    // 'connected' comes with ServerInit; the modifier key-ups follow the first
    // update, which a loaded machine may deliver later. Wait for them so the
    // order below is the protocol's, not the scheduler's.
    await expect
      .poll(
        async () =>
          (await api<KeyRecord[]>(page, ticket, 'input')).filter((r) => r.type === 'key').length,
      )
      .toBe(8);
    await page.evaluate(() => (window as unknown as E2eWindow).e2e.el.sendCtrlAltDel());
    await expect
      .poll(async () =>
        (await api<KeyRecord[]>(page, ticket, 'input'))
          .filter((r) => r.type === 'key')
          .map((r) => `${r.source}:${r.scancode!.toString(16)}${r.down ? '↓' : '↑'}`),
      )
      .toEqual([
        // The modifier key-ups sent once after the first update, as wmks does (§12.8).
        ...['15b', '15c', '1d', '11d', '2a', '36', '38', '138'].map((c) => `vscan:${c}↑`),
        'vscan:1d↓',
        'vscan:38↓',
        'vscan:153↓',
        'vscan:153↑',
        'vscan:38↑',
        'vscan:1d↑',
      ]);
  });

  test('resize="remote" makes the guest take the element size', async ({page}) => {
    await open(page);
    await connect(page, [STILL], {resize: 'remote'});
    const ticket = await ticketOf(page);
    await expect
      .poll(async () => {
        const info = await api<{width: number; height: number}>(page, ticket, 'info');
        return [info.width, info.height];
      })
      .toEqual([480, 360]);
    await page.evaluate(() => {
      const el = (window as unknown as E2eWindow).e2e.el;
      el.style.setProperty('width', '520px');
      el.style.setProperty('height', '301px');
    });
    await expect
      .poll(async () => {
        const info = await api<{width: number; height: number}>(page, ticket, 'info');
        return [info.width, info.height];
      })
      .toEqual([520, 300]);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as E2eWindow).e2e.el.getImageData().width))
      .toBe(520);
    const resizes = (await snapshot(page)).events.filter((e) => e.type === 'webmks-resize');
    expect(resizes.at(-1)?.detail).toEqual({width: 520, height: 300});
  });

  test('reconnects with a new ticket after the server drops the session', async ({page}) => {
    await open(page);
    await connect(page, [{...STILL, scenario: 'drop', after: 300, mode: 'abrupt'}, STILL], {
      reconnect: '',
    });
    await waitForState(page, 'reconnecting');
    await waitForState(page, 'connected');
    const s = await snapshot(page);
    expect(s.tickets).toHaveLength(2);
    expect(s.tickets[0]).not.toBe(s.tickets[1]);
    const types = s.events
      .filter((e) => e.type !== 'webmks-state' && e.type !== 'webmks-leds')
      .map((e) => e.type);
    expect(types).toEqual(['webmks-connect', 'webmks-disconnect', 'webmks-connect']);
    const disconnect = s.events.find((e) => e.type === 'webmks-disconnect')!.detail as {
      clean: boolean;
    };
    expect(disconnect.clean).toBe(false);
    const info = await api<{state: string}>(page, s.tickets[1]!, 'info');
    expect(info.state).toBe('connected');
  });

  test('a used ticket ends with a clear reason and the retry asks for a new one', async ({
    page,
  }) => {
    await open(page);
    await connect(page, [STILL]);
    const used = await ticketOf(page);
    await page.evaluate(() => {
      const {e2e} = window as unknown as E2eWindow;
      e2e.el.disconnect();
      const issueFresh = e2e.el.ticketProvider!;
      const spent = e2e.urls[0]!; // tickets are single-use: this one is burned
      let calls = 0;
      e2e.el.ticketProvider = () => (calls++ === 0 ? spent : issueFresh());
      e2e.el.reconnect = true;
      e2e.events.length = 0;
      e2e.el.connect();
    });
    await waitForState(page, 'connected');
    const s = await snapshot(page);
    expect(s.tickets).toHaveLength(2);
    expect(s.tickets[1]).not.toBe(used);
    const important = s.events.filter(
      (e) => e.type === 'webmks-disconnect' || e.type === 'webmks-connect',
    );
    expect(important.map((e) => e.type)).toEqual(['webmks-disconnect', 'webmks-connect']);
    const detail = important[0]!.detail as {clean: boolean; code: number; reason: string};
    expect(detail.clean).toBe(false);
    expect(detail.reason).toMatch(/ticket may be invalid, used or expired/);
    expect(detail.reason).not.toContain(used);
  });

  test('a Nova remote console (no RFB handshake) connects and draws', async ({page}) => {
    await open(page);
    await page.evaluate((o) => {
      const {e2e} = window as unknown as E2eWindow;
      e2e.useNova(o);
      e2e.el.connect();
    }, STILL);
    await waitForState(page, 'connected');
    const token = await ticketOf(page);
    const input = await api<Array<{type: string}>>(page, token, 'input');
    expect(input.some((r) => r.type === 'version')).toBe(false);
    expect(input[0]?.type).toBe('encodings');
    await expect
      .poll(
        () =>
          page.evaluate((t) => (window as unknown as E2eWindow).e2e.compareWithServer(t), token),
        {
          timeout: 10000,
        },
      )
      .toEqual({diff: 0, width: 400, height: 300});
  });

  test('the ticket never shows up in console output, events, attributes or the DOM', async ({
    page,
  }) => {
    const lines: string[] = [];
    const errors: string[] = [];
    await open(page, lines, errors);
    await connect(page, [{...STILL, scenario: 'drop', after: 200, mode: 'close', code: 4321}]);
    await waitForState(page, 'failed');
    const s = await snapshot(page);
    const ticket = s.tickets[0]!;
    const dom = await page.evaluate(() => {
      const el = (window as unknown as E2eWindow).e2e.el;
      const xml = new XMLSerializer();
      return [document, ...el.shadowRoot!.childNodes].map((n) => xml.serializeToString(n)).join('');
    });
    expect(lines.length).toBeGreaterThan(0); // log-level="debug" printed something
    for (const haystack of [lines.join('\n'), JSON.stringify(s.events), dom, errors.join('\n')]) {
      expect(haystack).not.toContain(ticket);
    }
    expect(errors).toEqual([]);
  });

  test('loads zlib only for plain-VNC URLs, never for a WebMKS ticket', async ({page}) => {
    await open(page);
    const loaded = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .some((e) => e.name.includes('/src/decoders/inflate.ts')),
      );
    await connect(page, [STILL]);
    expect(await loaded()).toBe(false);
    // A ws:// URL without /ticket/ is plain RFB until the stream says otherwise
    // (the mock's token endpoint starts at ServerInit, which switches to VMware).
    const res = await page.request.post('/api/nova/remote-consoles', {data: STILL});
    const {remote_console: rc} = (await res.json()) as {remote_console: {url: string}};
    const token = new URL(rc.url).searchParams.get('token')!;
    await page.evaluate(
      (url) => {
        const el = (window as unknown as E2eWindow).e2e.el;
        el.disconnect();
        el.ticketProvider = () => url;
        el.connect();
      },
      `ws://${new URL(rc.url).host}/?token=${token}`,
    );
    await waitForState(page, 'connected');
    expect(await loaded()).toBe(true);
  });

  test('requestFullscreen() shows the console fullscreen and takes the Keyboard Lock', async ({
    page,
  }) => {
    await open(page);
    await connect(page, [STILL]);
    const locked = await page.evaluate(async () => {
      const calls: unknown[] = [];
      const kb = (navigator as Navigator & {keyboard?: {lock?: (c?: string[]) => Promise<void>}})
        .keyboard;
      const original = kb?.lock?.bind(kb);
      if (kb && original) {
        kb.lock = (codes?: string[]) => {
          calls.push(codes);
          return original(codes);
        };
      }
      await (window as unknown as E2eWindow).e2e.el.requestFullscreen();
      return {fullscreen: document.fullscreenElement?.id, calls, hasLock: Boolean(original)};
    });
    expect(locked.fullscreen).toBe('console');
    expect(locked.hasLock).toBe(true); // Chromium offers the Keyboard Lock API
    expect(locked.calls).toHaveLength(1);
    expect(locked.calls[0]).toEqual(expect.arrayContaining(['KeyW', 'Tab', 'Escape']));
    await page.evaluate(() => document.exitFullscreen());
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
  });

  test('removing the element closes its socket at once', async ({page}) => {
    await open(page);
    await connect(page, [STILL]);
    const ticket = await ticketOf(page);
    await page.evaluate(() => (window as unknown as E2eWindow).e2e.el.remove());
    await expect
      .poll(async () => (await api<{state: string}>(page, ticket, 'info')).state)
      .not.toBe('connected');
  });
});
