import jpeg from 'jpeg-js';
import {afterEach, describe, expect, it} from 'vitest';
import {createInflaterFactory} from '../../../../src/decoders/inflate.js';
import {TightDecoder} from '../../../../src/decoders/tight.js';
import {
  BGR233,
  BGRX_LE,
  RGB30_LE,
  RGB565_BE,
  RGB565_LE,
  RGBX_LE,
  TestDeflater,
  bytes,
  compact,
  gradientDiffs,
  noise,
  pixel,
  shown,
  tightControl,
  tightCopyData,
  tightData,
  tightFill,
  tightIndices,
  tightJpeg,
  tightPaletteHeader,
  tpixel,
  zlibOnce,
  type Rgb,
} from './support/encoders.js';
import {errorCode, feed, feedThreeWays, rect, sampleCuts} from './support/feed.js';

const TIGHT = 7;
const make = (): TightDecoder => new TightDecoder();
const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 200, 10];
const BLUE: Rgb = [5, 6, 250];

const deflaters: TestDeflater[] = [];
function deflater(): TestDeflater {
  const d = new TestDeflater();
  deflaters.push(d);
  return d;
}
afterEach(() => {
  for (const d of deflaters.splice(0)) d.close();
});

/** RGBA of a list of colours. */
function rgba(colours: readonly Rgb[]): number[] {
  return colours.flatMap((c) => [c[0], c[1], c[2], 255]);
}

describe('Tight fill', () => {
  it('fills the rectangle with the TPIXEL colour (R,G,B bytes at 32/24)', () => {
    const sink = feedThreeWays(make, [rect(3, 4, 10, 7, TIGHT)], tightFill(RGBX_LE, GREEN));
    expect(sink.ops).toEqual([{op: 'fill', x: 3, y: 4, w: 10, h: 7, rgb: [0, 200, 10]}]);
  });

  it('reads a 3-byte TPIXEL as R,G,B whatever the shifts (BGRX server format)', () => {
    const sink = feedThreeWays(make, [rect(0, 0, 2, 2, TIGHT)], bytes(0x80, 1, 2, 3), {
      pixelFormat: BGRX_LE,
    });
    expect(sink.ops).toEqual([{op: 'fill', x: 0, y: 0, w: 2, h: 2, rgb: [1, 2, 3]}]);
  });

  it('reads a full PIXEL when the format is not 32/24 888', () => {
    for (const pf of [RGB565_LE, RGB565_BE, BGR233, RGB30_LE]) {
      const sink = feedThreeWays(make, [rect(1, 1, 3, 2, TIGHT)], tightFill(pf, BLUE), {
        pixelFormat: pf,
      });
      expect(sink.ops).toEqual([{op: 'fill', x: 1, y: 1, w: 3, h: 2, rgb: shown(pf, BLUE)}]);
    }
  });

  it('allows a fill wider than 2048 (the width rule is for non-fill rectangles)', () => {
    const sink = feedThreeWays(make, [rect(0, 0, 3000, 1, TIGHT)], tightFill(RGBX_LE, RED), {
      fbWidth: 3000,
    });
    expect(sink.ops).toEqual([{op: 'fill', x: 0, y: 0, w: 3000, h: 1, rgb: [255, 0, 0]}]);
  });
});

