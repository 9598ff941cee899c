/**
 * The FrameSink on a canvas (design.md 3.3): a back buffer that decoders draw
 * into in stream order, damage rectangles, and at most one presentation per
 * animation frame after commit(). Not the cursor (cursor.ts) and not layout
 * or scaling (the element sizes the canvas with CSS; scaling.ts).
 *
 * Back buffer: a plain ImageData (RGBA bytes in JS memory), presented with
 * putImageData(dirty rect) onto the visible canvas. Measured in headless
 * Chromium 156 (software raster, as in CI) on a 1920×1080 framebuffer,
 * writing the whole screen per frame:
 *
 *   putPixels as …                   16×16 tiles (8160)   64×64 (510)   one rect
 *   ImageData buffer (this)          ~16 ms               ~2 ms         ~0.5 ms
 *   OffscreenCanvas, putImageData    ~31 ms               ~38 ms        ~24 ms
 *   same, willReadFrequently         ~62 ms               ~21 ms        ~23 ms
 *
 * and presenting costs ~0.3-1 ms for a full frame either way, ~3 µs for a
 * 16×16 dirty rectangle. putImageData per rectangle pays an ImageData
 * allocation, a premultiply pass and (on a GPU canvas) an upload each time; a TypedArray.set per row pays none, and fills
 * and copies become Uint32Array.fill / copyWithin. A JPEG that image-decode.ts
 * gives out as planes is converted straight into the back buffer
 * (yuv-to-rgb.ts); any other image is drawn by the canvas, through a small
 * CPU-backed scratch canvas and one getImageData of that rectangle (~0.8 ms
 * for 256×256).
 * getImageData() of the framebuffer is then an exact copy with no read-back.
 *
 * Ordering (frame-sink.ts): images decode asynchronously but must land in
 * stream order, as noVNC's display.js render queue does. While an image is
 * being decoded, every later operation waits in a queue (with its bytes
 * copied); otherwise operations apply at once. A decode that fails or times
 * out is dropped, reported through onError, and the queue moves on.
 */
import {ProtocolError} from '../protocol/errors.js';
import type {CursorImage, FrameSink, ImageMime} from '../decoders/frame-sink.js';
import {CursorStyler, type CursorCss} from './cursor.js';
import {RafScheduler, type FrameScheduler} from './frame-scheduler.js';
import {blockEdges, destRange, downscaleRegion} from './downscale.js';
import {imageTraits} from '../decoders/image-header.js';
import {decodeImage, isPlanes, type DecodeHints, type DecodedImage} from './image-decode.js';
import {yuvToRgba} from './yuv-to-rgb.js';
import {rgbaWord} from './rgba-word.js';

export interface CanvasRendererOptions {
  /** Animation frames; tests pass a ManualScheduler. Default: requestAnimationFrame. */
  scheduler?: FrameScheduler;
  /** The CSS cursor value to apply to the element (null: remove the property). */
  onCursor?: (cursor: CursorCss) => void;
  /** An image could not be decoded (the session then fails). */
  onError?: (error: Error) => void;
  /** How long one JPEG/PNG decode may take before it counts as failed. Default 10 s. */
  imageTimeoutMs?: number;
  /** Decodes one JPEG/PNG (tests pass a controllable one). Default: image-decode.ts. */
  decodeImage?: (mime: ImageMime, bytes: Uint8Array, hints: DecodeHints) => Promise<DecodedImage>;
}

/**
 * Default image decode timeout. Chromium decodes a 4 MiB JPEG (the largest
 * TightPNG payload, LIMITS.compactLength) in well under a second even on slow
 * machines; 10 s only catches a decoder that never answers, and is short
 * enough that the session fails instead of hanging on a stuck queue.
 */
const DEFAULT_IMAGE_TIMEOUT_MS = 10_000;

/**
 * Damage rectangles kept separately before they collapse into their bounding
 * box. Each costs one putImageData at presentation; past this many, one
 * bigger copy is cheaper than many small calls.
 */
const MAX_DAMAGE_RECTS = 16;

