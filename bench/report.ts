/** The tables `npm run bench` prints. */
import type {DashboardResult} from './dashboard-bench.js';
import type {Built} from './lib/build.js';
import {MiB, fmt, median, p95, table} from './lib/stats.js';
import {CLIENTS, type ReplaySummary} from './replay-bench.js';

const LABEL = {ours: 'webmks-console', novnc: 'noVNC'} as const;

export function printReplay(results: readonly ReplaySummary[]): void {
  console.log('Replay throughput (same recorded bytes, as fast as each client consumes them)');
  const rows: string[][] = [];
  const headline: string[][] = [];
  for (const s of results) {
    const times: Record<string, number> = {};
    for (const c of CLIENTS) {
      const cs = s.clients[c];
      const ok = cs.runs.filter((r) => r.ok);
      const t = median(ok.map((r) => r.totalMs));
      times[c] = t;
      const updates = ok[0]?.perUpdateMs.length ?? 0;
      const bytes = ok[0]?.serverBytes ?? s.rec.serverBytes;
      const perUpdate = ok.flatMap((r) => r.perUpdateMs);
      const longTasks = ok.reduce((n, r) => n + r.longTasks.count, 0);
      const longMax = ok.reduce((m, r) => Math.max(m, r.longTasks.maxMs), 0);
      const heap = ok.reduce((m, r) => Math.max(m, r.heapPeak), 0);
      rows.push([
        c === 'ours' ? s.rec.name : '',
        LABEL[c],
        ok.length === cs.runs.length ? fmt(t, 0) : `FAIL (${cs.errors[0] ?? ''})`,
        fmt(bytes / 1e6 / (t / 1000), 1),
        fmt(updates / (t / 1000), 0),
        fmt(median(perUpdate), 2),
        fmt(p95(cs.mainThreadPerUpdate), 2),
        fmt(cs.mainThreadBusyPct, 0),
        `${longTasks}${longTasks ? ` (max ${fmt(longMax, 0)})` : ''}`,
        fmt(heap / MiB, 1),
      ]);
    }
    const ratio = s.mismatch ? 'FAIL' : `${fmt(times.novnc! / times.ours!, 2)}x`;
    headline.push([
      s.rec.name,
      `${s.rec.width}x${s.rec.height}`,
      String(s.clients.ours.runs[0]?.perUpdateMs.length ?? s.rec.updates),
      fmt(s.rec.serverBytes / 1e6, 2),
      fmt(s.rec.gzipBytes / 1e6, 2),
      ratio,
      s.mismatch ? `framebuffers differ: ${s.mismatch}` : 'framebuffers identical',
    ]);
  }
  console.log(
    table(
      [
        'recording',
        'client',
        'time ms',
        'MB/s',
        'upd/s',
        'med ms/upd',
        'p95 main ms/upd',
        'main busy %',
        'long tasks >50ms',
        'peak heap MiB',
      ],
      rows,
    ),
  );
  console.log('');
  console.log('Headline: replay time ratio (noVNC time / our time; >1 means we are faster)');
  console.log(
    table(['recording', 'size', 'updates', 'MB', 'file MB (gz)', 'noVNC/ours', 'pixels'], headline),
  );
  console.log('');
}

export function printSizes(built: Built): void {
  console.log('Script-tag bundle (minified, gzip -9)');
  console.log(
    table(
      ['client', 'raw KiB', 'gzip KiB'],
      [
        [
          'webmks-console (scripts/bundle.js)',
          fmt(built.ours.raw / 1024),
          fmt(built.ours.gzip / 1024),
        ],
        [
          `noVNC ${built.novncVersion} core/rfb.js (esbuild)`,
          fmt(built.novnc.raw / 1024),
          fmt(built.novnc.gzip / 1024),
        ],
      ],
    ),
  );
  console.log('');
}

export function printDashboard(d: DashboardResult): void {
  console.log(
    `Dashboard: ${d.consoles} consoles, each a live mock session at ${d.width}x${d.height} (guest ${d.guestFps} fps), ${d.seconds} s window`,
  );
  const fps = d.fpsPerConsole;
  console.log(
    table(
      ['metric', 'value'],
      [
        [
          'consoles rendering (connected, drawn, pixels match the mock)',
          `${d.rendering}/${d.consoles}`,
        ],
        [
          'updates drawn per console per s: median / min / max',
          `${fmt(median(fps))} / ${fmt(Math.min(...fps))} / ${fmt(Math.max(...fps))}`,
        ],
        [
          'input round trip (key down -> mock /input) p50 / p95 / max ms',
          `${fmt(median(d.inputRttMs))} / ${fmt(p95(d.inputRttMs))} / ${fmt(Math.max(...d.inputRttMs))}`,
        ],
        ['page main-thread busy %', fmt(d.mainThreadBusyPct)],
        ['mock server (this Node process) event-loop busy %', fmt(d.mockEluPct)],
        ['connect time for all consoles (ms)', fmt(d.connectMs, 0)],
        ['long tasks > 50 ms in the window', String(d.longTasks)],
        ['JS heap per console (MiB)', fmt(d.heapPerConsole / MiB, 2)],
        [
          'process memory (PSS) per console, all Chromium processes (MiB)',
          fmt(d.pssPerConsole / MiB, 2),
        ],
        ['budget: 2 framebuffers + 1 MiB (MiB)', fmt((2 * d.width * d.height * 4 + MiB) / MiB, 2)],
      ],
    ),
  );
  for (const note of d.notes) console.log(`  note: ${note}`);
  console.log('');
}
