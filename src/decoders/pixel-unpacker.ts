/**
 * Pixel conversion shared by the plain-VNC decoders: PIXEL (RFC 6143 §7.4),
 * ZRLE's CPIXEL and Tight's TPIXEL (rfbproto "ZRLE" and "Tight Encoding"),
 * all to the opaque RGBA the FrameSink takes. Plus a grow-only scratch buffer
 * and packing of one RGBA pixel into a native-endian 32-bit word, so fills and
 * palettes are one store per pixel.
 *
 * Fast paths: canvas order (what we ask plain servers for) is a block copy
 * then alpha; 3-byte units with 8-bit byte-aligned channels are a byte
 * shuffle. Everything else goes through pixel-format.ts toRgba(), the one
 * definition of how a server pixel becomes RGBA.
 */
import {toRgba, type PixelFormat} from '../protocol/pixel-format.js';

/** True on little-endian hosts (all current browsers); decides word packing. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([0x01020304]).buffer)[0] === 0x04;

/** An opaque RGBA pixel as the Uint32 word whose bytes in memory are R,G,B,255. */
export function packRgb(r: number, g: number, b: number): number {
  return LITTLE_ENDIAN
    ? (0xff000000 | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | 0xff) >>> 0;
}

export function redOf(word: number): number {
  return LITTLE_ENDIAN ? word & 0xff : word >>> 24;
}
export function greenOf(word: number): number {
  return LITTLE_ENDIAN ? (word >>> 8) & 0xff : (word >>> 16) & 0xff;
}
export function blueOf(word: number): number {
  return LITTLE_ENDIAN ? (word >>> 16) & 0xff : (word >>> 8) & 0xff;
}

/** Which wire unit: RFB PIXEL, ZRLE CPIXEL or Tight TPIXEL. */
export type PixelUnit = 'pixel' | 'cpixel' | 'tpixel';

const MODE_FORMAT = 0; // whole PIXEL: toRgba (which has the canvas-order fast path)
const MODE_BYTES3 = 1; // 3 bytes, 8-bit channels at ri/gi/bi
const MODE_EXPAND3 = 2; // 3 of a pixel's 4 bytes: widen, then toRgba

/**
 * Converts one kind of wire unit of one pixel format. Decoders keep one per
 * unit kind and rebuild it only when the pixel format object changes.
 */
export class PixelUnpacker {
  readonly pf: PixelFormat;
  readonly unit: PixelUnit;
  /** Bytes per unit on the wire. */
  readonly size: number;
  /**
   * Byte offsets of red, green and blue inside a 3-byte unit whose channels
   * are 8 bits and byte-aligned (then `bytes3` is true), so hot loops can
   * read them inline. -1 otherwise.
   */
  readonly ri: number;
  readonly gi: number;
  readonly bi: number;
  readonly bytes3: boolean;
  private readonly _mode: number;
  /** MODE_EXPAND3: where the 3 wire bytes sit in the 4-byte pixel (0 or 1). */
  private readonly _expandAt: number;
  private _wide = new Uint8Array(0);
  private readonly _one = new Uint8Array(4);
  private readonly _oneWord = new Uint32Array(this._one.buffer);

  constructor(pf: PixelFormat, unit: PixelUnit) {
    // A copy: the unpacker must not change if the caller's object is edited in place.
    this.pf = {...pf};
    this.unit = unit;
    const bpp = pf.bitsPerPixel >> 3;
    let size = bpp;
    let mode = MODE_FORMAT;
    let expandAt = 0;
    let offsets: [number, number, number] | undefined;
    if (unit === 'tpixel' && isTight888(pf)) {
      // rfbproto Tight: a 3-byte TPIXEL is always red, green, blue.
      size = 3;
      mode = MODE_BYTES3;
      offsets = [0, 1, 2];
    } else if (unit === 'cpixel' && pf.trueColour && pf.bitsPerPixel === 32 && pf.depth <= 24) {
      // rfbproto ZRLE: the 3 bytes that hold all colour bits, the least
      // significant ones by convention when both would do.
      const maxPixel =
        pf.redMax * 2 ** pf.redShift +
        pf.greenMax * 2 ** pf.greenShift +
        pf.blueMax * 2 ** pf.blueShift;
      const fitsLow = maxPixel < 0x1000000;
      const fitsHigh = maxPixel % 256 === 0;
      if (fitsLow || fitsHigh) {
        size = 3;
        // In memory, a little-endian pixel keeps its low 3 bytes at 0..2; a
        // big-endian one at 1..3 (TigerVNC ZRLEDecoder readOpaque24A/B).
        expandAt = fitsLow === !pf.bigEndian ? 0 : 1;
        const inPixel = byteOffsets(pf);
        if (inPixel) {
          offsets = [inPixel[0] - expandAt, inPixel[1] - expandAt, inPixel[2] - expandAt];
          mode = MODE_BYTES3;
        } else {
          mode = MODE_EXPAND3;
        }
      }
    }
    this.size = size;
    this._mode = mode;
    this._expandAt = expandAt;
    this.bytes3 = mode === MODE_BYTES3;
    this.ri = offsets ? offsets[0] : -1;
    this.gi = offsets ? offsets[1] : -1;
    this.bi = offsets ? offsets[2] : -1;
  }

