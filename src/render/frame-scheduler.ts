/**
 * When to present: a thin, replaceable wrapper around requestAnimationFrame
 * (design.md 3.6 "controlled frames"). The renderer and the pointer coalescer
 * ask for at most one callback at a time and only when something changed, so
 * an idle console requests no frames at all. Tests inject ManualScheduler and
 * call tick() instead of sleeping.
 */

/** Something that runs a callback before the next paint. */
export interface FrameScheduler {
  /** Schedules `cb` once; returns a non-zero id for cancel(). */
  request(cb: (t: number) => void): number;
  /** Cancels a pending request; unknown or already-run ids are ignored. */
  cancel(id: number): void;
}

/** The browser's animation frames (none run while the tab is hidden). */
export class RafScheduler implements FrameScheduler {
  request(cb: (t: number) => void): number {
    return requestAnimationFrame(cb);
  }
  cancel(id: number): void {
    cancelAnimationFrame(id);
  }
}

/** A scheduler driven by hand: nothing runs until tick(). For tests. */
export class ManualScheduler implements FrameScheduler {
  private _next = 1;
  private _pending = new Map<number, (t: number) => void>();
  /** The timestamp handed to callbacks by the next tick() without an argument. */
  now = 0;
  /** How many request() calls were made in total (to assert "no work while idle"). */
  requests = 0;

  request(cb: (t: number) => void): number {
    const id = this._next++;
    this._pending.set(id, cb);
    this.requests++;
    return id;
  }

  cancel(id: number): void {
    this._pending.delete(id);
  }

  /** Number of callbacks waiting for the next tick. */
  get pending(): number {
    return this._pending.size;
  }

  /**
   * Runs the callbacks pending now (not ones they request, which wait for the
   * next tick, as with real animation frames). Returns how many ran.
   */
  tick(t: number = (this.now += 16)): number {
    const due = [...this._pending.values()];
    this._pending.clear();
    for (const cb of due) cb(t);
    return due.length;
  }
}
