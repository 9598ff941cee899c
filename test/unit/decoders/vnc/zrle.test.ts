import {afterEach, describe, expect, it} from 'vitest';
import {ZrleDecoder} from '../../../../src/decoders/zrle.js';
import {
  BGR233,
  BGRX_LE,
  Picture,
  RGB30_LE,
  RGB565_BE,
  RGB_HIGH_LE,
  RGBX_LE,
  TestDeflater,
  XRGB_BE,
  bytes,
  cpixel,
  noise,
  shown,
  u32,
  withLength,
  zlibOnce,
  zrlePacked,
  zrlePaletteRle,
  zrlePlainRle,
  zrleRaw,
  zrleSolid,
  type Rgb,
} from './support/encoders.js';
import {errorCode, feed, feedThreeWays, rect, sampleCuts} from './support/feed.js';

const ZRLE = 16;
const make = (): ZrleDecoder => new ZrleDecoder();
const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 200, 10];
const BLUE: Rgb = [5, 6, 250];
const GREY: Rgb = [90, 90, 90];

const deflaters: TestDeflater[] = [];
afterEach(() => {
  for (const d of deflaters.splice(0)) d.close();
});

/** One ZRLE rectangle in its own zlib stream. */
function zrle(...tiles: Uint8Array[]): Uint8Array {
  return withLength(zlibOnce(bytes(...tiles)));
}

function rgba(colours: readonly Rgb[]): number[] {
  return colours.flatMap((c) => [c[0], c[1], c[2], 255]);
}

describe('ZRLE subencodings (one tile)', () => {
  it('0: raw CPIXELs', () => {
    const colours = noise(5 * 3, 2);
    const sink = feedThreeWays(make, [rect(4, 6, 5, 3, ZRLE)], zrle(zrleRaw(RGBX_LE, colours)));
    expect(sink.ops).toEqual([{op: 'pixels', x: 4, y: 6, w: 5, h: 3, rgba: rgba(colours)}]);
  });

  it('1: solid', () => {
    const sink = feedThreeWays(make, [rect(0, 0, 9, 4, ZRLE)], zrle(zrleSolid(RGBX_LE, GREEN)));
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 0, y: 0, w: 9, h: 4, rgba: rgba(Array<Rgb>(36).fill(GREEN))},
    ]);
  });

  it('2..16: packed palettes with 1, 2 and 4-bit indices and rows padded to a byte', () => {
    const all: Rgb[] = [RED, GREEN, BLUE, GREY, ...noise(12, 3)];
    for (const n of [2, 3, 4, 5, 16]) {
      const w = 7; // not a multiple of 8, 4 or 2: every row is padded
      const h = 3;
      const palette = all.slice(0, n);
      const indices = Array.from({length: w * h}, (_, i) => (i * 5 + 1) % n);
      const sink = feedThreeWays(
        make,
        [rect(0, 0, w, h, ZRLE)],
        zrle(zrlePacked(RGBX_LE, palette, indices, w)),
      );
      expect(sink.ops, `${n} colours`).toEqual([
        {op: 'pixels', x: 0, y: 0, w, h, rgba: rgba(indices.map((i) => palette[i]!))},
      ]);
    }
  });

  it('128: plain RLE, runs crossing rows, lengths with 255-continuation', () => {
    // 40x20 = 800 pixels: 1 + 255 + 256 + 257 + 31 (lengths [0], [254], [255,0], [255,1], [30]).
    const runs: [Rgb, number][] = [
      [RED, 1],
      [GREEN, 255],
      [BLUE, 256],
      [GREY, 257],
      [RED, 31],
    ];
    const expected = runs.flatMap(([c, n]) => Array<Rgb>(n).fill(c));
    const sink = feedThreeWays(make, [rect(0, 0, 40, 20, ZRLE)], zrle(zrlePlainRle(RGBX_LE, runs)));
    expect(sink.ops).toEqual([{op: 'pixels', x: 0, y: 0, w: 40, h: 20, rgba: rgba(expected)}]);
  });

  it('130..255: palette RLE with single indices and long runs', () => {
    const palette: Rgb[] = [RED, GREEN, BLUE];
    const runs: [number, number][] = [
      [0, 1],
      [1, 1],
      [2, 300],
      [0, 2],
      [1, 1],
      [2, 15],
    ];
    const expected = runs.flatMap(([i, n]) => Array<Rgb>(n).fill(palette[i]!));
    const sink = feedThreeWays(
      make,
      [rect(2, 2, 32, 10, ZRLE)],
      zrle(zrlePaletteRle(RGBX_LE, palette, runs)),
    );
    expect(sink.ops).toEqual([{op: 'pixels', x: 2, y: 2, w: 32, h: 10, rgba: rgba(expected)}]);
  });

  it('palette RLE with 127 colours', () => {
    const palette = noise(127, 8);
    const runs = palette.map((_, i): [number, number] => [126 - i, 1]);
    runs.push([3, 1]);
    const expected = runs.map(([i]) => palette[i]!);
    const sink = feedThreeWays(
      make,
      [rect(0, 0, 16, 8, ZRLE)],
      zrle(zrlePaletteRle(RGBX_LE, palette, runs)),
    );
    expect(sink.ops).toEqual([{op: 'pixels', x: 0, y: 0, w: 16, h: 8, rgba: rgba(expected)}]);
  });
});

