/**
 * The replay benchmark's page script (bundled by bench/run.ts with esbuild).
 * The page loads exactly one client: our script-tag bundle (which defines
 * <webmks-console>) or noVNC's RFB (window.NoVNCRFB). bench/run.ts drives
 * it through window.bench.
 */
import {ReplaySocket, nextTask, serverBursts, type ReplayFrame} from './replay-socket.js';

type ClientName = 'ours' | 'novnc';

interface NoVncRfb extends EventTarget {
  disconnect(): void;
}
type NoVncCtor = new (target: HTMLElement, channel: unknown, options?: object) => NoVncRfb;

interface WebmksElement extends HTMLElement {
  url: string;
  getImageData(): ImageData;
}

declare global {
  interface Window {
    NoVNCRFB?: NoVncCtor;
    bench: BenchApi;
    gc?: () => void;
  }
  interface Performance {
    memory?: {usedJSHeapSize: number; totalJSHeapSize: number};
  }
}

export interface RunOptions {
  client: ClientName;
  recording: string;
  /** RFB handshake bursts before the first FramebufferUpdate (4 for RFB 3.8 with None). */
  handshakeBursts: number;
  /** A client that sends nothing for this long after a burst has stalled. */
  gateTimeoutMs: number;
}

export interface RunResult {
  ok: boolean;
  error?: string;
  totalMs: number;
  /** Client wall time per update: burst delivered -> the client's next request/ack. */
  perUpdateMs: number[];
  /** Time inside the clients' onmessage handlers, per update. */
  syncMs: number[];
  updateStarts: number[];
  updateEnds: number[];
  t0: number;
  t1: number;
  serverBytes: number;
  longTasks: {count: number; maxMs: number; totalMs: number};
  heapBase: number;
  heapPeak: number;
  width: number;
  height: number;
  hash: string;
  clientMessages: number;
}

interface Loaded {
  frames: ReplayFrame[];
  bursts: number[][];
}

interface Adapter {
  /** The socket the client reads from (resolves once the client made it). */
  socket: Promise<ReplaySocket>;
  pixels(): ImageData;
  dispose(): void;
}

/**
 * Appended after the recording: a FramebufferUpdate with one 1x1 CopyRect
 * from (0,0) onto itself, which changes no pixel. A client answers it only
 * once it has processed it, and neither client processes an update before
 * the images of the previous ones are drawn (noVNC flushes its render queue
 * at each update header; ours queues in order and acknowledges no earlier
 * than the previous update is drawn), so its answer means "everything is on
 * the framebuffer", learnt over the protocol alone for both clients. (An
 * update with no rectangles would not do: noVNC 1.7 loses its header when it
 * has to wait for its render queue first.)
 *
 * A client may answer an update while earlier ones' images still decode, as
 * long as it bounds how many (ours: UPDATES_IN_FLIGHT in
 * src/render/canvas-renderer.ts, 1 today; noVNC: 0). So the sentinel is sent
 * SENTINEL_ROUNDS times in a row, each after the answer to the previous one:
 * the last answer then means everything before the first sentinel is drawn
 * for any depth below SENTINEL_ROUNDS. Both clients get the same rounds.
 */
const SENTINEL_ROUNDS = 8;
const SENTINEL = Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0);

const recordings = new Map<string, Loaded>();
let lastPixels: ImageData | undefined;
const longTasks: PerformanceEntry[] = [];
try {
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({
    type: 'longtask',
    buffered: true,
  });
} catch {
  // No Long Tasks API: reported as 0.
}

/** The runner's container format: 'WMKR', u32 count, then per frame u8 fromClient, u32 length, bytes (LE). */
async function load(name: string): Promise<Loaded> {
  const cached = recordings.get(name);
  if (cached) return cached;
  const res = await fetch(`/recordings/${name}.bin`);
  if (!res.ok) throw new Error(`recording ${name}: HTTP ${res.status}`);
  const buf = new Uint8Array(await res.arrayBuffer());
  const v = new DataView(buf.buffer);
  if (v.getUint32(0, true) !== 0x524b4d57) throw new Error('bad recording container');
  const n = v.getUint32(4, true);
  const frames: ReplayFrame[] = [];
  let o = 8;
  for (let i = 0; i < n; i++) {
    const fromClient = buf[o] === 1;
    const len = v.getUint32(o + 1, true);
    frames.push({fromClient, data: buf.subarray(o + 5, o + 5 + len)});
    o += 5 + len;
  }
  const loaded = {frames, bursts: serverBursts(frames)};
  recordings.set(name, loaded);
  return loaded;
}

function frame(): Promise<void> {
  return new Promise((r) => requestAnimationFrame(() => r()));
}

function heap(): number {
  return performance.memory?.usedJSHeapSize ?? 0;
}

function stage(): HTMLElement {
  const old = document.getElementById('stage');
  old?.remove();
  const div = document.createElement('div');
  div.id = 'stage';
  div.style.cssText = 'width:1920px;height:1080px;overflow:hidden;position:relative';
  document.body.append(div);
  return div;
}

