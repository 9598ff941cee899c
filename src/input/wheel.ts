/**
 * Wheel events → whole wheel steps for RfbClient.sendWheel (webmks-protocol.md
 * §4.5: vertical +1 = up, i.e. −deltaY; horizontal +1 = right, i.e. +deltaX).
 * Pure; the element feeds WheelEvents and sends whatever steps come out.
 */

/** The WheelEvent fields read here. */
export interface WheelLike {
  deltaX: number;
  deltaY: number;
  /** 0 pixel, 1 line, 2 page (WheelEvent.DOM_DELTA_*). */
  deltaMode: number;
  /** Event time in ms (WheelEvent.timeStamp); enables the idle reset. */
  timeStamp?: number;
}

export interface WheelOptions {
  /** Pixels per step. */
  pixelsPerStep?: number;
  /** Pixels one line counts as. */
  pixelsPerLine?: number;
  /** Pixels one page counts as. */
  pixelsPerPage?: number;
  /** Most steps one event may produce per axis. */
  maxStepsPerEvent?: number;
  /** A pause this long (ms) drops the leftover fraction of a step. */
  idleResetMs?: number;
}

/**
 * Defaults, after noVNC (WHEEL_STEP 50 px, WHEEL_LINE_HEIGHT 19 px):
 * - 50 px per step keeps touchpads (many small pixel deltas) smooth while one
 *   mouse notch (53-120 px in Chromium, depending on the platform) still
 *   gives at least one step;
 * - Firefox reports a notch as 3 lines = 57 px = one step;
 * - a page (Windows "one screen at a time") counts as 400 px = 8 steps;
 * - at most 8 steps per event, so a flung touchpad cannot flood the guest;
 * - 500 ms of quiet forgets a leftover partial step, so the next gesture does
 *   not start half-way; a change of direction forgets it at once.
 */
const DEFAULTS: Required<WheelOptions> = {
  pixelsPerStep: 50,
  pixelsPerLine: 19,
  pixelsPerPage: 400,
  maxStepsPerEvent: 8,
  idleResetMs: 500,
};

/** Whole steps on each axis: y +1 = up, x +1 = right. */
export interface WheelSteps {
  x: number;
  y: number;
}

/** Accumulates wheel deltas into steps, keeping fractions between events. */
export class WheelAccumulator {
  private readonly _o: Required<WheelOptions>;
  private _accX = 0;
  private _accY = 0;
  private _last: number | undefined;

  constructor(options: WheelOptions = {}) {
    this._o = {...DEFAULTS, ...options};
  }

  /** Adds one event; returns the whole steps it completes (often {x: 0, y: 0}). */
  add(event: WheelLike): WheelSteps {
    const unit =
      event.deltaMode === 1
        ? this._o.pixelsPerLine
        : event.deltaMode === 2
          ? this._o.pixelsPerPage
          : 1;
    if (event.timeStamp !== undefined) {
      if (this._last !== undefined && event.timeStamp - this._last > this._o.idleResetMs) {
        this.reset();
      }
      this._last = event.timeStamp;
    }
    // Screen coordinates: deltaY > 0 scrolls down, which is wheel step −1.
    const dy = -finite(event.deltaY) * unit;
    const dx = finite(event.deltaX) * unit;
    this._accY = sameDirection(this._accY, dy) + dy;
    this._accX = sameDirection(this._accX, dx) + dx;
    return {x: this._take('x'), y: this._take('y')};
  }

  /** Forgets any partial step. */
  reset(): void {
    this._accX = 0;
    this._accY = 0;
  }

  private _take(axis: 'x' | 'y'): number {
    const acc = axis === 'x' ? this._accX : this._accY;
    let steps = Math.trunc(acc / this._o.pixelsPerStep);
    if (steps === 0) return 0;
    const max = this._o.maxStepsPerEvent;
    const rest = acc - steps * this._o.pixelsPerStep;
    if (steps > max) steps = max;
    else if (steps < -max) steps = -max;
    // What the cap cut off is dropped, not saved for later.
    if (axis === 'x') this._accX = rest;
    else this._accY = rest;
    return steps;
  }
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

/** The accumulator if it points the same way as `delta`, else 0. */
function sameDirection(acc: number, delta: number): number {
  return acc !== 0 && delta !== 0 && Math.sign(acc) !== Math.sign(delta) ? 0 : acc;
}