describe('ZRLE tiling and streams', () => {
  it('splits a 67x65 rectangle into 64x64 tiles, narrower and shorter at the edges', () => {
    const w = 67;
    const h = 65;
    const pic = new Picture(w, h);
    // Tile (0,0) 64x64: palette RLE stripes. Tile (64,0) 3x64: raw noise.
    // Tile (0,64) 64x1: packed palette. Tile (64,64) 3x1: solid.
    const stripes: [number, number][] = [];
    for (let row = 0; row < 64; row++) stripes.push([row % 3, 64]);
    const pal: Rgb[] = [RED, GREEN, BLUE];
    for (let row = 0; row < 64; row++) pic.fill(0, row, 64, 1, pal[row % 3]!);
    const edge = noise(3 * 64, 4);
    edge.forEach((c, i) => pic.set(64 + (i % 3), Math.floor(i / 3), c));
    const idx = Array.from({length: 64}, (_, i) => (i >> 3) & 1);
    idx.forEach((k, i) => pic.set(i, 64, [GREY, RED][k]!));
    pic.fill(64, 64, 3, 1, BLUE);
    const data = zrle(
      zrlePaletteRle(RGBX_LE, pal, stripes),
      zrleRaw(RGBX_LE, edge),
      zrlePacked(RGBX_LE, [GREY, RED], idx, 64),
      zrleSolid(RGBX_LE, BLUE),
    );
    const sink = feedThreeWays(make, [rect(1, 2, w, h, ZRLE)], data, {fbWidth: 80, fbHeight: 80});
    expect(sink.ops).toEqual([{op: 'pixels', x: 1, y: 2, w, h, rgba: pic.crop(0, 0, w, h)}]);
  });

  it('keeps one zlib stream for the whole connection', async () => {
    const z = new TestDeflater();
    deflaters.push(z);
    const a = noise(8 * 8, 21);
    const b = noise(8 * 8, 21); // identical: the second rectangle is back-references only
    const data = bytes(
      withLength(await z.push(zrleRaw(RGBX_LE, a))),
      withLength(await z.push(zrleSolid(RGBX_LE, RED))),
      withLength(await z.push(zrleRaw(RGBX_LE, b))),
    );
    const rects = [rect(0, 0, 8, 8, ZRLE), rect(8, 0, 3, 3, ZRLE), rect(0, 8, 8, 8, ZRLE)];
    const sink = feedThreeWays(make, rects, data);
    expect(sink.ops.map((o) => (o.op === 'pixels' ? o.rgba : []))).toEqual([
      rgba(a),
      rgba(Array<Rgb>(9).fill(RED)),
      rgba(b),
    ]);
  });

  it('consumes compressed data larger than one 64 KiB piece', () => {
    const w = 200;
    const h = 150;
    const colours = noise(w * h, 6);
    const pic = new Picture(w, h);
    colours.forEach((c, i) => pic.set(i % w, Math.floor(i / w), c));
    const tiles: Uint8Array[] = [];
    for (let ty = 0; ty < h; ty += 64) {
      for (let tx = 0; tx < w; tx += 64) {
        const tile: Rgb[] = [];
        for (let y = ty; y < Math.min(ty + 64, h); y++)
          for (let x = tx; x < Math.min(tx + 64, w); x++) tile.push(colours[y * w + x]!);
        tiles.push(zrleRaw(RGBX_LE, tile));
      }
    }
    const data = withLength(zlibOnce(bytes(...tiles), 0)); // stored: ~90 KB
    expect(data.length).toBeGreaterThan(64 * 1024);
    const sink = feedThreeWays(make, [rect(0, 0, w, h, ZRLE)], data, {
      fbWidth: w,
      fbHeight: h,
      cuts: sampleCuts(data.length, 4999),
    });
    expect(sink.ops).toEqual([{op: 'pixels', x: 0, y: 0, w, h, rgba: pic.crop(0, 0, w, h)}]);
  });
});

