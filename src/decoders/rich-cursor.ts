/**
 * The standard rich cursor pseudo-encoding (-239, rfbproto "Cursor
 * Pseudo-encoding"): x,y = hotspot, w,h = size; w·h PIXELs, then a bitmask
 * of ceil(w/8)·h bytes, most significant bit = leftmost pixel, 1 = opaque.
 *
 * Limits (robustness.md B5, TigerVNC maxCursorSize): w and h are checked
 * against ctx.maxCursorSide before anything is read or allocated; w or h 0
 * means "no cursor shape"; the hotspot is clamped into the image. The whole
 * payload (at most 256·256·4 + 8 KiB) is consumed at once.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {ProtocolError} from '../protocol/errors.js';
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';
import {PixelUnpacker, unpackerFor} from './pixel-unpacker.js';

export class RichCursorDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.cursor] as const;
  private _unpacker: PixelUnpacker | undefined;

  reset(): void {}

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    const w = rect.width;
    const h = rect.height;
    if (w > ctx.maxCursorSide || h > ctx.maxCursorSide) {
      throw new ProtocolError(
        'cursor-too-large',
        `cursor ${w}x${h} is larger than ${ctx.maxCursorSide}x${ctx.maxCursorSide}`,
      );
    }
    const unpacker = (this._unpacker = unpackerFor(this._unpacker, ctx.pixelFormat, 'pixel'));
    const maskRow = (w + 7) >> 3;
    const pixelBytes = w * h * unpacker.size;
    const total = pixelBytes + maskRow * h;
    if (!reader.has(total)) return false;
    const data = reader.bytes(total);
    if (w === 0 || h === 0) {
      sink.setCursor(null);
      return true;
    }
    // A fresh array: the sink may keep the cursor image.
    const rgba = new Uint8Array(w * h * 4);
    unpacker.toRgba(data, 0, rgba, 0, w * h);
    for (let j = 0; j < h; j++) {
      const maskAt = pixelBytes + j * maskRow;
      for (let i = 0, o = j * w * 4; i < w; i++, o += 4) {
        if (((data[maskAt + (i >> 3)]! >> (7 - (i & 7))) & 1) === 0) {
          // Transparent: clear the colour too, so the image does not depend on it.
          rgba[o] = rgba[o + 1] = rgba[o + 2] = rgba[o + 3] = 0;
        }
      }
    }
    sink.setCursor({
      width: w,
      height: h,
      hotX: Math.min(rect.x, w - 1),
      hotY: Math.min(rect.y, h - 1),
      rgba,
    });
    return true;
  }
}
