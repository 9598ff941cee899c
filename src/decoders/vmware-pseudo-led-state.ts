/**
 * VMWLEDState (0x574D5668, §3.3.11, §12.15): `U32 leds`, bit 0 Scroll Lock,
 * bit 1 Num Lock, bit 2 Caps Lock; other bits reserved.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import type {SessionDecodeContext, SessionRectDecoder} from '../protocol/session-port.js';
import type {Rect} from './decoder.js';
import type {FrameSink} from './frame-sink.js';
import {ledEvent} from './led-mask.js';

export class VmwLedStateDecoder implements SessionRectDecoder {
  readonly encodings = [ENCODINGS.vmwLedState] as const;

  decode(_rect: Rect, reader: ByteReader, _sink: FrameSink, ctx: SessionDecodeContext): boolean {
    if (!reader.has(4)) return false;
    const leds = reader.u32();
    ctx.session.emit(ledEvent(leds));
    return true;
  }

  reset(): void {}
}
