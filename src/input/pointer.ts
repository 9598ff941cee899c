/**
 * Pointer input, pure: MouseEvent.buttons → RFB button mask, and a coalescer
 * that sends at most one move per animation frame while sending button
 * changes at once (webmks-protocol.md §4.1: wmks rate-limits moves to one per
 * 16 ms, latest position wins; button changes go at once, preceded by a move
 * if the position changed). Coordinates are framebuffer pixels; the element
 * maps them with scaling.ts clientToFramebuffer().
 */
import type {FrameScheduler} from '../render/frame-scheduler.js';

/** RFB pointer mask bits (RFC 6143 §7.5.5: bit n = button n+1). */
export const RFB_BUTTON = {
  left: 0x01,
  middle: 0x02,
  right: 0x04,
  /** Buttons 4-7 are the wheel in plain RFB; the wheel has its own path (wheel.ts). */
  wheelUp: 0x08,
  wheelDown: 0x10,
  wheelLeft: 0x20,
  wheelRight: 0x40,
  /** Button 8, X11's "back"; fits the U8 mask of a plain PointerEvent. */
  back: 0x80,
  /**
   * Button 9, X11's "forward". Does not fit the U8 mask of a plain
   * PointerEvent: it needs VMware's 127/2 (U32 buttons) or noVNC's
   * ExtendedMouseButtons; a core without either drops it (mask & 0xff).
   */
  forward: 0x100,
} as const;

/**
 * MouseEvent.buttons (1 left, 2 right, 4 middle, 8 back, 16 forward) → RFB
 * mask (left 1, middle 2, right 4, back 0x80, forward 0x100). Back and
 * forward follow noVNC's _convertButtonMask (buttons 8 and 9, as X11 numbers
 * them), so a Linux guest sees them as back/forward.
 */
export function buttonMaskFrom(buttons: number): number {
  let mask = 0;
  if (buttons & 1) mask |= RFB_BUTTON.left;
  if (buttons & 2) mask |= RFB_BUTTON.right;
  if (buttons & 4) mask |= RFB_BUTTON.middle;
  if (buttons & 8) mask |= RFB_BUTTON.back;
  if (buttons & 16) mask |= RFB_BUTTON.forward;
  return mask;
}

/** Sends one pointer event (RfbClient.sendPointer). */
export type PointerSend = (x: number, y: number, buttonMask: number) => void;

/**
 * Coalesces pointer moves to at most one per animation frame (the latest
 * position wins) and sends button changes at once. No frame is requested
 * while the pointer is still, and identical events are not repeated.
 */
export class PointerCoalescer {
  private _pending: {x: number; y: number} | undefined;
  private _frameId = 0;
  private _mask = 0;
  private _sentX = -1;
  private _sentY = -1;
  private _sentMask = -1;
  private _disposed = false;

  constructor(
    private readonly _send: PointerSend,
    private readonly _scheduler: FrameScheduler,
  ) {}

  /** The button mask the coalescer believes is held. */
  get buttonMask(): number {
    return this._mask;
  }

  /**
   * A pointer event at framebuffer (x, y) with `buttonMask` held. A pure
   * move is deferred to the next frame; a changed mask flushes the pending
   * move, moves to (x, y) with the old buttons if the position changed, then
   * sends the new buttons, all immediately.
   */
  update(x: number, y: number, buttonMask: number): void {
    if (this._disposed) return;
    if (buttonMask === this._mask) {
      this.move(x, y);
      return;
    }
    this.flush();
    if (x !== this._sentX || y !== this._sentY) this._emit(x, y, this._mask);
    this._mask = buttonMask;
    this._emit(x, y, buttonMask);
  }

  /** A move with the current buttons, sent at the next frame. */
  move(x: number, y: number): void {
    if (this._disposed) return;
    this._pending = {x, y};
    if (!this._frameId) this._frameId = this._scheduler.request(() => this._onFrame());
  }

  /** Sends the pending move now (if any) and cancels its frame. */
  flush(): void {
    if (this._frameId) {
      this._scheduler.cancel(this._frameId);
      this._frameId = 0;
    }
    const p = this._pending;
    this._pending = undefined;
    if (p && !this._disposed) this._emit(p.x, p.y, this._mask);
  }

  /**
   * Releases every held button at the last position (window blur, focus
   * loss, disconnect: no button stays stuck in the guest).
   */
  releaseAll(): void {
    if (this._disposed) return;
    this.flush();
    if (this._mask !== 0) {
      this._mask = 0;
      this._emit(Math.max(0, this._sentX), Math.max(0, this._sentY), 0);
    }
  }

  /** Cancels the pending frame; sends nothing more. */
  dispose(): void {
    if (this._frameId) this._scheduler.cancel(this._frameId);
    this._frameId = 0;
    this._pending = undefined;
    this._disposed = true;
  }

  private _onFrame(): void {
    this._frameId = 0;
    const p = this._pending;
    this._pending = undefined;
    if (p && !this._disposed) this._emit(p.x, p.y, this._mask);
  }

  private _emit(x: number, y: number, mask: number): void {
    if (x === this._sentX && y === this._sentY && mask === this._sentMask) return;
    this._sentX = x;
    this._sentY = y;
    this._sentMask = mask;
    this._send(x, y, mask);
  }
}

/**
 * Relative motion under pointer lock (VMware 127/2 absolute = 0, §4.6):
 * sums movementX/Y and sends the sum at most once per frame; a button change
 * sends the accumulated motion first, then the new buttons with no motion.
 */
export class RelativePointerCoalescer {
  private _dx = 0;
  private _dy = 0;
  private _mask = 0;
  private _frameId = 0;
  private _disposed = false;

  constructor(
    private readonly _send: (dx: number, dy: number, buttonMask: number) => void,
    private readonly _scheduler: FrameScheduler,
  ) {}

  /** Adds motion (CSS pixels from movementX/Y, already scaled if wanted). */
  move(dx: number, dy: number): void {
    if (this._disposed || (dx === 0 && dy === 0)) return;
    this._dx += dx;
    this._dy += dy;
    if (!this._frameId) this._frameId = this._scheduler.request(() => this._onFrame());
  }

  /** A new button mask: flushes motion, then sends (0, 0, mask) if it changed. */
  buttons(buttonMask: number): void {
    if (this._disposed) return;
    this.flush();
    if (buttonMask === this._mask) return;
    this._mask = buttonMask;
    this._send(0, 0, buttonMask);
  }

  /** Sends accumulated whole-pixel motion now; fractions carry over. */
  flush(): void {
    if (this._frameId) {
      this._scheduler.cancel(this._frameId);
      this._frameId = 0;
    }
    this._sendMotion();
  }

  dispose(): void {
    if (this._frameId) this._scheduler.cancel(this._frameId);
    this._frameId = 0;
    this._disposed = true;
  }

  private _onFrame(): void {
    this._frameId = 0;
    this._sendMotion();
  }

  private _sendMotion(): void {
    if (this._disposed) return;
    const dx = Math.trunc(this._dx);
    const dy = Math.trunc(this._dy);
    if (dx === 0 && dy === 0) return;
    this._dx -= dx;
    this._dy -= dy;
    this._send(dx, dy, this._mask);
  }
}
