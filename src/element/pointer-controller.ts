/**
 * Mouse, pen, wheel and touch input for `<webmks-console>` (issue 5 "Pointer").
 *
 * - Positions are mapped through the canvas's current box (every scale mode)
 *   to framebuffer pixels and clamped (render/scaling.ts).
 * - Buttons 1-3 plus back and forward (input/pointer.ts buttonMaskFrom); moves
 *   are coalesced to one per animation frame, button changes go at once.
 * - The wheel is accumulated into whole steps (input/wheel.ts).
 * - Touch: tap = click, long press = right click, two-finger drag = wheel
 *   (input/touch.ts).
 * - Pointer lock (the inherited `requestPointerLock()`): relative motion via
 *   VMware 127/2 where the server takes it, else a virtual absolute pointer.
 *
 * Only events over the screen are handled: slotted overlays keep theirs.
 */
import type {ReactiveController, ReactiveControllerHost} from '@lit/reactive-element';
import {buttonMaskFrom, PointerCoalescer, RelativePointerCoalescer} from '../input/pointer.js';
import {TouchGestureRecognizer, type TouchAction} from '../input/touch.js';
import {WheelAccumulator} from '../input/wheel.js';
import {RafScheduler, type FrameScheduler} from '../render/frame-scheduler.js';
import {clientToFramebuffer} from '../render/scaling.js';
import type {Clock} from '../session/clock.js';
import type {ConsoleSession} from '../session/console-session.js';
import {toggleListeners, type Listener} from './listeners.js';

export interface PointerControllerTarget {
  session(): ConsoleSession | undefined;
  inputEnabled(): boolean;
  screen(): HTMLElement | null | undefined;
  canvas(): HTMLCanvasElement | null | undefined;
  framebufferSize(): {width: number; height: number};
  scheduler(): FrameScheduler | undefined;
  clock(): Clock;
}

/** MouseEvent.button values of the back and forward buttons. */
const BACK_FORWARD_BUTTONS = new Set([3, 4]);

export class PointerController implements ReactiveController {
  private readonly _host: ReactiveControllerHost & HTMLElement;
  private readonly _target: PointerControllerTarget;
  private _attached = false;
  private _scheduler: FrameScheduler | undefined;
  private _absolute: PointerCoalescer | undefined;
  private _relative: RelativePointerCoalescer | undefined;
  private _touch: TouchGestureRecognizer | undefined;
  private _wheel = new WheelAccumulator();
  /** Framebuffer position of the last absolute event (the virtual pointer under lock). */
  private _pos = {x: 0, y: 0};
  /** Sub-pixel remainder of the virtual pointer. */
  private _virtual = {x: 0, y: 0};
  /** Buttons held while the pointer is locked. */
  private _lockedMask = 0;

  constructor(host: ReactiveControllerHost & HTMLElement, target: PointerControllerTarget) {
    this._host = host;
    this._target = target;
    host.addController(this);
  }

  hostConnected(): void {
    if (this._attached) return;
    this._attached = true;
    this._scheduler = this._target.scheduler() ?? new RafScheduler();
    this._createCoalescers();
    toggleListeners(true, this._listeners());
  }

  hostDisconnected(): void {
    if (!this._attached) return;
    this._attached = false;
    this.releaseAll();
    toggleListeners(false, this._listeners());
    if (document.pointerLockElement === this._host) document.exitPointerLock();
    this._disposeCoalescers();
  }

  private _listeners(): Listener[] {
    const h = this._host;
    return [
      [h, 'pointerdown', this._onPointerDown],
      [h, 'pointermove', this._onPointerMove],
      [h, 'pointerup', this._onPointerUp],
      [h, 'pointercancel', this._onPointerCancel],
      [h, 'mouseup', this._onMouseUp],
      [h, 'contextmenu', this._onContextMenu],
      // Not passive: the wheel belongs to the guest, so the page must not scroll.
      [h, 'wheel', this._onWheel, {passive: false}],
      [document, 'pointerlockchange', this._onPointerLockChange],
      [window, 'blur', this._onWindowBlur],
    ];
  }

  /** Releases held buttons (blur, view-only, removal). */
  releaseAll(): void {
    this._relative?.buttons(0);
    this._absolute?.releaseAll();
    this._touch?.reset();
  }

  /** The session ended: start the next one with no buttons and no pending moves. */
  sessionEnded(): void {
    if (!this._attached) return;
    this._disposeCoalescers();
    this._createCoalescers();
  }

  private _createCoalescers(): void {
    const scheduler = this._scheduler ?? new RafScheduler();
    this._absolute = new PointerCoalescer(
      (x, y, mask) => this._target.session()?.sendPointer(x, y, mask),
      scheduler,
    );
    this._relative = new RelativePointerCoalescer(
      (dx, dy, mask) => this._sendRelative(dx, dy, mask),
      scheduler,
    );
    this._touch = new TouchGestureRecognizer((action) => this._onTouchAction(action), {
      clock: this._target.clock(),
    });
    this._wheel = new WheelAccumulator();
  }

  private _disposeCoalescers(): void {
    this._absolute?.dispose();
    this._relative?.dispose();
    this._touch?.dispose();
    this._absolute = undefined;
    this._relative = undefined;
    this._touch = undefined;
  }

  private get _locked(): boolean {
    return document.pointerLockElement === this._host;
  }

