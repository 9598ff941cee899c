/**
 * ExtendedDesktopSize pseudo-encoding (−308, rfbproto): x = reason, y =
 * status, width/height = framebuffer size; payload `U8 n, 3 pad, n × screen
 * (U32 id, U16 x, U16 y, U16 w, U16 h, U32 flags)`. Receiving it tells us the
 * server accepts SetDesktopSize (251). n is a byte, so at most 4,080 bytes.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import type {Screen} from '../protocol/client-messages.js';
import {ENCODINGS} from '../protocol/encodings.js';
import type {SessionDecodeContext, SessionRectDecoder} from '../protocol/session-port.js';
import type {Rect} from './decoder.js';
import type {FrameSink} from './frame-sink.js';

const SCREEN_BYTES = 16;

export class ExtendedDesktopSizeDecoder implements SessionRectDecoder {
  readonly encodings = [ENCODINGS.extendedDesktopSize] as const;

  decode(rect: Rect, reader: ByteReader, _sink: FrameSink, ctx: SessionDecodeContext): boolean {
    if (!reader.has(4)) return false;
    const count = reader.peekU8();
    if (!reader.has(4 + count * SCREEN_BYTES)) return false;
    reader.discard(4);
    const screens: Screen[] = [];
    for (let i = 0; i < count; i++) {
      screens.push({
        id: reader.u32(),
        x: reader.u16(),
        y: reader.u16(),
        width: reader.u16(),
        height: reader.u16(),
        flags: reader.u32(),
      });
    }
    ctx.session.setScreens(screens);
    // A failed SetDesktopSize (reason 1, status != 0) repeats the current
    // size, so resizing is a no-op then.
    ctx.session.resizeFramebuffer(rect.width, rect.height);
    return true;
  }

  reset(): void {}
}
