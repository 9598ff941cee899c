import {describe, expect, it} from 'vitest';
import {HextileDecoder} from '../../../../src/decoders/hextile.js';
import {
  BGR233,
  HEX_BG,
  Picture,
  RGB565_LE,
  RGBX_LE,
  XRGB_BE,
  bytes,
  hexRawTile,
  hexTile,
  noise,
  pixel,
  shown,
  type Rgb,
} from './support/encoders.js';
import {errorCode, feed, feedThreeWays, rect} from './support/feed.js';

const HEXTILE = 5;
const make = (): HextileDecoder => new HextileDecoder();
const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 200, 10];
const BLUE: Rgb = [5, 6, 250];
const GREY: Rgb = [90, 90, 90];
const WHITE: Rgb = [255, 255, 255];

describe('Hextile', () => {
  it('decodes a 20x18 rectangle: 16x16 tiles, narrower and shorter at the edges', () => {
    const w = 20;
    const h = 18;
    const pic = new Picture(w, h);
    // Tile (0,0) 16x16: background, foreground, two plain subrects.
    pic.fill(0, 0, 16, 16, GREY);
    pic.fill(1, 2, 3, 4, WHITE);
    pic.fill(15, 15, 1, 1, WHITE);
    const t0 = hexTile(RGBX_LE, {
      bg: GREY,
      fg: WHITE,
      subrects: [
        {x: 1, y: 2, w: 3, h: 4},
        {x: 15, y: 15, w: 1, h: 1},
      ],
    });
    // Tile (16,0) 4x16: raw.
    const raw = noise(4 * 16, 3);
    raw.forEach((c, i) => pic.set(16 + (i % 4), Math.floor(i / 4), c));
    const t1 = hexRawTile(RGBX_LE, raw);
    // Tile (0,16) 16x2: background carried over from tile 0 (raw tiles do not change it),
    // coloured subrects.
    pic.fill(0, 16, 16, 2, GREY);
    pic.fill(0, 16, 16, 1, RED);
    pic.fill(5, 17, 2, 1, BLUE);
    const t2 = hexTile(RGBX_LE, {
      coloured: true,
      subrects: [
        {colour: RED, x: 0, y: 0, w: 16, h: 1},
        {colour: BLUE, x: 5, y: 1, w: 2, h: 1},
      ],
    });
    // Tile (16,16) 4x2: new background only.
    pic.fill(16, 16, 4, 2, GREEN);
    const t3 = hexTile(RGBX_LE, {bg: GREEN});
    const sink = feedThreeWays(make, [rect(3, 5, w, h, HEXTILE)], bytes(t0, t1, t2, t3));
    // One putPixels per row of tiles.
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 3, y: 5, w, h: 16, rgba: pic.crop(0, 0, w, 16)},
      {op: 'pixels', x: 3, y: 21, w, h: 2, rgba: pic.crop(0, 16, w, 2)},
    ]);
  });

  it('carries the foreground to the next tile when it is not specified', () => {
    const pic = new Picture(32, 4);
    pic.fill(0, 0, 16, 4, GREY);
    pic.fill(0, 0, 1, 1, RED);
    pic.fill(16, 0, 16, 4, GREEN);
    pic.fill(30, 3, 2, 1, RED);
    const data = bytes(
      hexTile(RGBX_LE, {bg: GREY, fg: RED, subrects: [{x: 0, y: 0, w: 1, h: 1}]}),
      hexTile(RGBX_LE, {bg: GREEN, subrects: [{x: 14, y: 3, w: 2, h: 1}]}),
    );
    const sink = feedThreeWays(make, [rect(0, 0, 32, 4, HEXTILE)], data);
    expect(sink.ops).toEqual([
      {op: 'pixels', x: 0, y: 0, w: 32, h: 4, rgba: pic.crop(0, 0, 32, 4)},
    ]);
  });

  it('keeps background and foreground from the previous rectangle (as noVNC)', () => {
    const data = bytes(
      hexTile(RGBX_LE, {bg: BLUE, fg: RED}),
      hexTile(RGBX_LE, {subrects: [{x: 0, y: 0, w: 1, h: 1}]}),
    );
    const sink = feedThreeWays(make, [rect(0, 0, 2, 2, HEXTILE), rect(4, 4, 2, 2, HEXTILE)], data);
    expect(sink.ops[1]).toEqual({
      op: 'pixels',
      x: 4,
      y: 4,
      w: 2,
      h: 2,
      rgba: [...RED, 255, ...BLUE, 255, ...BLUE, 255, ...BLUE, 255],
    });
  });

  for (const [name, pf] of [
    ['RGB565', RGB565_LE],
    ['BGR233', BGR233],
    ['0RGB big-endian', XRGB_BE],
  ] as const) {
    it(`decodes pixels in ${name}`, () => {
      const raw = noise(3 * 2, 9);
      const data = bytes(
        hexRawTile(pf, raw),
        hexTile(pf, {
          bg: GREEN,
          coloured: true,
          subrects: [{colour: BLUE, x: 1, y: 0, w: 1, h: 2}],
        }),
      );
      const sink = feedThreeWays(
        make,
        [rect(0, 0, 3, 2, HEXTILE), rect(3, 0, 3, 2, HEXTILE)],
        data,
        {
          pixelFormat: pf,
        },
      );
      const g = shown(pf, GREEN);
      const b = shown(pf, BLUE);
      expect(sink.ops).toEqual([
        {op: 'pixels', x: 0, y: 0, w: 3, h: 2, rgba: raw.flatMap((c) => [...shown(pf, c), 255])},
        {
          op: 'pixels',
          x: 3,
          y: 0,
          w: 3,
          h: 2,
          rgba: [g, b, g, g, b, g].flatMap((c) => [...c, 255]),
        },
      ]);
    });
  }

  it('fails on subencoding bits Hextile does not define (ZlibHex bits included)', () => {
    for (const sub of [0x20, 0x40, 0x80, 0x21, 0xff]) {
      expect(errorCode(() => feed(make, [rect(0, 0, 4, 4, HEXTILE)], [bytes(sub)]))).toBe(
        'bad-subencoding',
      );
    }
  });

  it('fails on a subrectangle outside its tile (partial edge tile)', () => {
    const data = hexTile(RGBX_LE, {bg: RED, fg: BLUE, subrects: [{x: 3, y: 0, w: 2, h: 1}]});
    expect(errorCode(() => feed(make, [rect(0, 0, 4, 4, HEXTILE)], [data]))).toBe(
      'rect-out-of-bounds',
    );
    const tall = hexTile(RGBX_LE, {bg: RED, fg: BLUE, subrects: [{x: 0, y: 2, w: 1, h: 3}]});
    expect(errorCode(() => feed(make, [rect(0, 0, 4, 4, HEXTILE)], [tall]))).toBe(
      'rect-out-of-bounds',
    );
  });

  it('waits for a whole tile before consuming any of it', () => {
    const tile = hexTile(RGBX_LE, {bg: RED, fg: BLUE, subrects: [{x: 0, y: 0, w: 1, h: 1}]});
    for (let cut = 0; cut < tile.length; cut++) {
      const r = feed(make, [rect(0, 0, 2, 2, HEXTILE)], [tile.subarray(0, cut)]);
      expect(r.done).toBe(0);
      expect(r.left).toBe(cut);
    }
  });

  it('an empty rectangle consumes nothing', () => {
    const sink = feedThreeWays(
      make,
      [rect(0, 0, 0, 9, HEXTILE), rect(0, 0, 1, 1, HEXTILE)],
      bytes(HEX_BG, pixel(RGBX_LE, RED)),
    );
    expect(sink.ops).toEqual([{op: 'pixels', x: 0, y: 0, w: 1, h: 1, rgba: [255, 0, 0, 255]}]);
  });
});
