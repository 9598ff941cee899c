/**
 * VMWCursorState (0x574D5665, §3.3.8): `U16 flags`, bit 0 visible, bit 1
 * absolute, bit 2 warp. Only visibility is used (as wmks). Receiving it is
 * also evidence of a VMware server (wmks's fallback, §3.3.8, §12.9).
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import type {SessionDecodeContext, SessionRectDecoder} from '../protocol/session-port.js';
import type {Rect} from './decoder.js';
import type {FrameSink} from './frame-sink.js';

export const CURSOR_STATE_VISIBLE = 0x0001;

export class VmwCursorStateDecoder implements SessionRectDecoder {
  readonly encodings = [ENCODINGS.vmwCursorState] as const;

  decode(_rect: Rect, reader: ByteReader, sink: FrameSink, ctx: SessionDecodeContext): boolean {
    if (!reader.has(2)) return false;
    const flags = reader.u16();
    ctx.session.markVmware();
    sink.setCursorVisible((flags & CURSOR_STATE_VISIBLE) !== 0);
    return true;
  }

  reset(): void {}
}
