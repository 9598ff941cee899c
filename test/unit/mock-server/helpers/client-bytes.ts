/**
 * Client-to-server byte builders for the mock server's tests, written from
 * shared/webmks-protocol.md §4 on their own (no import from src/ and none
 * from mock-server/wire), so the tests do not share the server's reading of
 * the protocol.
 */

function bytes(len: number, fill: (v: DataView) => void): Uint8Array {
  const out = new Uint8Array(len);
  fill(new DataView(out.buffer));
  return out;
}

export const C = {
  version: (text = 'RFB 003.008\n') => Uint8Array.from(text, (c) => c.charCodeAt(0)),
  securityChoice: (t = 1) => Uint8Array.of(t),
  clientInit: (shared = 1) => Uint8Array.of(shared),

  setPixelFormat: () =>
    // 32 bpp, depth 24, little-endian, true colour, R shift 0 (what noVNC sends).
    Uint8Array.of(0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0),

  setEncodings: (list: number[]) =>
    bytes(4 + 4 * list.length, (v) => {
      v.setUint8(0, 2);
      v.setUint16(2, list.length);
      list.forEach((e, i) => v.setInt32(4 + 4 * i, e));
    }),

  fbur: (incremental: number, w: number, h: number, x = 0, y = 0) =>
    bytes(10, (v) => {
      v.setUint8(0, 3);
      v.setUint8(1, incremental);
      v.setUint16(2, x);
      v.setUint16(4, y);
      v.setUint16(6, w);
      v.setUint16(8, h);
    }),

  keysym: (keysym: number, down: boolean) =>
    bytes(8, (v) => {
      v.setUint8(0, 4);
      v.setUint8(1, down ? 1 : 0);
      v.setUint32(4, keysym);
    }),

  pointer: (x: number, y: number, buttons: number) =>
    bytes(6, (v) => {
      v.setUint8(0, 5);
      v.setUint8(1, buttons);
      v.setUint16(2, x);
      v.setUint16(4, y);
    }),

  cutText: (text: string) => {
    const body = new TextEncoder().encode(text);
    return bytes(8 + body.length, (v) => {
      v.setUint8(0, 6);
      v.setUint32(4, body.length);
      new Uint8Array(v.buffer).set(body, 8);
    });
  },

  /** 127/0 VScan key: `7f 00 00 08 <U16 vscan> <down> 00`. */
  vscan: (code: number, down: boolean) =>
    bytes(8, (v) => {
      v.setUint8(0, 127);
      v.setUint8(1, 0);
      v.setUint16(2, 8);
      v.setUint16(4, code);
      v.setUint8(6, down ? 1 : 0);
    }),

  /** 127/2 wheel (absolute = 1). */
  wheel: (x: number, y: number, vertical: number, horizontal: number) =>
    bytes(19, (v) => {
      v.setUint8(0, 127);
      v.setUint8(1, 2);
      v.setUint16(2, 19);
      v.setUint8(4, 1);
      v.setInt32(5, x);
      v.setInt32(9, y);
      v.setUint32(13, 0);
      v.setInt8(17, vertical);
      v.setInt8(18, horizontal);
    }),

  /** 127/4 UpdateAck. */
  ack: (id: number, renderTime = 40) =>
    bytes(8, (v) => {
      v.setUint8(0, 127);
      v.setUint8(1, 4);
      v.setUint16(2, 8);
      v.setUint8(4, id);
      v.setUint16(6, renderTime);
    }),

  /** 127/5 RequestResolution2. */
  resolution: (w: number, h: number) =>
    bytes(8, (v) => {
      v.setUint8(0, 127);
      v.setUint8(1, 5);
      v.setUint16(2, 8);
      v.setUint16(4, w);
      v.setUint16(6, h);
    }),

  /** 127/16 KeyboardLEDState. */
  leds: (num: boolean, caps: boolean, scroll: boolean) =>
    Uint8Array.of(127, 16, 0, 7, num ? 1 : 0, caps ? 1 : 0, scroll ? 1 : 0),

  /** 255/0 QEMU extended key event. */
  qemuKey: (keysym: number, keycode: number, down: boolean) =>
    bytes(12, (v) => {
      v.setUint8(0, 255);
      v.setUint8(1, 0);
      v.setUint16(2, down ? 1 : 0);
      v.setUint32(4, keysym);
      v.setUint32(8, keycode);
    }),

  /** A raw type-127 message with an arbitrary declared length. */
  vmware: (sub: number, length: number, body: number[] = []) =>
    Uint8Array.of(127, sub, length >> 8, length & 0xff, ...body),
};

/** Encodings as VMware's client advertises them (§4.1, §12.3). */
export const WMKS_ENCODINGS = [
  1, 0x574d567e, 0x574d5616, -260, -223, 0x574d5664, 0x574d5665, 0x574d5666, 0x574d5667, 0x574d5668,
  0x574d567b, 0x574d567a, -23, 0x574d567c, 0x574d567f,
];

/** VScan codes of the US layout used by the typing tests (§4.4.2). */
export const SC = {
  shift: 0x2a,
  rshift: 0x36,
  ctrl: 0x1d,
  caps: 0x3a,
  num: 0x45,
  scroll: 0x46,
  enter: 0x1c,
  backspace: 0x0e,
  space: 0x39,
  a: 0x1e,
  b: 0x30,
  c: 0x2e,
  one: 0x02,
  kp1: 0x4f,
} as const;
