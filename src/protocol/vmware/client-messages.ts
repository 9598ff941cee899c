/**
 * VMware client messages, type 127 (webmks-protocol.md §4.2): `U8 127,
 * U8 sub-type, U16 total length (header included), body`. Sent only to a
 * server known to be VMware (§7): an unknown message type is fatal for most
 * plain VNC servers.
 */
import {ByteWriter} from '../byte-writer.js';

export const VMWARE_CLIENT_SUBTYPE = {
  keyEvent: 0,
  pointerEvent2: 2,
  clientCaps: 3,
  updateAck: 4,
  requestResolution2: 5,
  keyboardLedState: 16,
} as const;

function header(subtype: number, length: number): ByteWriter {
  return new ByteWriter(length).u8(127).u8(subtype).u16(length);
}

/** 127/0 VScan key event: `U16 vscan, U8 down, U8 0`. Test vector: G down = 7f 00 00 08 00 22 01 00. */
export function vscanKeyEvent(vscan: number, down: boolean): Uint8Array {
  return header(VMWARE_CLIENT_SUBTYPE.keyEvent, 8)
    .u16(vscan)
    .u8(down ? 1 : 0)
    .pad(1)
    .done();
}

/**
 * 127/2 PointerEvent2: `U8 absolute, S32 x, S32 y, U32 buttons, S8 wheel-vertical,
 * S8 wheel-horizontal` (19 bytes). Wheel +1 = up / right (§4.5).
 */
export function pointerEvent2(
  absolute: boolean,
  x: number,
  y: number,
  buttons: number,
  wheelVertical: number,
  wheelHorizontal: number,
): Uint8Array {
  return header(VMWARE_CLIENT_SUBTYPE.pointerEvent2, 19)
    .u8(absolute ? 1 : 0)
    .s32(x)
    .s32(y)
    .u32(buttons)
    .s8(wheelVertical)
    .s8(wheelHorizontal)
    .done();
}

/** 127/3 ClientCaps: `U32 caps`. */
export function clientCaps(caps: number): Uint8Array {
  return header(VMWARE_CLIENT_SUBTYPE.clientCaps, 8).u32(caps).done();
}

/**
 * 127/4 UpdateAck: `U8 update-id, U8 0, U16 render-time` where render time is
 * `(ms + 2) × 10` (§4.2, §12.5), capped at 0xFFFF.
 */
export function updateAck(updateId: number, renderMs: number): Uint8Array {
  const ms = Number.isFinite(renderMs) ? Math.max(0, renderMs) : 0;
  const render = Math.min(0xffff, Math.round((ms + 2) * 10));
  return header(VMWARE_CLIENT_SUBTYPE.updateAck, 8).u8(updateId).pad(1).u16(render).done();
}

/** 127/5 RequestResolution2: `U16 width, U16 height`. */
export function requestResolution2(width: number, height: number): Uint8Array {
  return header(VMWARE_CLIENT_SUBTYPE.requestResolution2, 8).u16(width).u16(height).done();
}

/** 127/16 KeyboardLEDState: `U8 num, U8 caps, U8 scroll` (desired state, each 0/1). */
export function keyboardLedState(
  numLock: boolean,
  capsLock: boolean,
  scrollLock: boolean,
): Uint8Array {
  return header(VMWARE_CLIENT_SUBTYPE.keyboardLedState, 7)
    .u8(numLock ? 1 : 0)
    .u8(capsLock ? 1 : 0)
    .u8(scrollLock ? 1 : 0)
    .done();
}
