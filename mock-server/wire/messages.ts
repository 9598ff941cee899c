/**
 * Server-to-client messages other than the handshake
 * (shared/webmks-protocol.md §3.1, §3.2, §3.4).
 */
import {ByteWriter, concatBytes} from './byte-writer.js';
import {SERVER_MSG, VMW_SERVER_SUB} from './constants.js';

/**
 * FramebufferUpdate: `00 <update-id> <U16 n>` then the rectangles (each
 * already built with its header). VMware puts a rolling update id in the
 * padding byte (§3.2).
 */
export function framebufferUpdate(updateId: number, rects: readonly Uint8Array[]): Uint8Array {
  if (rects.length > 0xffff) throw new RangeError('too many rectangles in one update');
  const head = new ByteWriter(4).u8(SERVER_MSG.framebufferUpdate).u8(updateId).u16(rects.length);
  return concatBytes([head.finish(), ...rects]);
}

/** Rectangle header: `U16 x, y, w, h, S32 encoding`. */
export function rectHeader(
  x: number,
  y: number,
  w: number,
  h: number,
  encoding: number,
): ByteWriter {
  return new ByteWriter(12).u16(x).u16(y).u16(w).u16(h).s32(encoding);
}

/** Bell (type 2). */
export function bell(): Uint8Array {
  return Uint8Array.of(SERVER_MSG.bell);
}

/** ServerCutText with UTF-8 text (wmks decodes it as UTF-8, §3.1, §12.16). */
export function serverCutText(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  return new ByteWriter(8 + body.length)
    .u8(SERVER_MSG.serverCutText)
    .pad(3)
    .u32(body.length)
    .bytes(body)
    .finish();
}

/**
 * A ServerCutText header that announces `length` bytes but carries only
 * `body` (hostile-input scenario: robustness.md F-series, §12.17).
 */
export function serverCutTextHeader(length: number, body: Uint8Array): Uint8Array {
  return new ByteWriter(8 + body.length)
    .u8(SERVER_MSG.serverCutText)
    .pad(3)
    .u32(length)
    .bytes(body)
    .finish();
}

function vmwareMessage(sub: number, body: Uint8Array): Uint8Array {
  return new ByteWriter(4 + body.length)
    .u8(SERVER_MSG.vmware)
    .u8(sub)
    .u16(4 + body.length)
    .bytes(body)
    .finish();
}

/** 127/0 ServerCaps, length 8 (§3.4). */
export function vmwServerCaps(caps: number): Uint8Array {
  return vmwareMessage(VMW_SERVER_SUB.serverCaps, new ByteWriter(4).u32(caps).finish());
}

/** 127/4 Heartbeat, length 6, `U16 interval` (§3.4; unit UNCERTAIN, the mock uses seconds). */
export function vmwHeartbeat(interval: number): Uint8Array {
  return vmwareMessage(VMW_SERVER_SUB.heartbeat, new ByteWriter(2).u16(interval).finish());
}

/** 127/6 SetReconnectToken, length 4 + n. */
export function vmwSetReconnectToken(token: string): Uint8Array {
  return vmwareMessage(VMW_SERVER_SUB.setReconnectToken, new ByteWriter().latin1(token).finish());
}

/** 127/7 SessionClose, length 8, `U32 reason` (§3.4, §5.8). */
export function vmwSessionClose(reason: number): Uint8Array {
  return vmwareMessage(VMW_SERVER_SUB.sessionClose, new ByteWriter(4).u32(reason).finish());
}
