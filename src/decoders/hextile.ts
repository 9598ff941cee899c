/**
 * Hextile (encoding 5, RFC 6143 §7.7.4): 16×16 tiles, left to right, top to
 * bottom. Each tile is Raw pixels or a background plus subrectangles; the
 * background and foreground carry over from the previous tile when not
 * specified.
 *
 * Resumable per tile: a tile's length is worked out by peeking (subencoding,
 * optional colours, subrect count) and the tile is consumed only once all of
 * it is buffered. Tiles are drawn into a one-tile-row scratch (rect width ×
 * 16) that goes to the sink in one putPixels per tile row.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {ProtocolError} from '../protocol/errors.js';
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';
import {PixelUnpacker, Scratch, unpackerFor} from './pixel-unpacker.js';

const RAW = 1;
const BACKGROUND_SPECIFIED = 2;
const FOREGROUND_SPECIFIED = 4;
const ANY_SUBRECTS = 8;
const SUBRECTS_COLOURED = 16;
/** Bits 32 and 64 are ZlibHex's (encoding 8), 128 is undefined: not valid in Hextile. */
const UNKNOWN_BITS = 0xe0;

export class HextileDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.hextile] as const;
  private _tx = 0;
  private _ty = 0;
  /** Packed RGBA background/foreground; persist across tiles (and rectangles, as noVNC). */
  private _bg = 0xff000000 >>> 0;
  private _fg = 0xff000000 >>> 0;
  private _unpacker: PixelUnpacker | undefined;
  private readonly _row = new Scratch();

  reset(): void {
    this._tx = 0;
    this._ty = 0;
  }

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    const w = rect.width;
    const h = rect.height;
    if (w === 0 || h === 0) return true;
    const unpacker = (this._unpacker = unpackerFor(this._unpacker, ctx.pixelFormat, 'pixel'));
    const bpp = unpacker.size;
    this._row.ensure(w * 16 * 4);
    while (this._ty < h) {
      const th = Math.min(16, h - this._ty);
      while (this._tx < w) {
        const tw = Math.min(16, w - this._tx);
        if (!reader.has(1)) return false;
        const sub = reader.peekU8();
        if (sub & UNKNOWN_BITS) {
          throw new ProtocolError('bad-subencoding', `Hextile subencoding 0x${sub.toString(16)}`);
        }
        let length: number;
        if (sub & RAW) {
          length = 1 + tw * th * bpp;
        } else {
          length = 1;
          if (sub & BACKGROUND_SPECIFIED) length += bpp;
          if (sub & FOREGROUND_SPECIFIED) length += bpp;
          if (sub & ANY_SUBRECTS) {
            if (!reader.has(length + 1)) return false;
            const count = reader.peekU8(length);
            length += 1 + count * (sub & SUBRECTS_COLOURED ? bpp + 2 : 2);
          }
        }
        if (!reader.has(length)) return false;
        const tile = reader.bytes(length);
        this._drawTile(tile, sub, unpacker, this._tx, tw, th, w);
        this._tx += 16;
      }
      sink.putPixels(rect.x, rect.y + this._ty, w, th, this._row.bytes.subarray(0, w * th * 4));
      this._tx = 0;
      this._ty += 16;
    }
    return true;
  }

  /** Draws one whole tile (its bytes including the subencoding) into the row scratch. */
  private _drawTile(
    tile: Uint8Array,
    sub: number,
    unpacker: PixelUnpacker,
    tx: number,
    tw: number,
    th: number,
    stride: number,
  ): void {
    const bpp = unpacker.size;
    const bytes = this._row.bytes;
    const words = this._row.words;
    if (sub & RAW) {
      for (let j = 0; j < th; j++) {
        unpacker.toRgba(tile, 1 + j * tw * bpp, bytes, (j * stride + tx) * 4, tw);
      }
      return;
    }
    let p = 1;
    if (sub & BACKGROUND_SPECIFIED) {
      this._bg = unpacker.pack(tile, p);
      p += bpp;
    }
    if (sub & FOREGROUND_SPECIFIED) {
      this._fg = unpacker.pack(tile, p);
      p += bpp;
    }
    const bg = this._bg;
    // Plain loops: at 16 pixels a row, TypedArray.fill's call overhead dominates.
    for (let j = 0, o = tx; j < th; j++, o += stride) {
      for (let i = o, end = o + tw; i < end; i++) words[i] = bg;
    }
    if (!(sub & ANY_SUBRECTS)) return;
    const count = tile[p++]!;
    const coloured = (sub & SUBRECTS_COLOURED) !== 0;
    for (let i = 0; i < count; i++) {
      let colour = this._fg;
      if (coloured) {
        colour = unpacker.pack(tile, p);
        p += bpp;
      }
      const xy = tile[p]!;
      const wh = tile[p + 1]!;
      p += 2;
      const sx = xy >> 4;
      const sy = xy & 15;
      const sw = (wh >> 4) + 1;
      const sh = (wh & 15) + 1;
      if (sx + sw > tw || sy + sh > th) {
        throw new ProtocolError('rect-out-of-bounds', 'Hextile subrectangle outside its tile');
      }
      for (let j = sy, o = sy * stride + tx + sx; j < sy + sh; j++, o += stride) {
        for (let i = o, end = o + sw; i < end; i++) words[i] = colour;
      }
    }
  }
}
