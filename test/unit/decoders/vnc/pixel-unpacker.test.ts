import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
  PixelUnpacker,
  Scratch,
  blueOf,
  greenOf,
  packRgb,
  redOf,
} from '../../../../src/decoders/pixel-unpacker.js';
import {toRgba, type PixelFormat} from '../../../../src/protocol/pixel-format.js';
import {
  BGR233,
  BGRX_LE,
  RGB30_LE,
  RGB565_BE,
  RGB565_LE,
  RGB_HIGH_LE,
  RGBX_LE,
  XRGB_BE,
  bytes,
  cpixel,
  fmt,
  noise,
  pixel,
  shown,
  tpixel,
} from './support/encoders.js';

const FORMATS: [string, PixelFormat][] = [
  ['RGBX LE (canvas)', RGBX_LE],
  ['BGRX LE (ESXi)', BGRX_LE],
  ['XRGB BE', XRGB_BE],
  ['RGB in the high bytes', RGB_HIGH_LE],
  ['RGB565 LE', RGB565_LE],
  ['RGB565 BE', RGB565_BE],
  ['BGR233', BGR233],
  ['RGB 10-bit', RGB30_LE],
  ['RGB 4-bit in 32 bpp depth 12', fmt(32, 12, true, 15, 15, 15, 8, 4, 0)],
];

describe('PixelUnpacker', () => {
  for (const [name, pf] of FORMATS) {
    it(`${name}: PIXEL, CPIXEL and TPIXEL all decode to the colour the encoder sent`, () => {
      const colours = noise(37, 12);
      for (const [unit, encode] of [
        ['pixel', pixel],
        ['cpixel', cpixel],
        ['tpixel', tpixel],
      ] as const) {
        const u = new PixelUnpacker(pf, unit);
        const wire = bytes(...colours.map((c) => encode(pf, c)));
        expect(u.size * colours.length).toBe(wire.length);
        const out = new Uint8Array(colours.length * 4 + 8).fill(7);
        u.toRgba(wire, 0, out, 4, colours.length);
        expect(Array.from(out.subarray(0, 4))).toEqual([7, 7, 7, 7]);
        expect(Array.from(out.subarray(4 + colours.length * 4))).toEqual([7, 7, 7, 7]);
        expect(Array.from(out.subarray(4, 4 + colours.length * 4)), unit).toEqual(
          colours.flatMap((c) => [...shown(pf, c), 255]),
        );
        const word = u.pack(wire, u.size * 5);
        expect([redOf(word), greenOf(word), blueOf(word)]).toEqual(shown(pf, colours[5]!));
      }
    });
  }

  it('PIXEL conversion agrees with toRgba for any valid true-colour format and bytes', () => {
    const format = fc
      .record({
        bpp: fc.constantFrom(8, 16, 32),
        bigEndian: fc.boolean(),
        bits: fc.tuple(
          fc.integer({min: 1, max: 8}),
          fc.integer({min: 1, max: 8}),
          fc.integer({min: 1, max: 8}),
        ),
        shifts: fc.tuple(fc.nat(31), fc.nat(31), fc.nat(31)),
      })
      .map(({bpp, bigEndian, bits, shifts}) =>
        fmt(
          bpp,
          Math.min(bpp, 24),
          bigEndian,
          2 ** bits[0] - 1,
          2 ** bits[1] - 1,
          2 ** bits[2] - 1,
          shifts[0] % bpp,
          shifts[1] % bpp,
          shifts[2] % bpp,
        ),
      );
    fc.assert(
      fc.property(format, fc.uint8Array({minLength: 0, maxLength: 64}), (pf, raw) => {
        const n = Math.floor(raw.length / (pf.bitsPerPixel / 8));
        const ours = new Uint8Array(n * 4);
        const theirs = new Uint8Array(n * 4);
        new PixelUnpacker(pf, 'pixel').toRgba(raw, 0, ours, 0, n);
        toRgba(pf, raw, 0, theirs, 0, n);
        expect(Array.from(ours)).toEqual(Array.from(theirs));
      }),
      {numRuns: 500},
    );
  });

  it('canvas order is a copy with alpha forced to 255', () => {
    const out = new Uint8Array(8);
    new PixelUnpacker(RGBX_LE, 'pixel').toRgba(bytes(1, 2, 3, 0, 4, 5, 6, 9), 0, out, 0, 2);
    expect(Array.from(out)).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });

  it('packRgb lays R,G,B,255 out in memory order', () => {
    const words = new Uint32Array([packRgb(1, 2, 3)]);
    expect(Array.from(new Uint8Array(words.buffer))).toEqual([1, 2, 3, 255]);
  });
});

describe('Scratch', () => {
  it('grows, keeps the requested prefix, and never shrinks', () => {
    const s = new Scratch();
    s.ensure(10).set([1, 2, 3]);
    const first = s.bytes;
    expect(s.ensure(5)).toBe(first);
    s.ensure(1000, 3);
    expect(Array.from(s.bytes.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(s.words.buffer).toBe(s.bytes.buffer);
    expect(s.bytes.length % 4).toBe(0);
  });
});