/**
 * The largest image scratch canvas kept between images (512×512 pixels,
 * 1 MiB): tiles and window-sized updates reuse it; a bigger one (a
 * full-screen image) is released after use. Measured with npm run bench: at
 * 256×256 the 1080p replay, whose 640×360 JPEGs then each allocated a new
 * scratch canvas, fell from ~3.4× to ~2.9× noVNC's speed.
 */
const SCRATCH_KEEP_PIXELS = 512 * 512;

/**
 * The visible canvas is downscaled (setDisplaySize) only when the display is
 * at most this fraction of the framebuffer on both axes. The box filter runs
 * on the main thread, ~10 ms for a whole 1080p frame at 1/2 (~17 ms at 3/4,
 * measured in Node 20): worth it for thumbnails, which save 75 % or more of
 * the canvas memory, not for a console shown a little smaller than its guest,
 * which the compositor scales for free.
 */
const DOWNSCALE_BELOW = 0.5;

/** Updates whose images may still be decoding when the next one is acknowledged (whenPreviousDrawn). */
const UPDATES_IN_FLIGHT = 1;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

type ImageOp = {
  kind: 'image';
  /** Opaque by its format (ImageTraits): drawn without first copying the framebuffer under it. */
  opaque: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  state: 'pending' | 'ready' | 'failed';
  decoded?: DecodedImage;
  error?: Error;
  timer?: ReturnType<typeof setTimeout>;
};

type Op =
  | {kind: 'resize'; w: number; h: number}
  | {kind: 'fill'; x: number; y: number; w: number; h: number; r: number; g: number; b: number}
  | {kind: 'copy'; sx: number; sy: number; x: number; y: number; w: number; h: number}
  | {kind: 'pixels'; x: number; y: number; w: number; h: number; rgba: Uint8Array}
  | ImageOp
  | {kind: 'cursor'; cursor: CursorImage | null}
  | {kind: 'cursor-visible'; visible: boolean}
  | {kind: 'commit'};

/** A FrameSink that draws into an ImageData back buffer and presents on a canvas. */
export class CanvasRenderer implements FrameSink {
  private readonly _canvas: HTMLCanvasElement;
  private readonly _ctx: CanvasRenderingContext2D;
  private readonly _scheduler: FrameScheduler;
  private readonly _onError: (error: Error) => void;
  private readonly _imageTimeoutMs: number;
  private readonly _decodeImage: (
    mime: ImageMime,
    bytes: Uint8Array,
    hints: DecodeHints,
  ) => Promise<DecodedImage>;
  private readonly _cursor: CursorStyler;

  private _buffer: ImageData | undefined;
  private _pixels32 = new Uint32Array(0);
  private _width = 0;
  private _height = 0;

  private _damage: Rect[] = [];
  /** An operation was applied since the last commit: the back buffer is mid-update. */
  private _uncommitted = false;
  /** A commit was applied whose damage has not been presented yet. */
  private _presentWanted = false;
  private _frameId = 0;

  private _queue: Op[] = [];
  private _head = 0;
  private _enqueued = 0;
  private _dequeued = 0;
  private _idleWaiters: Array<{target: number; resolve: () => void}> = [];
  /** Queue positions of the last commits (0 = applied at once), newest last. */
  private _commitTargets: number[] = [];
  private _draining = false;

  /** The device pixels the canvas covers on screen (setDisplaySize), 0 = unknown. */
  private _displayW = 0;
  private _displayH = 0;
  /** Downscaled presentation (downscale.ts): the visible canvas's size and block edges, or none. */
  private _down:
    | {
        w: number;
        h: number;
        fbW: number;
        fbH: number;
        cols: Int32Array;
        rows: Int32Array;
        image: ImageData;
      }
    | undefined;

  private _scratch: OffscreenCanvas | HTMLCanvasElement | undefined;
  private _scratchCtx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | undefined;
  private _disposed = false;

  constructor(canvas: HTMLCanvasElement, options: CanvasRendererOptions = {}) {
    // alpha: false: the framebuffer is opaque, and an opaque canvas composites
    // faster and shows black (not the page) right after a resize.
    const ctx = canvas.getContext('2d', {alpha: false});
    if (!ctx) throw new Error('the canvas has no 2d context (is another context in use?)');
    this._canvas = canvas;
    this._ctx = ctx;
    this._scheduler = options.scheduler ?? new RafScheduler();
    this._onError = options.onError ?? (() => {});
    this._imageTimeoutMs = options.imageTimeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS;
    this._decodeImage = options.decodeImage ?? decodeImage;
    this._cursor = new CursorStyler(options.onCursor ?? (() => {}));
  }

