/**
 * DesktopName pseudo-encoding (−307, rfbproto): `U32 length, UTF-8 name`.
 * The length is checked against LIMITS.nameBytes before waiting for it.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {LIMITS, ProtocolError} from '../protocol/errors.js';
import type {SessionDecodeContext, SessionRectDecoder} from '../protocol/session-port.js';
import {decodeUtf8OrLatin1, sanitizeDisplayText} from '../protocol/text.js';
import type {Rect} from './decoder.js';
import type {FrameSink} from './frame-sink.js';

export class DesktopNameDecoder implements SessionRectDecoder {
  readonly encodings = [ENCODINGS.desktopName] as const;

  decode(_rect: Rect, reader: ByteReader, _sink: FrameSink, ctx: SessionDecodeContext): boolean {
    if (!reader.has(4)) return false;
    const length = reader.peekU32();
    if (length > LIMITS.nameBytes) {
      throw new ProtocolError('name-too-large', `desktop name of ${length} bytes`);
    }
    if (!reader.has(4 + length)) return false;
    reader.discard(4);
    ctx.session.setName(sanitizeDisplayText(decodeUtf8OrLatin1(reader.bytes(length))));
    return true;
  }

  reset(): void {}
}
