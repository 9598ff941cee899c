/**
 * Independent test-side encoders for the plain-VNC encodings, written from
 * RFC 6143 §7.7 and rfbproto, never by calling a decoder. zlib comes from
 * node:zlib (not fflate, which the decoders use), so encoder and decoder do
 * not share a zlib either.
 */
import zlib from 'node:zlib';
import type {PixelFormat} from '../../../../../src/protocol/pixel-format.js';

export type Rgb = readonly [number, number, number];
export type Part = number | readonly number[] | Uint8Array;

/** Concatenates bytes, byte arrays and Uint8Arrays. */
export function bytes(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p & 0xff);
    else for (const b of p) out.push(b & 0xff);
  }
  return Uint8Array.from(out);
}

export function u16(v: number): number[] {
  return [(v >>> 8) & 0xff, v & 0xff];
}
export function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

// ---------------------------------------------------------------- pixels

export const RGBX_LE: PixelFormat = fmt(32, 24, false, 255, 255, 255, 0, 8, 16);
export const BGRX_LE: PixelFormat = fmt(32, 24, false, 255, 255, 255, 16, 8, 0);
/** Big-endian 0RGB: bytes X,R,G,B. */
export const XRGB_BE: PixelFormat = fmt(32, 24, true, 255, 255, 255, 16, 8, 0);
/** Colour bits in the high 3 bytes (ZRLE CPIXEL takes bytes 1..3 in memory). */
export const RGB_HIGH_LE: PixelFormat = fmt(32, 24, false, 255, 255, 255, 24, 16, 8);
export const RGB565_LE: PixelFormat = fmt(16, 16, false, 31, 63, 31, 11, 5, 0);
export const RGB565_BE: PixelFormat = fmt(16, 16, true, 31, 63, 31, 11, 5, 0);
export const BGR233: PixelFormat = fmt(8, 8, false, 7, 7, 3, 0, 3, 6);
/** 32 bpp with 10-bit channels: not Tight's 888, so TPIXELs are 4 bytes. */
export const RGB30_LE: PixelFormat = fmt(32, 30, false, 1023, 1023, 1023, 20, 10, 0);

export function fmt(
  bitsPerPixel: number,
  depth: number,
  bigEndian: boolean,
  redMax: number,
  greenMax: number,
  blueMax: number,
  redShift: number,
  greenShift: number,
  blueShift: number,
): PixelFormat {
  return {
    bitsPerPixel,
    depth,
    bigEndian,
    trueColour: true,
    redMax,
    greenMax,
    blueMax,
    redShift,
    greenShift,
    blueShift,
  };
}

function quantise(v: number, max: number): number {
  return Math.round((v * max) / 255);
}

/** The pixel value for an 8-bit colour, quantised to the format's channels. */
export function pixelValue(pf: PixelFormat, [r, g, b]: Rgb): number {
  return (
    quantise(r, pf.redMax) * 2 ** pf.redShift +
    quantise(g, pf.greenMax) * 2 ** pf.greenShift +
    quantise(b, pf.blueMax) * 2 ** pf.blueShift
  );
}

/** What a correct decoder shows for `rgb` sent in `pf` (quantised, then scaled back). */
export function shown(pf: PixelFormat, [r, g, b]: Rgb): [number, number, number] {
  const back = (v: number, max: number): number => Math.round((quantise(v, max) * 255) / max);
  return [back(r, pf.redMax), back(g, pf.greenMax), back(b, pf.blueMax)];
}

/** A PIXEL on the wire (RFC 6143 §7.4). */
export function pixel(pf: PixelFormat, rgb: Rgb): number[] {
  const v = pixelValue(pf, rgb);
  const n = pf.bitsPerPixel / 8;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const byte = Math.floor(v / 2 ** (8 * i)) & 0xff; // value byte i, least significant first
    out.push(byte);
  }
  return pf.bigEndian ? out.reverse() : out;
}

