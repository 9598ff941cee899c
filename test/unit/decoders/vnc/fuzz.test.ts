/**
 * Totality (robustness.md §4 P3): for any bytes, a decoder only returns
 * "done"/"need more" or throws a typed ProtocolError (never 'internal', which
 * would mean it read bytes it had not checked for), within 100 ms per case.
 * Random bytes mostly die at the first field, so each decoder also gets
 * structured cases: valid framing around random content (random tile data
 * inside a valid zlib stream, random palettes and indices, ...).
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Rect, RectDecoder} from '../../../../src/decoders/decoder.js';
import {HextileDecoder} from '../../../../src/decoders/hextile.js';
import {RichCursorDecoder} from '../../../../src/decoders/rich-cursor.js';
import {RreDecoder} from '../../../../src/decoders/rre.js';
import {TightDecoder} from '../../../../src/decoders/tight.js';
import {ZlibDecoder} from '../../../../src/decoders/zlib.js';
import {ZrleDecoder} from '../../../../src/decoders/zrle.js';
import type {PixelFormat} from '../../../../src/protocol/pixel-format.js';
import {
  chunksAt,
  cutsArb,
  decodeChunks,
  tightStructuredArb,
  zlibFramedArb,
} from '../../helpers/decoder-fuzz-cases.js';
import {
  BGR233,
  BGRX_LE,
  RGB30_LE,
  RGB565_BE,
  RGBX_LE,
  XRGB_BE,
  bytes,
  u32,
  zlibOnce,
} from './support/encoders.js';
import {makeContext, rect} from './support/feed.js';

const FORMATS = [RGBX_LE, RGBX_LE, BGRX_LE, XRGB_BE, RGB565_BE, BGR233, RGB30_LE];
const RUNS = 300;
const CASE_MS = 100;

const formatArb = fc.constantFrom(...FORMATS);
const rectArb = (encoding: number, maxSide = 80): fc.Arbitrary<Rect> =>
  fc
    .record({w: fc.nat(maxSide), h: fc.nat(maxSide), x: fc.nat(300), y: fc.nat(300)})
    .map(({w, h, x, y}) => rect(x, y, w, h, encoding));
/** Bytes, and where to cut them into chunks. */
const streamArb = (payload: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array[]> =>
  fc.tuple(payload, cutsArb).map(([data, cuts]) => chunksAt(data, cuts));

function run(make: () => RectDecoder, r: Rect, chunks: Uint8Array[], pf: PixelFormat): number {
  const ctx = makeContext({pixelFormat: pf, fbWidth: 400, fbHeight: 400});
  const t0 = performance.now();
  decodeChunks(make, r, chunks, ctx);
  return performance.now() - t0;
}

function total(make: () => RectDecoder, r: Rect, chunks: Uint8Array[], pf: PixelFormat): void {
  // A case over budget is timed again, so a GC pause or a busy machine is not a failure;
  // a decoder that really hangs is slow both times.
  if (run(make, r, chunks, pf) >= CASE_MS) {
    expect(run(make, r, chunks, pf)).toBeLessThan(CASE_MS);
  }
}

function check(
  make: () => RectDecoder,
  encoding: number,
  payload: fc.Arbitrary<Uint8Array>,
  maxSide = 80,
): void {
  fc.assert(
    fc.property(rectArb(encoding, maxSide), streamArb(payload), formatArb, (r, chunks, pf) =>
      total(make, r, chunks, pf),
    ),
    {numRuns: RUNS},
  );
}

const anyBytes = fc.uint8Array({maxLength: 2048});

describe('decoder totality on random input', () => {
  it('Hextile', () => {
    check(() => new HextileDecoder(), 5, anyBytes);
    // Mostly valid subencoding bytes, so tiles get past the first check.
    check(
      () => new HextileDecoder(),
      5,
      fc
        .array(fc.oneof(fc.integer({min: 0, max: 31}), fc.nat(255)), {maxLength: 2048})
        .map((a) => Uint8Array.from(a)),
    );
  });

  it('RRE', () => {
    check(() => new RreDecoder(), 2, anyBytes);
    check(
      () => new RreDecoder(),
      2,
      fc.tuple(fc.nat(20), fc.uint8Array({maxLength: 2048})).map(([n, d]) => bytes(u32(n), d)),
    );
  });

  it('Zlib', () => {
    check(() => new ZlibDecoder(), 6, anyBytes);
    check(() => new ZlibDecoder(), 6, zlibFramedArb);
  });

  it('ZRLE', () => {
    check(() => new ZrleDecoder(), 16, anyBytes);
    check(() => new ZrleDecoder(), 16, zlibFramedArb);
    // Tile data biased to the valid subencodings and small run lengths.
    const tiles = fc
      .array(fc.oneof(fc.constantFrom(0, 1, 2, 3, 5, 16, 128, 130, 131, 200, 255), fc.nat(255)), {
        maxLength: 4096,
      })
      .map((a) => {
        const z = zlibOnce(Uint8Array.from(a));
        return bytes(u32(z.length), z);
      });
    check(() => new ZrleDecoder(), 16, tiles);
  });

  it('Tight', () => {
    check(() => new TightDecoder(), 7, anyBytes);
    // Valid controls and filters around random palettes, indices and zlib content.
    const structured = tightStructuredArb([0x00, 0x10, 0x40, 0x50, 0x60, 0x70, 0x0f, 0x80, 0x90]);
    check(() => new TightDecoder(), 7, structured);
  });

  it('rich cursor', () => {
    check(() => new RichCursorDecoder(), -239, anyBytes, 300);
  });
});
