/**
 * A Clock driven by hand (DOM-free): timers fire only in advance(), in due
 * order, so deadline and backoff tests need no real waiting.
 */
import type {Clock} from '../../../src/session/clock.js';

export class ManualClock implements Clock {
  private _now = 0;
  private _next = 1;
  private _timers = new Map<number, {at: number; fn: () => void}>();

  now(): number {
    return this._now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this._next++;
    this._timers.set(id, {at: this._now + Math.max(0, ms), fn});
    return id;
  }

  clearTimeout(handle: unknown): void {
    this._timers.delete(handle as number);
  }

  /** Timers still scheduled. */
  get pending(): number {
    return this._timers.size;
  }

  /** Due times of the scheduled timers, ascending. */
  dueTimes(): number[] {
    return [...this._timers.values()].map((t) => t.at).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing every timer that comes due, in order. */
  advance(ms: number): void {
    const end = this._now + ms;
    for (;;) {
      let nextId = -1;
      let nextAt = Infinity;
      for (const [id, t] of this._timers) {
        if (t.at <= end && t.at < nextAt) {
          nextAt = t.at;
          nextId = id;
        }
      }
      if (nextId < 0) break;
      const t = this._timers.get(nextId)!;
      this._timers.delete(nextId);
      this._now = Math.max(this._now, t.at);
      t.fn();
    }
    this._now = end;
  }
}