  /** Framebuffer width of the back buffer (after every operation applied so far). */
  get width(): number {
    return this._width;
  }

  /** Framebuffer height of the back buffer. */
  get height(): number {
    return this._height;
  }

  /**
   * The size, in device pixels, at which the canvas is shown (the element's
   * layout). Well below the framebuffer (at most DOWNSCALE_BELOW of it on
   * both axes), the visible canvas takes that size and shows the framebuffer
   * downscaled (downscale.ts): a thumbnail then costs memory for its own
   * pixels, not for the guest's. Otherwise the canvas is framebuffer-sized.
   */
  setDisplaySize(width: number, height: number): void {
    const w = Math.max(0, Math.round(width));
    const h = Math.max(0, Math.round(height));
    if (w === this._displayW && h === this._displayH) return;
    this._displayW = w;
    this._displayH = h;
    if (!this._disposed) this._updatePresentation();
  }

  /** Whether the visible canvas currently shows a downscaled copy (its size then differs from the framebuffer's). */
  get downscaled(): boolean {
    return this._down !== undefined;
  }

  // ---- FrameSink -------------------------------------------------------------

  resize(width: number, height: number): void {
    this._submit({kind: 'resize', w: width, h: height});
  }

  fillRect(x: number, y: number, w: number, h: number, r: number, g: number, b: number): void {
    this._submit({kind: 'fill', x, y, w, h, r, g, b});
  }

  copyRect(sx: number, sy: number, x: number, y: number, w: number, h: number): void {
    this._submit({kind: 'copy', sx, sy, x, y, w, h});
  }

  putPixels(x: number, y: number, w: number, h: number, rgba: Uint8Array): void {
    if (this._disposed) return;
    if (this._queueEmpty()) {
      // Applied now, so the caller's (possibly aliased) view needs no copy.
      this._apply({kind: 'pixels', x, y, w, h, rgba});
      return;
    }
    this._enqueue({kind: 'pixels', x, y, w, h, rgba: rgba.slice(0, w * h * 4)});
  }

  putImage(x: number, y: number, w: number, h: number, mime: ImageMime, bytes: Uint8Array): void {
    if (this._disposed) return;
    // The core has checked the image header against w×h already; decodeImage
    // reads the bytes (valid only during this call) before it returns.
    const {tagged, opaque} = imageTraits(mime, bytes);
    const op: ImageOp = {kind: 'image', x, y, w, h, opaque, state: 'pending'};
    this._enqueue(op);
    op.timer = setTimeout(() => {
      op.timer = undefined;
      this._settleImage(
        op,
        undefined,
        new ProtocolError(
          'bad-image',
          `${mime} rectangle not decoded within ${this._imageTimeoutMs} ms`,
        ),
      );
    }, this._imageTimeoutMs);
    this._decodeImage(mime, bytes, {pixels: w * h, tagged}).then(
      (decoded) => this._settleImage(op, decoded, undefined),
      () =>
        this._settleImage(
          op,
          undefined,
          new ProtocolError('bad-image', `${mime} rectangle could not be decoded`),
        ),
    );
  }

  setCursor(cursor: CursorImage | null): void {
    if (this._disposed) return;
    if (this._queueEmpty()) this._cursor.setShape(cursor);
    else this._enqueue({kind: 'cursor', cursor: cursor && {...cursor, rgba: cursor.rgba.slice()}});
  }

  setCursorVisible(visible: boolean): void {
    this._submit({kind: 'cursor-visible', visible});
  }

  commit(): void {
    this._submit({kind: 'commit'});
    // Where this update ends in the queue (0: already drawn), and the one before.
    this._commitTargets.push(this._queueEmpty() ? 0 : this._enqueued);
    if (this._commitTargets.length > UPDATES_IN_FLIGHT + 1) this._commitTargets.shift();
  }

  // ---- queries -----------------------------------------------------------------

