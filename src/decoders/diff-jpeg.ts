/**
 * DiffJPEG (TightPNG sub-encoding 0xB_, enabled by TightDiffComp 0x574D5616;
 * webmks-protocol.md §3.3.5): rebuilds a JPEG file by reusing bytes of the
 * previous JPEG at the same offsets (typically its tables). Opcodes:
 *   0x01 CopyFromPrev  U8 n         append prev[o … o+n−1]
 *   0x02 Append        U8 n, bytes  append n literal bytes
 *   0x03 AppendRemaining            append the rest of the payload; final
 * The op-coded prefix is limited to 1024 bytes (wmks-2.1's buffer); a payload
 * that ends without opcode 3 yields what was built (wmks-2.1).
 */
import {ProtocolError} from '../protocol/errors.js';

export const DIFF_JPEG_PREFIX_LIMIT = 1024;

export const DIFF_JPEG_OP = {copyFromPrev: 0x01, append: 0x02, appendRemaining: 0x03} as const;

/** Rebuilds the JPEG; `prev` is the previous JPEG (undefined if none yet). */
export function reconstructDiffJpeg(payload: Uint8Array, prev: Uint8Array | undefined): Uint8Array {
  const prefix = new Uint8Array(DIFF_JPEG_PREFIX_LIMIT);
  let o = 0;
  let i = 0;
  const fail = (why: string): never => {
    throw new ProtocolError('bad-image', `DiffJPEG: ${why}`);
  };
  while (i < payload.length) {
    const op = payload[i++]!;
    if (op === DIFF_JPEG_OP.appendRemaining) {
      const rest = payload.subarray(i);
      const out = new Uint8Array(o + rest.length);
      out.set(prefix.subarray(0, o));
      out.set(rest, o);
      return out;
    }
    if (op !== DIFF_JPEG_OP.copyFromPrev && op !== DIFF_JPEG_OP.append) fail(`opcode ${op}`);
    if (i >= payload.length) fail('truncated opcode');
    const n = payload[i++]!;
    if (o + n > DIFF_JPEG_PREFIX_LIMIT) fail(`prefix over ${DIFF_JPEG_PREFIX_LIMIT} bytes`);
    if (op === DIFF_JPEG_OP.copyFromPrev) {
      if (!prev || o + n > prev.length) fail('copy beyond the previous JPEG');
      prefix.set(prev!.subarray(o, o + n), o);
    } else {
      if (i + n > payload.length) fail('truncated literal');
      prefix.set(payload.subarray(i, i + n), o);
      i += n;
    }
    o += n;
  }
  return prefix.slice(0, o);
}
