/**
 * Rectangle builders for FramebufferUpdate (shared/webmks-protocol.md §3.3).
 * Each returns the complete rectangle: 12-byte header plus payload.
 */
import {ByteWriter} from './byte-writer.js';
import {ENC, TIGHT, TIGHT_MAX_LENGTH} from './constants.js';
import {rectHeader} from './messages.js';

/** Raw (0): `w*h` pixels of 4 bytes, B,G,R,X — ESXi's ServerInit format (§3.3.1). */
export function rawRect(x: number, y: number, w: number, h: number, bgrx: Uint8Array): Uint8Array {
  if (bgrx.length !== w * h * 4) throw new RangeError('raw payload size mismatch');
  return rectHeader(x, y, w, h, ENC.raw).bytes(bgrx).finish();
}

/** CopyRect (1): `U16 src-x, U16 src-y` (§3.3.2). */
export function copyRect(
  x: number,
  y: number,
  w: number,
  h: number,
  srcX: number,
  srcY: number,
): Uint8Array {
  return rectHeader(x, y, w, h, ENC.copyRect).u16(srcX).u16(srcY).finish();
}

/**
 * Tight compact length (§3.3.3): 7 bits per byte, little-endian groups, at
 * most 3 bytes (the third carries 8 bits). 10000 -> `90 4E`.
 */
export function compactLength(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > TIGHT_MAX_LENGTH) {
    throw new RangeError(`compact length out of range: ${n}`);
  }
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x4000) return Uint8Array.of((n & 0x7f) | 0x80, n >> 7);
  return Uint8Array.of((n & 0x7f) | 0x80, ((n >> 7) & 0x7f) | 0x80, n >> 14);
}

/** TightPNG fill (`0x80`, then R, G, B) (§3.3.3). */
export function tightFill(
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
  g: number,
  b: number,
): Uint8Array {
  return rectHeader(x, y, w, h, ENC.tightPng).u8(TIGHT.fill).u8(r).u8(g).u8(b).finish();
}

/** TightPNG with a PNG (`0xA0`) or JPEG (`0x90`) file (§3.3.3). */
export function tightImage(
  x: number,
  y: number,
  w: number,
  h: number,
  kind: 'png' | 'jpeg',
  file: Uint8Array,
): Uint8Array {
  return rectHeader(x, y, w, h, ENC.tightPng)
    .u8(kind === 'png' ? TIGHT.png : TIGHT.jpeg)
    .bytes(compactLength(file.length))
    .bytes(file)
    .finish();
}

/** DesktopSize (-223): no payload; w/h are the new framebuffer size (§3.3.6). */
export function desktopSize(width: number, height: number): Uint8Array {
  return rectHeader(0, 0, width, height, ENC.desktopSize).finish();
}

/**
 * VMWDefineCursor (§3.3.7), alpha type 1: x/y = hot spot, then
 * `U8 type=1, U8 pad`, then w*h pixels of 4 bytes. The mock writes the
 * pixels as B, G, R, A (wmks reads them so, §12.14).
 */
export function vmwDefineCursorAlpha(
  hotX: number,
  hotY: number,
  w: number,
  h: number,
  bgra: Uint8Array,
): Uint8Array {
  if (bgra.length !== w * h * 4) throw new RangeError('cursor payload size mismatch');
  return rectHeader(hotX, hotY, w, h, ENC.vmwDefineCursor).u8(1).u8(0).bytes(bgra).finish();
}

/** VMWCursorState (§3.3.8): `U16 flags` (bit 0 visible, bit 1 absolute). */
export function vmwCursorState(flags: number): Uint8Array {
  return rectHeader(0, 0, 0, 0, ENC.vmwCursorState).u16(flags).finish();
}

/** VMWTypematicInfo (§3.3.10): `U16 state, U32 period µs, U32 delay µs`. */
export function vmwTypematicInfo(state: number, periodUs: number, delayUs: number): Uint8Array {
  return rectHeader(0, 0, 0, 0, ENC.vmwTypematicInfo)
    .u16(state)
    .u32(periodUs)
    .u32(delayUs)
    .finish();
}

/** VMWLEDState (§3.3.11): `U32 leds`, bit 0 Scroll, 1 Num, 2 Caps. */
export function vmwLedState(leds: number): Uint8Array {
  return rectHeader(0, 0, 0, 0, ENC.vmwLedState).u32(leds).finish();
}

/** A rectangle header followed by arbitrary bytes (for fault scenarios). */
export function customRect(
  x: number,
  y: number,
  w: number,
  h: number,
  encoding: number,
  payload: Uint8Array,
): Uint8Array {
  return new ByteWriter(12 + payload.length)
    .bytes(rectHeader(x, y, w, h, encoding).finish())
    .bytes(payload)
    .finish();
}