  /**
   * The framebuffer at its native size: a copy of the back buffer with every
   * operation applied so far (images still decoding are not in it yet; await
   * whenIdle() first). Throws InvalidStateError before the first resize().
   */
  getImageData(): ImageData {
    if (!this._buffer) throw new DOMException('no framebuffer yet', 'InvalidStateError');
    return new ImageData(new Uint8ClampedArray(this._buffer.data), this._width, this._height);
  }

  /**
   * Resolves once every operation submitted before this call has been applied
   * to the back buffer (the session acknowledges updates after this). Also
   * resolves on dispose(), so nobody waits forever.
   */
  whenIdle(): Promise<void> {
    if (this._disposed || this._queueEmpty()) return Promise.resolve();
    return new Promise((resolve) => this._idleWaiters.push({target: this._enqueued, resolve}));
  }

  /**
   * Resolves once every update before the latest committed one is on the
   * back buffer: at most one update (its images still decoding) in flight.
   * Acknowledging then, rather than at whenIdle(), lets the server send the
   * next update while this one's images decode, as noVNC does (it requests
   * right after parsing and waits for its render queue at the next update),
   * while the queue stays bounded to two updates. Measured with npm run bench.
   */
  whenPreviousDrawn(): Promise<void> {
    const t = this._commitTargets;
    const target = t.length > UPDATES_IN_FLIGHT ? t[t.length - 1 - UPDATES_IN_FLIGHT]! : 0;
    if (this._disposed || target === 0 || this._queueEmpty() || this._dequeued >= target) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this._idleWaiters.push({target, resolve}));
  }

  /** Cursor encoding settles asynchronously; resolves when the latest shape was reported. */
  cursorSettled(): Promise<void> {
    return this._cursor.settled();
  }

  /**
   * Stops everything: cancels the scheduled frame and image timers, closes
   * decoded bitmaps, revokes the cursor's blob URL and drops the buffers.
   * Later calls are ignored.
   */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    if (this._frameId) this._scheduler.cancel(this._frameId);
    this._frameId = 0;
    for (let i = this._head; i < this._queue.length; i++) {
      const op = this._queue[i]!;
      if (op.kind === 'image') {
        if (op.timer !== undefined) clearTimeout(op.timer);
        closeImage(op.decoded);
        op.decoded = undefined;
        // A decode still running closes its bitmap when it lands (_settleImage).
        op.state = 'failed';
      }
    }
    this._queue = [];
    this._head = 0;
    this._cursor.dispose();
    this._buffer = undefined;
    this._down = undefined;
    this._pixels32 = new Uint32Array(0);
    this._damage = [];
    this._releaseScratch();
    this._scratch = undefined;
    this._scratchCtx = undefined;
    const waiters = this._idleWaiters;
    this._idleWaiters = [];
    for (const w of waiters) w.resolve();
  }

  // ---- queue -----------------------------------------------------------------

  private _queueEmpty(): boolean {
    return this._head === this._queue.length;
  }

  private _submit(op: Op): void {
    if (this._disposed) return;
    if (this._queueEmpty()) this._apply(op);
    else this._enqueue(op);
  }

  private _enqueue(op: Op): void {
    this._queue.push(op);
    this._enqueued++;
  }

  private _settleImage(
    op: ImageOp,
    decoded: DecodedImage | undefined,
    error: Error | undefined,
  ): void {
    if (op.state !== 'pending' || this._disposed) {
      closeImage(decoded);
      return;
    }
    if (op.timer !== undefined) clearTimeout(op.timer);
    op.timer = undefined;
    if (decoded) {
      op.state = 'ready';
      op.decoded = decoded;
    } else {
      op.state = 'failed';
      op.error = error;
    }
    this._drain();
  }

  /** Applies queued operations from the head while the head is ready. */
  private _drain(): void {
    if (this._draining) return;
    this._draining = true;
    try {
      while (!this._disposed && !this._queueEmpty()) {
        const op = this._queue[this._head]!;
        if (op.kind === 'image' && op.state === 'pending') break;
        this._head++;
        this._dequeued++;
        if (op.kind === 'image' && op.state === 'failed') {
          // Report, drop, and carry on: the session decides what a bad image
          // means (it fails), but the queue never stays stuck behind it.
          this._report(op.error ?? new ProtocolError('bad-image', 'image rectangle failed'));
          continue;
        }
        this._apply(op);
      }
      if (this._queueEmpty()) {
        this._queue = [];
        this._head = 0;
      } else if (this._head > 1024 && this._head * 2 > this._queue.length) {
        this._queue = this._queue.slice(this._head);
        this._head = 0;
      }
    } finally {
      this._draining = false;
    }
    this._resolveIdleWaiters();
  }

  private _resolveIdleWaiters(): void {
    if (this._idleWaiters.length === 0) return;
    const done = this._queueEmpty() ? Infinity : this._dequeued;
    const still: Array<{target: number; resolve: () => void}> = [];
    for (const w of this._idleWaiters) {
      if (w.target <= done) w.resolve();
      else still.push(w);
    }
    this._idleWaiters = still;
  }

  private _report(error: Error): void {
    try {
      this._onError(error);
    } catch {
      // The callback's own failure must not break the render queue.
    }
  }

  // ---- applying operations ---------------------------------------------------

  private _apply(op: Op): void {
    try {
      switch (op.kind) {
        case 'resize':
          this._applyResize(op.w, op.h);
          break;
        case 'fill':
          this._applyFill(op.x, op.y, op.w, op.h, op.r, op.g, op.b);
          break;
        case 'copy':
          this._applyCopy(op.sx, op.sy, op.x, op.y, op.w, op.h);
          break;
        case 'pixels':
          this._applyPixels(op.x, op.y, op.w, op.h, op.rgba);
          break;
        case 'image':
          this._applyImage(op);
          break;
        case 'cursor':
          this._cursor.setShape(op.cursor);
          return;
        case 'cursor-visible':
          this._cursor.setVisible(op.visible);
          return;
        case 'commit':
          this._applyCommit();
          return;
      }
    } catch (e) {
      this._report(
        e instanceof Error ? e : new ProtocolError('internal', 'drawing a rectangle failed'),
      );
    }
    this._uncommitted = true;
  }

  private _applyResize(w: number, h: number): void {
    this._width = Math.max(0, w);
    this._height = Math.max(0, h);
    this._updatePresentation();
    if (this._width === 0 || this._height === 0) {
      // An empty desktop: nothing to draw, nothing to read.
      this._buffer = undefined;
      this._pixels32 = new Uint32Array(0);
      this._damage = [];
      return;
    }
    // A fresh ImageData is transparent; make it opaque black (frame-sink.ts).
    const buffer = new ImageData(this._width, this._height);
    const px = new Uint32Array(buffer.data.buffer);
    px.fill(rgbaWord(0, 0, 0));
    this._buffer = buffer;
    this._pixels32 = px;
    this._damage = [{x: 0, y: 0, w: this._width, h: this._height}];
  }

  private _applyFill(
    x: number,
    y: number,
    w: number,
    h: number,
    r: number,
    g: number,
    b: number,
  ): void {
    if (!this._clipOk(x, y, w, h)) return;
    const v = rgbaWord(r, g, b);
    const px = this._pixels32;
    const stride = this._width;
    for (let j = 0, o = y * stride + x; j < h; j++, o += stride) px.fill(v, o, o + w);
    this._addDamage(x, y, w, h);
  }

  private _applyCopy(sx: number, sy: number, x: number, y: number, w: number, h: number): void {
    if (!this._clipOk(x, y, w, h) || !this._clipOk(sx, sy, w, h)) return;
    const px = this._pixels32;
    const stride = this._width;
    // Read-all-then-write (frame-sink.ts, §12.12): walking rows away from the
    // destination, with copyWithin's memmove inside a row, never reads a row
    // this copy has already overwritten, in any direction of overlap.
    if (y > sy) {
      for (let j = h - 1; j >= 0; j--) {
        const s = (sy + j) * stride + sx;
        px.copyWithin((y + j) * stride + x, s, s + w);
      }
    } else {
      for (let j = 0; j < h; j++) {
        const s = (sy + j) * stride + sx;
        px.copyWithin((y + j) * stride + x, s, s + w);
      }
    }
    this._addDamage(x, y, w, h);
  }

  private _applyPixels(x: number, y: number, w: number, h: number, rgba: Uint8Array): void {
    if (!this._clipOk(x, y, w, h) || rgba.length < w * h * 4) return;
    const data = this._buffer!.data;
    const row = w * 4;
    const stride = this._width * 4;
    if (x === 0 && w === this._width) {
      data.set(rgba.subarray(0, row * h), y * stride);
    } else {
      for (let j = 0, s = 0, d = (y * this._width + x) * 4; j < h; j++, s += row, d += stride) {
        data.set(rgba.subarray(s, s + row), d);
      }
    }
    this._addDamage(x, y, w, h);
  }

  private _applyImage(op: ImageOp): void {
    const decoded = op.decoded;
    op.decoded = undefined;
    if (!decoded) return;
    const {x, y} = op;
    // Draw at the rectangle's origin at natural size (§3.3.3), clipped to
    // the rectangle and the framebuffer.
    const w = Math.min(op.w, this._width - x);
    const h = Math.min(op.h, this._height - y);
    if (isPlanes(decoded)) {
      // A JPEG's planes (image-decode.ts): opaque, converted straight into the back buffer.
      const pw = Math.min(w, decoded.width);
      const ph = Math.min(h, decoded.height);
      if (pw <= 0 || ph <= 0 || x < 0 || y < 0) return;
      yuvToRgba(decoded, this._pixels32, this._width, x, y, pw, ph);
      this._addDamage(x, y, pw, ph);
      return;
    }
    const bitmap = decoded;
    try {
      if (w <= 0 || h <= 0 || x < 0 || y < 0) return;
      const ctx = this._scratchContext(w, h);
      // Start from the current pixels so a PNG with alpha composites over the
      // framebuffer, as wmks's drawImage onto its canvas does. An opaque image
      // that covers the whole area replaces them anyway: skipping this copy
      // takes a full-screen JPEG at 1080p from three 8 MB copies to two.
      if (!op.opaque || bitmap.width < w || bitmap.height < h) {
        ctx.putImageData(this._buffer!, -x, -y, x, y, w, h);
      }
      ctx.drawImage(bitmap, 0, 0);
      const drawn = ctx.getImageData(0, 0, w, h).data;
      const data = this._buffer!.data;
      const row = w * 4;
      const stride = this._width * 4;
      for (let j = 0, s = 0, d = (y * this._width + x) * 4; j < h; j++, s += row, d += stride) {
        data.set(drawn.subarray(s, s + row), d);
      }
      this._addDamage(x, y, w, h);
      // A scratch canvas grown for a big image would keep its pixels for the
      // session's life (a full-screen image: a whole framebuffer more per
      // console, issue 9's memory budget); past SCRATCH_KEEP_PIXELS it is
      // given back at once, and big images (rare) allocate their own.
      if (w * h > SCRATCH_KEEP_PIXELS) this._releaseScratch();
    } finally {
      bitmap.close();
    }
  }

  private _releaseScratch(): void {
    if (!this._scratch) return;
    this._scratch.width = 0;
    this._scratch.height = 0;
  }

  private _scratchContext(
    w: number,
    h: number,
  ): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D {
    if (!this._scratch || !this._scratchCtx) {
      // willReadFrequently keeps the scratch canvas in CPU memory, so the one
      // getImageData per image is a plain copy, not a GPU read-back.
      if (typeof OffscreenCanvas !== 'undefined') {
        const c = new OffscreenCanvas(w, h);
        this._scratchCtx = c.getContext('2d', {willReadFrequently: true}) ?? undefined;
        this._scratch = c;
      } else {
        const c = this._canvas.ownerDocument.createElement('canvas');
        c.width = w;
        c.height = h;
        this._scratchCtx = c.getContext('2d', {willReadFrequently: true}) ?? undefined;
        this._scratch = c;
      }
      if (!this._scratchCtx) throw new ProtocolError('internal', 'no 2d context for images');
    } else if (this._scratch.width < w || this._scratch.height < h) {
      // Grow only (resizing a canvas reallocates and resets its state).
      this._scratch.width = Math.max(this._scratch.width, w);
      this._scratch.height = Math.max(this._scratch.height, h);
    }
    return this._scratchCtx;
  }

  /**
   * Sizes the visible canvas for the framebuffer and display size: downscaled
   * or 1:1. On a change the canvas is reset (black) and fully repainted at the
   * next frame.
   */
  private _updatePresentation(): void {
    const fbW = this._width;
    const fbH = this._height;
    const w = this._displayW;
    const h = this._displayH;
    const down =
      w >= 1 &&
      h >= 1 &&
      fbW > 0 &&
      fbH > 0 &&
      w <= fbW * DOWNSCALE_BELOW &&
      h <= fbH * DOWNSCALE_BELOW;
    const canvasW = down ? w : fbW;
    const canvasH = down ? h : fbH;
    const d = this._down;
    const unchanged = down
      ? d?.w === w && d.h === h && d.fbW === fbW && d.fbH === fbH
      : !d && this._canvas.width === fbW && this._canvas.height === fbH;
    if (unchanged) return;
    this._down = down
      ? {
          w,
          h,
          fbW,
          fbH,
          cols: blockEdges(fbW, w),
          rows: blockEdges(fbH, h),
          image: new ImageData(w, h),
        }
      : undefined;
    this._canvas.width = canvasW;
    this._canvas.height = canvasH;
    // Resizing resets the canvas; paint it black explicitly so what is shown
    // (and read back) matches the cleared framebuffer until the next frame.
    this._ctx.fillStyle = '#000';
    this._ctx.fillRect(0, 0, canvasW, canvasH);
    if (this._buffer) {
      this._damage = [{x: 0, y: 0, w: fbW, h: fbH}];
      // A mid-update buffer is shown at the next commit, as always.
      this._presentWanted = true;
      if (!this._frameId) this._frameId = this._scheduler.request(() => this._onFrame());
    }
  }

  private _clipOk(x: number, y: number, w: number, h: number): boolean {
    // The core bounds-checks every rectangle; this only guards against a
    // caller bug turning into writes on the wrong row.
    return w > 0 && h > 0 && x >= 0 && y >= 0 && x + w <= this._width && y + h <= this._height;
  }

  // ---- damage and presentation --------------------------------------------------

  private _addDamage(x: number, y: number, w: number, h: number): void {
    const d = this._damage;
    if (d.length === 1 && d[0]!.w === this._width && d[0]!.h === this._height) return;
    if (d.length < MAX_DAMAGE_RECTS) {
      d.push({x, y, w, h});
      return;
    }
    let x0 = x;
    let y0 = y;
    let x1 = x + w;
    let y1 = y + h;
    for (const r of d) {
      x0 = Math.min(x0, r.x);
      y0 = Math.min(y0, r.y);
      x1 = Math.max(x1, r.x + r.w);
      y1 = Math.max(y1, r.y + r.h);
    }
    this._damage = [{x: x0, y: y0, w: x1 - x0, h: y1 - y0}];
  }

  private _applyCommit(): void {
    this._uncommitted = false;
    if (this._damage.length === 0) return;
    this._presentWanted = true;
    if (!this._frameId) this._frameId = this._scheduler.request(() => this._onFrame());
  }

  private _onFrame(): void {
    this._frameId = 0;
    if (this._disposed || !this._presentWanted) return;
    // Mid-update (the next update's rectangles are partly applied, e.g. waiting
    // for an image): showing now would tear. The next commit asks again.
    if (this._uncommitted) return;
    this._presentWanted = false;
    const buffer = this._buffer;
    const damage = this._damage;
    this._damage = [];
    if (!buffer) return;
    const down = this._down;
    if (!down) {
      for (const r of damage) this._ctx.putImageData(buffer, 0, 0, r.x, r.y, r.w, r.h);
      return;
    }
    for (const r of damage) {
      const [x0, x1] = destRange(down.cols, r.x, r.x + r.w);
      const [y0, y1] = destRange(down.rows, r.y, r.y + r.h);
      downscaleRegion(
        buffer.data,
        this._width,
        down.cols,
        down.rows,
        down.image.data,
        down.w,
        x0,
        y0,
        x1,
        y1,
      );
      this._ctx.putImageData(down.image, 0, 0, x0, y0, x1 - x0, y1 - y0);
    }
  }
}

/** Releases a decoded image's resources (a bitmap's; planes are plain memory). */
function closeImage(image: DecodedImage | undefined): void {
  if (image && !isPlanes(image)) image.close();
}
