/**
 * VMWFrameStamp (0x574D567C, §3.3.12): `U32 timestamp-low, U32 timestamp-high`.
 * wmks only attaches it to audio, which we do not play, so it is consumed
 * and kept for inspection only.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import type {Rect, RectDecoder} from './decoder.js';

export class VmwFrameStampDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.vmwFrameStamp] as const;
  /** The last stamp as [low, high]. */
  lastStamp: readonly [number, number] | undefined;

  decode(_rect: Rect, reader: ByteReader): boolean {
    if (!reader.has(8)) return false;
    this.lastStamp = [reader.u32(), reader.u32()];
    return true;
  }

  reset(): void {}
}
