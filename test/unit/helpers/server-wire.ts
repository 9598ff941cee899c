/**
 * Test-side builders for server -> client RFB/WebMKS bytes, written from
 * webmks-protocol.md and RFC 6143 directly. They never import src/, so an
 * encoder/decoder misunderstanding cannot be shared (design.md 3.6).
 */

/** A growable big-endian byte builder. */
export class Wire {
  private readonly _b: number[] = [];

  u8(...values: number[]): this {
    for (const v of values) this._b.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8, v);
  }
  u32(v: number): this {
    return this.u8(v >>> 24, v >>> 16, v >>> 8, v);
  }
  s32(v: number): this {
    return this.u32(v >>> 0);
  }
  bytes(data: ArrayLike<number>): this {
    for (let i = 0; i < data.length; i++) this._b.push(data[i]! & 0xff);
    return this;
  }
  /** ASCII/Latin-1 text, one byte per char. */
  ascii(text: string): this {
    for (let i = 0; i < text.length; i++) this._b.push(text.charCodeAt(i) & 0xff);
    return this;
  }
  get length(): number {
    return this._b.length;
  }
  build(): Uint8Array {
    return Uint8Array.from(this._b);
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes from a hex string with any whitespace: `hex('7f 00 00 08')`. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2) throw new Error(`odd hex: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

// ---- handshake ---------------------------------------------------------------

export const VERSION_38 = hex('52 46 42 20 30 30 33 2e 30 30 38 0a'); // "RFB 003.008\n"

export function version(text = '003.008'): Uint8Array {
  return new Wire().ascii(`RFB ${text}\n`).build();
}

/** RFB 3.7/3.8 security type list. */
export function securityTypes(...types: number[]): Uint8Array {
  return new Wire().u8(types.length, ...types).build();
}

/** RFB 3.7/3.8 "no types" failure: n = 0, U32 length, reason. */
export function securityTypesFailure(reason: Uint8Array): Uint8Array {
  return new Wire().u8(0).u32(reason.length).bytes(reason).build();
}

/** RFB 3.3 server-chosen security type (U32). */
export function securityType33(type: number): Uint8Array {
  return new Wire().u32(type).build();
}

export function securityResult(result: number, reason?: Uint8Array): Uint8Array {
  const w = new Wire().u32(result);
  if (reason) w.u32(reason.length).bytes(reason);
  return w.build();
}

export interface WirePixelFormat {
  bpp: number;
  depth: number;
  bigEndian: number;
  trueColour: number;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** ESXi's format (§2.3): 32/24 LE true colour, shifts 16/8/0 -> bytes B,G,R,X. */
export const ESXI_PF: WirePixelFormat = {
  bpp: 32,
  depth: 24,
  bigEndian: 0,
  trueColour: 1,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

/** RGB565 little-endian, a typical 16 bpp plain-VNC server format. */
export const RGB565_PF: WirePixelFormat = {
  bpp: 16,
  depth: 16,
  bigEndian: 0,
  trueColour: 1,
  redMax: 31,
  greenMax: 63,
  blueMax: 31,
  redShift: 11,
  greenShift: 5,
  blueShift: 0,
};

export function pixelFormatBytes(pf: WirePixelFormat): Uint8Array {
  return new Wire()
    .u8(pf.bpp, pf.depth, pf.bigEndian, pf.trueColour)
    .u16(pf.redMax)
    .u16(pf.greenMax)
    .u16(pf.blueMax)
    .u8(pf.redShift, pf.greenShift, pf.blueShift, 0, 0, 0)
    .build();
}

export function serverInit(
  width: number,
  height: number,
  name: Uint8Array | string = 'test',
  pf: WirePixelFormat = ESXI_PF,
): Uint8Array {
  const nameBytes = typeof name === 'string' ? utf8(name) : name;
  return new Wire()
    .u16(width)
    .u16(height)
    .bytes(pixelFormatBytes(pf))
    .u32(nameBytes.length)
    .bytes(nameBytes)
    .build();
}

// ---- framebuffer updates -----------------------------------------------------------

export const ENC = {
  raw: 0,
  copyRect: 1,
  hextile: 5,
  tightPng: -260,
  desktopSize: -223,
  lastRect: -224,
  cursor: -239,
  qemuExtKey: -258,
  qemuLed: -261,
  desktopName: -307,
  extDesktopSize: -308,
  vmwDefineCursor: 0x574d5664,
  vmwCursorState: 0x574d5665,
  vmwCursorPosition: 0x574d5666,
  vmwTypematic: 0x574d5667,
  vmwLedState: 0x574d5668,
  vmwServerCaps: 0x574d567a,
  vmwFrameStamp: 0x574d567c,
  vmwUpdateCache: 0x574d567f,
} as const;

export interface WireRect {
  x: number;
  y: number;
  w: number;
  h: number;
  enc: number;
  payload?: Uint8Array;
}

export function rect(
  x: number,
  y: number,
  w: number,
  h: number,
  enc: number,
  payload: Uint8Array = new Uint8Array(0),
): WireRect {
  return {x, y, w, h, enc, payload};
}

/** FramebufferUpdate: `U8 0, U8 update-id, U16 n`, then rectangles. */
export function fbu(id: number, ...rects: WireRect[]): Uint8Array {
  return fbuWithCount(id, rects.length, ...rects);
}

export function fbuWithCount(id: number, count: number, ...rects: WireRect[]): Uint8Array {
  const w = new Wire().u8(0, id).u16(count);
  for (const r of rects) {
    w.u16(r.x).u16(r.y).u16(r.w).u16(r.h).s32(r.enc);
    if (r.payload) w.bytes(r.payload);
  }
  return w.build();
}

/** Raw pixels in ESXi order B,G,R,X from [r,g,b] triples. */
export function rawBgrx(pixels: ReadonlyArray<readonly [number, number, number]>): Uint8Array {
  const w = new Wire();
  for (const [r, g, b] of pixels) w.u8(b, g, r, 0);
  return w.build();
}

/** Raw pixels in canvas order R,G,B,X. */
export function rawRgbx(pixels: ReadonlyArray<readonly [number, number, number]>): Uint8Array {
  const w = new Wire();
  for (const [r, g, b] of pixels) w.u8(r, g, b, 0);
  return w.build();
}

export function copyRectPayload(sx: number, sy: number): Uint8Array {
  return new Wire().u16(sx).u16(sy).build();
}

/** Tight compact length (§3.3.3): 1–3 bytes, 7 bits each, last byte 8 bits. */
export function compactLength(n: number): Uint8Array {
  const w = new Wire();
  if (n < 0x80) return w.u8(n).build();
  if (n < 0x4000) return w.u8(0x80 | (n & 0x7f), n >> 7).build();
  return w.u8(0x80 | (n & 0x7f), 0x80 | ((n >> 7) & 0x7f), n >> 14).build();
}

export function tightPngFill(r: number, g: number, b: number, control = 0x80): Uint8Array {
  return new Wire().u8(control, r, g, b).build();
}

export function tightPngData(control: number, data: Uint8Array): Uint8Array {
  return new Wire().u8(control).bytes(compactLength(data.length)).bytes(data).build();
}

/** A structurally valid PNG header (signature + IHDR + IEND) for a w×h image. */
export function fakePng(width: number, height: number): Uint8Array {
  return new Wire()
    .u8(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
    .u32(13)
    .ascii('IHDR')
    .u32(width)
    .u32(height)
    .u8(8, 6, 0, 0, 0)
    .u32(0x12345678) // CRC (not checked by the client)
    .u32(0)
    .ascii('IEND')
    .u32(0xae426082)
    .build();
}

/** A structurally valid JPEG marker sequence with APP0, DQT, SOF0 (w×h), SOS, EOI. */
export function fakeJpeg(width: number, height: number, fill = 0x11): Uint8Array {
  const w = new Wire().u8(0xff, 0xd8);
  w.u8(0xff, 0xe0).u16(16).ascii('JFIF').u8(0, 1, 1, 0).u16(1).u16(1).u8(0, 0);
  w.u8(0xff, 0xdb).u16(67).u8(0);
  for (let i = 0; i < 64; i++) w.u8(fill);
  w.u8(0xff, 0xc0).u16(11).u8(8).u16(height).u16(width).u8(1, 1, 0x11, 0);
  w.u8(0xff, 0xda).u16(8).u8(1, 1, 0, 0, 0x3f, 0).u8(0xab, 0xcd);
  w.u8(0xff, 0xd9);
  return w.build();
}

/** VMWDefineCursor alpha (type 1) payload from [r,g,b,a] pixels, sent as B,G,R,A (§12.14). */
export function vmwCursorAlpha(pixels: ReadonlyArray<readonly number[]>): Uint8Array {
  const w = new Wire().u8(1, 0);
  for (const [r, g, b, a] of pixels) w.u8(b!, g!, r!, a!);
  return w.build();
}

/** VMWDefineCursor classic (type 0): AND and XOR masks, 4 bytes per pixel. */
export function vmwCursorClassic(
  and: ReadonlyArray<readonly number[]>,
  xor: ReadonlyArray<readonly number[]>,
): Uint8Array {
  const w = new Wire().u8(0, 0);
  for (const p of and) w.bytes(p);
  for (const p of xor) w.bytes(p);
  return w.build();
}

export function u16Payload(v: number): Uint8Array {
  return new Wire().u16(v).build();
}

export function u32Payload(v: number): Uint8Array {
  return new Wire().u32(v).build();
}

export function typematicPayload(state: number, periodUs: number, delayUs: number): Uint8Array {
  return new Wire().u16(state).u32(periodUs).u32(delayUs).build();
}

export function frameStampPayload(lo: number, hi: number): Uint8Array {
  return new Wire().u32(lo).u32(hi).build();
}

export interface WireScreen {
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  flags: number;
}

export function extDesktopSizePayload(screens: readonly WireScreen[]): Uint8Array {
  const w = new Wire().u8(screens.length, 0, 0, 0);
  for (const s of screens) w.u32(s.id).u16(s.x).u16(s.y).u16(s.w).u16(s.h).u32(s.flags);
  return w.build();
}

export function desktopNamePayload(name: Uint8Array): Uint8Array {
  return new Wire().u32(name.length).bytes(name).build();
}

// ---- other server messages ------------------------------------------------------------

export function bell(): Uint8Array {
  return Uint8Array.of(2);
}

export function serverCutText(text: Uint8Array, declaredLength = text.length): Uint8Array {
  return new Wire().u8(3, 0, 0, 0).u32(declaredLength).bytes(text).build();
}

export function colourMapEntries(first: number, colours: number, declared = colours): Uint8Array {
  const w = new Wire().u8(1, 0).u16(first).u16(declared);
  for (let i = 0; i < colours; i++)
    w.u16(i)
      .u16(i * 2)
      .u16(i * 3);
  return w.build();
}

/** A VMware 127 message; `length` defaults to 4 + body length. */
export function vmwareMessage(
  subtype: number,
  body: Uint8Array,
  length = 4 + body.length,
): Uint8Array {
  return new Wire().u8(127, subtype).u16(length).bytes(body).build();
}

export function serverCaps(caps: number): Uint8Array {
  return vmwareMessage(0, u32Payload(caps));
}

export function heartbeat(interval: number): Uint8Array {
  return vmwareMessage(4, u16Payload(interval));
}

export function sessionClose(reason: number): Uint8Array {
  return vmwareMessage(7, u32Payload(reason));
}

export function reconnectToken(token: Uint8Array): Uint8Array {
  return vmwareMessage(6, token);
}

/** 127/3 audio: 32 bytes of header fields, then data (not counted in length). */
export function vmwareAudio(data: Uint8Array): Uint8Array {
  const body = new Wire()
    .u32(data.length)
    .u32(44100)
    .u32(2)
    .u32(16)
    .u32(16)
    .u32(1)
    .u32(0)
    .u32(0)
    .build();
  return concat(vmwareMessage(3, body), data);
}

export function audioMixer(): Uint8Array {
  return vmwareMessage(8, new Wire().u32(0).u32(1).u32(50).u32(0).build());
}

export function endOfContinuousUpdates(): Uint8Array {
  return Uint8Array.of(150);
}

export function fence(payload: Uint8Array, declared = payload.length): Uint8Array {
  return new Wire().u8(248, 0, 0, 0).u32(0x80000001).u8(declared).bytes(payload).build();
}

/** Fence (rfbproto 248) with explicit flags: `U8 248, 3 pad, U32 flags, U8 length, payload`. */
export function fenceWithFlags(
  flags: number,
  payload: Uint8Array,
  declared = payload.length,
): Uint8Array {
  return new Wire().u8(248, 0, 0, 0).u32(flags).u8(declared).bytes(payload).build();
}
