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
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';
import {PixelUnpacker, Scratch, unpackerFor} from './pixel-unpacker.js';
import {openStreamInflater, type StreamInflater} from './stream-inflater.js';

/** Compressed bytes handed to the inflater at a time. */
const PIECE = 64 * 1024;

export class ZlibDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.zlib] as const;
  private _inflater: StreamInflater | undefined;
  /** Compressed bytes still to consume; -1 until the length was read. */
  private _left = -1;
  private _produced = 0;
  private readonly _raw = new Scratch();
  private readonly _rgba = new Scratch();
  private _unpacker: PixelUnpacker | undefined;

  reset(): void {
    this._left = -1;
    this._produced = 0;
  }

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    const unpacker = (this._unpacker = unpackerFor(this._unpacker, ctx.pixelFormat, 'pixel'));
    const pixels = rect.width * rect.height;
    const expected = pixels * unpacker.size;
    if (this._left < 0) {
      if (!reader.has(4)) return false;
      const length = reader.peekU32();
      const max = expected + Math.ceil(expected / 65535) * 5 + 1024;
      if (length > max) {
        throw new ProtocolError(
          'bad-length',
          `Zlib length ${length} for ${expected} bytes of pixels`,
        );
      }
      reader.skip(4);
      this._left = length;
    }
    let direct: Uint8Array | undefined;
    while (this._left > 0) {
      const n = Math.min(this._left, PIECE);
      if (!reader.has(n)) return false;
      this._inflater ??= openStreamInflater(ctx);
      const out = this._inflater.inflateUpTo(reader.bytes(n), expected - this._produced);
      this._left -= n;
      if (this._produced === 0 && this._left === 0) {
        // All of it in one call: convert straight from the inflater's output.
        direct = out;
      } else {
        this._raw.ensure(expected, this._produced).set(out, this._produced);
      }
      this._produced += out.length;
    }
    if (this._produced !== expected) {
      throw new ProtocolError(
        'zlib-error',
        `Zlib data yielded ${this._produced} bytes where ${expected} were expected`,
      );
    }
    if (pixels > 0) {
      const rgba = this._rgba.ensure(pixels * 4);
      unpacker.toRgba(direct ?? this._raw.bytes, 0, rgba, 0, pixels);
      sink.putPixels(rect.x, rect.y, rect.width, rect.height, rgba.subarray(0, pixels * 4));
    }
    return true;
  }
}
