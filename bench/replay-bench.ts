/**
 * The replay benchmark: each recording through our <webmks-console> and
 * through noVNC's RFB, alternating (ours, noVNC, noVNC, ours, …) so drift
 * in the machine's speed hits both alike. Every run gets a fresh page with
 * only that client loaded; each page first replays the recording `warmup`
 * times unmeasured (warm JIT and caches, as in a long-lived console), then
 * once measured. One more traced run per client gives main-thread time per
 * update (bench/lib/trace.ts).
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Browser, BrowserContext, Page} from 'playwright';
import type {RecordingInfo} from './lib/recordings.js';
import {busyBetween, mainThreadBusy, type TraceEvent} from './lib/trace.js';
import type {RunOptions, RunResult} from './page/replay-page.js';

export type ClientName = 'ours' | 'novnc';
export const CLIENTS: readonly ClientName[] = ['ours', 'novnc'];

export interface ReplayOptions {
  origin: string;
  rounds: number;
  warmup: number;
  log: (line: string) => void;
}

export interface ClientSummary {
  runs: RunResult[];
  errors: string[];
  /** Main-thread busy ms per update, from the traced run. */
  mainThreadPerUpdate: number[];
  mainThreadBusyPct: number;
  consoleErrors: string[];
}

export interface ReplaySummary {
  rec: RecordingInfo;
  clients: Record<ClientName, ClientSummary>;
  /** Undefined when the framebuffers agree. */
  mismatch?: string;
}

const HANDSHAKE_BURSTS = 4;
const GATE_TIMEOUT_MS = 15000;

async function openPage(
  browser: Browser,
  origin: string,
  client: ClientName,
  consoleErrors: string[],
): Promise<{context: BrowserContext; page: Page}> {
  const context = await browser.newContext({viewport: {width: 1920, height: 1080}});
  const page = await context.newPage();
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`console.error: ${m.text()}`);
  });
  await page.goto(`${origin}/replay-${client}.html`);
  await page.waitForFunction(
    (c) =>
      window.bench?.ready === true &&
      (c === 'ours'
        ? customElements.get('webmks-console') !== undefined
        : window.NoVNCRFB !== undefined),
    client,
  );
  return {context, page};
}

function runIn(page: Page, client: ClientName, rec: RecordingInfo): Promise<RunResult> {
  const o: RunOptions = {
    client,
    recording: rec.name,
    handshakeBursts: HANDSHAKE_BURSTS,
    gateTimeoutMs: GATE_TIMEOUT_MS,
  };
  return page.evaluate((opts) => window.bench.run(opts), o);
}

async function oneRun(
  browser: Browser,
  o: ReplayOptions,
  client: ClientName,
  rec: RecordingInfo,
  summary: ClientSummary,
): Promise<void> {
  const {context, page} = await openPage(browser, o.origin, client, summary.consoleErrors);
  try {
    for (let i = 0; i < o.warmup; i++) {
      const w = await runIn(page, client, rec);
      if (!w.ok) summary.errors.push(`warm-up: ${w.error}`);
    }
    const r = await runIn(page, client, rec);
    if (!r.ok) summary.errors.push(r.error ?? 'failed');
    summary.runs.push(r);
    o.log(
      `  ${rec.name} ${client.padEnd(5)} ${r.ok ? `${r.totalMs.toFixed(0).padStart(6)} ms` : `FAILED: ${r.error}`}  ${r.hash}`,
    );
  } finally {
    await context.close();
  }
}

async function tracedRun(
  browser: Browser,
  o: ReplayOptions,
  client: ClientName,
  rec: RecordingInfo,
  summary: ClientSummary,
): Promise<void> {
  const {context, page} = await openPage(browser, o.origin, client, summary.consoleErrors);
  try {
    for (let i = 0; i < o.warmup; i++) await runIn(page, client, rec);
    await browser.startTracing(page, {
      categories: ['toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline'],
    });
    const r = await runIn(page, client, rec);
    const buf = await browser.stopTracing();
    // BENCH_TRACE_DIR=<dir>: keep each traced run (opens in DevTools' Performance panel).
    const traceDir = process.env.BENCH_TRACE_DIR;
    if (traceDir) writeFileSync(join(traceDir, `${rec.name}-${client}.trace.json`), buf);
    if (!r.ok) return;
    const events = (JSON.parse(buf.toString('utf8')) as {traceEvents: TraceEvent[]}).traceEvents;
    const trace = mainThreadBusy(events, 'bench-t0', r.t0);
    summary.mainThreadPerUpdate = r.updateStarts.map((s, i) =>
      busyBetween(trace, s, r.updateEnds[i]!),
    );
    summary.mainThreadBusyPct = (100 * busyBetween(trace, r.t0, r.t1)) / Math.max(1, r.t1 - r.t0);
  } finally {
    await context.close();
  }
}

