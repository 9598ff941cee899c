import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {blockEdges, destRange, downscaleRegion} from '../../../src/render/downscale.js';

/** The reference: each destination pixel as the rounded mean of its block, computed the slow way. */
function reference(src: Uint8ClampedArray, sw: number, sh: number, dw: number, dh: number) {
  const out = new Uint8ClampedArray(dw * dh * 4);
  for (let dy = 0; dy < dh; dy++) {
    for (let dx = 0; dx < dw; dx++) {
      const x0 = Math.floor((dx * sw) / dw);
      const x1 = Math.floor(((dx + 1) * sw) / dw);
      const y0 = Math.floor((dy * sh) / dh);
      const y1 = Math.floor(((dy + 1) * sh) / dh);
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let y = y0; y < y1; y++)
          for (let x = x0; x < x1; x++) sum += src[(y * sw + x) * 4 + c]!;
        const n = (x1 - x0) * (y1 - y0);
        out[(dy * dw + dx) * 4 + c] = Math.floor((sum + (n >> 1)) / n);
      }
      out[(dy * dw + dx) * 4 + 3] = 255;
    }
  }
  return out;
}

function noise(w: number, h: number, seed: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(w * h * 4);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < px.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    px[i] = (i & 3) === 3 ? 255 : s & 255;
  }
  return px;
}

describe('downscale (src/render/downscale.ts)', () => {
  it('averages 2×2 blocks exactly', () => {
    // 4×2 source: two blocks, (10,20,30)/(30,40,50)/(50,60,70)/(70,80,90) and a flat one.
    const src = Uint8ClampedArray.from([
      10, 20, 30, 255, 30, 40, 50, 255, 7, 7, 7, 255, 7, 7, 7, 255, 50, 60, 70, 255, 70, 80, 90,
      255, 7, 7, 7, 255, 7, 7, 7, 255,
    ]);
    const dst = new Uint8ClampedArray(2 * 1 * 4);
    downscaleRegion(src, 4, blockEdges(4, 2), blockEdges(2, 1), dst, 2, 0, 0, 2, 1);
    expect([...dst]).toEqual([40, 50, 60, 255, 7, 7, 7, 255]);
  });

  it('rounds halves up and keeps a 1-pixel line visible (it is averaged in, not dropped)', () => {
    // 3×1 -> 1×1: (0 + 0 + 255) / 3 = 85; 2×1 -> 1×1: (0 + 1) / 2 = 0.5 -> 1.
    const line = Uint8ClampedArray.from([0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255]);
    const one = new Uint8ClampedArray(4);
    downscaleRegion(line, 3, blockEdges(3, 1), blockEdges(1, 1), one, 1, 0, 0, 1, 1);
    expect([...one]).toEqual([85, 85, 85, 255]);
    const half = Uint8ClampedArray.from([0, 0, 0, 255, 1, 1, 1, 255]);
    downscaleRegion(half, 2, blockEdges(2, 1), blockEdges(1, 1), one, 1, 0, 0, 1, 1);
    expect([...one]).toEqual([1, 1, 1, 255]);
  });

  it('matches the block-mean reference for any sizes, whole or region by region', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 2, max: 40}),
        fc.integer({min: 2, max: 40}),
        fc.integer({min: 1, max: 40}),
        fc.integer({min: 1, max: 40}),
        fc.integer(),
        (sw, sh, dwRaw, dhRaw, seed) => {
          const dw = Math.min(sw, dwRaw);
          const dh = Math.min(sh, dhRaw);
          const src = noise(sw, sh, seed);
          const want = reference(src, sw, sh, dw, dh);
          const cols = blockEdges(sw, dw);
          const rows = blockEdges(sh, dh);
          const whole = new Uint8ClampedArray(dw * dh * 4);
          downscaleRegion(src, sw, cols, rows, whole, dw, 0, 0, dw, dh);
          expect(whole).toEqual(want);
          // Region by region, through destRange of source damage rectangles, ends the same.
          const parts = new Uint8ClampedArray(dw * dh * 4);
          const stepX = Math.max(1, Math.floor(sw / 3));
          const stepY = Math.max(1, Math.floor(sh / 2));
          for (let y = 0; y < sh; y += stepY) {
            for (let x = 0; x < sw; x += stepX) {
              const [x0, x1] = destRange(cols, x, Math.min(sw, x + stepX));
              const [y0, y1] = destRange(rows, y, Math.min(sh, y + stepY));
              downscaleRegion(src, sw, cols, rows, parts, dw, x0, y0, x1, y1);
            }
          }
          expect(parts).toEqual(want);
        },
      ),
      {numRuns: 300, seed: 9},
    );
  });

  it('destRange covers exactly the destination pixels whose blocks meet the source span', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: 200}),
        fc.integer({min: 1, max: 200}),
        fc.integer({min: 0, max: 199}),
        fc.integer({min: 1, max: 200}),
        (src, dstRaw, s0Raw, len) => {
          const dst = Math.min(src, dstRaw);
          const s0 = s0Raw % src;
          const s1 = Math.min(src, s0 + len);
          const edges = blockEdges(src, dst);
          const [d0, d1] = destRange(edges, s0, s1);
          for (let d = 0; d < dst; d++) {
            const meets = edges[d]! < s1 && edges[d + 1]! > s0;
            expect(d >= d0 && d < d1, `pixel ${d} of ${dst}`).toBe(meets);
          }
        },
      ),
      {numRuns: 500, seed: 4},
    );
  });
});
