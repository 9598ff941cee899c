/**
 * Test-side builders for the client -> server bytes we expect, written from
 * RFC 6143 / webmks-protocol.md §4 (never by calling src/).
 */
import {Wire, hex} from './server-wire.js';

export {hex};

export function fbur(incremental: number, x: number, y: number, w: number, h: number): Uint8Array {
  return new Wire().u8(3, incremental).u16(x).u16(y).u16(w).u16(h).build();
}

/** EnableContinuousUpdates (rfbproto 150): `U8 150, U8 enable, U16 x, y, w, h`. */
export function enableContinuousUpdates(
  enable: boolean,
  x: number,
  y: number,
  w: number,
  h: number,
): Uint8Array {
  return new Wire()
    .u8(150, enable ? 1 : 0)
    .u16(x)
    .u16(y)
    .u16(w)
    .u16(h)
    .build();
}

/** ClientFence (rfbproto 248): `U8 248, 3 pad, U32 flags, U8 length, payload`. */
export function clientFence(flags: number, payload: ArrayLike<number>): Uint8Array {
  return new Wire()
    .u8(248, 0, 0, 0)
    .u32(flags)
    .u8(payload.length)
    .bytes(Uint8Array.from(payload))
    .build();
}

export function setEncodings(encodings: readonly number[]): Uint8Array {
  const w = new Wire().u8(2, 0).u16(encodings.length);
  for (const e of encodings) w.s32(e);
  return w.build();
}

/** SetPixelFormat with canvas order: 32/24, LE, true colour 1, 255s, shifts 0/8/16. */
export const SET_PIXEL_FORMAT_CANVAS = hex(
  '00 000000  20 18 00 01  00ff 00ff 00ff  00 08 10  000000',
);

export function keyEvent(down: boolean, keysym: number): Uint8Array {
  return new Wire()
    .u8(4, down ? 1 : 0, 0, 0)
    .u32(keysym)
    .build();
}

export function pointerEvent(mask: number, x: number, y: number): Uint8Array {
  return new Wire().u8(5, mask).u16(x).u16(y).build();
}

export function clientCutText(bytes: ArrayLike<number>): Uint8Array {
  return new Wire().u8(6, 0, 0, 0).u32(bytes.length).bytes(bytes).build();
}

export function vscan(code: number, down: boolean): Uint8Array {
  return new Wire()
    .u8(0x7f, 0x00)
    .u16(8)
    .u16(code)
    .u8(down ? 1 : 0, 0)
    .build();
}

export function qemuKey(down: boolean, keysym: number, keycode: number): Uint8Array {
  return new Wire()
    .u8(255, 0)
    .u16(down ? 1 : 0)
    .u32(keysym)
    .u32(keycode)
    .build();
}

export function pointer2(
  absolute: number,
  x: number,
  y: number,
  buttons: number,
  wheelV: number,
  wheelH: number,
): Uint8Array {
  return new Wire()
    .u8(0x7f, 0x02)
    .u16(19)
    .u8(absolute)
    .s32(x)
    .s32(y)
    .u32(buttons)
    .u8(wheelV & 0xff, wheelH & 0xff)
    .build();
}

export function updateAck(id: number, tenthsMs: number): Uint8Array {
  return new Wire().u8(0x7f, 0x04).u16(8).u8(id, 0).u16(tenthsMs).build();
}

export function clientCaps(caps: number): Uint8Array {
  return new Wire().u8(0x7f, 0x03).u16(8).u32(caps).build();
}

export function requestResolution(w: number, h: number): Uint8Array {
  return new Wire().u8(0x7f, 0x05).u16(8).u16(w).u16(h).build();
}

export function ledSync(num: number, caps: number, scroll: number): Uint8Array {
  return new Wire().u8(0x7f, 0x10).u16(7).u8(num, caps, scroll).build();
}

export function setDesktopSize(
  w: number,
  h: number,
  screens: ReadonlyArray<{id: number; x: number; y: number; w: number; h: number; flags: number}>,
): Uint8Array {
  const out = new Wire().u8(251, 0).u16(w).u16(h).u8(screens.length, 0);
  for (const s of screens) out.u32(s.id).u16(s.x).u16(s.y).u16(s.w).u16(s.h).u32(s.flags);
  return out.build();
}

/** The modifier key-ups wmks sends after the first update (§12.8). */
export const MODIFIER_UPS: Uint8Array[] = [
  0x15b, 0x15c, 0x01d, 0x11d, 0x02a, 0x036, 0x038, 0x138,
].map((c) => vscan(c, false));

/** Encoding numbers as written in §4.1 / §5.1 / §7 (hex S32 on the wire). */
export const WIRE_ENC = {
  raw: 0,
  copyRect: 1,
  rre: 2,
  hextile: 5,
  zlib: 6,
  tight: 7,
  zrle: 16,
  tightPng: -260,
  desktopSize: -223,
  lastRect: -224,
  cursor: -239,
  qemuExtKey: -258,
  qemuLed: -261,
  desktopName: -307,
  extDesktopSize: -308,
  fence: -312,
  continuousUpdates: -313,
  tightDiffComp: 0x574d5616,
  vmwDefineCursor: 0x574d5664,
  vmwCursorState: 0x574d5665,
  vmwCursorPosition: 0x574d5666,
  vmwTypematic: 0x574d5667,
  vmwLedState: 0x574d5668,
  vmwServerPush2: 0x574d567b,
  vmwServerCaps: 0x574d567a,
  vmwFrameStamp: 0x574d567c,
  jpegQuality9: -23,
} as const;

/** Our WebMKS SetEncodings: wmks-2.1's list minus OffscreenCopyRect and UpdateCache (§12.3). */
export const WEBMKS_SET_ENCODINGS = hex(`
  02 00 00 0d
  00 00 00 01  57 4d 56 16  ff ff fe fc  ff ff ff 21
  57 4d 56 64  57 4d 56 65  57 4d 56 66  57 4d 56 67
  57 4d 56 68  57 4d 56 7b  57 4d 56 7a  ff ff ff e9
  57 4d 56 7c
`);