function oursAdapter(): Adapter {
  const socket = new Promise<ReplaySocket>((resolve) => {
    ReplaySocket.created = resolve;
  });
  (window as unknown as {WebSocket: unknown}).WebSocket = ReplaySocket;
  const el = document.createElement('webmks-console') as WebmksElement;
  // 1:1 like noVNC's default (no scaling), in the same 1920x1080 box.
  el.setAttribute('scale', 'none');
  el.style.cssText = 'display:block;width:1920px;height:1080px';
  // No /ticket/ in the path: the plain 'vnc' flavour, which sends SetPixelFormat R,G,B,X.
  el.url = 'ws://127.0.0.1:9/replay';
  stage().append(el);
  return {
    socket,
    pixels: () => el.getImageData(),
    dispose: () => el.remove(),
  };
}

function novncAdapter(): Adapter {
  const RFB = window.NoVNCRFB;
  if (!RFB) throw new Error('noVNC is not loaded on this page');
  const sock = new ReplaySocket('ws://127.0.0.1:9/replay', []);
  sock.readyState = 1;
  const target = stage();
  const rfb = new RFB(target, sock);
  return {
    socket: Promise.resolve(sock),
    pixels: () => {
      const canvas = target.querySelector('canvas')!;
      return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    },
    dispose: () => {
      rfb.disconnect();
      document.getElementById('stage')?.remove();
    },
  };
}

async function hashRgb(img: ImageData): Promise<string> {
  // Alpha is left out: both framebuffers are opaque, and a canvas may keep it differently.
  const d = img.data;
  const rgb = new Uint8Array((d.length / 4) * 3);
  for (let i = 0, j = 0; i < d.length; i += 4, j += 3) {
    rgb[j] = d[i]!;
    rgb[j + 1] = d[i + 1]!;
    rgb[j + 2] = d[i + 2]!;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', rgb));
  return [...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function run(o: RunOptions): Promise<RunResult> {
  const rec = await load(o.recording);
  window.gc?.();
  await frame();
  const heapBase = heap();
  let heapPeak = heapBase;
  // Fresh buffers per run, made before the clock starts (a real socket hands out a new one per message).
  const buffers = rec.frames.map((f) => (f.fromClient ? undefined : f.data.slice().buffer));
  let serverBytes = 0;
  for (const b of buffers) serverBytes += b?.byteLength ?? 0;

  const adapter = o.client === 'ours' ? oursAdapter() : novncAdapter();
  const perUpdateMs: number[] = [];
  const syncMs: number[] = [];
  const updateStarts: number[] = [];
  const updateEnds: number[] = [];
  let error: string | undefined;
  let t0 = 0;
  let t1 = 0;
  let sock: ReplaySocket | undefined;
  try {
    sock = await adapter.socket;
    if (sock.readyState === 0) {
      sock.open();
      await nextTask();
    }
    // The mark lets a trace of this run be lined up with page time (bench/lib/trace.ts).
    t0 = performance.mark('bench-t0').startTime;
    for (let b = 0; b < rec.bursts.length; b++) {
      const burst = rec.bursts[b]!;
      sock.arm();
      const start = performance.now();
      let sync = 0;
      for (const i of burst) {
        const s = performance.now();
        sock.deliver(buffers[i]!);
        sync += performance.now() - s;
        buffers[i] = undefined;
        await nextTask();
      }
      // performance.memory costs ~0.1 ms a read: sampled every 8th update, and at the end.
      if (b % 8 === 0) heapPeak = Math.max(heapPeak, heap());
      const gateAt = await sock.gate(o.gateTimeoutMs);
      if (b >= o.handshakeBursts) {
        perUpdateMs.push(gateAt - start);
        syncMs.push(sync);
        updateStarts.push(start);
        updateEnds.push(gateAt);
      }
    }
    for (let k = 0; k < SENTINEL_ROUNDS; k++) {
      sock.arm();
      sock.deliver(SENTINEL.slice().buffer);
      await sock.gate(o.gateTimeoutMs);
    }
    await frame();
    t1 = performance.now();
    heapPeak = Math.max(heapPeak, heap());
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  let width = 0;
  let height = 0;
  let hash = '';
  try {
    lastPixels = adapter.pixels();
    width = lastPixels.width;
    height = lastPixels.height;
    hash = await hashRgb(lastPixels);
  } catch (e) {
    error ??= `no pixels: ${e instanceof Error ? e.message : String(e)}`;
  }
  const clientMessages = sock?.sent ?? 0;
  adapter.dispose();
  const lt = longTasks.filter((e) => e.startTime >= t0 && e.startTime <= t1);
  return {
    ok: error === undefined,
    ...(error ? {error} : {}),
    totalMs: t1 - t0,
    perUpdateMs,
    syncMs,
    updateStarts,
    updateEnds,
    t0,
    t1,
    serverBytes,
    longTasks: {
      count: lt.length,
      maxMs: lt.reduce((m, e) => Math.max(m, e.duration), 0),
      totalMs: lt.reduce((m, e) => m + e.duration, 0),
    },
    heapBase,
    heapPeak,
    width,
    height,
    hash,
    clientMessages,
  };
}

/** The last run's framebuffer as base64 RGBA (for a FAIL diagnosis). */
function pixelsBase64(): string {
  if (!lastPixels) return '';
  const d = lastPixels.data;
  let s = '';
  for (let i = 0; i < d.length; i += 0x8000) {
    s += String.fromCharCode(...d.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

interface BenchApi {
  ready: boolean;
  run(o: RunOptions): Promise<RunResult>;
  pixelsBase64(): string;
}

window.bench = {ready: true, run, pixelsBase64};
