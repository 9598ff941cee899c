/**
 * Server-side RFB / WebMKS bytes for tests, written from the spec
 * (RFC 6143, webmks-protocol.md) and independent of src/protocol, so an
 * encoder and a decoder cannot share a misunderstanding (design.md 3.6).
 * DOM-free.
 */

/** Pixel colour, 0-255 per channel. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

class Bytes {
  private _a: number[] = [];
  u8(v: number): this {
    this._a.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  s32(v: number): this {
    return this.u32(v >>> 0);
  }
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this._a.push(bytes[i]! & 0xff);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this._a);
  }
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Encoding numbers used here (webmks-protocol.md §3.3). */
export const ENC = {
  raw: 0,
  copyRect: 1,
  tightPng: -260,
  desktopSize: -223,
  vmwLedState: 0x574d5668,
  vmwCursorState: 0x574d5665,
} as const;

/** "RFB 003.008\n": a message of its own, as ESXi sends it (§12.1). */
export function version(): Uint8Array {
  return Uint8Array.from(ascii('RFB 003.008\n'));
}

/** Security types list (RFB 3.8): count then types. */
export function securityTypes(types: readonly number[] = [1]): Uint8Array {
  return new Bytes().u8(types.length).raw(types).done();
}

/** SecurityResult: 0 OK. */
export function securityResult(ok = true): Uint8Array {
  return new Bytes().u32(ok ? 0 : 1).done();
}

/**
 * ServerInit with ESXi's pixel format: 32 bpp, depth 24, little-endian,
 * true colour, red shift 16, green 8, blue 0, i.e. B,G,R,X in memory (§2.3).
 */
export function serverInit(width: number, height: number, name: string): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  return new Bytes()
    .u16(width)
    .u16(height)
    .u8(32)
    .u8(24)
    .u8(0)
    .u8(1)
    .u16(255)
    .u16(255)
    .u16(255)
    .u8(16)
    .u8(8)
    .u8(0)
    .raw([0, 0, 0])
    .u32(nameBytes.length)
    .raw(nameBytes)
    .done();
}

/** The whole mode-A handshake from the server side, as separate messages. */
export function handshake(width: number, height: number, name: string): Uint8Array[] {
  return [version(), securityTypes([1]), securityResult(true), serverInit(width, height, name)];
}

/** VMware ServerCaps (127/0, length 8). */
export function serverCaps(caps: number): Uint8Array {
  return new Bytes().u8(127).u8(0).u16(8).u32(caps).done();
}

/** One rectangle of a FramebufferUpdate: header plus payload. */
export interface RectBytes {
  x: number;
  y: number;
  w: number;
  h: number;
  encoding: number;
  payload: Uint8Array;
}

/** FramebufferUpdate: type 0, update id in the padding byte (§3.2). */
export function framebufferUpdate(rects: readonly RectBytes[], updateId = 0): Uint8Array {
  const b = new Bytes().u8(0).u8(updateId).u16(rects.length);
  for (const r of rects) b.u16(r.x).u16(r.y).u16(r.w).u16(r.h).s32(r.encoding).raw(r.payload);
  return b.done();
}

/** Raw rectangle from a colour function, written as B,G,R,X (§3.3.1). */
export function rawRect(
  x: number,
  y: number,
  w: number,
  h: number,
  colour: (px: number, py: number) => Rgb,
): RectBytes {
  const payload = new Uint8Array(w * h * 4);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const c = colour(x + i, y + j);
      const o = (j * w + i) * 4;
      payload[o] = c.b;
      payload[o + 1] = c.g;
      payload[o + 2] = c.r;
      payload[o + 3] = 0xee; // ignored padding byte: must not leak into alpha
    }
  }
  return {x, y, w, h, encoding: ENC.raw, payload};
}

/** CopyRect: copy w×h from (sx, sy) to (x, y) (§3.3.2). */
export function copyRect(
  x: number,
  y: number,
  w: number,
  h: number,
  sx: number,
  sy: number,
): RectBytes {
  return {x, y, w, h, encoding: ENC.copyRect, payload: new Bytes().u16(sx).u16(sy).done()};
}

/** Tight compact length: 7 bits per byte, high bit = more (§3.3.3). */
export function compactLength(n: number): number[] {
  const out = [n & 0x7f];
  if (n > 0x7f) {
    out[0]! |= 0x80;
    out.push((n >> 7) & 0x7f);
    if (n > 0x3fff) {
      out[1]! |= 0x80;
      out.push((n >> 14) & 0xff);
    }
  }
  return out;
}

/** TightPNG fill: control 0x80, then R, G, B (§3.3.3). */
export function tightPngFill(x: number, y: number, w: number, h: number, c: Rgb): RectBytes {
  return {x, y, w, h, encoding: ENC.tightPng, payload: Uint8Array.from([0x80, c.r, c.g, c.b])};
}

/** TightPNG PNG: control 0xA0, compact length, PNG file (§3.3.3). */
export function tightPngImage(
  x: number,
  y: number,
  w: number,
  h: number,
  png: Uint8Array,
): RectBytes {
  const payload = new Bytes().u8(0xa0).raw(compactLength(png.length)).raw(png).done();
  return {x, y, w, h, encoding: ENC.tightPng, payload};
}

/** DesktopSize pseudo-rectangle (§3.3.6). */
export function desktopSize(w: number, h: number): RectBytes {
  return {x: 0, y: 0, w, h, encoding: ENC.desktopSize, payload: new Uint8Array(0)};
}

/** VMWLEDState: U32 mask, bit 0 Scroll, 1 Num, 2 Caps (§3.3.11, §12.15). */
export function ledState(leds: {scroll?: boolean; num?: boolean; caps?: boolean}): RectBytes {
  const mask = (leds.scroll ? 1 : 0) | (leds.num ? 2 : 0) | (leds.caps ? 4 : 0);
  return {x: 0, y: 0, w: 0, h: 0, encoding: ENC.vmwLedState, payload: new Bytes().u32(mask).done()};
}

/** Bell (type 2). */
export function bell(): Uint8Array {
  return Uint8Array.of(2);
}

/** ServerCutText (type 3), UTF-8 text (§3.1). */
export function serverCutText(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  return new Bytes().u8(3).raw([0, 0, 0]).u32(bytes.length).raw(bytes).done();
}