describe('ZRLE CPIXEL in other pixel formats', () => {
  const colours: Rgb[] = [RED, GREEN, BLUE, [17, 34, 51]];
  for (const [name, pf, size] of [
    ['BGRX little-endian (3 bytes B,G,R)', BGRX_LE, 3],
    ['0RGB big-endian (3 bytes R,G,B)', XRGB_BE, 3],
    ['colour in the high 3 bytes', RGB_HIGH_LE, 3],
    ['RGB565 big-endian (2 bytes)', RGB565_BE, 2],
    ['BGR233 (1 byte)', BGR233, 1],
    ['depth 30 (4 bytes)', RGB30_LE, 4],
  ] as const) {
    it(name, () => {
      expect(cpixel(pf, RED).length).toBe(size);
      const sink = feedThreeWays(make, [rect(0, 0, 2, 2, ZRLE)], zrle(zrleRaw(pf, colours)), {
        pixelFormat: pf,
      });
      expect(sink.ops).toEqual([
        {op: 'pixels', x: 0, y: 0, w: 2, h: 2, rgba: rgba(colours.map((c) => shown(pf, c)))},
      ]);
    });
  }

  it('reads the wire bytes of a 3-byte CPIXEL in the right places', () => {
    // BGRX: a CPIXEL is B,G,R.
    const data = zrle(bytes(1, 0x11, 0x22, 0x33));
    const sink = feedThreeWays(make, [rect(0, 0, 1, 1, ZRLE)], data, {pixelFormat: BGRX_LE});
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 0, y: 0, w: 1, h: 1, rgba: [0x33, 0x22, 0x11, 255]},
    ]);
  });
});

describe('ZRLE hostile input', () => {
  const one = [rect(0, 0, 4, 4, ZRLE)];

  it('fails on the unused subencodings 17..127 and 129', () => {
    for (const sub of [17, 64, 127, 129]) {
      expect(
        errorCode(() => feed(make, one, [zrle(bytes(sub, new Array<number>(64).fill(0)))])),
      ).toBe('bad-subencoding');
    }
  });

  it('fails on a packed palette index past the palette', () => {
    // 3 colours use 2-bit indices, so index 3 is encodable but invalid.
    const tile = zrlePacked(
      RGBX_LE,
      [RED, GREEN, BLUE],
      [0, 1, 2, 3, ...Array<number>(12).fill(0)],
      4,
    );
    expect(errorCode(() => feed(make, one, [zrle(tile)]))).toBe('bad-subencoding');
  });

  it('fails on a palette RLE index past the palette', () => {
    const tile = zrlePaletteRle(RGBX_LE, [RED, GREEN], [[2, 16]]);
    expect(errorCode(() => feed(make, one, [zrle(tile)]))).toBe('bad-subencoding');
    const single = zrlePaletteRle(RGBX_LE, [RED, GREEN], [[5, 1]]);
    expect(errorCode(() => feed(make, one, [zrle(single)]))).toBe('bad-subencoding');
  });

  it('fails on a run longer than the rest of its tile', () => {
    expect(errorCode(() => feed(make, one, [zrle(zrlePlainRle(RGBX_LE, [[RED, 17]]))]))).toBe(
      'bad-length',
    );
    expect(
      errorCode(() => feed(make, one, [zrle(zrlePaletteRle(RGBX_LE, [RED, GREEN], [[1, 300]]))])),
    ).toBe('bad-length');
  });

  it('fails when the inflated data ends inside a tile, or goes on after the last one', () => {
    expect(errorCode(() => feed(make, one, [zrle(bytes(0, new Array<number>(47).fill(1)))]))).toBe(
      'bad-length',
    );
    expect(errorCode(() => feed(make, one, [zrle(zrleSolid(RGBX_LE, RED), bytes(1))]))).toBe(
      'bad-length',
    );
    expect(errorCode(() => feed(make, one, [zrle(zrlePlainRle(RGBX_LE, [[RED, 8]]))]))).toBe(
      'bad-length',
    );
  });

  it('fails on a length no valid tile data could need, without waiting for it', () => {
    expect(errorCode(() => feed(make, one, [bytes(u32(0xffffffff))]))).toBe('bad-length');
    expect(errorCode(() => feed(make, one, [bytes(u32(5000))]))).toBe('bad-length');
  });

  it('refuses a zlib bomb: by its length for a small rectangle, by the inflate budget otherwise', () => {
    const bomb = withLength(zlibOnce(new Uint8Array(64 * 1024 * 1024), 9));
    expect(errorCode(() => feed(make, [rect(0, 0, 16, 16, ZRLE)], [bomb]))).toBe('bad-length');
    // 128x128 allows ~68 KB of compressed data, so the bomb gets to the inflater.
    const big = [rect(0, 0, 128, 128, ZRLE)];
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    expect(errorCode(() => feed(make, big, [bomb], {fbWidth: 128, fbHeight: 128}))).toBe(
      'zlib-error',
    );
    expect(performance.now() - t0).toBeLessThan(250);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('fails with zlib-error when zlib is not loaded', () => {
    expect(
      errorCode(() => feed(make, one, [zrle(zrleSolid(RGBX_LE, RED))], {inflaterFactory: null})),
    ).toBe('zlib-error');
  });

  it('an empty rectangle with empty data draws nothing; with pixel data it fails', () => {
    const sink = feedThreeWays(make, [rect(0, 0, 0, 0, ZRLE)], bytes(u32(0)));
    expect(sink.ops).toEqual([]);
    expect(
      errorCode(() => feed(make, [rect(0, 0, 0, 3, ZRLE)], [zrle(zrleSolid(RGBX_LE, RED))])),
    ).toBe('zlib-error');
  });
});
