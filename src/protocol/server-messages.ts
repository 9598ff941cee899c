/**
 * Server -> client message headers (RFC 6143 §7.6; webmks-protocol.md §3.1;
 * rfbproto for 150 and 248). Each reader consumes a whole fixed part or
 * nothing; variable bodies that are merely skipped are returned as a byte
 * count the core skips as they arrive.
 */
import type {ByteReader} from './byte-reader.js';
import {ProtocolError} from './errors.js';

export const SERVER_MESSAGE = {
  framebufferUpdate: 0,
  setColourMapEntries: 1,
  bell: 2,
  serverCutText: 3,
  vmware: 127,
  endOfContinuousUpdates: 150,
  fence: 248,
} as const;

/** rfbproto: a Fence payload is at most 64 bytes. */
export const FENCE_PAYLOAD_MAX = 64;

/** FramebufferUpdate header: `U8 0, U8 update-id, U16 rects` (§3.2). */
export function readFramebufferUpdateHeader(
  reader: ByteReader,
): {id: number; rects: number} | undefined {
  if (!reader.has(4)) return undefined;
  reader.discard(1);
  const id = reader.u8();
  return {id, rects: reader.u16()};
}

/**
 * SetColourMapEntries header `U8 1, pad, U16 first, U16 n`; returns the
 * 6·n body bytes to skip (we only do true colour, §3.1).
 */
export function readColourMapHeader(reader: ByteReader): number | undefined {
  if (!reader.has(6)) return undefined;
  const first = reader.peekU16(2);
  const count = reader.peekU16(4);
  if (first + count > 0x10000) {
    throw new ProtocolError('bad-length', `colour map entries ${first}+${count} past 65536`);
  }
  reader.discard(6);
  return count * 6;
}

/**
 * ServerCutText `U8 3, 3 pad, U32 length, text`: the length is unsigned
 * (unlike wmks, §12.17) and over `maxBytes` is an error before any waiting.
 * Returns the text bytes once all are buffered (a view valid until the next push).
 */
export function readServerCutText(reader: ByteReader, maxBytes: number): Uint8Array | undefined {
  if (!reader.has(8)) return undefined;
  const length = reader.peekU32(4);
  if (length > maxBytes) {
    throw new ProtocolError(
      'cut-text-too-large',
      `ServerCutText of ${length} bytes (max ${maxBytes})`,
    );
  }
  if (!reader.has(8 + length)) return undefined;
  reader.discard(8);
  return reader.bytes(length);
}

export interface FenceMessage {
  /** U32 flags, unsigned. */
  flags: number;
  /** A copy: it outlives the receive buffer (it is echoed back in the answer). */
  payload: Uint8Array;
}

/**
 * Fence (rfbproto 248) `U8 248, 3 pad, U32 flags, U8 length, payload`.
 * Consumed whole or not at all (robustness.md B13); a payload over 64 bytes
 * is an error before any waiting.
 */
export function readFence(reader: ByteReader): FenceMessage | undefined {
  if (!reader.has(9)) return undefined;
  const length = reader.peekU8(8);
  if (length > FENCE_PAYLOAD_MAX) {
    throw new ProtocolError(
      'bad-length',
      `Fence payload of ${length} bytes (max ${FENCE_PAYLOAD_MAX})`,
    );
  }
  if (!reader.has(9 + length)) return undefined;
  reader.discard(4);
  const flags = reader.u32() >>> 0;
  reader.discard(1);
  return {flags, payload: reader.bytes(length).slice()};
}
