/**
 * The output port every decoder draws into (design.md 3.3). render/ implements
 * it on a canvas; tests implement it with a plain RGBA array. Coordinates are
 * framebuffer pixels; every call is already bounds-checked by the core.
 *
 * Ordering: calls arrive in stream order, and the sink must apply them in that
 * order, including putImage (which the browser decodes asynchronously).
 */

/** A cursor image, straight (non-premultiplied) RGBA, `width*height*4` bytes. */
export interface CursorImage {
  width: number;
  height: number;
  hotX: number;
  hotY: number;
  rgba: Uint8Array;
}

export type ImageMime = 'image/jpeg' | 'image/png';

export interface FrameSink {
  /** The framebuffer is now `width`×`height`; content is undefined (cleared to black). */
  resize(width: number, height: number): void;
  /** Fill with an opaque colour. */
  fillRect(x: number, y: number, w: number, h: number, r: number, g: number, b: number): void;
  /** Copy a block; source and destination may overlap (read-all-then-write). */
  copyRect(sx: number, sy: number, x: number, y: number, w: number, h: number): void;
  /**
   * Opaque RGBA pixels, `w*h*4` bytes, rows packed. The view may alias a
   * scratch or receive buffer: it is valid only during this call, so a sink
   * that queues the operation must copy it.
   */
  putPixels(x: number, y: number, w: number, h: number, rgba: Uint8Array): void;
  /**
   * A compressed image whose top-left goes at (x, y) and whose size the core
   * has checked against w×h. `bytes` is valid only during this call.
   */
  putImage(x: number, y: number, w: number, h: number, mime: ImageMime, bytes: Uint8Array): void;
  /** A new cursor shape, or null for "no cursor shape" (hidden). */
  setCursor(cursor: CursorImage | null): void;
  /** VMWCursorState visibility. */
  setCursorVisible(visible: boolean): void;
  /** End of one FramebufferUpdate: present once per frame. */
  commit(): void;
}
