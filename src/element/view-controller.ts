/**
 * Layout and guest-size policy for `<webmks-console>`: sizes and places the
 * canvas for the `scale` mode (render/scaling.ts computes, this applies), and
 * for `resize="remote"` asks the guest to match the element's size.
 *
 * Remote resize follows wmks (webmks-protocol.md §5.5, §12.7): CSS pixels,
 * width floored, height rounded down to even, at most one request per 300 ms
 * of quiet (each change restarts the timer), only when the size differs from
 * the last request, and a request the server cannot take yet (no ServerCaps)
 * is retried when its capabilities arrive.
 *
 * Styles are applied with style.setProperty only (CSP: no style attribute).
 */
import type {ReactiveController, ReactiveControllerHost} from '@lit/reactive-element';
import {computeLayout, type ScaleMode} from '../render/scaling.js';
import type {Clock, TimerHandle} from '../session/clock.js';
import type {ConsoleSession} from '../session/console-session.js';

/** Quiet time before a resolution request (wmks: 300 ms). */
export const REMOTE_RESIZE_DEBOUNCE_MS = 300;

export interface ViewControllerTarget {
  screen(): HTMLElement | null | undefined;
  canvas(): HTMLCanvasElement | null | undefined;
  scaleMode(): ScaleMode;
  remoteResize(): boolean;
  /** The remote framebuffer size (0×0 before the first connection). */
  framebufferSize(): {width: number; height: number};
  session(): ConsoleSession | undefined;
  clock(): Clock;
  /** The canvas's size on screen in device pixels (the renderer downscales into it when it is much smaller). */
  displaySize(width: number, height: number): void;
}

export class ViewController implements ReactiveController {
  private readonly _host: ReactiveControllerHost & HTMLElement;
  private readonly _target: ViewControllerTarget;
  private _observer: ResizeObserver | undefined;
  private _observed: HTMLElement | undefined;
  private _timer: TimerHandle | undefined;
  private _timerClock: Clock | undefined;
  private _lastRequest: {width: number; height: number} | undefined;
  private _pending = false;
  /** The current CSS scale (canvas pixels per framebuffer pixel). */
  scale = 1;

  constructor(host: ReactiveControllerHost & HTMLElement, target: ViewControllerTarget) {
    this._host = host;
    this._target = target;
    host.addController(this);
  }

  hostConnected(): void {
    this._observe();
  }

  hostUpdated(): void {
    this._observe();
    this.relayout();
  }

  hostDisconnected(): void {
    this._observer?.disconnect();
    this._observer = undefined;
    this._observed = undefined;
    this._cancelTimer();
    this._pending = false;
  }

  /** Recomputes the canvas box from the container, framebuffer and mode. */
  relayout(): void {
    const screen = this._target.screen();
    const canvas = this._target.canvas();
    if (!screen || !canvas) return;
    const mode = this._target.scaleMode();
    const fb = this._target.framebufferSize();
    screen.classList.toggle('scroll', mode === 'none');
    if (fb.width <= 0 || fb.height <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    const box = computeLayout(
      mode,
      screen.clientWidth,
      screen.clientHeight,
      fb.width,
      fb.height,
      dpr,
    );
    this.scale = box.scale;
    canvas.style.setProperty('width', `${box.width}px`);
    canvas.style.setProperty('height', `${box.height}px`);
    canvas.style.setProperty('left', `${box.left}px`);
    canvas.style.setProperty('top', `${box.top}px`);
    // Whole device-pixel multiples stay sharp; fractional scaling is smoothed.
    const devicePixels = box.scale * dpr;
    canvas.classList.toggle('crisp', Math.abs(devicePixels - Math.round(devicePixels)) < 1e-6);
    this._target.displaySize(box.width * dpr, box.height * dpr);
  }

  /** A session connected: the guest may now be asked for our size. */
  connected(): void {
    this._lastRequest = undefined;
    this.scheduleRemoteResize();
  }

  /** ServerCaps or ExtendedDesktopSize arrived: retry a request that could not go out. */
  capabilitiesChanged(): void {
    if (this._pending) this._sendRemoteResize();
  }

  /** Debounces a resolution request for the current container size. */
  scheduleRemoteResize(): void {
    if (!this._target.remoteResize()) return;
    this._cancelTimer();
    const clock = this._target.clock();
    this._timerClock = clock;
    this._timer = clock.setTimeout(() => {
      this._timer = undefined;
      this._sendRemoteResize();
    }, REMOTE_RESIZE_DEBOUNCE_MS);
  }

  private _sendRemoteResize(): void {
    this._pending = false;
    if (!this._target.remoteResize()) return;
    const session = this._target.session();
    const screen = this._target.screen();
    if (!session || !screen) return;
    const width = Math.floor(screen.clientWidth);
    const height = Math.floor(screen.clientHeight) & ~1;
    if (width < 1 || height < 2) return;
    const last = this._lastRequest;
    if (last && last.width === width && last.height === height) return;
    if (session.width === width && session.height === height) {
      this._lastRequest = {width, height};
      return;
    }
    if (session.requestResolution(width, height)) {
      this._lastRequest = {width, height};
    } else {
      this._pending = true;
    }
  }

  private _observe(): void {
    // An update can still run after removal (the session's end changes the
    // state): a removed console observes nothing.
    if (!this._host.isConnected) return;
    const screen = this._target.screen();
    if (!screen || this._observed === screen) return;
    this._observer?.disconnect();
    this._observed = screen;
    this._observer = new ResizeObserver(() => {
      this.relayout();
      this.scheduleRemoteResize();
    });
    this._observer.observe(screen);
  }

  private _cancelTimer(): void {
    if (this._timer !== undefined) this._timerClock?.clearTimeout(this._timer);
    this._timer = undefined;
  }
}
