/**
 * Touch gestures → pointer actions, pure apart from one timer (long press),
 * which comes from an injectable clock. Fed PointerEvents whose pointerType
 * is "touch"; coordinates are in whatever space the caller uses (CSS client
 * pixels, so tolerances mean the same on every screen), and actions come back
 * in that space for the caller to map to the framebuffer.
 *
 * Gestures:
 * - tap (one finger, released before the long press, little movement) →
 *   left click where the finger went down;
 * - one-finger drag (moved beyond the tolerance) → left-button drag;
 * - long press (held ≥ 600 ms, little movement) → right click, at once;
 * - two-finger tap → right click (as in noVNC);
 * - two-finger drag → wheel steps at the fingers' midpoint, content following
 *   the fingers (moving them down scrolls up, moving them right scrolls left).
 * Anything else (a third finger, a cancelled touch) ends the gesture; the
 * recognizer then waits until every finger is up.
 */
import {RFB_BUTTON} from './pointer.js';

/** One touch pointer event. */
export interface TouchInput {
  pointerId: number;
  x: number;
  y: number;
  /** Event time (ms); defaults to the clock's now(). */
  timeStamp?: number;
}

/** What to send: a pointer event (RFB mask) or wheel steps (y +1 = up, x +1 = right). */
export type TouchAction =
  | {type: 'pointer'; x: number; y: number; buttons: number}
  | {type: 'wheel'; x: number; y: number; stepsX: number; stepsY: number};