/** A ZRLE CPIXEL (rfbproto): 3 bytes when the colour bits fit in the low or high 3 bytes. */
export function cpixel(pf: PixelFormat, rgb: Rgb): number[] {
  const full = pixel(pf, rgb);
  if (pf.bitsPerPixel !== 32 || pf.depth > 24) return full;
  const maxValue = pixelValue(pf, [255, 255, 255]);
  const low = maxValue < 2 ** 24;
  const high = maxValue % 256 === 0;
  if (!low && !high) return full;
  // Keep the 3 value bytes that matter; in memory order they are the first 3
  // (LE low, BE high) or the last 3 (LE high, BE low).
  const firstThree = low ? !pf.bigEndian : pf.bigEndian;
  return firstThree ? full.slice(0, 3) : full.slice(1);
}

/** A Tight TPIXEL (rfbproto): R,G,B for 32 bpp depth 24 with 8-bit channels. */
export function tpixel(pf: PixelFormat, rgb: Rgb): number[] {
  const is888 =
    pf.bitsPerPixel === 32 &&
    pf.depth === 24 &&
    pf.redMax === 255 &&
    pf.greenMax === 255 &&
    pf.blueMax === 255;
  return is888 ? [rgb[0], rgb[1], rgb[2]] : pixel(pf, rgb);
}

// ---------------------------------------------------------------- zlib

/** One zlib stream holding `data`, ended by a sync flush (no final block), as servers send. */
export function zlibOnce(data: Uint8Array, level = 6): Uint8Array {
  return new Uint8Array(zlib.deflateSync(data, {level, finishFlush: zlib.constants.Z_SYNC_FLUSH}));
}

/** A persistent zlib stream: each push returns the bytes up to a Z_SYNC_FLUSH. */
export class TestDeflater {
  private readonly _z: zlib.Deflate;
  private _out: Buffer[] = [];

  constructor(level = 6) {
    this._z = zlib.createDeflate({level});
    this._z.on('data', (d: Buffer) => this._out.push(d));
  }

  push(data: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve) => {
      this._z.write(data);
      this._z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        const all = Buffer.concat(this._out);
        this._out = [];
        resolve(new Uint8Array(all));
      });
    });
  }

  close(): void {
    this._z.close();
  }
}

// ---------------------------------------------------------------- RRE

export interface SolidRect {
  colour: Rgb;
  x: number;
  y: number;
  w: number;
  h: number;
}

export function rre(pf: PixelFormat, background: Rgb, subrects: readonly SolidRect[]): Uint8Array {
  return bytes(
    u32(subrects.length),
    pixel(pf, background),
    ...subrects.flatMap((s) => [pixel(pf, s.colour), u16(s.x), u16(s.y), u16(s.w), u16(s.h)]),
  );
}

// ---------------------------------------------------------------- Hextile

export const HEX_RAW = 1;
export const HEX_BG = 2;
export const HEX_FG = 4;
export const HEX_ANY = 8;
export const HEX_COLOURED = 16;