  /** Converts `count` units at `src[s]` to opaque RGBA at `dst[d]`. */
  toRgba(src: Uint8Array, s: number, dst: Uint8Array, d: number, count: number): void {
    switch (this._mode) {
      case MODE_BYTES3: {
        const ri = this.ri;
        const gi = this.gi;
        const bi = this.bi;
        const end = s + count * 3;
        for (let i = s, o = d; i < end; i += 3, o += 4) {
          dst[o] = src[i + ri]!;
          dst[o + 1] = src[i + gi]!;
          dst[o + 2] = src[i + bi]!;
          dst[o + 3] = 255;
        }
        return;
      }
      case MODE_EXPAND3: {
        if (this._wide.length < count * 4) this._wide = new Uint8Array(count * 4);
        const wide = this._wide;
        const at = this._expandAt;
        wide.fill(0, 0, count * 4);
        for (let i = 0, j = s, o = at; i < count; i++, j += 3, o += 4) {
          wide[o] = src[j]!;
          wide[o + 1] = src[j + 1]!;
          wide[o + 2] = src[j + 2]!;
        }
        toRgba(this.pf, wide, 0, dst, d, count);
        return;
      }
      default:
        toRgba(this.pf, src, s, dst, d, count);
    }
  }

  /** True when this unpacker was built for (a format equal to) `pf`. */
  matches(pf: PixelFormat): boolean {
    const a = this.pf;
    return (
      a.bitsPerPixel === pf.bitsPerPixel &&
      a.depth === pf.depth &&
      a.bigEndian === pf.bigEndian &&
      a.trueColour === pf.trueColour &&
      a.redMax === pf.redMax &&
      a.greenMax === pf.greenMax &&
      a.blueMax === pf.blueMax &&
      a.redShift === pf.redShift &&
      a.greenShift === pf.greenShift &&
      a.blueShift === pf.blueShift
    );
  }

  /** One unit at `src[s]` as a packed RGBA word (see packRgb). */
  pack(src: Uint8Array, s: number): number {
    if (this._mode === MODE_BYTES3) {
      return packRgb(src[s + this.ri]!, src[s + this.gi]!, src[s + this.bi]!);
    }
    this.toRgba(src, s, this._one, 0, 1);
    return this._oneWord[0]!;
  }
}

/**
 * The unpacker for `pf`: `current` if it still fits (decoders call this once
 * per decode, so a SetPixelFormat between rectangles takes effect), else a new one.
 */
export function unpackerFor(
  current: PixelUnpacker | undefined,
  pf: PixelFormat,
  unit: PixelUnit,
): PixelUnpacker {
  return current?.matches(pf) ? current : new PixelUnpacker(pf, unit);
}

/** Tight's 3-byte TPIXEL condition (rfbproto): 32 bpp, depth 24, 8-bit channels. */
export function isTight888(pf: PixelFormat): boolean {
  return (
    pf.trueColour &&
    pf.bitsPerPixel === 32 &&
    pf.depth === 24 &&
    pf.redMax === 255 &&
    pf.greenMax === 255 &&
    pf.blueMax === 255
  );
}

/** Memory offsets of R, G, B in a 32 bpp pixel with byte-aligned 8-bit channels, else undefined. */
function byteOffsets(pf: PixelFormat): [number, number, number] | undefined {
  const out: number[] = [];
  for (const [max, shift] of [
    [pf.redMax, pf.redShift],
    [pf.greenMax, pf.greenShift],
    [pf.blueMax, pf.blueShift],
  ] as const) {
    if (max !== 255 || shift % 8 !== 0 || shift > 24) return undefined;
    out.push(pf.bigEndian ? 3 - shift / 8 : shift / 8);
  }
  return [out[0]!, out[1]!, out[2]!];
}

/**
 * A grow-only scratch buffer with a Uint32 view on the same memory, reused
 * across rectangles (grown, never reallocated per rectangle).
 */
export class Scratch {
  bytes = new Uint8Array(0);
  words = new Uint32Array(0);

  /** Makes room for at least `n` bytes, keeping the first `keep` bytes if it has to grow. */
  ensure(n: number, keep = 0): Uint8Array {
    if (this.bytes.length < n) {
      const size = (Math.max(n, Math.floor(this.bytes.length * 1.5)) + 3) & ~3;
      const next = new Uint8Array(size);
      if (keep > 0) next.set(this.bytes.subarray(0, keep));
      this.bytes = next;
      this.words = new Uint32Array(next.buffer);
    }
    return this.bytes;
  }
}
