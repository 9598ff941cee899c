/**
 * VMWTypematicInfo (0x574D5667, §3.3.10): `U16 state, U32 period-us,
 * U32 delay-us`; state 1 = the client generates auto-repeat.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import type {SessionDecodeContext, SessionRectDecoder} from '../protocol/session-port.js';
import type {Rect} from './decoder.js';
import type {FrameSink} from './frame-sink.js';

export class VmwTypematicDecoder implements SessionRectDecoder {
  readonly encodings = [ENCODINGS.vmwTypematicInfo] as const;

  decode(_rect: Rect, reader: ByteReader, _sink: FrameSink, ctx: SessionDecodeContext): boolean {
    if (!reader.has(10)) return false;
    const state = reader.u16();
    const periodUs = reader.u32();
    const delayUs = reader.u32();
    ctx.session.emit({type: 'typematic', clientRepeat: state === 1, periodUs, delayUs});
    return true;
  }

  reset(): void {}
}