export interface HexSubrect {
  colour?: Rgb;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One non-raw Hextile tile (RFC 6143 §7.7.4). */
export function hexTile(
  pf: PixelFormat,
  t: {bg?: Rgb; fg?: Rgb; subrects?: readonly HexSubrect[]; coloured?: boolean},
): Uint8Array {
  let mask = 0;
  if (t.bg) mask |= HEX_BG;
  if (t.fg) mask |= HEX_FG;
  if (t.subrects) mask |= HEX_ANY;
  if (t.coloured) mask |= HEX_COLOURED;
  return bytes(
    mask,
    t.bg ? pixel(pf, t.bg) : [],
    t.fg ? pixel(pf, t.fg) : [],
    t.subrects ? [t.subrects.length] : [],
    ...(t.subrects ?? []).map((s) => [
      ...(t.coloured ? pixel(pf, s.colour!) : []),
      (s.x << 4) | s.y,
      ((s.w - 1) << 4) | (s.h - 1),
    ]),
  );
}

export function hexRawTile(pf: PixelFormat, pixels: readonly Rgb[]): Uint8Array {
  return bytes(HEX_RAW, ...pixels.map((p) => pixel(pf, p)));
}

// ---------------------------------------------------------------- ZRLE

export function zrleRaw(pf: PixelFormat, pixels: readonly Rgb[]): Uint8Array {
  return bytes(0, ...pixels.map((p) => cpixel(pf, p)));
}

export function zrleSolid(pf: PixelFormat, colour: Rgb): Uint8Array {
  return bytes(1, cpixel(pf, colour));
}

/** Packed palette tile (2..16 colours), rows padded to a byte. */
export function zrlePacked(
  pf: PixelFormat,
  palette: readonly Rgb[],
  indices: readonly number[],
  tw: number,
): Uint8Array {
  const n = palette.length;
  const bits = n === 2 ? 1 : n <= 4 ? 2 : 4;
  const packed: number[] = [];
  for (let row = 0; row < indices.length / tw; row++) {
    let byte = 0;
    let used = 0;
    for (let i = 0; i < tw; i++) {
      byte = (byte << bits) | indices[row * tw + i]!;
      used += bits;
      if (used === 8) {
        packed.push(byte);
        byte = 0;
        used = 0;
      }
    }
    if (used > 0) packed.push(byte << (8 - used));
  }
  return bytes(n, ...palette.map((p) => cpixel(pf, p)), packed);
}

/** rfbproto run length: (len-1) as 255s and a final byte below 255. */
export function runLength(len: number): number[] {
  const out: number[] = [];
  let rest = len - 1;
  while (rest >= 255) {
    out.push(255);
    rest -= 255;
  }
  out.push(rest);
  return out;
}

export function zrlePlainRle(pf: PixelFormat, runs: readonly [Rgb, number][]): Uint8Array {
  return bytes(128, ...runs.flatMap(([c, len]) => [cpixel(pf, c), runLength(len)]));
}

/** Palette RLE; runs of 1 are a bare index unless `long` forces the length form. */
export function zrlePaletteRle(
  pf: PixelFormat,
  palette: readonly Rgb[],
  runs: readonly [number, number][],
): Uint8Array {
  return bytes(
    128 + palette.length,
    ...palette.map((p) => cpixel(pf, p)),
    ...runs.map(([index, len]) => (len === 1 ? [index] : [index | 128, ...runLength(len)])),
  );
}

export function withLength(data: Uint8Array): Uint8Array {
  return bytes(u32(data.length), data);
}

// ---------------------------------------------------------------- Tight

/** rfbproto compact length: 7 bits, 7 bits, 8 bits. */
export function compact(n: number): number[] {
  if (n < 128) return [n];
  if (n < 16384) return [(n & 0x7f) | 0x80, n >> 7];
  return [(n & 0x7f) | 0x80, ((n >> 7) & 0x7f) | 0x80, n >> 14];
}

export function tightFill(pf: PixelFormat, colour: Rgb, resets = 0): Uint8Array {
  return bytes(0x80 | resets, tpixel(pf, colour));
}

export function tightJpeg(jpeg: Uint8Array, resets = 0): Uint8Array {
  return bytes(0x90 | resets, compact(jpeg.length), jpeg);
}

/** Basic compression: the filtered data, raw if under 12 bytes, else compact length + `zipped`. */
export function tightData(filtered: Uint8Array, zipped: (d: Uint8Array) => Uint8Array): Uint8Array {
  if (filtered.length < 12) return filtered;
  const z = zipped(filtered);
  return bytes(compact(z.length), z);
}

export function tightControl(stream: number, explicitFilter: boolean, resets = 0): number {
  return ((stream | (explicitFilter ? 4 : 0)) << 4) | resets;
}

/** TPIXELs of `pixels` (the CopyFilter payload). */
export function tightCopyData(pf: PixelFormat, pixels: readonly Rgb[]): Uint8Array {
  return bytes(...pixels.map((p) => tpixel(pf, p)));
}

/** Palette filter header (filter id excluded): count-1 and the TPIXELs. */
export function tightPaletteHeader(pf: PixelFormat, palette: readonly Rgb[]): Uint8Array {
  return bytes(palette.length - 1, ...palette.map((p) => tpixel(pf, p)));
}

/** Palette indices: 1 bit per pixel with rows padded for <= 2 colours, else 1 byte. */
export function tightIndices(colours: number, indices: readonly number[], w: number): Uint8Array {
  if (colours > 2) return Uint8Array.from(indices);
  const out: number[] = [];
  for (let row = 0; row < indices.length / w; row++) {
    for (let x = 0; x < w; x += 8) {
      let byte = 0;
      for (let b = 0; b < 8; b++) byte |= (x + b < w ? indices[row * w + x + b]! : 0) << (7 - b);
      out.push(byte);
    }
  }
  return Uint8Array.from(out);
}

/**
 * GradientFilter (rfbproto): per component, value minus the prediction
 * left + above - above-left clamped to [0, max], modulo max+1. `values` are
 * per-pixel component triples at the format's own precision.
 */
export function gradientDiffs(
  values: readonly (readonly [number, number, number])[],
  w: number,
  max: readonly [number, number, number],
): [number, number, number][] {
  const h = values.length / w;
  const at = (x: number, y: number, c: number): number =>
    x < 0 || y < 0 ? 0 : values[y * w + x]![c]!;
  const out: [number, number, number][] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = [0, 0, 0] as [number, number, number];
      for (let c = 0; c < 3; c++) {
        let p = at(x - 1, y, c) + at(x, y - 1, c) - at(x - 1, y - 1, c);
        p = Math.min(Math.max(p, 0), max[c]!);
        d[c] = (at(x, y, c) - p + max[c]! + 1) % (max[c]! + 1);
      }
      out.push(d);
    }
  }
  return out;
}

