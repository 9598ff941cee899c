/**
 * Per-connection state the decoders keep between rectangles: scratch buffers
 * are reused (not reallocated per rectangle), and a pixel format change
 * between rectangles (SetPixelFormat) takes effect at the next rectangle.
 */
import {describe, expect, it} from 'vitest';
import type {DecodeContext, Rect, RectDecoder} from '../../../../src/decoders/decoder.js';
import type {FrameSink} from '../../../../src/decoders/frame-sink.js';
import {HextileDecoder} from '../../../../src/decoders/hextile.js';
import {RreDecoder} from '../../../../src/decoders/rre.js';
import {TightDecoder} from '../../../../src/decoders/tight.js';
import {ZlibDecoder} from '../../../../src/decoders/zlib.js';
import {ZrleDecoder} from '../../../../src/decoders/zrle.js';
import {ByteReader} from '../../../../src/protocol/byte-reader.js';
import {RecordingSink} from '../../helpers/recording-sink.js';
import {
  RGB565_LE,
  RGBX_LE,
  TestDeflater,
  bytes,
  compact,
  hexTile,
  noise,
  pixel,
  rre,
  shown,
  tightControl,
  tightCopyData,
  withLength,
  zrleRaw,
  type Rgb,
} from './support/encoders.js';
import {makeContext, rect} from './support/feed.js';

/** Records which ArrayBuffer each putPixels view lives in. */
class BufferSpy extends RecordingSink implements FrameSink {
  buffers: ArrayBufferLike[] = [];
  override putPixels(x: number, y: number, w: number, h: number, rgba: Uint8Array): void {
    this.buffers.push(rgba.buffer);
    super.putPixels(x, y, w, h, rgba);
  }
}

function decodeAll(
  decoder: RectDecoder,
  rects: Rect[],
  data: Uint8Array,
  sink: RecordingSink,
  ctx: DecodeContext,
): void {
  const reader = new ByteReader();
  reader.push(data);
  for (const r of rects) {
    decoder.reset();
    expect(decoder.decode(r, reader, sink, ctx)).toBe(true);
  }
  expect(reader.available).toBe(0);
}

describe('scratch reuse', () => {
  it('Tight, ZRLE, Zlib and Hextile draw consecutive rectangles from the same buffer', async () => {
    const cases: [string, () => RectDecoder, number, (c: Rgb[]) => Promise<Uint8Array>][] = [];
    const tightZ = new TestDeflater();
    const zrleZ = new TestDeflater();
    const zlibZ = new TestDeflater();
    cases.push([
      'tight',
      () => new TightDecoder(),
      7,
      async (c) => {
        const z = await tightZ.push(tightCopyData(RGBX_LE, c));
        return bytes(tightControl(0, false), compact(z.length), z);
      },
    ]);
    cases.push([
      'zrle',
      () => new ZrleDecoder(),
      16,
      async (c) => withLength(await zrleZ.push(zrleRaw(RGBX_LE, c))),
    ]);
    cases.push([
      'zlib',
      () => new ZlibDecoder(),
      6,
      async (c) => withLength(await zlibZ.push(bytes(...c.map((x) => pixel(RGBX_LE, x))))),
    ]);
    cases.push([
      'hextile',
      () => new HextileDecoder(),
      5,
      async (c) => bytes(1, ...c.map((x) => pixel(RGBX_LE, x))),
    ]);
    for (const [name, make, encoding, encode] of cases) {
      const sink = new BufferSpy();
      sink.resize(64, 64);
      const parts: Uint8Array[] = [];
      for (let i = 0; i < 3; i++) parts.push(await encode(noise(8 * 8, i + 1)));
      const r = [0, 1, 2].map((i) => rect(i * 8, 0, 8, 8, encoding));
      decodeAll(make(), r, bytes(...parts), sink, makeContext());
      expect(sink.buffers, name).toHaveLength(3);
      expect(new Set(sink.buffers).size, name).toBe(1);
    }
    for (const z of [tightZ, zrleZ, zlibZ]) z.close();
  });
});

describe('pixel format changes between rectangles', () => {
  it('uses the format in the context at each rectangle, even if edited in place', () => {
    const pf = {...RGBX_LE};
    const ctx = {...makeContext(), pixelFormat: pf};
    const sink = new RecordingSink();
    sink.resize(8, 8);
    sink.ops = [];
    const decoder = new RreDecoder();
    const green: Rgb = [0, 200, 10];
    decodeAll(decoder, [rect(0, 0, 1, 1, 2)], rre(RGBX_LE, green, []), sink, ctx);
    Object.assign(pf, RGB565_LE);
    decodeAll(decoder, [rect(1, 1, 1, 1, 2)], rre(RGB565_LE, green, []), sink, ctx);
    const ctx2 = {...ctx, pixelFormat: RGBX_LE};
    const hex = new HextileDecoder();
    decodeAll(hex, [rect(2, 2, 1, 1, 5)], hexTile(RGBX_LE, {bg: green}), sink, ctx2);
    decodeAll(hex, [rect(3, 3, 1, 1, 5)], hexTile(RGB565_LE, {bg: green}), sink, {
      ...ctx2,
      pixelFormat: RGB565_LE,
    });
    expect(
      sink.ops.map((o) => (o.op === 'fill' ? o.rgb : o.op === 'pixels' ? o.rgba.slice(0, 3) : [])),
    ).toEqual([[0, 200, 10], shown(RGB565_LE, green), [0, 200, 10], shown(RGB565_LE, green)]);
  });
});