/** Time and the one timer the recognizer needs; tests pass a manual clock. */
export interface TouchClock {
  now(): number;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TouchOptions {
  /** Hold time for a right click (ms). Default 600. */
  longPressMs?: number;
  /** Movement (same units as x/y) below which a touch still counts as a tap. Default 10. */
  moveTolerance?: number;
  /** Two-finger movement per wheel step. Default 50 (like the mouse wheel's 50 px). */
  scrollStep?: number;
  clock?: TouchClock;
}

const SYSTEM_CLOCK: TouchClock = {
  now: () => performance.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface Finger {
  startX: number;
  startY: number;
  x: number;
  y: number;
}

type State = 'idle' | 'pending' | 'drag' | 'two' | 'scroll' | 'done';

/** Recognizes tap, drag, long press, two-finger tap and two-finger scroll. */
export class TouchGestureRecognizer {
  private readonly _longPressMs: number;
  private readonly _tolerance: number;
  private readonly _scrollStep: number;
  private readonly _clock: TouchClock;
  private readonly _fingers = new Map<number, Finger>();
  private _state: State = 'idle';
  private _timer: unknown;
  private _primary = -1;
  private _twoStartedAt = 0;
  private _midX = 0;
  private _midY = 0;
  private _accX = 0;
  private _accY = 0;

  constructor(
    private readonly _emit: (action: TouchAction) => void,
    options: TouchOptions = {},
  ) {
    this._longPressMs = options.longPressMs ?? 600;
    this._tolerance = options.moveTolerance ?? 10;
    this._scrollStep = options.scrollStep ?? 50;
    this._clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** The gesture in progress (for tests and debugging). */
  get state(): State {
    return this._state;
  }

  down(p: TouchInput): void {
    this._fingers.set(p.pointerId, {startX: p.x, startY: p.y, x: p.x, y: p.y});
    const count = this._fingers.size;
    if (this._state === 'idle' && count === 1) {
      this._state = 'pending';
      this._primary = p.pointerId;
      this._timer = this._clock.setTimeout(() => this._onLongPress(), this._longPressMs);
    } else if (this._state === 'pending' && count === 2) {
      this._clearTimer();
      this._state = 'two';
      this._twoStartedAt = p.timeStamp ?? this._clock.now();
      this._resetMidpoint();
    } else if (this._state !== 'drag') {
      // A third finger, or a finger after the gesture ended: stop here.
      this._end();
    }
  }

  move(p: TouchInput): void {
    const f = this._fingers.get(p.pointerId);
    if (!f) return;
    f.x = p.x;
    f.y = p.y;
    switch (this._state) {
      case 'pending':
        if (this._moved(f)) {
          this._clearTimer();
          this._state = 'drag';
          this._pointer(f.startX, f.startY, 0);
          this._pointer(f.startX, f.startY, RFB_BUTTON.left);
          this._pointer(f.x, f.y, RFB_BUTTON.left);
        }
        break;
      case 'drag':
        if (p.pointerId === this._primary) this._pointer(f.x, f.y, RFB_BUTTON.left);
        break;
      case 'two':
        if ([...this._fingers.values()].some((g) => this._moved(g))) {
          this._state = 'scroll';
          this._scroll();
        }
        break;
      case 'scroll':
        this._scroll();
        break;
      default:
        break;
    }
  }

  up(p: TouchInput): void {
    const f = this._fingers.get(p.pointerId);
    if (!f) return;
    f.x = p.x;
    f.y = p.y;
    switch (this._state) {
      case 'pending':
        this._clearTimer();
        this._click(f.startX, f.startY, RFB_BUTTON.left);
        this._state = 'done';
        break;
      case 'drag':
        if (p.pointerId === this._primary) {
          this._pointer(f.x, f.y, 0);
          this._state = 'done';
        }
        break;
      case 'two': {
        const t = p.timeStamp ?? this._clock.now();
        if (t - this._twoStartedAt < this._longPressMs) {
          const first = this._fingers.get(this._primary) ?? f;
          this._click(first.startX, first.startY, RFB_BUTTON.right);
        }
        this._state = 'done';
        break;
      }
      case 'scroll':
        this._state = 'done';
        break;
      default:
        break;
    }
    this._fingers.delete(p.pointerId);
    if (this._fingers.size === 0) this._state = 'idle';
  }

  /** pointercancel: drop the finger; a drag in progress releases its button. */
  cancel(p: {pointerId: number}): void {
    if (!this._fingers.has(p.pointerId)) return;
    this._end();
    this._fingers.delete(p.pointerId);
    if (this._fingers.size === 0) this._state = 'idle';
  }

  /** Forgets every finger and the long-press timer (no actions are emitted). */
  reset(): void {
    this._clearTimer();
    this._fingers.clear();
    this._state = 'idle';
  }

  /** Same as reset(); the recognizer leaves no timer behind. */
  dispose(): void {
    this.reset();
  }

  private _onLongPress(): void {
    this._timer = undefined;
    if (this._state !== 'pending') return;
    const f = this._fingers.get(this._primary);
    if (!f) return;
    this._click(f.startX, f.startY, RFB_BUTTON.right);
    this._state = 'done';
  }

  /** Ends the gesture early; a drag releases the left button where it is. */
  private _end(): void {
    this._clearTimer();
    if (this._state === 'drag') {
      const f = this._fingers.get(this._primary);
      if (f) this._pointer(f.x, f.y, 0);
    }
    this._state = 'done';
  }

  private _moved(f: Finger): boolean {
    return Math.hypot(f.x - f.startX, f.y - f.startY) > this._tolerance;
  }

  private _midpoint(): {x: number; y: number} {
    let x = 0;
    let y = 0;
    for (const f of this._fingers.values()) {
      x += f.x;
      y += f.y;
    }
    const n = Math.max(1, this._fingers.size);
    return {x: x / n, y: y / n};
  }

  private _resetMidpoint(): void {
    const m = this._midpoint();
    this._midX = m.x;
    this._midY = m.y;
    this._accX = 0;
    this._accY = 0;
  }

  private _scroll(): void {
    const m = this._midpoint();
    this._accX += m.x - this._midX;
    this._accY += m.y - this._midY;
    this._midX = m.x;
    this._midY = m.y;
    const sx = Math.trunc(this._accX / this._scrollStep);
    const sy = Math.trunc(this._accY / this._scrollStep);
    if (sx === 0 && sy === 0) return;
    this._accX -= sx * this._scrollStep;
    this._accY -= sy * this._scrollStep;
    // Content follows the fingers: fingers down = scroll up (+1), fingers right = scroll left (−1).
    this._emit({
      type: 'wheel',
      x: m.x,
      y: m.y,
      stepsX: sx === 0 ? 0 : -sx,
      stepsY: sy === 0 ? 0 : sy,
    });
  }

  private _click(x: number, y: number, button: number): void {
    this._pointer(x, y, 0);
    this._pointer(x, y, button);
    this._pointer(x, y, 0);
  }

  private _pointer(x: number, y: number, buttons: number): void {
    this._emit({type: 'pointer', x, y, buttons});
  }

  private _clearTimer(): void {
    if (this._timer !== undefined) this._clock.clearTimeout(this._timer);
    this._timer = undefined;
  }
}
