import {describe, expect, it} from 'vitest';
import {RichCursorDecoder} from '../../../../src/decoders/rich-cursor.js';
import {
  BGRX_LE,
  RGB565_LE,
  RGBX_LE,
  cursorPayload,
  noise,
  shown,
  type Rgb,
} from './support/encoders.js';
import {errorCode, feed, feedThreeWays, rect} from './support/feed.js';

const CURSOR = -239;
const make = (): RichCursorDecoder => new RichCursorDecoder();

function expectedRgba(colours: readonly Rgb[], mask: readonly boolean[]): number[] {
  return colours.flatMap((c, i) => (mask[i] ? [c[0], c[1], c[2], 255] : [0, 0, 0, 0]));
}

describe('Rich cursor (-239)', () => {
  it('builds RGBA from the pixels and the bitmask (MSB leftmost, rows padded)', () => {
    const w = 10;
    const h = 3;
    const colours = noise(w * h, 2);
    const mask = Array.from({length: w * h}, (_, i) => (i * 7) % 3 !== 0);
    const sink = feedThreeWays(
      make,
      [rect(4, 1, w, h, CURSOR)],
      cursorPayload(RGBX_LE, colours, mask, w),
    );
    expect(sink.ops).toEqual([
      {
        op: 'cursor',
        cursor: {width: w, height: h, hotX: 4, hotY: 1, rgba: expectedRgba(colours, mask)},
      },
    ]);
  });

  it('works in other pixel formats', () => {
    for (const pf of [BGRX_LE, RGB565_LE]) {
      const colours = noise(9, 4);
      const mask = Array.from({length: 9}, (_, i) => i % 2 === 0);
      const sink = feedThreeWays(
        make,
        [rect(0, 0, 3, 3, CURSOR)],
        cursorPayload(pf, colours, mask, 3),
        {
          pixelFormat: pf,
        },
      );
      expect(sink.ops).toEqual([
        {
          op: 'cursor',
          cursor: {
            width: 3,
            height: 3,
            hotX: 0,
            hotY: 0,
            rgba: expectedRgba(
              colours.map((c) => shown(pf, c)),
              mask,
            ),
          },
        },
      ]);
    }
  });

  it('clamps a hotspot outside the image', () => {
    const sink = feedThreeWays(
      make,
      [rect(200, 9, 2, 2, CURSOR)],
      cursorPayload(RGBX_LE, noise(4, 1), [true, true, true, true], 2),
    );
    const op = sink.ops[0]!;
    expect(op.op === 'cursor' && op.cursor && [op.cursor.hotX, op.cursor.hotY]).toEqual([1, 1]);
  });

  it('w or h 0 means no cursor shape, and consumes nothing', () => {
    const sink = feedThreeWays(
      make,
      [rect(0, 0, 0, 0, CURSOR), rect(3, 3, 5, 0, CURSOR), rect(0, 0, 0, 7, CURSOR)],
      new Uint8Array(0),
    );
    expect(sink.ops).toEqual([
      {op: 'cursor', cursor: null},
      {op: 'cursor', cursor: null},
      {op: 'cursor', cursor: null},
    ]);
  });

  it('fails on a cursor larger than maxCursorSide before reading anything', () => {
    expect(errorCode(() => feed(make, [rect(0, 0, 257, 1, CURSOR)], []))).toBe('cursor-too-large');
    expect(errorCode(() => feed(make, [rect(0, 0, 1, 65535, CURSOR)], []))).toBe(
      'cursor-too-large',
    );
    expect(errorCode(() => feed(make, [rect(0, 0, 33, 8, CURSOR)], [], {maxCursorSide: 32}))).toBe(
      'cursor-too-large',
    );
    // 256x256 is allowed: it waits for its 256*256*4 + 32*256 bytes.
    expect(feed(make, [rect(0, 0, 256, 256, CURSOR)], []).done).toBe(0);
  });
});
