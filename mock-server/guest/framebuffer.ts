/**
 * The synthetic guest's screen: an RGBA framebuffer (R, G, B, 255 per pixel)
 * with the few drawing operations the guest needs, and the conversions the
 * encoders need (RGB for PNG, B,G,R,X for Raw, RGBA for JPEG).
 */

/** A packed pixel as it lies in memory (R, G, B, A bytes) read as a native U32. */
export type Color = number;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export function rgb(r: number, g: number, b: number): Color {
  return LITTLE_ENDIAN
    ? ((0xff << 24) | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | 0xff) >>> 0;
}

export function colorChannels(c: Color): [number, number, number] {
  return LITTLE_ENDIAN
    ? [c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff]
    : [(c >>> 24) & 0xff, (c >>> 16) & 0xff, (c >>> 8) & 0xff];
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export class Framebuffer {
  width = 0;
  height = 0;
  /** R, G, B, A bytes, rows top to bottom. */
  data = new Uint8Array(0);
  private px = new Uint32Array(0);

  constructor(width: number, height: number) {
    this.resize(width, height);
  }

  /** New size; contents become black. */
  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.px = new Uint32Array(width * height);
    this.px.fill(rgb(0, 0, 0));
    this.data = new Uint8Array(this.px.buffer);
  }

  /** Clips a rectangle to the framebuffer; undefined if nothing is left. */
  clip(r: Rect): Rect | undefined {
    const x0 = Math.max(0, r.x);
    const y0 = Math.max(0, r.y);
    const x1 = Math.min(this.width, r.x + r.w);
    const y1 = Math.min(this.height, r.y + r.h);
    if (x1 <= x0 || y1 <= y0) return undefined;
    return {x: x0, y: y0, w: x1 - x0, h: y1 - y0};
  }

  fill(x: number, y: number, w: number, h: number, color: Color): void {
    const c = this.clip({x, y, w, h});
    if (!c) return;
    for (let row = c.y; row < c.y + c.h; row++) {
      const o = row * this.width + c.x;
      this.px.fill(color, o, o + c.w);
    }
  }

  setPixel(x: number, y: number, color: Color): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.px[y * this.width + x] = color;
  }

  getPixel(x: number, y: number): Color {
    return this.px[y * this.width + x]!;
  }

  /**
   * Copies a block with read-all-then-write semantics (the CopyRect rule,
   * §3.3.2/§12.12): rows are walked away from the overlap and each row uses
   * copyWithin (memmove).
   */
  copy(srcX: number, srcY: number, w: number, h: number, dstX: number, dstY: number): void {
    const W = this.width;
    const rowCopy = (row: number) => {
      const s = (srcY + row) * W + srcX;
      this.px.copyWithin((dstY + row) * W + dstX, s, s + w);
    };
    if (dstY > srcY) for (let row = h - 1; row >= 0; row--) rowCopy(row);
    else for (let row = 0; row < h; row++) rowCopy(row);
  }

  /** Writes RGBA pixels (`w*h*4`) at (x, y); the rectangle must be inside. */
  putRgba(x: number, y: number, w: number, h: number, rgba: Uint8Array): void {
    for (let row = 0; row < h; row++) {
      this.data.set(
        rgba.subarray(row * w * 4, (row + 1) * w * 4),
        ((y + row) * this.width + x) * 4,
      );
    }
  }

  /** The single colour of a rectangle, or undefined if it has more than one. */
  solidColor(x: number, y: number, w: number, h: number): Color | undefined {
    const first = this.px[y * this.width + x]!;
    for (let row = y; row < y + h; row++) {
      const o = row * this.width + x;
      for (let i = o; i < o + w; i++) if (this.px[i] !== first) return undefined;
    }
    return first;
  }

  /** R, G, B bytes of a rectangle (PNG input). */
  rgbOf(x: number, y: number, w: number, h: number): Uint8Array {
    const out = new Uint8Array(w * h * 3);
    const d = this.data;
    let o = 0;
    for (let row = y; row < y + h; row++) {
      let i = (row * this.width + x) * 4;
      for (let col = 0; col < w; col++, i += 4) {
        out[o++] = d[i]!;
        out[o++] = d[i + 1]!;
        out[o++] = d[i + 2]!;
      }
    }
    return out;
  }

  /** B, G, R, 0 bytes of a rectangle (Raw in ESXi's pixel format, §3.3.1). */
  bgrxOf(x: number, y: number, w: number, h: number): Uint8Array {
    const out = new Uint8Array(w * h * 4);
    const d = this.data;
    let o = 0;
    for (let row = y; row < y + h; row++) {
      let i = (row * this.width + x) * 4;
      for (let col = 0; col < w; col++, i += 4, o += 4) {
        out[o] = d[i + 2]!;
        out[o + 1] = d[i + 1]!;
        out[o + 2] = d[i]!;
      }
    }
    return out;
  }

  /** R, G, B, A bytes of a rectangle (JPEG input). */
  rgbaOf(x: number, y: number, w: number, h: number): Uint8Array {
    const out = new Uint8Array(w * h * 4);
    for (let row = 0; row < h; row++) {
      const s = ((y + row) * this.width + x) * 4;
      out.set(this.data.subarray(s, s + w * 4), row * w * 4);
    }
    return out;
  }
}