/** Pixels of one fresh run per client, compared: how many differ and where. */
async function diagnose(browser: Browser, o: ReplayOptions, rec: RecordingInfo): Promise<string> {
  const images: Partial<Record<ClientName, Buffer>> = {};
  const sizes: Partial<Record<ClientName, string>> = {};
  for (const client of CLIENTS) {
    const {context, page} = await openPage(browser, o.origin, client, []);
    try {
      const r = await runIn(page, client, rec);
      sizes[client] = `${r.width}x${r.height}`;
      images[client] = Buffer.from(
        await page.evaluate(() => window.bench.pixelsBase64()),
        'base64',
      );
    } finally {
      await context.close();
    }
  }
  const a = images.ours;
  const b = images.novnc;
  if (!a || !b || a.length !== b.length)
    return `sizes differ: ours ${sizes.ours}, noVNC ${sizes.novnc}`;
  const width = Number(sizes.ours!.split('x')[0]);
  let n = 0;
  let maxDelta = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  let first = '';
  for (let i = 0; i < a.length; i += 4) {
    const d = Math.max(
      Math.abs(a[i]! - b[i]!),
      Math.abs(a[i + 1]! - b[i + 1]!),
      Math.abs(a[i + 2]! - b[i + 2]!),
    );
    if (d === 0) continue;
    n++;
    maxDelta = Math.max(maxDelta, d);
    const p = i / 4;
    const x = p % width;
    const y = Math.floor(p / width);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
    if (!first) {
      first = `first at (${x},${y}): ours ${a[i]},${a[i + 1]},${a[i + 2]} noVNC ${b[i]},${b[i + 1]},${b[i + 2]}`;
    }
  }
  if (n === 0) return 'the rerun agreed (the earlier mismatch is not reproducible)';
  return `${n} pixels differ (max channel delta ${maxDelta}) in x ${x0}..${x1}, y ${y0}..${y1}; ${first}`;
}

export async function runReplayBench(
  browser: Browser,
  recs: readonly RecordingInfo[],
  o: ReplayOptions,
): Promise<ReplaySummary[]> {
  const out: ReplaySummary[] = [];
  for (const rec of recs) {
    o.log(`replay ${rec.name}: ${o.rounds} rounds, ${o.warmup} warm-up replay(s) per page`);
    const empty = (): ClientSummary => ({
      runs: [],
      errors: [],
      mainThreadPerUpdate: [],
      mainThreadBusyPct: NaN,
      consoleErrors: [],
    });
    const clients: Record<ClientName, ClientSummary> = {ours: empty(), novnc: empty()};
    for (let round = 0; round < o.rounds; round++) {
      const order: ClientName[] = round % 2 === 0 ? ['ours', 'novnc'] : ['novnc', 'ours'];
      for (const c of order) await oneRun(browser, o, c, rec, clients[c]);
    }
    for (const c of CLIENTS) await tracedRun(browser, o, c, rec, clients[c]);
    const hashes = new Set(
      CLIENTS.flatMap((c) => clients[c].runs.filter((r) => r.ok).map((r) => r.hash)),
    );
    const allOk = CLIENTS.every(
      (c) => clients[c].runs.length > 0 && clients[c].runs.every((r) => r.ok),
    );
    const summary: ReplaySummary = {rec, clients};
    if (!allOk) summary.mismatch = 'a run failed';
    else if (hashes.size !== 1) summary.mismatch = await diagnose(browser, o, rec);
    out.push(summary);
  }
  return out;
}