describe('Tight basic compression', () => {
  it('copy filter, implicit, under 12 bytes: sent uncompressed', () => {
    const colours: Rgb[] = [RED, GREEN, BLUE];
    const data = bytes(tightControl(0, false), tightCopyData(RGBX_LE, colours));
    const sink = feedThreeWays(make, [rect(2, 3, 3, 1, TIGHT)], data, {inflaterFactory: null});
    expect(sink.ops).toEqual([{op: 'pixels', x: 2, y: 3, w: 3, h: 1, rgba: rgba(colours)}]);
  });

  it('copy filter, explicit, compressed on stream 2', () => {
    const colours = noise(8 * 5, 7);
    const data = bytes(
      tightControl(2, true),
      0,
      tightData(tightCopyData(RGBX_LE, colours), (d) => zlibOnce(d)),
    );
    const sink = feedThreeWays(make, [rect(10, 20, 8, 5, TIGHT)], data);
    expect(sink.ops).toEqual([{op: 'pixels', x: 10, y: 20, w: 8, h: 5, rgba: rgba(colours)}]);
  });

  it('copy filter with 2-byte and 1-byte TPIXELs', () => {
    for (const pf of [RGB565_BE, BGR233]) {
      const colours = noise(4 * 4, 3);
      const data = bytes(tightControl(1, false), tightData(tightCopyData(pf, colours), zlibOnce));
      const sink = feedThreeWays(make, [rect(0, 0, 4, 4, TIGHT)], data, {pixelFormat: pf});
      expect(sink.ops).toEqual([
        {op: 'pixels', x: 0, y: 0, w: 4, h: 4, rgba: rgba(colours.map((c) => shown(pf, c)))},
      ]);
    }
  });

  it('palette of 2 colours: 1-bit indices, MSB first, rows padded to a byte', () => {
    const w = 10;
    const h = 3;
    const indices = Array.from({length: w * h}, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    const packed = tightIndices(2, indices, w);
    expect(packed.length).toBe(2 * h);
    const data = bytes(
      tightControl(0, true),
      1,
      tightPaletteHeader(RGBX_LE, [RED, BLUE]),
      tightData(packed, zlibOnce),
    );
    const sink = feedThreeWays(make, [rect(5, 5, w, h, TIGHT)], data);
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 5, y: 5, w, h, rgba: rgba(indices.map((i) => (i ? BLUE : RED)))},
    ]);
  });

  it('palette of 1 colour uses 1-bit indices (TigerVNC, noVNC); index 1 then fails', () => {
    const ok = bytes(tightControl(0, true), 1, tightPaletteHeader(RGBX_LE, [GREEN]), 0x00, 0x00);
    const sink = feedThreeWays(make, [rect(0, 0, 7, 2, TIGHT)], ok);
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 0, y: 0, w: 7, h: 2, rgba: rgba(Array<Rgb>(14).fill(GREEN))},
    ]);
    const bad = bytes(tightControl(0, true), 1, tightPaletteHeader(RGBX_LE, [GREEN]), 0x00, 0x02);
    expect(errorCode(() => feed(make, [rect(0, 0, 7, 2, TIGHT)], [bad]))).toBe('bad-subencoding');
  });

  it('palette of 5 colours: 8-bit indices; an index past the palette fails', () => {
    const palette: Rgb[] = [RED, GREEN, BLUE, [1, 1, 1], [200, 100, 50]];
    const w = 6;
    const h = 4;
    const indices = Array.from({length: w * h}, (_, i) => (i * 3) % 5);
    const good = bytes(
      tightControl(3, true),
      1,
      tightPaletteHeader(RGBX_LE, palette),
      tightData(tightIndices(5, indices, w), zlibOnce),
    );
    const sink = feedThreeWays(make, [rect(0, 0, w, h, TIGHT)], good);
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 0, y: 0, w, h, rgba: rgba(indices.map((i) => palette[i]!))},
    ]);
    const badIndices = indices.slice();
    badIndices[17] = 5;
    const bad = bytes(
      tightControl(3, true),
      1,
      tightPaletteHeader(RGBX_LE, palette),
      tightData(tightIndices(5, badIndices, w), zlibOnce),
    );
    expect(errorCode(() => feed(make, [rect(0, 0, w, h, TIGHT)], [bad]))).toBe('bad-subencoding');
  });

  it('palette of 256 colours in a 16-bit format', () => {
    const palette = noise(256, 11);
    const w = 16;
    const h = 16;
    const indices = Array.from({length: w * h}, (_, i) => 255 - i);
    const data = bytes(
      tightControl(1, true),
      1,
      tightPaletteHeader(RGB565_LE, palette),
      tightData(tightIndices(256, indices, w), zlibOnce),
    );
    const sink = feedThreeWays(make, [rect(0, 0, w, h, TIGHT)], data, {pixelFormat: RGB565_LE});
    expect(sink.ops).toEqual([
      {
        op: 'pixels',
        x: 0,
        y: 0,
        w,
        h,
        rgba: rgba(indices.map((i) => shown(RGB565_LE, palette[i]!))),
      },
    ]);
  });

  it('gradient filter at 32/24: R,G,B byte differences from left+above-aboveleft', () => {
    const w = 7;
    const h = 5;
    const colours = Array.from({length: w * h}, (_, i): Rgb => {
      const x = i % w;
      const y = Math.floor(i / w);
      return [x * 30 + y * 5, 250 - y * 40, (x * y * 37) & 255];
    });
    const diffs = gradientDiffs(colours, w, [255, 255, 255]);
    const data = bytes(tightControl(0, true), 2, tightData(bytes(...diffs), zlibOnce));
    const sink = feedThreeWays(make, [rect(1, 2, w, h, TIGHT)], data);
    expect(sink.ops).toEqual([{op: 'pixels', x: 1, y: 2, w, h, rgba: rgba(colours)}]);
  });

  it('gradient filter clamps the prediction to [0, max]', () => {
    // Above-left dark, left and above bright: the raw prediction is 510 -> 255; and the
    // reverse gives -255 -> 0.
    const w = 2;
    const colours: Rgb[] = [
      [0, 255, 0],
      [255, 0, 255],
      [255, 0, 255],
      [3, 250, 7],
    ];
    const diffs = gradientDiffs(colours, w, [255, 255, 255]);
    const data = bytes(tightControl(0, true), 2, tightData(bytes(...diffs), zlibOnce));
    const sink = feedThreeWays(make, [rect(0, 0, w, 2, TIGHT)], data);
    expect(sink.ops).toEqual([{op: 'pixels', x: 0, y: 0, w, h: 2, rgba: rgba(colours)}]);
  });

  it('gradient filter with 2-byte and 4-byte TPIXELs works per component at its own precision', () => {
    for (const pf of [RGB565_LE, RGB565_BE, RGB30_LE]) {
      const w = 5;
      const h = 4;
      const max = [pf.redMax, pf.greenMax, pf.blueMax] as const;
      const values = Array.from({length: w * h}, (_, i): [number, number, number] => [
        (i * 7) % (max[0] + 1),
        (max[1] - i * 3 + 1000 * (max[1] + 1)) % (max[1] + 1),
        (i * i) % (max[2] + 1),
      ]);
      const diffs = gradientDiffs(values, w, max);
      const toBytes = (v: readonly number[]): number[] => {
        const value =
          v[0]! * 2 ** pf.redShift + v[1]! * 2 ** pf.greenShift + v[2]! * 2 ** pf.blueShift;
        const n = pf.bitsPerPixel / 8;
        const le = Array.from({length: n}, (_, k) => Math.floor(value / 2 ** (8 * k)) & 0xff);
        return pf.bigEndian ? le.reverse() : le;
      };
      const data = bytes(
        tightControl(0, true),
        2,
        tightData(bytes(...diffs.map(toBytes)), zlibOnce),
      );
      const sink = feedThreeWays(make, [rect(0, 0, w, h, TIGHT)], data, {pixelFormat: pf});
      const expected = values.flatMap((v) => [
        Math.round((v[0] * 255) / max[0]),
        Math.round((v[1] * 255) / max[1]),
        Math.round((v[2] * 255) / max[2]),
        255,
      ]);
      expect(sink.ops).toEqual([{op: 'pixels', x: 0, y: 0, w, h, rgba: expected}]);
    }
  });

  it('compact length in 3 bytes (compressed data of 16384 bytes or more)', () => {
    const w = 2048;
    const h = 4;
    const colours = noise(w * h, 5);
    const z = zlibOnce(tightCopyData(RGBX_LE, colours), 0);
    expect(z.length).toBeGreaterThanOrEqual(16384);
    const data = bytes(tightControl(0, false), compact(z.length), z);
    expect(compact(z.length).length).toBe(3);
    const sink = feedThreeWays(make, [rect(0, 0, w, h, TIGHT)], data, {
      fbWidth: 2048,
      cuts: sampleCuts(data.length),
    });
    expect(sink.ops).toEqual([{op: 'pixels', x: 0, y: 0, w, h, rgba: rgba(colours)}]);
  });
});

