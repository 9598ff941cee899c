/**
 * DesktopSize pseudo-encoding (−223, RFC 6143 §7.8.2; §3.3.6): no payload;
 * the rectangle's width and height are the new framebuffer size. The core
 * checks the limit, resizes the sink and, for plain VNC, makes the next
 * request non-incremental (§7).
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import type {SessionDecodeContext, SessionRectDecoder} from '../protocol/session-port.js';
import type {Rect} from './decoder.js';
import type {FrameSink} from './frame-sink.js';

export class DesktopSizeDecoder implements SessionRectDecoder {
  readonly encodings = [ENCODINGS.desktopSize] as const;

  decode(rect: Rect, _reader: ByteReader, _sink: FrameSink, ctx: SessionDecodeContext): boolean {
    ctx.session.resizeFramebuffer(rect.width, rect.height);
    return true;
  }

  reset(): void {}
}
