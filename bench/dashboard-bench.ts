/**
 * The dashboard benchmark: N <webmks-console> elements on one page, each
 * connected over a real WebSocket to its own live mock session (the mock
 * runs in this process, so its ground truth is read directly: the same
 * records its HTTP /input endpoint serves).
 *
 *  - updates drawn per console per second: the 127/4 UpdateAcks the mock
 *    received in the window (the element acknowledges an update only once it
 *    is on its back buffer);
 *  - rendering: every console connected, drew updates, and shows the mock's
 *    static title-bar pixels exactly;
 *  - input round trip: Playwright presses a key on a focused console; time
 *    until the mock has logged the key-down (p50/p95 over many presses,
 *    spread over the consoles);
 *  - main-thread busy %: union of the renderer main thread's top-level task
 *    slices in a trace of the window;
 *  - memory per console: (with N consoles − without) / N, for the JS heap
 *    after a GC and for the proportional set size (PSS) of every Chromium
 *    process (canvas backing stores and image buffers live outside the JS heap).
 */
import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import type {Browser, Page} from 'playwright';
import {startMockServer, type MockServer} from '../mock-server/server.js';
import {MiB} from './lib/stats.js';
import {busyBetween, mainThreadBusy, type TraceEvent} from './lib/trace.js';

export interface DashboardOptions {
  origin: string;
  consoles: number;
  seconds: number;
  /** Guest animation rate of each mock console (default 15). */
  guestFps?: number;
  /** Key presses for the round-trip measurement (default 60). */
  keyPresses?: number;
  log: (line: string) => void;
}

export interface DashboardResult {
  consoles: number;
  width: number;
  height: number;
  guestFps: number;
  seconds: number;
  connectMs: number;
  rendering: number;
  fpsPerConsole: number[];
  inputRttMs: number[];
  mainThreadBusyPct: number;
  /** Event-loop utilisation of this Node process (the mock server) in the window. */
  mockEluPct: number;
  longTasks: number;
  heapPerConsole: number;
  pssPerConsole: number;
  notes: string[];
}

const WIDTH = 1024;
const HEIGHT = 768;
/** A static part of the mock's title bar (title text on the bar colour; the clock is further right). */
const PROBE = {x: 0, y: 0, w: 320, h: 24};

