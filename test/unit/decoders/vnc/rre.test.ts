import {describe, expect, it} from 'vitest';
import {RreDecoder} from '../../../../src/decoders/rre.js';
import {
  RGB565_BE,
  RGBX_LE,
  bytes,
  pixel,
  rre,
  shown,
  u16,
  u32,
  type Rgb,
} from './support/encoders.js';
import {errorCode, feed, feedThreeWays, rect} from './support/feed.js';

const RRE = 2;
const make = (): RreDecoder => new RreDecoder();
const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 200, 10];
const BLUE: Rgb = [5, 6, 250];

describe('RRE', () => {
  it('fills the background, then each subrectangle, relative to the rectangle', () => {
    const data = rre(RGBX_LE, GREEN, [
      {colour: RED, x: 0, y: 0, w: 2, h: 3},
      {colour: BLUE, x: 5, y: 1, w: 5, h: 4},
      {colour: RED, x: 9, y: 4, w: 1, h: 1},
    ]);
    const sink = feedThreeWays(make, [rect(10, 20, 10, 5, RRE)], data);
    expect(sink.ops).toEqual([
      {op: 'fill', x: 10, y: 20, w: 10, h: 5, rgb: [0, 200, 10]},
      {op: 'fill', x: 10, y: 20, w: 2, h: 3, rgb: [255, 0, 0]},
      {op: 'fill', x: 15, y: 21, w: 5, h: 4, rgb: [5, 6, 250]},
      {op: 'fill', x: 19, y: 24, w: 1, h: 1, rgb: [255, 0, 0]},
    ]);
    expect(sink.pixel(19, 24)).toEqual([255, 0, 0, 255]);
    expect(sink.pixel(18, 24)).toEqual([5, 6, 250, 255]);
  });

  it('handles zero subrectangles and other pixel formats', () => {
    const sink = feedThreeWays(
      make,
      [rect(0, 0, 3, 3, RRE), rect(3, 3, 4, 4, RRE)],
      bytes(
        rre(RGB565_BE, BLUE, []),
        rre(RGB565_BE, RED, [{colour: GREEN, x: 1, y: 1, w: 2, h: 2}]),
      ),
      {pixelFormat: RGB565_BE},
    );
    expect(sink.ops).toEqual([
      {op: 'fill', x: 0, y: 0, w: 3, h: 3, rgb: shown(RGB565_BE, BLUE)},
      {op: 'fill', x: 3, y: 3, w: 4, h: 4, rgb: shown(RGB565_BE, RED)},
      {op: 'fill', x: 4, y: 4, w: 2, h: 2, rgb: shown(RGB565_BE, GREEN)},
    ]);
  });

  it('fails on a subrectangle outside the rectangle', () => {
    for (const s of [
      {x: 9, y: 0, w: 2, h: 1},
      {x: 0, y: 4, w: 1, h: 2},
      {x: 65535, y: 0, w: 65535, h: 1},
    ]) {
      const data = rre(RGBX_LE, GREEN, [{colour: RED, ...s}]);
      expect(errorCode(() => feed(make, [rect(0, 0, 10, 5, RRE)], [data]))).toBe(
        'rect-out-of-bounds',
      );
    }
  });

  it('a huge subrectangle count allocates nothing: it waits for the bytes', () => {
    const data = bytes(
      u32(0xffffffff),
      pixel(RGBX_LE, RED),
      pixel(RGBX_LE, BLUE),
      u16(0),
      u16(0),
      u16(1),
      u16(1),
    );
    const r = feed(make, [rect(0, 0, 4, 4, RRE)], [data]);
    expect(r.done).toBe(0);
    expect(r.left).toBe(0);
    expect(r.sink.ops).toHaveLength(2);
  });
});
