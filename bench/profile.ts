/**
 * Where the time goes: a CPU profile (CDP Profiler, 100 µs sampling) of one
 * replay or of the dashboard, with readable names (our bundle built without
 * minification), printed as the top functions by self time and by total time.
 *
 *   npx tsx bench/profile.ts replay <recording> [ours|novnc]
 *   npx tsx bench/profile.ts dashboard [consoles]
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {build} from 'esbuild';
import {chromium, type CDPSession, type Page} from 'playwright';
import {chromiumArgs, chromiumExecutable} from '../scripts/chromium.js';
import {buildAll, OUT, ROOT, SRC_ROOT} from './lib/build.js';
import {loadRecordings} from './lib/recordings.js';
import {startStaticServer, type Route} from './lib/static-server.js';
import {startMockServer} from '../mock-server/server.js';
import type {RunOptions, RunResult} from './page/replay-page.js';

interface ProfileNode {
  id: number;
  callFrame: {functionName: string; url: string; lineNumber: number; columnNumber: number};
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function summarize(profile: Profile, top = 30): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const label = (n: ProfileNode) => {
    const f = n.callFrame;
    const file = f.url.split('/').pop() ?? '';
    return `${f.functionName || '(anonymous)'} ${file ? `${file}:${f.lineNumber + 1}` : ''}`.trim();
  };
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    all += dt;
    const n = byId.get(id)!;
    self.set(label(n), (self.get(label(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + dt);
    }
  });
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([k, v]) =>
          `  ${v.toFixed(1).padStart(8)} ms ${((100 * v) / all).toFixed(1).padStart(5)}%  ${k}`,
      )
      .join('\n');
  return `sampled ${all.toFixed(0)} ms\nself time:\n${rows(self)}\n\ntotal time:\n${rows(total)}`;
}

async function startProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', {interval: 100});
  await cdp.send('Profiler.start');
  return cdp;
}

async function stopProfile(cdp: CDPSession, name: string): Promise<string> {
  const {profile} = (await cdp.send('Profiler.stop')) as {profile: Profile};
  mkdirSync(OUT, {recursive: true});
  const file = join(OUT, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return `${summarize(profile)}\n(profile written to ${file}; open it in Chrome DevTools)`;
}

async function main(): Promise<void> {
  const [mode = 'replay', arg1, arg2] = process.argv.slice(2);
  const built = await buildAll();
  // Our bundle again, unminified, so the profile names our functions.
  const readable = join(OUT, 'webmks-console.profile.js');
  await build({
    entryPoints: [join(SRC_ROOT, 'src', 'webmks-console.ts')],
    outfile: readable,
    bundle: true,
    format: 'iife',
    target: 'es2022',
    conditions: ['production'],
    define: {'process.env.NODE_ENV': '"production"'},
    logLevel: 'warning',
  });
  const recs =
    mode === 'replay' ? loadRecordings(join(ROOT, 'bench', 'recordings'), arg1 ? [arg1] : []) : [];
  const js = 'text/javascript';
  const routes = new Map<string, Route>([
    [
      '/bundles/webmks-console.js',
      {
        type: js,
        body: () => readFileSync(process.env.PROFILE_MINIFIED ? built.ours.file : readable),
      },
    ],
    ['/bundles/novnc.min.js', {type: js, body: () => readFileSync(built.novnc.file)}],
    ['/page/replay-page.js', {type: js, body: () => readFileSync(built.replayPage)}],
    ['/page/dashboard-page.js', {type: js, body: () => readFileSync(built.dashboardPage)}],
    [
      '/ours.html',
      {
        type: 'text/html',
        body: '<!doctype html><body><script src="/bundles/webmks-console.js"></script><script src="/page/replay-page.js"></script>',
      },
    ],
    [
      '/novnc.html',
      {
        type: 'text/html',
        body: '<!doctype html><body><script type="module">import RFB from "/bundles/novnc.min.js"; window.NoVNCRFB = RFB;</script><script src="/page/replay-page.js"></script>',
      },
    ],
    [
      '/dashboard.html',
      {
        type: 'text/html',
        body: '<!doctype html><body style="margin:0"><script src="/bundles/webmks-console.js"></script><script src="/page/dashboard-page.js"></script>',
      },
    ],
  ]);
  for (const r of recs)
    routes.set(`/recordings/${r.name}.bin`, {type: 'application/octet-stream', body: r.container});
  const server = await startStaticServer(routes);
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [...chromiumArgs(), '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  try {
    const page = await (
      await browser.newContext({viewport: {width: 1920, height: 1080}})
    ).newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    if (mode === 'replay') {
      const rec = recs[0];
      if (!rec) throw new Error('which recording?');
      const client = arg2 === 'novnc' ? 'novnc' : 'ours';
      await page.goto(`${server.origin}/${client}.html`);
      await page.waitForFunction(
        () => window.bench?.ready && (customElements.get('webmks-console') || window.NoVNCRFB),
      );
      const o: RunOptions = {client, recording: rec.name, handshakeBursts: 4, gateTimeoutMs: 15000};
      await page.evaluate((x) => window.bench.run(x), o);
      const cdp = await startProfile(page);
      const r: RunResult = await page.evaluate((x) => window.bench.run(x), o);
      console.log(`${rec.name} ${client}: ${r.totalMs.toFixed(0)} ms, ok=${r.ok} ${r.error ?? ''}`);
      console.log(await stopProfile(cdp, `${rec.name}-${client}`));
    } else {
      const n = Number(arg1 ?? 50);
      const mock = await startMockServer({port: 0});
      try {
        await page.goto(`${server.origin}/dashboard.html`);
        await page.waitForFunction(() => window.dash?.ready);
        const urls = Array.from(
          {length: n},
          () => mock.issueTicket({width: 1024, height: 768, fps: 15}).url,
        );
        await page.evaluate(([u, c]) => window.dash.start(u, c, 60000), [urls, 9] as [
          string[],
          number,
        ]);
        await new Promise((r) => setTimeout(r, 2000));
        const cdp = await startProfile(page);
        await new Promise((r) => setTimeout(r, 5000));
        console.log(await stopProfile(cdp, `dashboard-${n}`));
      } finally {
        await mock.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
