/**
 * A structure-aware generator of server streams for property tests (P4 in
 * robustness.md §4.2): valid handshakes and messages whose length, count and
 * coordinate fields are recorded, so a test can push exactly one of them to a
 * boundary value. Independent of src/ (built from the wire builders).
 */
import fc from 'fast-check';
import * as S from './server-wire.js';
import {ENC, Wire} from './server-wire.js';

export type FieldSize = 1 | 2 | 4 | 'compact3';

export interface Field {
  offset: number;
  size: FieldSize;
  /** The limit the client enforces for this field (used for cap−1, cap, cap+1). */
  cap: number;
  name: string;
}

export interface Piece {
  bytes: number[];
  fields: Field[];
}

/** Builds one piece, remembering where its interesting fields are. */
class PieceWire {
  readonly bytes: number[] = [];
  readonly fields: Field[] = [];

  raw(data: ArrayLike<number>): this {
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]! & 0xff);
    return this;
  }
  u8(...v: number[]): this {
    return this.raw(v);
  }
  field(name: string, size: FieldSize, value: number, cap: number): this {
    this.fields.push({offset: this.bytes.length, size, cap, name});
    writeField(this.bytes, this.bytes.length, size, value, true);
    return this;
  }
  piece(): Piece {
    return {bytes: this.bytes, fields: this.fields};
  }
}

/** Writes `value` into `bytes` at `offset` (appending when `append`). */
export function writeField(
  bytes: number[],
  offset: number,
  size: FieldSize,
  value: number,
  append = false,
): void {
  let out: number[];
  if (size === 'compact3') {
    const v = Math.min(value >>> 0, 0x3fffff);
    out = [0x80 | (v & 0x7f), 0x80 | ((v >> 7) & 0x7f), (v >> 14) & 0xff];
  } else {
    const v = value >>> 0;
    out = [];
    for (let i = size - 1; i >= 0; i--) out.push(Math.floor(v / 2 ** (8 * i)) & 0xff);
  }
  if (append) bytes.push(...out);
  else for (let i = 0; i < out.length; i++) bytes[offset + i] = out[i]!;
}

export const BOUNDARY_BASES = [0, 1, 0x7fff, 0x8000, 0xffff, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];

/** Boundary values for a field: the fixed set plus cap−1, cap, cap+1. */
export function boundaryValues(cap: number): number[] {
  return [...BOUNDARY_BASES, cap - 1, cap, cap + 1].filter((v) => v >= 0);
}

const FB_W = 48;
const FB_H = 32;

// ---- handshakes ---------------------------------------------------------------

function serverInitPiece(name = 'vm'): Piece {
  const w = new PieceWire()
    .field('fb-width', 2, FB_W, 8192)
    .field('fb-height', 2, FB_H, 8192)
    .field('bpp', 1, 32, 32)
    .u8(24, 0)
    .field('true-colour', 1, 1, 1)
    .field('red-max', 2, 255, 255)
    .u8(0, 255, 0, 255)
    .field('red-shift', 1, 16, 31)
    .u8(8, 0, 0, 0, 0)
    .field('name-length', 4, name.length, 4096);
  for (const c of name) w.u8(c.charCodeAt(0));
  return w.piece();
}

export type Start = 'vmware-a' | 'vnc-38' | 'vnc-33' | 'mode-b';

export function handshake(start: Start): Piece {
  const w = new PieceWire();
  if (start === 'mode-b') return serverInitPiece('nova');
  if (start === 'vnc-33') {
    w.raw(S.version('003.003')).field('security-33', 4, 1, 2);
  } else {
    w.raw(S.VERSION_38).field('security-count', 1, 1, 255).u8(1).field('security-result', 4, 0, 1);
  }
  const init = serverInitPiece();
  return concatPieces([w.piece(), init]);
}

export function concatPieces(pieces: readonly Piece[]): Piece {
  const out: Piece = {bytes: [], fields: []};
  for (const p of pieces) {
    for (const f of p.fields) out.fields.push({...f, offset: f.offset + out.bytes.length});
    out.bytes.push(...p.bytes);
  }
  return out;
}

// ---- rectangles and messages ----------------------------------------------------------

type RectGen = fc.Arbitrary<Piece>;

function rectHeader(
  w: PieceWire,
  x: number,
  y: number,
  width: number,
  height: number,
  enc: number,
): PieceWire {
  return w
    .field('rect-x', 2, x, FB_W)
    .field('rect-y', 2, y, FB_H)
    .field('rect-w', 2, width, FB_W)
    .field('rect-h', 2, height, FB_H)
    .u8(...new Wire().s32(enc).build());
}

