/**
 * RFB 3.8 handshake and ServerInit as ESXi sends them
 * (shared/webmks-protocol.md §2.2, §2.3, §5.1).
 */
import {ByteWriter} from './byte-writer.js';
import {RFB_VERSION_3_8, SECURITY_NONE} from './constants.js';

/** "RFB 003.008\n" — the mock sends it as a WebSocket message of its own (§1.3, §12.1). */
export function protocolVersion(): Uint8Array {
  return new ByteWriter(12).latin1(RFB_VERSION_3_8).finish();
}

/** Security types list; ESXi offers exactly [None] = `01 01` (§2.2). */
export function securityTypes(types: readonly number[] = [SECURITY_NONE]): Uint8Array {
  const w = new ByteWriter(1 + types.length).u8(types.length);
  for (const t of types) w.u8(t);
  return w.finish();
}

/** SecurityResult OK: `00 00 00 00`. */
export function securityResultOk(): Uint8Array {
  return new ByteWriter(4).u32(0).finish();
}

/** SecurityResult failed (1) with a reason string (RFB 3.8). */
export function securityResultFailed(reason: string): Uint8Array {
  return new ByteWriter(8 + reason.length).u32(1).u32(reason.length).latin1(reason).finish();
}

/**
 * ServerInit in ESXi's format (§2.3): 32 bpp, depth 24, little-endian,
 * true-colour, max 255, shifts 16/8/0 — i.e. B,G,R,X in memory.
 */
export function serverInit(width: number, height: number, name: string): Uint8Array {
  return new ByteWriter(24 + name.length)
    .u16(width)
    .u16(height)
    .u8(32) // bits-per-pixel
    .u8(24) // depth
    .u8(0) // big-endian-flag
    .u8(1) // true-colour-flag
    .u16(255)
    .u16(255)
    .u16(255)
    .u8(16) // red-shift
    .u8(8) // green-shift
    .u8(0) // blue-shift
    .pad(3)
    .u32(name.length)
    .latin1(name)
    .finish();
}