describe('Tight zlib streams', () => {
  it('keeps each stream dictionary across rectangles, streams interleaved', async () => {
    const streams = [deflater(), deflater(), deflater(), deflater()];
    const rects = [];
    const parts: Uint8Array[] = [];
    const expected: number[][] = [];
    for (let i = 0; i < 8; i++) {
      const s = [0, 1, 2, 3, 0, 0, 3, 1][i]!;
      // Repeated content, so later rectangles lean on earlier ones' dictionary.
      const colours = noise(6 * 3, 100 + (i % 3));
      const z = await streams[s]!.push(tightCopyData(RGBX_LE, colours));
      parts.push(bytes(tightControl(s, false), compact(z.length), z));
      rects.push(rect(i * 6, 0, 6, 3, TIGHT));
      expected.push(rgba(colours));
    }
    const sink = feedThreeWays(make, rects, bytes(...parts));
    expect(sink.ops.map((o) => (o.op === 'pixels' ? o.rgba : []))).toEqual(expected);
  });

  it('resets the streams named by the low nibble, also on fill and JPEG rectangles', async () => {
    const s0 = deflater();
    const a = noise(4 * 4, 1);
    const z1 = await s0.push(tightCopyData(RGBX_LE, a));
    // After a reset the server starts a new zlib stream (new header).
    const b = noise(4 * 4, 2);
    const fresh = zlibOnce(tightCopyData(RGBX_LE, b));
    const r = [rect(0, 0, 4, 4, TIGHT), rect(0, 0, 1, 1, TIGHT), rect(4, 0, 4, 4, TIGHT)];
    const withReset = bytes(
      tightControl(0, false),
      compact(z1.length),
      z1,
      tightFill(RGBX_LE, RED, 0b0001),
      tightControl(0, false),
      compact(fresh.length),
      fresh,
    );
    const sink = feedThreeWays(make, r, withReset);
    expect(sink.ops[2]).toEqual({op: 'pixels', x: 4, y: 0, w: 4, h: 4, rgba: rgba(b)});

    // Without the reset bit the new stream's header is read as deflate data and fails.
    const withoutReset = bytes(
      tightControl(0, false),
      compact(z1.length),
      z1,
      tightFill(RGBX_LE, RED, 0),
      tightControl(0, false),
      compact(fresh.length),
      fresh,
    );
    expect(errorCode(() => feed(make, r, [withoutReset]))).toBe('zlib-error');
  });

  it('a reset of one stream leaves the others alone', async () => {
    const s0 = deflater();
    const first = noise(5 * 3, 9);
    const second = noise(5 * 3, 9); // same content: compresses to back-references
    const z1 = await s0.push(tightCopyData(RGBX_LE, first));
    const z2 = await s0.push(tightCopyData(RGBX_LE, second));
    const other = zlibOnce(tightCopyData(RGBX_LE, first));
    const data = bytes(
      tightControl(0, false),
      compact(z1.length),
      z1,
      tightControl(1, false, 0b0010),
      compact(other.length),
      other,
      tightControl(0, false, 0b1110),
      compact(z2.length),
      z2,
    );
    const r = [rect(0, 0, 5, 3, TIGHT), rect(0, 3, 5, 3, TIGHT), rect(0, 6, 5, 3, TIGHT)];
    const sink = feedThreeWays(make, r, data);
    expect(sink.ops.map((o) => (o.op === 'pixels' ? o.rgba : []))).toEqual([
      rgba(first),
      rgba(first),
      rgba(second),
    ]);
  });
});

