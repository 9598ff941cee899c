/**
 * Issue 8 end to end: real Chromium, the real element, real WebSockets to the
 * mock ESXi server (except the leak cycles, which use an in-page transport so
 * only the component is measured).
 *
 * - Leaks: mount/unmount cycles grow the heap (JS, DOM and ArrayBuffer backing
 *   stores) by at most 5 MB after forced GC (DevTools protocol:
 *   HeapProfiler.collectGarbage, Runtime.getHeapUsage),
 *   and leave no DOM nodes or event listeners behind (Memory.getDOMCounters).
 * - 100 consoles dropped at once by the server reconnect with ≤ 25 attempts in
 *   any 100 ms, each with a fresh ticket.
 * - Stuck keys: random real key sequences with blur, visibility changes and
 *   removal; the mock's /input shows every key down matched by an up.
 * - Canary: at every log level, across connect, drop and reconnect, a used
 *   ticket and a protocol error, no ticket in console output, events,
 *   attributes, the DOM or page errors.
 * - An expired ticket ends with a clear reason and the retry asks for a new one.
 *
 * Counts: npm-test size by default; WEBMKS_LONG=1 (npm run test:long) runs the
 * full 1,000 leak cycles and more key sequences.
 */
import {expect, test, type Page} from '@playwright/test';
import {peakInWindow} from '../unit/helpers/peak-in-window.js';

const LONG = process.env.WEBMKS_LONG === '1';
const LEAK_CYCLES = LONG ? 1000 : 200;
const KEY_SEQUENCES = LONG ? 100 : 12;
const MB = 1024 * 1024;
const SMALL = {width: 160, height: 120, animate: false, jpeg: false};

type E2eWindow = Window & {
  e2e: {
    el: HTMLElementTagNameMap['webmks-console'];
    tickets: string[];
    urls: string[];
    events: Array<{type: string; detail: unknown}>;
    useTickets(options: Array<Record<string, unknown>>): void;
  };
};

async function open(page: Page): Promise<{errors: string[]; lines: string[]}> {
  const errors: string[] = [];
  const lines: string[] = [];
  page.on('pageerror', (e) => errors.push(`${e.message}\n${e.stack ?? ''}`));
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  await page.goto('/test/e2e/pages/console.html');
  await page.waitForFunction(() => Boolean((window as unknown as E2eWindow).e2e));
  return {errors, lines};
}

async function state(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as E2eWindow).e2e.el.state);
}

async function waitForState(page: Page, s: string, timeout = 15000): Promise<void> {
  await page.waitForFunction((x) => (window as unknown as E2eWindow).e2e.el.state === x, s, {
    timeout,
  });
}

