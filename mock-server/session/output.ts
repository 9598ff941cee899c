/**
 * Every server byte goes through here. Normally each RFB message is one
 * WebSocket message (as VMware's own test harness does, §1.3 — and the
 * version string must be a message of its own, §12.1). Fault scenarios
 * reshape the byte stream:
 *
 * - a cut point: only the first N bytes (counted over everything the
 *   session ever sent) are delivered, then the connection is closed
 *   (normally or abruptly) or goes silent;
 * - drip: one byte per WebSocket message every X ms;
 * - fragment: bytes queued within a short window are coalesced, then split
 *   into odd-sized messages (seeded, reproducible).
 */
import type {WebSocket} from 'ws';

export type CutAction = 'close' | 'abrupt' | 'stall';

export type Shaping =
  | {kind: 'direct'}
  | {kind: 'drip'; interval: number; from: number}
  | {kind: 'fragment'; seed: number; max: number; window: number};

/** mulberry32: a tiny seeded PRNG, so fragment sizes are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Output {
  /** Bytes accepted for sending (logical stream offset). */
  offset = 0;
  /** Bytes handed to the WebSocket. */
  delivered = 0;
  private cut: {at: number; action: CutAction} | undefined;
  private finished = false;
  private cutDone = false;
  private inFlight = 0;
  private flushWaiters: (() => void)[] = [];
  // drip
  private dripQueue: Uint8Array[] = [];
  private dripTimer: NodeJS.Timeout | undefined;
  // fragment
  private fragPending: Uint8Array[] = [];
  private fragScheduled = false;
  private fragTimer: NodeJS.Timeout | undefined;
  private readonly random: () => number;

  constructor(
    private readonly ws: WebSocket,
    private readonly shaping: Shaping,
  ) {
    this.random = prng(shaping.kind === 'fragment' ? shaping.seed : 1);
  }

  /** True once the cut point was reached or the output was shut. */
  get silent(): boolean {
    return this.finished;
  }

  /** Deliver only bytes before offset `at`, then perform `action`. */
  setCut(at: number, action: CutAction): void {
    this.cut = {at, action};
    if (this.offset >= at) this.reachCut();
  }

  send(msg: Uint8Array): void {
    if (this.finished || msg.length === 0) return;
    let part = msg;
    let hitCut = false;
    if (this.cut && this.offset + msg.length >= this.cut.at) {
      part = msg.subarray(0, Math.max(0, this.cut.at - this.offset));
      hitCut = true;
    }
    this.offset += part.length;
    if (part.length > 0) this.enqueue(part);
    if (hitCut) this.reachCut();
  }

  private reachCut(): void {
    if (this.cutDone || !this.cut) return;
    this.cutDone = true;
    this.finished = true;
    const action = this.cut.action;
    this.whenDrained(() => {
      if (action === 'close') this.closeSocket(1000, 'close-at-byte');
      else if (action === 'abrupt') this.whenFlushed(() => this.ws.terminate());
      // 'stall': keep the connection open and say nothing more.
    });
  }

  private enqueue(bytes: Uint8Array): void {
    const s = this.shaping;
    if (s.kind === 'drip') {
      const start = this.offset - bytes.length;
      if (this.dripQueue.length === 0 && start + bytes.length <= s.from) {
        this.deliver(bytes);
        return;
      }
      if (this.dripQueue.length === 0 && start < s.from) {
        this.deliver(bytes.subarray(0, s.from - start));
        bytes = bytes.subarray(s.from - start);
      }
      this.dripQueue.push(bytes);
      this.dripTimer ??= setInterval(() => this.dripOne(), s.interval);
      return;
    }
    if (s.kind === 'fragment') {
      this.fragPending.push(bytes);
      if (!this.fragScheduled && this.shaping.kind === 'fragment') {
        this.fragScheduled = true;
        // Everything queued within `window` ms is coalesced before it is re-split.
        this.fragTimer = setTimeout(() => this.flushFragments(), this.shaping.window);
      }
      return;
    }
    this.deliver(bytes);
  }

  private dripOne(): void {
    const head = this.dripQueue[0];
    if (!head) {
      clearInterval(this.dripTimer);
      this.dripTimer = undefined;
      this.notifyDrained();
      return;
    }
    this.deliver(head.subarray(0, 1));
    if (head.length > 1) this.dripQueue[0] = head.subarray(1);
    else this.dripQueue.shift();
    if (this.dripQueue.length === 0) {
      clearInterval(this.dripTimer);
      this.dripTimer = undefined;
      this.notifyDrained();
    }
  }

  private flushFragments(): void {
    this.fragScheduled = false;
    if (this.shaping.kind !== 'fragment') return;
    const max = this.shaping.max;
    const chunks = this.fragPending;
    this.fragPending = [];
    let total = 0;
    for (const c of chunks) total += c.length;
    const all = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      all.set(c, o);
      o += c.length;
    }
    // Odd sizes in 1..max; the last piece of a batch is whatever remains.
    for (let p = 0; p < all.length;) {
      const odd = 1 + 2 * Math.floor(this.random() * Math.ceil(max / 2));
      const n = Math.min(Math.min(odd, max), all.length - p);
      this.deliver(all.subarray(p, p + n));
      p += n;
    }
    this.notifyDrained();
  }

  private deliver(bytes: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.delivered += bytes.length;
    this.inFlight++;
    this.ws.send(bytes, {binary: true}, () => {
      this.inFlight--;
      if (this.inFlight === 0) {
        const w = this.flushWaiters;
        this.flushWaiters = [];
        for (const f of w) f();
      }
    });
  }

  private drainedWaiters: (() => void)[] = [];

  private get drained(): boolean {
    return this.dripQueue.length === 0 && this.fragPending.length === 0 && !this.fragScheduled;
  }

  private whenDrained(f: () => void): void {
    if (this.drained) f();
    else this.drainedWaiters.push(f);
  }

  private notifyDrained(): void {
    if (!this.drained) return;
    const w = this.drainedWaiters;
    this.drainedWaiters = [];
    for (const f of w) f();
  }

  /** Runs `f` once every delivered byte was written to the socket. */
  whenFlushed(f: () => void): void {
    if (this.inFlight === 0) f();
    else this.flushWaiters.push(f);
  }

  private closeSocket(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason);
    }
  }

  /** Stops all shaping timers (the socket is gone). */
  dispose(): void {
    this.finished = true;
    clearInterval(this.dripTimer);
    this.dripTimer = undefined;
    this.dripQueue = [];
    this.fragPending = [];
    clearTimeout(this.fragTimer);
  }
}
