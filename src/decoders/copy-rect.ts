/**
 * CopyRect (encoding 1, RFC 6143 §7.7.2; §3.3.2): `U16 src-x, U16 src-y`.
 * The source must lie inside the framebuffer (TigerVNC CVE-2019-15692,
 * robustness.md B3); the sink copies read-all-then-write for overlaps.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {ProtocolError} from '../protocol/errors.js';
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';

export class CopyRectDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.copyRect] as const;

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    if (!reader.has(4)) return false;
    const sx = reader.u16();
    const sy = reader.u16();
    if (sx + rect.width > ctx.fbWidth || sy + rect.height > ctx.fbHeight) {
      throw new ProtocolError(
        'rect-out-of-bounds',
        `CopyRect source ${rect.width}x${rect.height} at ${sx},${sy} is outside the ${ctx.fbWidth}x${ctx.fbHeight} framebuffer`,
      );
    }
    sink.copyRect(sx, sy, rect.x, rect.y, rect.width, rect.height);
    return true;
  }

  reset(): void {}
}