test.describe('robustness (issue 8)', () => {
  test(`${LEAK_CYCLES} mount/unmount cycles grow the heap by at most 5 MB after GC`, async ({
    page,
  }) => {
    test.setTimeout(LONG ? 300000 : 60000);
    const {errors} = await open(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const measure = async () => {
      // Let pending tasks, frames and image decodes finish, then collect repeatedly.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
      for (let i = 0; i < 4; i++) await cdp.send('HeapProfiler.collectGarbage');
      // The JS heap, plus (where Chromium reports them) the DOM's own heap and
      // ArrayBuffer backing stores, where ImageData and pixel buffers live.
      const heap = (await cdp.send('Runtime.getHeapUsage')) as {
        usedSize: number;
        embedderHeapUsedSize?: number;
        backingStorageSize?: number;
      };
      const dom = await cdp.send('Memory.getDOMCounters');
      return {
        heap: heap.usedSize + (heap.embedderHeapUsedSize ?? 0) + (heap.backingStorageSize ?? 0),
        nodes: dom.nodes,
        listeners: dom.jsEventListeners,
      };
    };
    // Each cycle: create, connect through an in-page transport (handshake and
    // a full-screen update), press a key, then remove.
    const cycles = (n: number) =>
      page.evaluate(async (count) => {
        const enc = new TextEncoder();
        const u16 = (v: number) => [v >> 8, v & 0xff];
        const u32 = (v: number) => [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
        const w = 64;
        const h = 48;
        const name = enc.encode('leak vm');
        const server = [
          enc.encode('RFB 003.008\n'),
          Uint8Array.of(1, 1),
          Uint8Array.of(0, 0, 0, 0),
          Uint8Array.from([
            ...u16(w),
            ...u16(h),
            32,
            24,
            0,
            1,
            ...u16(255),
            ...u16(255),
            ...u16(255),
            16,
            8,
            0,
            0,
            0,
            0,
            ...u32(name.length),
            ...name,
          ]),
          Uint8Array.from([0, 1, ...u16(1), ...u16(0), ...u16(0), ...u16(w), ...u16(h), ...u32(0)]),
          new Uint8Array(w * h * 4).fill(0x7f),
        ];
        const transportFactory = () => {
          const l = {
            open: [] as Array<() => void>,
            data: [] as Array<(b: Uint8Array) => void>,
            close: [] as Array<(i: unknown) => void>,
          };
          let ended = false;
          const sub = <T>(list: T[], f: T) => {
            list.push(f);
            return () => {
              const i = list.indexOf(f);
              if (i >= 0) list.splice(i, 1);
            };
          };
          setTimeout(() => {
            if (ended) return;
            for (const f of l.open) f();
            for (const chunk of server) for (const f of [...l.data]) f(chunk);
          }, 0);
          return {
            bufferedAmount: 0,
            send() {},
            close(code?: number, reason?: string) {
              if (ended) return;
              ended = true;
              setTimeout(() => {
                for (const f of l.close)
                  f({code: code ?? 1000, reason: reason ?? '', wasClean: true, opened: true});
              }, 0);
            },
            dispose() {
              ended = true;
              l.open.length = l.data.length = l.close.length = 0;
            },
            onOpen: (f: () => void) => sub(l.open, f),
            onData: (f: (b: Uint8Array) => void) => sub(l.data, f),
            onClose: (f: (i: unknown) => void) => sub(l.close, f),
          };
        };
        for (let i = 0; i < count; i++) {
          const el = document.createElement('webmks-console');
          el.style.setProperty('width', '128px');
          el.style.setProperty('height', '96px');
          el.setAttribute('reconnect', '');
          el.options = {transportFactory: transportFactory as never};
          el.ticketProvider = () => `wss://leak.test/ticket/cycle-${i}`;
          let timer = 0;
          const connected = new Promise<void>((resolve, reject) => {
            el.addEventListener('webmks-connect', () => resolve(), {once: true});
            timer = window.setTimeout(() => reject(new Error(`cycle ${i} did not connect`)), 5000);
          });
          document.body.append(el);
          await connected;
          // (A pending timer would keep this iteration's scope, and so the element, alive.)
          clearTimeout(timer);
          el.focus();
          el.dispatchEvent(
            new KeyboardEvent('keydown', {
              code: 'ShiftLeft',
              key: 'Shift',
              bubbles: true,
              composed: true,
            }),
          );
          await new Promise((r) => requestAnimationFrame(r));
          el.remove();
        }
      }, n);
    await cycles(20); // warm-up: JIT, Lit's template cache, lazily created singletons
    const before = await measure();
    await cycles(LEAK_CYCLES);
    const after = await measure();
    const growth = after.heap - before.heap;
    test.info().annotations.push({
      type: 'heap',
      description: `${LEAK_CYCLES} cycles: ${(growth / MB).toFixed(2)} MB of the 5 MB budget (before ${(before.heap / MB).toFixed(1)} MB, after ${(after.heap / MB).toFixed(1)} MB); DOM nodes ${before.nodes} -> ${after.nodes}, listeners ${before.listeners} -> ${after.listeners}`,
    });
    console.log(`[leak] ${test.info().annotations.at(-1)!.description}`);
    expect(growth).toBeLessThanOrEqual(5 * MB);
    expect(after.nodes - before.nodes).toBeLessThanOrEqual(50);
    expect(after.listeners - before.listeners).toBeLessThanOrEqual(20);
    expect(errors).toEqual([]);
  });

  test('100 consoles dropped at once reconnect with at most 25 attempts in any 100 ms', async ({
    page,
  }) => {
    test.setTimeout(120000);
    const {errors} = await open(page);
    await page.evaluate(async (small) => {
      const w = window as unknown as {
        crowd: {
          els: HTMLElement[];
          tickets: string[][];
          attempts: number[];
          since: number[];
          dropSeen: number[];
          startAt: number;
        };
      };
      const crowd = {
        els: [] as HTMLElement[],
        tickets: [] as string[][],
        attempts: [] as number[],
        since: [] as number[],
        dropSeen: [] as number[],
        startAt: 0,
      };
      w.crowd = crowd;
      // mulberry32: a seeded random source per console, so the run is reproducible.
      const seeded = (seed: number) => {
        let a = seed >>> 0;
        return () => {
          a = (a + 0x6d2b79f5) >>> 0;
          let t = a;
          t = Math.imul(t ^ (t >>> 15), t | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
      };
      for (let i = 0; i < 100; i++) {
        const el = document.createElement('webmks-console');
        el.style.setProperty('width', '32px');
        el.style.setProperty('height', '24px');
        el.setAttribute('reconnect', '');
        el.options = {random: seeded(7000 + i)};
        crowd.tickets.push([]);
        el.addEventListener('webmks-disconnect', () => {
          if (crowd.startAt > 0) crowd.dropSeen[i] ??= performance.now();
        });
        el.ticketProvider = async () => {
          if (crowd.startAt > 0) {
            const now = performance.now();
            crowd.attempts.push(now - crowd.startAt);
            crowd.since.push(now - (crowd.dropSeen[i] ?? now));
          }
          const res = await fetch('/api/tickets', {
            method: 'POST',
            headers: {'content-type': 'application/json'},
            body: JSON.stringify(small),
          });
          const t = (await res.json()) as {ticket: string; url: string};
          crowd.tickets[i]!.push(t.ticket);
          return t.url;
        };
        crowd.els.push(el);
        document.body.append(el);
      }
    }, SMALL);
    const allConnected = () =>
      page.waitForFunction(
        () =>
          (window as unknown as {crowd: {els: Array<{state: string}>}}).crowd.els.every(
            (e) => e.state === 'connected',
          ),
        null,
        {timeout: 60000},
      );
    await allConnected();
    const first = await page.evaluate(() =>
      (window as unknown as {crowd: {tickets: string[][]}}).crowd.tickets.map((t) => t[0]!),
    );
    // The server drops all 100 sessions at once (TCP destroyed: the browser sees 1006).
    await page.evaluate(() => {
      (window as unknown as {crowd: {startAt: number}}).crowd.startAt = performance.now();
    });
    await Promise.all(
      first.map((t) => page.request.post(`/api/tickets/${t}/disconnect`, {data: {mode: 'abrupt'}})),
    );
    await page.waitForFunction(
      () => (window as unknown as {crowd: {attempts: number[]}}).crowd.attempts.length >= 100,
      null,
      {timeout: 30000},
    );
    await allConnected();
    const {attempts, since, tickets} = await page.evaluate(() => {
      const c = (
        window as unknown as {crowd: {attempts: number[]; since: number[]; tickets: string[][]}}
      ).crowd;
      return {attempts: c.attempts, since: c.since, tickets: c.tickets};
    });
    // The policy's spread: each attempt measured from the moment its own console
    // saw the drop, i.e. as if all 100 had seen it in the same instant. (On the
    // wall clock the page's own stalls bunch timers together and the 100 HTTP
    // drops arrive over some ms; that figure is reported, not asserted. The
    // exact, clock-independent check is test/browser/robustness/crowd.test.ts.)
    const peak = peakInWindow(since, 100);
    const wallPeak = peakInWindow(attempts, 100);
    const note = `peak ${peak} of 25 attempts per 100 ms from each drop (wall clock: ${wallPeak}), spread over ${Math.round(Math.max(...since))} ms`;
    test.info().annotations.push({type: 'crowd', description: note});
    console.log(`[crowd] ${note}`);
    expect(attempts).toHaveLength(100);
    expect(since).toHaveLength(100);
    expect(peak).toBeLessThanOrEqual(25);
    expect(tickets.every((t) => t.length === 2 && t[0] !== t[1])).toBe(true);
    expect(errors).toEqual([]);
  });

  test(`stuck keys: ${KEY_SEQUENCES} random real key sequences leave no key down on the mock`, async ({
    page,
  }) => {
    test.setTimeout(LONG ? 600000 : 90000);
    const {errors} = await open(page);
    const keys = [
      'Shift',
      'Control',
      'Alt',
      'KeyA',
      'KeyZ',
      'Digit1',
      'Space',
      'ArrowLeft',
      'Enter',
    ];
    // A seeded generator (the property's seed is printed on failure).
    let s = 0x5eed;
    const rnd = (n: number) => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return (s >>> 8) % n;
    };
    await page.evaluate((small) => {
      const {e2e} = window as unknown as E2eWindow;
      e2e.useTickets([small]);
    }, SMALL);
    const consoleEl = page.locator('#console');
    for (let seq = 0; seq < KEY_SEQUENCES; seq++) {
      await page.evaluate(() => {
        const {e2e} = window as unknown as E2eWindow;
        if (!e2e.el.isConnected)
          document.body.insertBefore(e2e.el, document.getElementById('after'));
        e2e.el.connect();
      });
      await waitForState(page, 'connected');
      const ticket = await page.evaluate(() =>
        (window as unknown as E2eWindow).e2e.tickets.at(-1)!,
      );
      await consoleEl.focus();
      const log: string[] = [];
      const length = 4 + rnd(16);
      for (let i = 0; i < length; i++) {
        const r = rnd(20);
        const key = keys[rnd(keys.length)]!;
        if (r < 8) {
          await page.keyboard.down(key);
          log.push(`down ${key}`);
        } else if (r < 14) {
          await page.keyboard.up(key);
          log.push(`up ${key}`);
        } else if (r < 16) {
          await page.locator('#after').focus(); // focus leaves the console
          await consoleEl.focus();
          log.push('focus-out');
        } else if (r < 18) {
          await page.evaluate(() => window.dispatchEvent(new Event('blur')));
          log.push('window-blur');
        } else {
          await page.evaluate(() => {
            Object.defineProperty(document, 'visibilityState', {
              value: 'hidden',
              configurable: true,
            });
            document.dispatchEvent(new Event('visibilitychange'));
            delete (document as unknown as {visibilityState?: string}).visibilityState;
          });
          log.push('hidden');
        }
      }
      // The sequence ends with the element removed (keys still physically held).
      await page.evaluate(() => (window as unknown as E2eWindow).e2e.el.remove());
      log.push('remove');
      for (const k of keys) await page.keyboard.up(k); // let go, for the next sequence
      await expect
        .poll(
          async () => {
            const input = (await (
              await page.request.get(`/api/tickets/${ticket}/input`)
            ).json()) as Array<{type: string; scancode?: number; down?: boolean}>;
            const held = new Map<number, boolean>();
            for (const r of input) if (r.type === 'key') held.set(r.scancode!, r.down!);
            return [...held].filter(([, down]) => down).map(([code]) => code.toString(16));
          },
          {message: `sequence ${seq}: ${log.join(', ')}`, timeout: 5000},
        )
        .toEqual([]);
    }
    expect(errors).toEqual([]);
  });

  test('the canary ticket appears 0 times at every log level, across connect, drop, reconnect, a used ticket and a protocol error', async ({
    page,
  }) => {
    test.setTimeout(120000);
    const {errors, lines} = await open(page);
    const seen: string[] = [];
    const browserLines: string[] = [];
    for (const level of ['silent', 'error', 'warn', 'info', 'debug']) {
      const before = lines.length;
      // A ticket spent elsewhere (a socket of its own): the server refuses it.
      const spent = await page.evaluate(async (small) => {
        const res = await fetch('/api/tickets', {
          method: 'POST',
          headers: {'content-type': 'application/json'},
          body: JSON.stringify(small),
        });
        const t = (await res.json()) as {ticket: string; url: string};
        await new Promise<void>((resolve) => {
          const ws = new WebSocket(t.url, ['binary']);
          ws.onopen = () => ws.close();
          ws.onclose = () => resolve();
        });
        return t;
      }, SMALL);
      await page.evaluate(
        ({level, small, spentUrl}) => {
          const {e2e} = window as unknown as E2eWindow;
          if (!e2e.el.isConnected)
            document.body.insertBefore(e2e.el, document.getElementById('after'));
          e2e.el.disconnect();
          e2e.el.logLevel = level as never;
          e2e.el.reconnect = true;
          e2e.el.options = {...e2e.el.options, reconnectPolicy: {baseMs: 200}};
          e2e.useTickets([
            {...small, scenario: 'drop', after: 300, mode: 'close', code: 4321},
            {...small, scenario: 'rect-outside', after: 1},
            small,
          ]);
          const provide = e2e.el.ticketProvider!;
          let n = 0;
          // The third attempt is handed the spent ticket: refused, then a fresh one.
          e2e.el.ticketProvider = async () => (++n === 3 ? spentUrl : provide());
          e2e.events.length = 0;
        },
        {level, small: SMALL, spentUrl: spent.url},
      );
      // The level applies with the element's next update.
      await page.evaluate(async () => {
        const {e2e} = window as unknown as E2eWindow;
        await e2e.el.updateComplete;
        e2e.el.connect();
      });
      await expect
        .poll(
          () =>
            page.evaluate(
              () =>
                (window as unknown as E2eWindow).e2e.events.filter(
                  (e) => e.type === 'webmks-disconnect',
                ).length,
            ),
          {timeout: 30000},
        )
        .toBeGreaterThanOrEqual(3);
      await waitForState(page, 'connected', 30000);
      const snap = await page.evaluate(() => {
        const {e2e} = window as unknown as E2eWindow;
        const xml = new XMLSerializer();
        const dom = [document, ...e2e.el.shadowRoot!.childNodes]
          .map((n) => xml.serializeToString(n))
          .join('');
        const attrs = [...e2e.el.attributes].map((a) => `${a.name}=${a.value}`).join(' ');
        return {tickets: [...e2e.tickets], events: JSON.stringify(e2e.events), dom, attrs};
      });
      const reasons = JSON.parse(snap.events) as Array<{type: string; detail: {reason?: string}}>;
      const why = reasons.filter((e) => e.type === 'webmks-disconnect').map((e) => e.detail.reason);
      expect(why.some((r) => /rect-out-of-bounds/.test(r ?? ''))).toBe(true);
      expect(why.some((r) => /ticket may be invalid, used or expired/.test(r ?? ''))).toBe(true);
      // Chromium itself reports a refused handshake with its URL ("WebSocket
      // connection to '…/ticket/…' failed"): a browser message that page
      // scripts cannot see or suppress (SECURITY.md). Everything else counts.
      const browserNet = /^error: WebSocket connection to '[^']*' failed/;
      const levelAll = lines.slice(before);
      browserLines.push(...levelAll.filter((l) => browserNet.test(l)));
      const levelLines = levelAll.filter((l) => !browserNet.test(l)).join('\n');
      if (level === 'silent') expect(levelLines).not.toContain('[webmks-console]');
      if (level === 'debug') expect(levelLines).toContain('[webmks-console]');
      for (const ticket of [...snap.tickets, spent.ticket]) {
        for (const [where, hay] of Object.entries({
          console: levelLines,
          events: snap.events,
          dom: snap.dom,
          attributes: snap.attrs,
          errors: errors.join('\n'),
        })) {
          if (hay.includes(ticket)) seen.push(`${level} ${where}: ${ticket}`);
        }
      }
    }
    expect(seen).toEqual([]);
    // The browser's own line appears once per refused handshake (one per level here), and only then.
    expect(browserLines).toHaveLength(5);
    expect(errors).toEqual([]);
  });

  test('an expired ticket ends with a clear reason, and the retry asks for a new one', async ({
    page,
  }) => {
    const {errors} = await open(page);
    await page.evaluate((small) => {
      const {e2e} = window as unknown as E2eWindow;
      e2e.el.reconnect = true;
      e2e.el.options = {...e2e.el.options, reconnectPolicy: {baseMs: 200}};
      e2e.useTickets([{...small, lifetimeSeconds: 1}, small]);
      const provide = e2e.el.ticketProvider!;
      let n = 0;
      // Hold the first ticket past its lifetime before handing it over.
      e2e.el.ticketProvider = async () => {
        const t = await provide();
        if (++n === 1) await new Promise((r) => setTimeout(r, 1600));
        return t;
      };
      e2e.el.connect();
    }, SMALL);
    await waitForState(page, 'connected', 20000);
    const s = await page.evaluate(() => {
      const {e2e} = window as unknown as E2eWindow;
      return {tickets: [...e2e.tickets], events: e2e.events};
    });
    const d = s.events.filter((e) => e.type === 'webmks-disconnect').map((e) => e.detail) as Array<{
      clean: boolean;
      reason: string;
    }>;
    expect(d).toHaveLength(1);
    expect(d[0]!.clean).toBe(false);
    expect(d[0]!.reason).toMatch(/ticket may be invalid, used or expired/);
    expect(s.tickets).toHaveLength(2);
    expect(s.tickets[0]).not.toBe(s.tickets[1]);
    expect(await state(page)).toBe('connected');
    expect(errors).toEqual([]);
  });
});