describe('Tight JPEG', () => {
  function makeJpeg(w: number, h: number): Uint8Array {
    const data = Buffer.alloc(w * h * 4, 0x80);
    return new Uint8Array(jpeg.encode({data, width: w, height: h}, 80).data);
  }

  it('passes the JFIF stream to the sink unchanged', () => {
    const jfif = makeJpeg(16, 8);
    const sink = feedThreeWays(make, [rect(8, 4, 16, 8, TIGHT)], tightJpeg(jfif));
    expect(sink.ops).toEqual([
      {op: 'image', x: 8, y: 4, w: 16, h: 8, mime: 'image/jpeg', bytes: Array.from(jfif)},
    ]);
  });

  it('fails before decoding when the JPEG frame size differs from the rectangle', () => {
    const jfif = makeJpeg(16, 8);
    expect(errorCode(() => feed(make, [rect(0, 0, 16, 9, TIGHT)], [tightJpeg(jfif)]))).toBe(
      'bad-image',
    );
    const garbage = bytes(0x90, compact(20), new Array<number>(20).fill(0x55));
    expect(errorCode(() => feed(make, [rect(0, 0, 16, 8, TIGHT)], [garbage]))).toBe('bad-image');
    expect(errorCode(() => feed(make, [rect(0, 0, 16, 8, TIGHT)], [bytes(0x90, 0)]))).toBe(
      'bad-image',
    );
  });
});