// ---------------------------------------------------------------- Rich cursor

/** Cursor pseudo-encoding payload: w*h PIXELs, then the mask rows (MSB = leftmost). */
export function cursorPayload(
  pf: PixelFormat,
  pixels: readonly Rgb[],
  mask: readonly boolean[],
  w: number,
): Uint8Array {
  const rows = pixels.length / w;
  const maskBytes: number[] = [];
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < w; x += 8) {
      let byte = 0;
      for (let b = 0; b < 8; b++) if (x + b < w && mask[y * w + x + b]) byte |= 0x80 >> b;
      maskBytes.push(byte);
    }
  }
  return bytes(...pixels.map((p) => pixel(pf, p)), maskBytes);
}

// ---------------------------------------------------------------- reference pictures

/** A w×h RGBA picture for expected results, painted with plain loops. */
export class Picture {
  readonly rgba: Uint8Array;
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.rgba = new Uint8Array(w * h * 4);
    for (let i = 3; i < this.rgba.length; i += 4) this.rgba[i] = 255;
  }
  set(x: number, y: number, [r, g, b]: Rgb): void {
    const o = (y * this.w + x) * 4;
    this.rgba[o] = r;
    this.rgba[o + 1] = g;
    this.rgba[o + 2] = b;
  }
  fill(x: number, y: number, w: number, h: number, rgb: Rgb): void {
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) this.set(i, j, rgb);
  }
  /** The rectangle (x, y, w, h) of this picture as packed RGBA rows. */
  crop(x: number, y: number, w: number, h: number): number[] {
    const out: number[] = [];
    for (let j = y; j < y + h; j++) {
      out.push(...this.rgba.subarray((j * this.w + x) * 4, (j * this.w + x + w) * 4));
    }
    return out;
  }
}

/** Deterministic pseudo-random colours (xorshift), for raw tiles. */
export function noise(n: number, seed = 1): Rgb[] {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s & 0xff;
  };
  const out: Rgb[] = [];
  for (let i = 0; i < n; i++) out.push([next(), next(), next()]);
  return out;
}
