/**
 * TightPNG (−260; webmks-protocol.md §3.3.3, §12.13). Only the upper nibble
 * of the control byte is used (the lower, Tight stream-reset bits are masked
 * off, as wmks does):
 *   0x8_ fill      TPIXEL (R, G, B for 32 bpp 8-bit formats)
 *   0x9_ JPEG      compact length L, L bytes
 *   0xA_ PNG       compact length L, L bytes
 *   0xB_ DiffJPEG  compact length L, L bytes (§3.3.5, diff-jpeg.ts)
 * Anything else is 'bad-subencoding'. Images go to the sink undecoded after
 * their declared size has been checked against the rectangle. A rectangle is
 * consumed only once all its bytes are buffered (L ≤ 4,194,303).
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {ProtocolError} from '../protocol/errors.js';
import {bytesPerPixel, toRgba, type PixelFormat} from '../protocol/pixel-format.js';
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import {reconstructDiffJpeg} from './diff-jpeg.js';
import type {FrameSink} from './frame-sink.js';
import {checkImageSize} from './image-header.js';

export const TIGHT_PNG_CONTROL = {fill: 0x8, jpeg: 0x9, png: 0xa, diffJpeg: 0xb} as const;

/**
 * Bytes of a Tight TPIXEL: 3 (R, G, B) for 32 bpp formats with 8-bit channels
 * (rfbproto TPIXEL; wmks always reads 3), else a whole PIXEL.
 */
function tpixelBytes(pf: PixelFormat): number {
  return pf.bitsPerPixel === 32 && pf.redMax === 255 && pf.greenMax === 255 && pf.blueMax === 255
    ? 3
    : bytesPerPixel(pf);
}

/**
 * Reads a Tight compact length at `offset` without consuming: [length, size
 * of the length field], or undefined when its bytes are not all buffered.
 */
export function peekCompactLength(
  reader: ByteReader,
  offset: number,
): readonly [number, number] | undefined {
  if (!reader.has(offset + 1)) return undefined;
  const b0 = reader.peekU8(offset);
  if (!(b0 & 0x80)) return [b0, 1];
  if (!reader.has(offset + 2)) return undefined;
  const b1 = reader.peekU8(offset + 1);
  if (!(b1 & 0x80)) return [(b0 & 0x7f) | (b1 << 7), 2];
  if (!reader.has(offset + 3)) return undefined;
  const b2 = reader.peekU8(offset + 2);
  return [(b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14), 3];
}

export class TightPngDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.tightPng] as const;
  /** The last JPEG (plain or rebuilt), the base for DiffJPEG. PNGs do not replace it. */
  private _prevJpeg: Uint8Array | undefined;
  private readonly _rgb = new Uint8Array(4);

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    if (!reader.has(1)) return false;
    const control = reader.peekU8() >> 4;
    const {x, y, width, height} = rect;
    if (control === TIGHT_PNG_CONTROL.fill) {
      const pf = ctx.pixelFormat;
      const n = tpixelBytes(pf);
      if (!reader.has(1 + n)) return false;
      reader.discard(1);
      const px = reader.bytes(n);
      if (n === 3) sink.fillRect(x, y, width, height, px[0]!, px[1]!, px[2]!);
      else {
        toRgba(pf, px, 0, this._rgb, 0, 1);
        sink.fillRect(x, y, width, height, this._rgb[0]!, this._rgb[1]!, this._rgb[2]!);
      }
      return true;
    }
    if (
      control !== TIGHT_PNG_CONTROL.jpeg &&
      control !== TIGHT_PNG_CONTROL.png &&
      control !== TIGHT_PNG_CONTROL.diffJpeg
    ) {
      throw new ProtocolError(
        'bad-subencoding',
        `TightPNG control byte 0x${reader.peekU8().toString(16)}`,
      );
    }
    const len = peekCompactLength(reader, 1);
    if (!len) return false;
    const [length, lengthBytes] = len;
    if (!reader.has(1 + lengthBytes + length)) return false;
    reader.discard(1 + lengthBytes);
    const payload = reader.bytes(length);
    if (control === TIGHT_PNG_CONTROL.png) {
      checkImageSize('image/png', payload, width, height);
      sink.putImage(x, y, width, height, 'image/png', payload);
      return true;
    }
    const jpeg =
      control === TIGHT_PNG_CONTROL.jpeg ? payload : reconstructDiffJpeg(payload, this._prevJpeg);
    // Remember it before the size check: the server's "previous JPEG" does
    // not depend on whether we liked this one (and a failure ends the session).
    this._prevJpeg = jpeg === payload ? payload.slice() : jpeg;
    checkImageSize('image/jpeg', jpeg, width, height);
    sink.putImage(x, y, width, height, 'image/jpeg', jpeg);
    return true;
  }

  reset(): void {}
}
