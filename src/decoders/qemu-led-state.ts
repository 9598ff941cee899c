/**
 * QEMU LED state pseudo-encoding (−261, qemu docs/interop/vnc-ledstate-
 * Pseudo-encoding.txt): one U8, bit 0 Scroll, bit 1 Num, bit 2 Caps Lock —
 * the same bits as VMWLEDState (§7).
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import type {SessionDecodeContext, SessionRectDecoder} from '../protocol/session-port.js';
import type {Rect} from './decoder.js';
import type {FrameSink} from './frame-sink.js';
import {ledEvent} from './led-mask.js';

export class QemuLedStateDecoder implements SessionRectDecoder {
  readonly encodings = [ENCODINGS.qemuLedState] as const;

  decode(_rect: Rect, reader: ByteReader, _sink: FrameSink, ctx: SessionDecodeContext): boolean {
    if (!reader.has(1)) return false;
    const leds = reader.u8();
    ctx.session.emit(ledEvent(leds));
    return true;
  }

  reset(): void {}
}