/** PSS of every process of the browser, from CDP's process list and /proc. */
async function chromiumPss(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: Array<{id: number}>;
    };
    let total = 0;
    for (const p of info.processInfo) {
      try {
        const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p.id}/smaps_rollup`, 'utf8'));
        if (m) total += Number(m[1]) * 1024;
      } catch {
        // The process ended in between.
      }
    }
    return total;
  } finally {
    await cdp.detach();
  }
}

function keyDowns(mock: MockServer, ticket: string): number {
  const view = mock.inspect(ticket);
  if (!view) return 0;
  let n = 0;
  for (const r of view.input()) if ((r.type === 'key' || r.type === 'key2') && r.down) n++;
  return n;
}

function acks(mock: MockServer, ticket: string): number {
  const view = mock.inspect(ticket);
  if (!view) return 0;
  let n = 0;
  for (const r of view.input()) if (r.type === 'ack' || r.type === 'update-request') n++;
  return n;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((r) => setImmediate(r));
  }
}

async function measureInput(
  page: Page,
  mock: MockServer,
  tickets: string[],
  presses: number,
): Promise<number[]> {
  const rtt: number[] = [];
  const keys = ['KeyA', 'KeyS', 'KeyD', 'KeyF'];
  for (let k = 0; k < presses; k++) {
    const i = Math.floor((k * tickets.length) / presses) % tickets.length;
    const t = tickets[i]!;
    await page.evaluate((n) => window.dash.focus(n), i);
    const before = keyDowns(mock, t);
    const key = keys[k % keys.length]!;
    const t0 = performance.now();
    await page.keyboard.down(key);
    await waitFor('the key at the mock', 5000, () =>
      keyDowns(mock, t) > before ? true : undefined,
    );
    rtt.push(performance.now() - t0);
    await page.keyboard.up(key);
    await sleep(20);
  }
  return rtt;
}

export async function runDashboardBench(
  browser: Browser,
  o: DashboardOptions,
): Promise<DashboardResult> {
  const guestFps = o.guestFps ?? 15;
  const notes: string[] = [];
  const mock = await startMockServer({port: 0});
  const context = await browser.newContext({viewport: {width: 1920, height: 1080}});
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    o.log(`dashboard: ${o.consoles} consoles at ${WIDTH}x${HEIGHT}, guest ${guestFps} fps`);
    await page.goto(`${o.origin}/dashboard.html`);
    await page.waitForFunction(() => window.dash?.ready && customElements.get('webmks-console'));
    await sleep(500);
    const heap0 = await page.evaluate(() => window.dash.heap());
    const pss0 = await chromiumPss(browser);

    const tickets = Array.from({length: o.consoles}, () =>
      mock.issueTicket({width: WIDTH, height: HEIGHT, fps: guestFps, lifetimeSeconds: 600}),
    );
    const columns = Math.ceil(Math.sqrt(o.consoles * 1.5));
    const connectMs = await page.evaluate(([urls, cols]) => window.dash.start(urls, cols, 60_000), [
      tickets.map((t) => t.url),
      columns,
    ] as [string[], number]);
    o.log(`  all ${o.consoles} connected in ${connectMs.toFixed(0)} ms`);
    await sleep(2000);

    // Window: acks per console, long tasks, and a trace for main-thread busy time.
    const ids = tickets.map((t) => t.ticket);
    const acks0 = ids.map((id) => acks(mock, id));
    await browser.startTracing(page, {categories: ['toplevel', 'blink.user_timing']});
    const t0Page = await page.evaluate(() => window.dash.mark('dash-t0'));
    const t0 = performance.now();
    const elu0 = performance.eventLoopUtilization();
    await sleep(o.seconds * 1000);
    const mockEluPct = 100 * performance.eventLoopUtilization(elu0).utilization;
    const t1Page = await page.evaluate(() => window.dash.mark('dash-t1'));
    const elapsed = (performance.now() - t0) / 1000;
    const acks1 = ids.map((id) => acks(mock, id));
    const trace = await browser.stopTracing();
    const events = (JSON.parse(trace.toString('utf8')) as {traceEvents: TraceEvent[]}).traceEvents;
    const busy = mainThreadBusy(events, 'dash-t0', t0Page);
    const mainThreadBusyPct = (100 * busyBetween(busy, t0Page, t1Page)) / (t1Page - t0Page);
    const longTasks = await page.evaluate((w) => window.dash.longTasksBetween(w.from, w.to), {
      from: t0Page,
      to: t1Page,
    });
    const fpsPerConsole = acks0.map((a, i) => (acks1[i]! - a) / elapsed);

    // Rendering: the static part of the title bar, exactly as the mock has it.
    let rendering = 0;
    const states = await page.evaluate(() => window.dash.states());
    for (let i = 0; i < ids.length; i++) {
      const view = mock.inspect(ids[i]!);
      if (!view || states[i] !== 'connected' || fpsPerConsole[i]! <= 0) continue;
      const truth = view.screenRgba();
      const got = Buffer.from(
        await page.evaluate(([n, r]) => window.dash.region(n, r.x, r.y, r.w, r.h), [
          i,
          PROBE,
        ] as const),
        'base64',
      );
      let same = got.length === PROBE.w * PROBE.h * 4;
      for (let y = 0; same && y < PROBE.h; y++) {
        for (let x = 0; x < PROBE.w; x++) {
          const a = ((PROBE.y + y) * view.width + PROBE.x + x) * 4;
          const b = (y * PROBE.w + x) * 4;
          if (truth[a] !== got[b] || truth[a + 1] !== got[b + 1] || truth[a + 2] !== got[b + 2]) {
            same = false;
            break;
          }
        }
      }
      if (same) rendering++;
    }

    o.log(`  measuring input round trips ...`);
    const inputRttMs = await measureInput(page, mock, ids, o.keyPresses ?? 60);

    const heap1 = await page.evaluate(() => window.dash.heap());
    const pss1 = await chromiumPss(browser);
    if (errors.length > 0) notes.push(`page errors: ${errors.slice(0, 3).join(' | ')}`);
    notes.push(
      `memory totals: JS heap ${(heap0 / MiB).toFixed(1)} -> ${(heap1 / MiB).toFixed(1)} MiB, ` +
        `Chromium PSS ${(pss0 / MiB).toFixed(0)} -> ${(pss1 / MiB).toFixed(0)} MiB`,
    );
    return {
      consoles: o.consoles,
      width: WIDTH,
      height: HEIGHT,
      guestFps,
      seconds: o.seconds,
      connectMs,
      rendering,
      fpsPerConsole,
      inputRttMs,
      mainThreadBusyPct,
      mockEluPct,
      longTasks,
      heapPerConsole: (heap1 - heap0) / o.consoles,
      pssPerConsole: (pss1 - pss0) / o.consoles,
      notes,
    };
  } finally {
    await context.close();
    await mock.close();
  }
}
