/**
 * RRE (encoding 2, RFC 6143 §7.7.3): a background pixel, then
 * number-of-subrectangles × (PIXEL, U16 x, y, w, h), each a solid fill.
 *
 * Resumable per subrectangle. The count is a server U32, but every
 * subrectangle consumes bpp+8 bytes, so the loop is bounded by the input
 * (robustness.md B12) and nothing is allocated from the count.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {ProtocolError} from '../protocol/errors.js';
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';
import {PixelUnpacker, blueOf, greenOf, redOf, unpackerFor} from './pixel-unpacker.js';

export class RreDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.rre] as const;
  /** Subrectangles still to read; -1 until the header was read. */
  private _remaining = -1;
  private _unpacker: PixelUnpacker | undefined;

  reset(): void {
    this._remaining = -1;
  }

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    const unpacker = (this._unpacker = unpackerFor(this._unpacker, ctx.pixelFormat, 'pixel'));
    const bpp = unpacker.size;
    if (this._remaining < 0) {
      if (!reader.has(4 + bpp)) return false;
      const header = reader.bytes(4 + bpp);
      this._remaining =
        ((header[0]! << 24) | (header[1]! << 16) | (header[2]! << 8) | header[3]!) >>> 0;
      const bg = unpacker.pack(header, 4);
      if (rect.width > 0 && rect.height > 0) {
        sink.fillRect(rect.x, rect.y, rect.width, rect.height, redOf(bg), greenOf(bg), blueOf(bg));
      }
    }
    const unit = bpp + 8;
    while (this._remaining > 0) {
      if (!reader.has(unit)) return false;
      const sub = reader.bytes(unit);
      this._remaining--;
      const colour = unpacker.pack(sub, 0);
      const sx = (sub[bpp]! << 8) | sub[bpp + 1]!;
      const sy = (sub[bpp + 2]! << 8) | sub[bpp + 3]!;
      const sw = (sub[bpp + 4]! << 8) | sub[bpp + 5]!;
      const sh = (sub[bpp + 6]! << 8) | sub[bpp + 7]!;
      if (sx + sw > rect.width || sy + sh > rect.height) {
        throw new ProtocolError('rect-out-of-bounds', 'RRE subrectangle outside its rectangle');
      }
      if (sw > 0 && sh > 0) {
        sink.fillRect(
          rect.x + sx,
          rect.y + sy,
          sw,
          sh,
          redOf(colour),
          greenOf(colour),
          blueOf(colour),
        );
      }
    }
    return true;
  }
}
