/**
 * `npm run bench` (tsx bench/run.ts): the performance benchmark of
 * webmks-console against noVNC, in headless system Chromium. See
 * bench/README.md for what is measured and how the comparison is kept fair.
 *
 * Options:
 *   --rounds N          measured replays per client and recording (default 5)
 *   --warmup N          unmeasured replays before each measured one (default 1)
 *   --only a,b          recordings to replay (names under bench/recordings/)
 *   --consoles N        dashboard consoles (default 50)
 *   --dashboard-seconds N  dashboard measuring window (default 10)
 *   --no-replay / --no-dashboard
 *   --json FILE         also write every number as JSON
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {cpus, loadavg, totalmem} from 'node:os';
import {join} from 'node:path';
import {chromium} from 'playwright';
import {chromiumArgs, chromiumExecutable} from '../scripts/chromium.js';
import {runDashboardBench, type DashboardResult} from './dashboard-bench.js';
import {buildAll, OUT, ROOT, type Built} from './lib/build.js';
import {loadRecordings} from './lib/recordings.js';
import {startStaticServer, type Route} from './lib/static-server.js';
import {printDashboard, printReplay, printSizes} from './report.js';
import {runReplayBench, type ReplaySummary} from './replay-bench.js';

interface Args {
  rounds: number;
  warmup: number;
  only: string[];
  consoles: number;
  dashboardSeconds: number;
  replay: boolean;
  dashboard: boolean;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    rounds: 5,
    warmup: 1,
    only: [],
    consoles: 50,
    dashboardSeconds: 10,
    replay: true,
    dashboard: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${k} needs a number`);
      return v;
    };
    if (k === '--rounds') a.rounds = Math.max(1, num());
    else if (k === '--warmup') a.warmup = num();
    else if (k === '--only') a.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (k === '--consoles') a.consoles = Math.max(1, num());
    else if (k === '--dashboard-seconds') a.dashboardSeconds = Math.max(1, num());
    else if (k === '--no-replay') a.replay = false;
    else if (k === '--no-dashboard') a.dashboard = false;
    else if (k === '--json') a.json = argv[++i];
    else throw new Error(`unknown option ${k}`);
  }
  return a;
}

function html(title: string, scripts: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>html,body{margin:0;background:#222}</style></head><body>${scripts}</body></html>`;
}

function routes(built: Built, recordings: ReturnType<typeof loadRecordings>): Map<string, Route> {
  const js = 'text/javascript';
  const file = (path: string) => () => readFileSync(path);
  const r = new Map<string, Route>([
    ['/bundles/webmks-console.min.js', {type: js, body: file(built.ours.file)}],
    ['/bundles/novnc.min.js', {type: js, body: file(built.novnc.file)}],
    ['/page/replay-page.js', {type: js, body: file(built.replayPage)}],
    ['/page/dashboard-page.js', {type: js, body: file(built.dashboardPage)}],
    [
      '/replay-ours.html',
      {
        type: 'text/html',
        body: html(
          'replay: webmks-console',
          '<script src="/bundles/webmks-console.min.js"></script><script src="/page/replay-page.js"></script>',
        ),
      },
    ],
    [
      '/replay-novnc.html',
      {
        type: 'text/html',
        body: html(
          'replay: noVNC',
          '<script type="module">import RFB from "/bundles/novnc.min.js"; window.NoVNCRFB = RFB;</script>' +
            '<script src="/page/replay-page.js"></script>',
        ),
      },
    ],
    [
      '/dashboard.html',
      {
        type: 'text/html',
        body: html(
          'dashboard',
          '<script src="/bundles/webmks-console.min.js"></script><script src="/page/dashboard-page.js"></script>',
        ),
      },
    ],
  ]);
  for (const rec of recordings) {
    r.set(`/recordings/${rec.name}.bin`, {type: 'application/octet-stream', body: rec.container});
  }
  return r;
}

function machine(browserVersion: string): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; Chromium ${browserVersion} (headless, --disable-gpu)`;
}

/** The 1-minute load average, flagged when other work competes for the cores. */
function load(): string {
  const l = loadavg()[0] ?? 0;
  const busy = l > cpus().length * 0.75;
  return `${l.toFixed(2)}${busy ? ' (other processes are using the CPU: expect noisy numbers)' : ''}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  log('building bundles ...');
  const built = await buildAll();
  const recordings = args.replay
    ? loadRecordings(join(ROOT, 'bench', 'recordings'), args.only)
    : [];
  if (args.replay && recordings.length === 0)
    throw new Error('no recordings under bench/recordings/');
  const server = await startStaticServer(routes(built, recordings));
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [...chromiumArgs(), '--js-flags=--expose-gc', '--enable-precise-memory-info'],
    headless: true,
  });
  let replay: ReplaySummary[] = [];
  let dashboard: DashboardResult | undefined;
  try {
    log(`machine: ${machine(browser.version())}; load average ${load()}`);
    if (args.replay) {
      replay = await runReplayBench(browser, recordings, {
        origin: server.origin,
        rounds: args.rounds,
        warmup: args.warmup,
        log,
      });
    }
    if (args.dashboard) {
      dashboard = await runDashboardBench(browser, {
        origin: server.origin,
        consoles: args.consoles,
        seconds: args.dashboardSeconds,
        log,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log('');
  console.log(`webmks-console benchmark — ${new Date().toISOString()}`);
  console.log(`machine: ${machine(browser.version())}`);
  console.log(`load average at the end: ${load()}`);
  console.log(
    `noVNC ${built.novncVersion} (npm @novnc/novnc), rounds ${args.rounds}, warm-up ${args.warmup}`,
  );
  console.log('');
  if (replay.length > 0) printReplay(replay);
  printSizes(built);
  if (dashboard) printDashboard(dashboard);
  if (args.json) {
    writeFileSync(
      args.json,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: machine(browser.version()),
          bundles: {ours: built.ours, novnc: built.novnc},
          replay: replay.map((s) => ({
            recording: s.rec.name,
            mismatch: s.mismatch,
            clients: s.clients,
          })),
          dashboard,
        },
        null,
        1,
      ),
    );
    console.log(`\nJSON written to ${args.json}`);
  }
  void OUT;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