describe('Tight hostile input', () => {
  it('fails on compression methods other than basic, fill and JPEG (PNG included)', () => {
    for (let method = 0xa; method <= 0xf; method++) {
      expect(errorCode(() => feed(make, [rect(0, 0, 1, 1, TIGHT)], [bytes(method << 4)]))).toBe(
        'bad-subencoding',
      );
    }
  });

  it('fails on an unknown filter id', () => {
    for (const id of [3, 4, 127, 255]) {
      const data = bytes(tightControl(0, true), id, 0, 0, 0);
      expect(errorCode(() => feed(make, [rect(0, 0, 1, 1, TIGHT)], [data]))).toBe(
        'bad-subencoding',
      );
    }
  });

  it('fails on the gradient filter at 8 bpp (rfbproto: 16 or 32 only)', () => {
    const data = bytes(tightControl(0, true), 2, 0);
    expect(
      errorCode(() => feed(make, [rect(0, 0, 1, 1, TIGHT)], [data], {pixelFormat: BGR233})),
    ).toBe('bad-subencoding');
  });

  it('fails on a non-fill rectangle wider than 2048, before reading its data', () => {
    const r = [rect(0, 0, 2049, 1, TIGHT)];
    const o = {fbWidth: 4096};
    expect(errorCode(() => feed(make, r, [bytes(tightControl(0, false))], o))).toBe('bad-length');
    expect(errorCode(() => feed(make, r, [bytes(0x90)], o))).toBe('bad-length');
    expect(errorCode(() => feed(make, r, [bytes(tightControl(1, true))], o))).toBe('bad-length');
    // 2048 itself is fine.
    const ok = feed(make, [rect(0, 0, 2048, 1, TIGHT)], [bytes(tightControl(0, false))], o);
    expect(ok.done).toBe(0);
  });

  it('fails when the zlib data yields fewer bytes than the geometry says', () => {
    const z = zlibOnce(tightCopyData(RGBX_LE, noise(5, 1)));
    const data = bytes(tightControl(0, false), compact(z.length), z);
    expect(errorCode(() => feed(make, [rect(0, 0, 6, 1, TIGHT)], [data]))).toBe('zlib-error');
  });

  it('refuses a zlib bomb (64 MiB of zeros as a 16x16 rectangle) quickly, with bounded memory', () => {
    const bomb = zlibOnce(new Uint8Array(64 * 1024 * 1024), 9);
    const data = bytes(tightControl(0, false), compact(bomb.length), bomb);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    expect(errorCode(() => feed(make, [rect(0, 0, 16, 16, TIGHT)], [data]))).toBe('zlib-error');
    const ms = performance.now() - t0;
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(ms).toBeLessThan(250);
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });

  it('needs zlib only for compressed data', () => {
    const o = {inflaterFactory: null};
    expect(feed(make, [rect(0, 0, 2, 2, TIGHT)], [tightFill(RGBX_LE, RED)], o).done).toBe(1);
    const z = zlibOnce(tightCopyData(RGBX_LE, noise(4, 1)));
    const data = bytes(tightControl(0, false), compact(z.length), z);
    let message = '';
    try {
      feed(make, [rect(0, 0, 4, 1, TIGHT)], [data], o);
    } catch (e) {
      message = (e as Error).message;
      expect((e as {code?: string}).code).toBe('zlib-error');
    }
    expect(message).toBe('zlib not loaded');
  });

  it('a zero-area rectangle reads no pixel data and draws nothing', () => {
    const sink = feedThreeWays(
      make,
      [rect(0, 0, 0, 5, TIGHT), rect(0, 0, 3, 0, TIGHT), rect(1, 1, 1, 1, TIGHT)],
      bytes(tightControl(0, false), tightFill(RGBX_LE, RED), tightFill(RGBX_LE, BLUE)),
    );
    expect(sink.ops).toEqual([{op: 'fill', x: 1, y: 1, w: 1, h: 1, rgb: [5, 6, 250]}]);
  });

  it('palette TPIXELs are read whole before anything is consumed (split inside the palette)', () => {
    const palette = noise(100, 4);
    const data = bytes(
      tightControl(0, true),
      1,
      tightPaletteHeader(RGBX_LE, palette),
      tightData(Uint8Array.from([0, 99, 50]), zlibOnce),
    );
    const sink = feedThreeWays(make, [rect(0, 0, 3, 1, TIGHT)], data);
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 0, y: 0, w: 3, h: 1, rgba: rgba([palette[0]!, palette[99]!, palette[50]!])},
    ]);
  });
});

it('a TPIXEL of the test encoder matches the PIXEL for non-888 formats', () => {
  // Guards the encoder itself: only 32/24 888 uses the 3-byte form.
  expect(tpixel(RGB565_LE, RED)).toEqual(pixel(RGB565_LE, RED));
  expect(tpixel(RGBX_LE, RED)).toEqual([255, 0, 0]);
  expect(createInflaterFactory()).toBeTypeOf('function');
});