  /** The session when this event is ours to send, else undefined. */
  private _capturing(e: Event): ConsoleSession | undefined {
    if (!this._target.inputEnabled()) return undefined;
    const session = this._target.session();
    if (!session) return undefined;
    if (this._locked) return session;
    const screen = this._target.screen();
    return screen && e.composedPath().includes(screen) ? session : undefined;
  }

  private _toFramebuffer(clientX: number, clientY: number): {x: number; y: number} {
    const canvas = this._target.canvas();
    const fb = this._target.framebufferSize();
    if (!canvas) return {x: 0, y: 0};
    return clientToFramebuffer(
      clientX,
      clientY,
      canvas.getBoundingClientRect(),
      fb.width,
      fb.height,
    );
  }

  private readonly _onPointerDown = (e: PointerEvent): void => {
    if (!this._capturing(e)) return;
    e.preventDefault();
    // preventDefault stops the mouse compatibility events, focus included.
    this._host.focus({preventScroll: true});
    if (e.pointerType === 'touch') {
      this._touch?.down({
        pointerId: e.pointerId,
        x: e.clientX,
        y: e.clientY,
        timeStamp: e.timeStamp,
      });
      this._capture(e);
      return;
    }
    this._capture(e);
    this._pointer(e);
  };

  private readonly _onPointerMove = (e: PointerEvent): void => {
    if (!this._capturing(e)) return;
    if (e.pointerType === 'touch') {
      this._touch?.move({
        pointerId: e.pointerId,
        x: e.clientX,
        y: e.clientY,
        timeStamp: e.timeStamp,
      });
      return;
    }
    this._pointer(e);
  };

  private readonly _onPointerUp = (e: PointerEvent): void => {
    if (!this._capturing(e)) return;
    if (BACK_FORWARD_BUTTONS.has(e.button)) e.preventDefault();
    if (e.pointerType === 'touch') {
      this._touch?.up({pointerId: e.pointerId, x: e.clientX, y: e.clientY, timeStamp: e.timeStamp});
      return;
    }
    this._pointer(e);
  };

  private readonly _onPointerCancel = (e: PointerEvent): void => {
    if (e.pointerType === 'touch') this._touch?.cancel({pointerId: e.pointerId});
    else this._absolute?.releaseAll();
  };

  /** Back/forward buttons navigate the page on mouseup unless prevented. */
  private readonly _onMouseUp = (e: MouseEvent): void => {
    if (BACK_FORWARD_BUTTONS.has(e.button) && this._capturing(e)) e.preventDefault();
  };

  /** The right button belongs to the guest. */
  private readonly _onContextMenu = (e: MouseEvent): void => {
    if (this._capturing(e)) e.preventDefault();
  };

  private readonly _onWheel = (e: WheelEvent): void => {
    const session = this._capturing(e);
    if (!session) return;
    e.preventDefault();
    const steps = this._wheel.add(e);
    if (steps.x === 0 && steps.y === 0) return;
    this._absolute?.flush();
    const p = this._locked ? this._pos : this._toFramebuffer(e.clientX, e.clientY);
    session.sendWheel(p.x, p.y, steps.y, steps.x);
  };

  private readonly _onPointerLockChange = (): void => {
    if (this._locked) {
      this._virtual = {x: 0, y: 0};
    } else {
      this._relative?.flush();
      this._relative?.buttons(0);
      this._lockedMask = 0;
    }
  };

  private readonly _onWindowBlur = (): void => this.releaseAll();

  private _capture(e: PointerEvent): void {
    const canvas = this._target.canvas();
    if (!canvas || this._locked) return;
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      // The pointer is already gone; nothing to capture.
    }
  }

  private _pointer(e: PointerEvent): void {
    const mask = buttonMaskFrom(e.buttons);
    if (this._locked) {
      this._relative?.move(e.movementX, e.movementY);
      // buttons() sends the motion so far first, then the new mask.
      if (mask !== this._lockedMask) this._relative?.buttons(mask);
      this._lockedMask = mask;
      return;
    }
    const p = this._toFramebuffer(e.clientX, e.clientY);
    this._pos = p;
    this._absolute?.update(p.x, p.y, mask);
  }

  /** Relative motion, or a virtual absolute pointer where the server has no relative mode. */
  private _sendRelative(dx: number, dy: number, mask: number): void {
    const session = this._target.session();
    if (!session) return;
    if (session.sendRelativePointer(dx, dy, mask)) return;
    const fb = this._target.framebufferSize();
    const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), Math.max(0, max - 1));
    this._virtual.x += dx;
    this._virtual.y += dy;
    const x = clamp(this._pos.x + Math.trunc(this._virtual.x), fb.width);
    const y = clamp(this._pos.y + Math.trunc(this._virtual.y), fb.height);
    this._virtual.x -= Math.trunc(this._virtual.x);
    this._virtual.y -= Math.trunc(this._virtual.y);
    this._pos = {x, y};
    session.sendPointer(x, y, mask);
  }

  private _onTouchAction(action: TouchAction): void {
    const session = this._target.session();
    if (!session || !this._target.inputEnabled()) return;
    const p = this._toFramebuffer(action.x, action.y);
    if (action.type === 'pointer') {
      this._pos = p;
      this._absolute?.update(p.x, p.y, action.buttons);
    } else {
      this._absolute?.flush();
      session.sendWheel(p.x, p.y, action.stepsY, action.stepsX);
    }
  }
}
