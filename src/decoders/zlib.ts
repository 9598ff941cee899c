/**
 * Zlib (encoding 6, rfbproto "zlib Encoding"): U32 length, then zlib data
 * that inflates to the rectangle in Raw encoding. One zlib stream for the
 * whole connection, so every byte of it goes through the same inflater, even
 * for an empty rectangle.
 *
 * Limits (robustness.md B1/B7): the length is checked against what Raw data
 * of this size can compress to at worst (stored blocks add 5 bytes per
 * 65,535) before anything waits on it; the output budget is exactly w·h·bpp.
 * The compressed data is consumed in pieces of up to 64 KiB as they arrive,
 * so a large rectangle never has to fit the receive buffer at once.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {ProtocolError} from '../protocol/errors.js';
import {ChunkedInflate} from './chunked-inflate.js';
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';
import {PixelUnpacker, Scratch, unpackerFor} from './pixel-unpacker.js';

export class ZlibDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.zlib] as const;
  private readonly _zlib = new ChunkedInflate();
  private readonly _rgba = new Scratch();
  private _unpacker: PixelUnpacker | undefined;

  reset(): void {
    this._zlib.reset();
  }

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    const unpacker = (this._unpacker = unpackerFor(this._unpacker, ctx.pixelFormat, 'pixel'));
    const pixels = rect.width * rect.height;
    const expected = pixels * unpacker.size;
    if (!this._zlib.started) {
      if (!reader.has(4)) return false;
      const length = reader.peekU32();
      const max = expected + Math.ceil(expected / 65535) * 5 + 1024;
      if (length > max) {
        throw new ProtocolError(
          'bad-length',
          `Zlib length ${length} for ${expected} bytes of pixels`,
        );
      }
      reader.discard(4);
      this._zlib.start(length);
    }
    const raw = this._zlib.read(reader, ctx, expected, expected);
    if (!raw) return false;
    const produced = this._zlib.produced;
    if (produced !== expected) {
      throw new ProtocolError(
        'zlib-error',
        `Zlib data yielded ${produced} bytes where ${expected} were expected`,
      );
    }
    if (pixels > 0) {
      const rgba = this._rgba.ensure(pixels * 4);
      unpacker.toRgba(raw, 0, rgba, 0, pixels);
      sink.putPixels(rect.x, rect.y, rect.width, rect.height, rgba.subarray(0, pixels * 4));
    }
    return true;
  }
}
