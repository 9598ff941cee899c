/**
 * The dashboard benchmark's page script: N <webmks-console> elements in a
 * grid, each on its own live mock session (real WebSockets). Driven by
 * bench/dashboard-bench.ts through window.dash.
 */

interface WebmksElement extends HTMLElement {
  url: string;
  state: string;
  getImageData(): ImageData;
}

declare global {
  interface Window {
    dash: DashApi;
    gc?: () => void;
  }
  interface Performance {
    memory?: {usedJSHeapSize: number; totalJSHeapSize: number};
  }
}

const consoles: WebmksElement[] = [];
const longTasks: PerformanceEntry[] = [];
try {
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({
    type: 'longtask',
    buffered: true,
  });
} catch {
  // No Long Tasks API.
}

/** Adds one console per URL and resolves once all fired webmks-connect (or rejects after `ms`). */
function start(urls: string[], columns: number, ms: number): Promise<number> {
  const grid = document.createElement('div');
  grid.style.cssText = `display:grid;grid-template-columns:repeat(${columns},1fr);gap:2px;width:100vw`;
  document.body.append(grid);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    let connected = 0;
    const timer = setTimeout(
      () => reject(new Error(`${connected}/${urls.length} consoles connected within ${ms} ms`)),
      ms,
    );
    for (const url of urls) {
      const el = document.createElement('webmks-console') as WebmksElement;
      el.style.cssText = 'display:block;aspect-ratio:4/3';
      el.addEventListener(
        'webmks-connect',
        () => {
          if (++connected === urls.length) {
            clearTimeout(timer);
            resolve(performance.now() - t0);
          }
        },
        {once: true},
      );
      el.url = url;
      consoles.push(el);
      grid.append(el);
    }
  });
}

/** Focuses console i (keys then go to its guest). */
function focus(i: number): void {
  consoles[i]?.focus();
}

/** The framebuffer region [x, x+w) x [y, y+h) of console i as RGBA bytes (base64). */
function region(i: number, x: number, y: number, w: number, h: number): string {
  const img = consoles[i]!.getImageData();
  const out = new Uint8Array(w * h * 4);
  for (let r = 0; r < h; r++) {
    const s = ((y + r) * img.width + x) * 4;
    out.set(img.data.subarray(s, s + w * 4), r * w * 4);
  }
  let str = '';
  for (let k = 0; k < out.length; k += 0x8000)
    str += String.fromCharCode(...out.subarray(k, k + 0x8000));
  return btoa(str);
}

function states(): string[] {
  return consoles.map((c) => c.state);
}

function heap(): number {
  window.gc?.();
  return performance.memory?.usedJSHeapSize ?? 0;
}

function mark(name: string): number {
  return performance.mark(name).startTime;
}

function longTasksBetween(from: number, to: number): number {
  return longTasks.filter((e) => e.startTime >= from && e.startTime <= to).length;
}

function stop(): void {
  for (const c of consoles) c.remove();
  consoles.length = 0;
}

interface DashApi {
  ready: boolean;
  start: typeof start;
  focus: typeof focus;
  region: typeof region;
  states: typeof states;
  heap: typeof heap;
  mark: typeof mark;
  longTasksBetween: typeof longTasksBetween;
  stop: typeof stop;
}

window.dash = {ready: true, start, focus, region, states, heap, mark, longTasksBetween, stop};

export {};
