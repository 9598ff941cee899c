import {afterEach, describe, expect, it} from 'vitest';
import {ZlibDecoder} from '../../../../src/decoders/zlib.js';
import {
  BGR233,
  RGB565_LE,
  RGBX_LE,
  TestDeflater,
  bytes,
  noise,
  pixel,
  shown,
  u32,
  withLength,
  zlibOnce,
  type Rgb,
} from './support/encoders.js';
import {errorCode, feed, feedThreeWays, rect, sampleCuts} from './support/feed.js';

const ZLIB = 6;
const make = (): ZlibDecoder => new ZlibDecoder();
const deflaters: TestDeflater[] = [];
afterEach(() => {
  for (const d of deflaters.splice(0)) d.close();
});

function raw(pf: Parameters<typeof pixel>[0], colours: readonly Rgb[]): Uint8Array {
  return bytes(...colours.map((c) => pixel(pf, c)));
}

describe('Zlib encoding', () => {
  it('inflates Raw pixels', () => {
    const colours = noise(5 * 3, 1);
    const sink = feedThreeWays(
      make,
      [rect(1, 2, 5, 3, ZLIB)],
      withLength(zlibOnce(raw(RGBX_LE, colours))),
    );
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 1, y: 2, w: 5, h: 3, rgba: colours.flatMap((c) => [...c, 255])},
    ]);
  });

  it('uses one zlib stream for the connection, in any pixel format', async () => {
    for (const pf of [RGBX_LE, RGB565_LE, BGR233]) {
      const z = new TestDeflater();
      deflaters.push(z);
      const a = noise(4 * 4, 5);
      const b = noise(4 * 4, 5);
      const data = bytes(
        withLength(await z.push(raw(pf, a))),
        withLength(await z.push(new Uint8Array(0))), // empty rectangle: a flush only
        withLength(await z.push(raw(pf, b))),
      );
      const rects = [rect(0, 0, 4, 4, ZLIB), rect(0, 0, 0, 0, ZLIB), rect(4, 4, 4, 4, ZLIB)];
      const sink = feedThreeWays(make, rects, data, {pixelFormat: pf});
      expect(sink.ops.map((o) => (o.op === 'pixels' ? o.rgba : []))).toEqual([
        a.flatMap((c) => [...shown(pf, c), 255]),
        b.flatMap((c) => [...shown(pf, c), 255]),
      ]);
    }
  });

  it('consumes data larger than one 64 KiB piece', () => {
    const colours = noise(150 * 120, 3);
    const data = withLength(zlibOnce(raw(RGBX_LE, colours), 0));
    expect(data.length).toBeGreaterThan(64 * 1024);
    const sink = feedThreeWays(make, [rect(0, 0, 150, 120, ZLIB)], data, {
      fbWidth: 150,
      fbHeight: 120,
      cuts: sampleCuts(data.length, 4999),
    });
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 0, y: 0, w: 150, h: 120, rgba: colours.flatMap((c) => [...c, 255])},
    ]);
  });

  it('fails on a length beyond what the pixels could compress to, before waiting for it', () => {
    expect(errorCode(() => feed(make, [rect(0, 0, 2, 2, ZLIB)], [bytes(u32(2000))]))).toBe(
      'bad-length',
    );
    expect(errorCode(() => feed(make, [rect(0, 0, 2, 2, ZLIB)], [bytes(u32(0xffffffff))]))).toBe(
      'bad-length',
    );
  });

  it('fails when the data yields fewer or more bytes than w*h*bpp', () => {
    const three = withLength(zlibOnce(raw(RGBX_LE, noise(3, 1))));
    expect(errorCode(() => feed(make, [rect(0, 0, 4, 1, ZLIB)], [three]))).toBe('zlib-error');
    expect(errorCode(() => feed(make, [rect(0, 0, 2, 1, ZLIB)], [three]))).toBe('zlib-error');
    expect(errorCode(() => feed(make, [rect(0, 0, 1, 1, ZLIB)], [bytes(u32(0))]))).toBe(
      'zlib-error',
    );
  });

  it('refuses a zlib bomb quickly', () => {
    const bomb = withLength(zlibOnce(new Uint8Array(64 * 1024 * 1024), 9));
    const t0 = performance.now();
    const r = [rect(0, 0, 128, 128, ZLIB)];
    expect(errorCode(() => feed(make, r, [bomb], {fbWidth: 128, fbHeight: 128}))).toBe(
      'zlib-error',
    );
    expect(performance.now() - t0).toBeLessThan(250);
  });

  it('fails with zlib-error when zlib is not loaded', () => {
    const data = withLength(zlibOnce(raw(RGBX_LE, noise(1, 1))));
    expect(
      errorCode(() => feed(make, [rect(0, 0, 1, 1, ZLIB)], [data], {inflaterFactory: null})),
    ).toBe('zlib-error');
  });
});
