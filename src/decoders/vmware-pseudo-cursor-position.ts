/**
 * VMWCursorPosition (0x574D5666, §3.3.9): no payload; the rectangle's x, y
 * are where the guest put its pointer. Reported as an event; the browser
 * cannot warp its own pointer.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import type {SessionDecodeContext, SessionRectDecoder} from '../protocol/session-port.js';
import type {Rect} from './decoder.js';
import type {FrameSink} from './frame-sink.js';

export class VmwCursorPositionDecoder implements SessionRectDecoder {
  readonly encodings = [ENCODINGS.vmwCursorPosition] as const;

  decode(rect: Rect, _reader: ByteReader, _sink: FrameSink, ctx: SessionDecodeContext): boolean {
    ctx.session.emit({type: 'cursor-position', x: rect.x, y: rect.y});
    return true;
  }

  reset(): void {}
}