const xywh = fc.record({
  x: fc.integer({min: 0, max: FB_W - 1}),
  y: fc.integer({min: 0, max: FB_H - 1}),
  w: fc.integer({min: 0, max: 6}),
  h: fc.integer({min: 0, max: 6}),
});

const rawRect: RectGen = xywh.map(({x, y, w, h}) => {
  const cw = Math.min(w, FB_W - x);
  const ch = Math.min(h, FB_H - y);
  return rectHeader(new PieceWire(), x, y, cw, ch, ENC.raw)
    .raw(new Uint8Array(cw * ch * 4).fill(0x5a))
    .piece();
});

const copyRect: RectGen = fc.tuple(xywh, fc.nat(FB_W - 1), fc.nat(FB_H - 1)).map(([r, sx, sy]) => {
  const cw = Math.min(r.w, FB_W - r.x, FB_W - sx);
  const ch = Math.min(r.h, FB_H - r.y, FB_H - sy);
  return rectHeader(new PieceWire(), r.x, r.y, cw, ch, ENC.copyRect)
    .field('copy-src-x', 2, sx, FB_W)
    .field('copy-src-y', 2, sy, FB_H)
    .piece();
});

const tightPng: RectGen = fc
  .tuple(xywh, fc.constantFrom(0x80, 0x90, 0xa0, 0xb0), fc.nat(0x0f))
  .map(([r, ctl, low]) => {
    const cw = Math.max(1, Math.min(r.w, FB_W - r.x));
    const ch = Math.max(1, Math.min(r.h, FB_H - r.y));
    const w = rectHeader(new PieceWire(), r.x, r.y, cw, ch, ENC.tightPng);
    w.field('tight-control', 1, ctl | low, 0xb0);
    if (ctl === 0x80) return w.u8(1, 2, 3).piece();
    const data =
      ctl === 0xa0
        ? S.fakePng(cw, ch)
        : ctl === 0x90
          ? S.fakeJpeg(cw, ch)
          : Uint8Array.of(0x02, 2, 0xff, 0xd8, 0x03, ...S.fakeJpeg(cw, ch).subarray(2));
    return w.field('compact-length', 'compact3', data.length, 4194303).raw(data).piece();
  });

// Only grows the screen, so later rectangles of a valid session stay inside it.
const desktopSize: RectGen = fc
  .tuple(fc.integer({min: FB_W, max: 64}), fc.integer({min: FB_H, max: 64}))
  .map(([w, h]) =>
    new PieceWire()
      .u8(0, 0, 0, 0)
      .field('desktop-w', 2, w, 8192)
      .field('desktop-h', 2, h, 8192)
      .u8(...new Wire().s32(ENC.desktopSize).build())
      .piece(),
  );

const vmwCursor: RectGen = fc
  .tuple(fc.integer({min: 0, max: 4}), fc.integer({min: 0, max: 4}), fc.constantFrom(0, 1))
  .map(([w, h, type]) =>
    new PieceWire()
      .field('hot-x', 2, 0, 256)
      .field('hot-y', 2, 0, 256)
      .field('cursor-w', 2, w, 256)
      .field('cursor-h', 2, h, 256)
      .u8(...new Wire().s32(ENC.vmwDefineCursor).build())
      .field('cursor-type', 1, type, 1)
      .u8(0)
      .raw(new Uint8Array(w * h * 4 * (type === 0 ? 2 : 1)).fill(0x33))
      .piece(),
  );

function pseudo(enc: number, payload: (w: PieceWire) => PieceWire): fc.Arbitrary<Piece> {
  return fc.constant(null).map(() => payload(rectHeader(new PieceWire(), 0, 0, 0, 0, enc)).piece());
}

