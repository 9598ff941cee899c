/**
 * The guest cursor as a CSS `cursor` value (webmks-protocol.md §3.3.7, §3.3.8,
 * §5.3): VMWDefineCursor shapes become `url("blob:…") hotX hotY, default`,
 * VMWCursorState "hidden" becomes `none`. Not a renderer of its own: the
 * element applies the value with `style.setProperty('cursor', …)`.
 *
 * Why blob: URLs: wmks builds a `data:image/x-icon` URL, which a strict CSP
 * blocks unless `img-src data:` (robustness.md §3). A PNG made by the canvas
 * and handed out as an object URL needs only `img-src blob:`, and no string
 * ever becomes markup.
 *
 * Browsers ignore cursor images above 128×128 (Chromium) and then show the
 * `default` fallback that every value here ends with.
 */
import type {CursorImage} from '../decoders/frame-sink.js';

/** What the element applies: a CSS `cursor` value, or null for "use your default". */
export type CursorCss = {css: string} | null;

/** Encodes a straight-RGBA cursor as a PNG blob (the canvas does the encoding). */
export async function cursorToPngBlob(cursor: CursorImage): Promise<Blob> {
  const {width, height} = cursor;
  // ImageData takes straight (non-premultiplied) RGBA, which is what the core hands us.
  const data = new ImageData(new Uint8ClampedArray(cursor.rgba), width, height);
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context for the cursor');
    ctx.putImageData(data, 0, 0);
    return canvas.convertToBlob({type: 'image/png'});
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context for the cursor');
  ctx.putImageData(data, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('cursor encoding failed'))),
      'image/png',
    ),
  );
}

/** True when every pixel is fully transparent (the server's "no cursor", §3.3.7). */
export function isInvisibleCursor(cursor: CursorImage): boolean {
  const a = cursor.rgba;
  for (let i = 3; i < a.length; i += 4) if (a[i] !== 0) return false;
  return true;
}

/** The CSS value for a cursor already encoded at `url`. */
export function cursorCssValue(url: string, hotX: number, hotY: number): string {
  // Blob URLs contain no quotes or parentheses, so quoting is enough.
  return `url("${url}") ${hotX} ${hotY}, default`;
}

/**
 * Keeps the cursor shape and visibility and reports the CSS value whenever it
 * changes. Shapes are encoded asynchronously; a shape that a newer one
 * replaced while encoding is dropped, and each object URL is revoked once a
 * newer value replaces it, so at most one URL is alive.
 */
export class CursorStyler {
  private _visible = true;
  /** undefined: no shape received yet (the element keeps its default cursor). */
  private _shapeCss: string | undefined;
  private _url: string | undefined;
  private _generation = 0;
  private _lastEmitted: string | null = null;
  private _disposed = false;
  private _pending: Promise<void> = Promise.resolve();

  constructor(private readonly _onCursor: (cursor: CursorCss) => void) {}

  /** A new shape; null = no shape (hidden), as FrameSink.setCursor defines it. */
  setShape(cursor: CursorImage | null): void {
    if (this._disposed) return;
    const generation = ++this._generation;
    if (cursor === null || cursor.width <= 0 || cursor.height <= 0 || isInvisibleCursor(cursor)) {
      this._replaceUrl(undefined);
      this._shapeCss = 'none';
      this._emit();
      return;
    }
    // Keep our own copy: the caller's bytes may be reused after this call.
    const copy: CursorImage = {...cursor, rgba: cursor.rgba.slice()};
    const hotX = clamp(copy.hotX, 0, copy.width - 1);
    const hotY = clamp(copy.hotY, 0, copy.height - 1);
    this._pending = cursorToPngBlob(copy).then(
      (blob) => {
        if (this._disposed || generation !== this._generation) return;
        const url = URL.createObjectURL(blob);
        this._shapeCss = cursorCssValue(url, hotX, hotY);
        this._emit();
        this._replaceUrl(url);
      },
      () => {
        // Encoding a cursor is cosmetic: fall back to the page's arrow.
        if (this._disposed || generation !== this._generation) return;
        this._replaceUrl(undefined);
        this._shapeCss = 'default';
        this._emit();
      },
    );
  }

  /** VMWCursorState visibility (§3.3.8). */
  setVisible(visible: boolean): void {
    if (this._disposed) return;
    this._visible = visible;
    this._emit();
  }

  /** Resolves when the latest shape has been encoded and reported (for tests). */
  settled(): Promise<void> {
    return this._pending;
  }

  /** Revokes the URL and tells the element to drop the value if it had one. */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    this._generation++;
    this._replaceUrl(undefined);
    if (this._lastEmitted !== null) this._onCursor(null);
    this._lastEmitted = null;
  }

  private _emit(): void {
    let css: string | null;
    if (!this._visible) css = 'none';
    else css = this._shapeCss ?? (this._lastEmitted === null ? null : 'default');
    if (css === this._lastEmitted) return;
    this._lastEmitted = css;
    this._onCursor(css === null ? null : {css});
  }

  private _replaceUrl(url: string | undefined): void {
    // Revoke after the new value has been reported, so the old cursor is never
    // shown through a revoked URL.
    if (this._url !== undefined && this._url !== url) URL.revokeObjectURL(this._url);
    this._url = url;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
