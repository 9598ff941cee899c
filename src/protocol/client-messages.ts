/**
 * Standard RFB client -> server messages (RFC 6143 §7.5, webmks-protocol.md
 * §4.1) plus the community ones we use (rfbproto: EnableContinuousUpdates 150,
 * ClientFence 248, SetDesktopSize 251, QEMU extended key event 255/0). Each
 * function returns the exact wire bytes.
 */
import {ByteWriter} from './byte-writer.js';
import type {PixelFormat} from './pixel-format.js';

/** Client message types (RFC 6143 §7.5; rfbproto registry). */
export const CLIENT_MESSAGE = {
  setPixelFormat: 0,
  setEncodings: 2,
  framebufferUpdateRequest: 3,
  keyEvent: 4,
  pointerEvent: 5,
  clientCutText: 6,
  vmware: 127,
  enableContinuousUpdates: 150,
  fence: 248,
  setDesktopSize: 251,
  qemu: 255,
} as const;

/** ProtocolVersion reply, e.g. `RFB 003.008\n` (RFC 6143 §7.1.1). */
export function protocolVersion(minor: 3 | 7 | 8): Uint8Array {
  const text = `RFB 003.00${minor}\n`;
  const out = new Uint8Array(12);
  for (let i = 0; i < 12; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Security type choice (3.7+) or ClientInit: one byte. */
export function singleByte(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff);
}

/**
 * SetPixelFormat. Boolean bytes are exactly 0 or 1: VMware's server drops
 * clients that send 255 there (§2.3, guacamole-server PR #83).
 */
export function setPixelFormat(pf: PixelFormat): Uint8Array {
  return new ByteWriter(20)
    .u8(CLIENT_MESSAGE.setPixelFormat)
    .pad(3)
    .u8(pf.bitsPerPixel)
    .u8(pf.depth)
    .u8(pf.bigEndian ? 1 : 0)
    .u8(pf.trueColour ? 1 : 0)
    .u16(pf.redMax)
    .u16(pf.greenMax)
    .u16(pf.blueMax)
    .u8(pf.redShift)
    .u8(pf.greenShift)
    .u8(pf.blueShift)
    .pad(3)
    .done();
}

/** SetEncodings: `U8 2, U8 0, U16 n, n × S32`. */
export function setEncodings(encodings: readonly number[]): Uint8Array {
  const w = new ByteWriter(4 + 4 * encodings.length)
    .u8(CLIENT_MESSAGE.setEncodings)
    .pad(1)
    .u16(encodings.length);
  for (const e of encodings) w.s32(e);
  return w.done();
}

/**
 * FramebufferUpdateRequest. `incremental` is a byte: VMware servers get the
 * update id echoed there (§4.3), plain servers 0 or 1.
 */
export function framebufferUpdateRequest(
  incremental: number,
  x: number,
  y: number,
  width: number,
  height: number,
): Uint8Array {
  return new ByteWriter(10)
    .u8(CLIENT_MESSAGE.framebufferUpdateRequest)
    .u8(incremental)
    .u16(x)
    .u16(y)
    .u16(width)
    .u16(height)
    .done();
}

/** KeyEvent with an X11 keysym: `U8 4, U8 down, 2 pad, U32 keysym`. */
export function keyEvent(down: boolean, keysym: number): Uint8Array {
  return new ByteWriter(8)
    .u8(CLIENT_MESSAGE.keyEvent)
    .u8(down ? 1 : 0)
    .pad(2)
    .u32(keysym)
    .done();
}

/** PointerEvent: `U8 5, U8 button-mask, U16 x, U16 y`. */
export function pointerEvent(buttonMask: number, x: number, y: number): Uint8Array {
  return new ByteWriter(6).u8(CLIENT_MESSAGE.pointerEvent).u8(buttonMask).u16(x).u16(y).done();
}

/** ClientCutText: `U8 6, 3 pad, U32 length, text` (the caller encodes the text). */
export function clientCutText(text: Uint8Array): Uint8Array {
  return new ByteWriter(8 + text.length)
    .u8(CLIENT_MESSAGE.clientCutText)
    .pad(3)
    .u32(text.length)
    .raw(text)
    .done();
}

/**
 * EnableContinuousUpdates (rfbproto 150): `U8 150, U8 enable, U16 x, U16 y,
 * U16 w, U16 h`. Only after the server sent EndOfContinuousUpdates.
 */
export function enableContinuousUpdates(
  enable: boolean,
  x: number,
  y: number,
  width: number,
  height: number,
): Uint8Array {
  return new ByteWriter(10)
    .u8(CLIENT_MESSAGE.enableContinuousUpdates)
    .u8(enable ? 1 : 0)
    .u16(x)
    .u16(y)
    .u16(width)
    .u16(height)
    .done();
}

/**
 * ClientFence (rfbproto 248): `U8 248, 3 pad, U32 flags, U8 length, payload`
 * (payload at most 64 bytes; the caller checks).
 */
export function clientFence(flags: number, payload: Uint8Array): Uint8Array {
  return new ByteWriter(9 + payload.length)
    .u8(CLIENT_MESSAGE.fence)
    .pad(3)
    .u32(flags >>> 0)
    .u8(payload.length)
    .raw(payload)
    .done();
}

/** Fence flag bits (rfbproto "Fence"), the same in both directions. */
export const FENCE_FLAGS = {
  blockBefore: 1 << 0,
  blockAfter: 1 << 1,
  syncNext: 1 << 2,
  request: 0x80000000,
} as const;

/**
 * The answer to a server Fence (rfbproto): none unless the request bit (31)
 * is set; else the same payload with the flags we support, request cleared.
 * BlockBefore (0) and BlockAfter (1) hold by construction: RfbClient handles
 * messages one at a time in stream order and queues the answer behind
 * everything sent so far. SyncNext (2) is not supported, so it is cleared.
 */
export function fenceAnswer(flags: number, payload: Uint8Array): Uint8Array | undefined {
  if (!(flags & FENCE_FLAGS.request)) return undefined;
  return clientFence(flags & (FENCE_FLAGS.blockBefore | FENCE_FLAGS.blockAfter), payload);
}

/** One screen of an ExtendedDesktopSize layout (rfbproto). */
export interface Screen {
  id: number;
  x: number;
  y: number;
  width: number;
  height: number;
  flags: number;
}

/** SetDesktopSize (rfbproto 251): `U8 251, pad, U16 w, U16 h, U8 n, pad, n × screen`. */
export function setDesktopSize(
  width: number,
  height: number,
  screens: readonly Screen[],
): Uint8Array {
  const w = new ByteWriter(8 + 16 * screens.length)
    .u8(CLIENT_MESSAGE.setDesktopSize)
    .pad(1)
    .u16(width)
    .u16(height)
    .u8(screens.length)
    .pad(1);
  for (const s of screens) w.u32(s.id).u16(s.x).u16(s.y).u16(s.width).u16(s.height).u32(s.flags);
  return w.done();
}

/**
 * QEMU Extended Key Event (rfbproto, 255/0): `U8 255, U8 0, U16 down,
 * U32 keysym, U32 keycode` with an XT keycode (§4.4.1, §7).
 */
export function qemuExtendedKeyEvent(down: boolean, keysym: number, keycode: number): Uint8Array {
  return new ByteWriter(12)
    .u8(CLIENT_MESSAGE.qemu)
    .u8(0)
    .u16(down ? 1 : 0)
    .u32(keysym)
    .u32(keycode)
    .done();
}
