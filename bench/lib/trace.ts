/**
 * Main-thread busy time from a Chromium trace: the union of the renderer
 * main thread's top-level task slices (category `toplevel`), so nested
 * slices are not counted twice. Page times (performance.now()) are mapped to
 * trace time with a `performance.mark()` whose trace event carries both.
 */

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export interface MainThreadTrace {
  /** Busy intervals in page milliseconds (performance.now() scale), sorted, disjoint. */
  busy: Array<[number, number]>;
}

/**
 * @param markName a performance.mark() made at page time `markPageMs`.
 */
export function mainThreadBusy(
  events: readonly TraceEvent[],
  markName: string,
  markPageMs: number,
): MainThreadTrace {
  const mark = events.find((e) => e.name === markName && e.cat.includes('blink.user_timing'));
  if (!mark) throw new Error(`trace: no "${markName}" mark`);
  const mainThreads = new Set(
    events
      .filter(
        (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain',
      )
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // The mark's own thread is the page's main thread.
  const key = `${mark.pid}:${mark.tid}`;
  if (
    !mainThreads.has(key) &&
    mainThreads.size > 0 &&
    ![...mainThreads].some((k) => k.startsWith(`${mark.pid}:`))
  ) {
    throw new Error('trace: the mark is not on a renderer main thread');
  }
  const offsetMs = mark.ts / 1000 - markPageMs;
  const slices = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        e.pid === mark.pid &&
        e.tid === mark.tid &&
        e.cat.split(',').includes('toplevel') &&
        (e.dur ?? 0) > 0,
    )
    .map((e) => [e.ts / 1000 - offsetMs, (e.ts + e.dur!) / 1000 - offsetMs] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const busy: Array<[number, number]> = [];
  for (const s of slices) {
    const last = busy[busy.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else busy.push([s[0], s[1]]);
  }
  return {busy};
}

/** Busy milliseconds inside [from, to]. */
export function busyBetween(trace: MainThreadTrace, from: number, to: number): number {
  let total = 0;
  for (const [a, b] of trace.busy) {
    if (b <= from) continue;
    if (a >= to) break;
    total += Math.min(b, to) - Math.max(a, from);
  }
  return total;
}