const pseudoRects: RectGen = fc.oneof(
  pseudo(ENC.vmwCursorState, (w) => w.u8(0, 1)),
  pseudo(ENC.vmwLedState, (w) => w.u8(0, 0, 0, 5)),
  pseudo(ENC.vmwTypematic, (w) => w.u8(0, 1, 0, 0, 0x82, 0x35, 0, 7, 0xa1, 0x20)),
  pseudo(ENC.vmwCursorPosition, (w) => w),
  pseudo(ENC.vmwFrameStamp, (w) => w.u8(0, 0, 0, 1, 0, 0, 0, 2)),
  pseudo(ENC.qemuLed, (w) => w.u8(3)),
  pseudo(ENC.qemuExtKey, (w) => w),
  pseudo(ENC.desktopName, (w) => w.field('name-length', 4, 3, 4096).u8(0x61, 0x62, 0x63)),
  // ExtendedDesktopSize carries the (base) framebuffer size in its rectangle.
  fc
    .constant(null)
    .map(() =>
      rectHeader(new PieceWire(), 0, 0, FB_W, FB_H, ENC.extDesktopSize)
        .field('screens', 1, 1, 255)
        .u8(0, 0, 0)
        .raw(new Wire().u32(1).u16(0).u16(0).u16(FB_W).u16(FB_H).u32(0).build())
        .piece(),
    ),
);

const anyRect: RectGen = fc.oneof(rawRect, copyRect, tightPng, desktopSize, vmwCursor, pseudoRects);

const framebufferUpdate = fc
  .tuple(fc.nat(255), fc.array(anyRect, {maxLength: 4}), fc.boolean())
  .map(([id, rects, lastRect]) => {
    const head = new PieceWire()
      .u8(0, id)
      .field('rect-count', 2, rects.length + (lastRect ? 1 : 0), 0xffff);
    const pieces = [head.piece(), ...rects];
    if (lastRect) pieces.push(rectHeader(new PieceWire(), 0, 0, 0, 0, ENC.lastRect).piece());
    return concatPieces(pieces);
  });

const cutText = fc.uint8Array({maxLength: 40}).map((text) =>
  new PieceWire()
    .u8(3, 0, 0, 0)
    .field('cut-length', 4, text.length, 256 * 1024)
    .raw(text)
    .piece(),
);

const colourMap = fc.integer({min: 0, max: 8}).map((n) =>
  new PieceWire()
    .u8(1, 0)
    .field('colour-first', 2, 0, 65535)
    .field('colour-count', 2, n, 65535)
    .raw(new Uint8Array(6 * n))
    .piece(),
);

const vmwareMsg = fc
  .oneof(
    fc.constant({sub: 0, body: [0, 0, 0, 0xa2]}),
    fc.constant({sub: 4, body: [0, 30]}),
    fc.constant({sub: 7, body: [0, 0, 0, 23]}),
    fc.constant({sub: 8, body: new Array<number>(16).fill(0)}),
    fc.constant({sub: 6, body: [0x74, 0x6f, 0x6b]}),
    fc.uint8Array({maxLength: 20}).map((b) => ({sub: 77, body: Array.from(b)})),
  )
  .map(({sub, body}) =>
    new PieceWire()
      .u8(127)
      .field('vmw-subtype', 1, sub, 255)
      .field('vmw-length', 2, 4 + body.length, 65535)
      .raw(body)
      .piece(),
  );

const audio = fc.integer({min: 0, max: 40}).map((n) =>
  new PieceWire()
    .u8(127, 3, 0, 36)
    .field('audio-length', 4, n, 1024 * 1024)
    .raw(new Uint8Array(28))
    .raw(new Uint8Array(n))
    .piece(),
);

const fenceMsg = fc
  .integer({min: 0, max: 64})
  .map((n) =>
    new PieceWire()
      .u8(248, 0, 0, 0, 0, 0, 0, 0)
      .field('fence-length', 1, n, 64)
      .raw(new Uint8Array(n))
      .piece(),
  );

const simple = fc.constantFrom<Piece>({bytes: [2], fields: []}, {bytes: [150], fields: []});

export const serverMessage: fc.Arbitrary<Piece> = fc.oneof(
  {arbitrary: framebufferUpdate, weight: 5},
  {arbitrary: cutText, weight: 1},
  {arbitrary: colourMap, weight: 1},
  {arbitrary: vmwareMsg, weight: 2},
  {arbitrary: audio, weight: 1},
  {arbitrary: fenceMsg, weight: 1},
  {arbitrary: simple, weight: 1},
);

/** A whole valid session: a handshake and up to `max` messages. */
export function session(start: Start, max = 6): fc.Arbitrary<Piece> {
  return fc
    .array(serverMessage, {maxLength: max})
    .map((msgs) => concatPieces([handshake(start), ...msgs]));
}

export const START_OPTIONS: Record<Start, {flavor: 'vmware' | 'vnc' | 'auto'}> = {
  'vmware-a': {flavor: 'vmware'},
  'vnc-38': {flavor: 'vnc'},
  'vnc-33': {flavor: 'auto'},
  'mode-b': {flavor: 'auto'},
};
