/**
 * yuvToRgba against a plain transcription of libjpeg's formulas (jdsample.c
 * h2v2_fancy_upsample / h2v2_upsample, jdcolor.c ycc_rgb_convert), on random
 * planes of every small size, odd ones included. That the formulas are
 * libjpeg's own is checked in the browser against Chromium's JPEG decoder
 * (test/browser/render/image-decode.test.ts).
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {yuvToRgba, type YuvPlanes} from '../../../src/render/yuv-to-rgb.js';

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
const fix = (x: number) => Math.floor(x * 65536 + 0.5);

/** libjpeg, one pixel at a time: [R, G, B] of pixel (x, y). */
function reference(img: YuvPlanes, x: number, y: number): [number, number, number] {
  const [yl, ul, vl] = img.layout;
  const at = (p: {offset: number; stride: number}, px: number, py: number) =>
    img.data[p.offset + py * p.stride + px]!;
  if (img.format === 'BGRX' || img.format === 'RGBX') {
    const o = yl.offset + y * yl.stride + x * 4;
    const [a, g, b] = [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!];
    return img.format === 'BGRX' ? [b, g, a] : [a, g, b];
  }
  let cb: number;
  let cr: number;
  if (img.format === 'I444') {
    cb = at(ul, x, y);
    cr = at(vl, x, y);
  } else if (img.format === 'I422') {
    // jdsample.c h2v1_fancy_upsample (h2v1_upsample at most 2 samples wide).
    const cw = (img.width + 1) >> 1;
    const up = (p: {offset: number; stride: number}) => {
      const cx = x >> 1;
      const here = at(p, cx, y);
      if (cw <= 2) return here;
      if (x & 1) return cx === cw - 1 ? here : (here * 3 + at(p, cx + 1, y) + 2) >> 2;
      return cx === 0 ? here : (here * 3 + at(p, cx - 1, y) + 1) >> 2;
    };
    cb = up(ul);
    cr = up(vl);
  } else {
    const cw = (img.width + 1) >> 1;
    const ch = (img.height + 1) >> 1;
    const up = (p: {offset: number; stride: number}) => {
      const cy = y >> 1;
      const cx = x >> 1;
      if (cw <= 2) return at(p, cx, cy);
      const ny = y & 1 ? Math.min(ch - 1, cy + 1) : Math.max(0, cy - 1);
      const col = (c: number) => at(p, c, cy) * 3 + at(p, c, ny);
      if (x & 1) {
        return cx === cw - 1 ? (col(cx) * 4 + 7) >> 4 : (col(cx) * 3 + col(cx + 1) + 7) >> 4;
      }
      return cx === 0 ? (col(cx) * 4 + 8) >> 4 : (col(cx) * 3 + col(cx - 1) + 8) >> 4;
    };
    cb = up(ul);
    cr = up(vl);
  }
  const luma = at(yl, x, y);
  const r = (fix(1.402) * (cr - 128) + 32768) >> 16;
  const b = (fix(1.772) * (cb - 128) + 32768) >> 16;
  const g = (-fix(0.34414) * (cb - 128) + 32768 - fix(0.71414) * (cr - 128)) >> 16;
  return [clamp(luma + r), clamp(luma + g), clamp(luma + b)];
}

const planes = fc
  .record({
    format: fc.constantFrom<YuvPlanes['format']>('I420', 'I422', 'I444', 'BGRX', 'RGBX'),
    width: fc.integer({min: 1, max: 37}),
    height: fc.integer({min: 1, max: 23}),
    pad: fc.integer({min: 0, max: 5}),
    seed: fc.integer(),
  })
  .map(({format, width, height, pad, seed}): YuvPlanes => {
    const packed = format === 'BGRX' || format === 'RGBX';
    const cw = format === 'I420' || format === 'I422' ? (width + 1) >> 1 : width;
    const ch = format === 'I420' ? (height + 1) >> 1 : height;
    const ys = (packed ? width * 4 : width) + pad;
    const cs = cw + pad;
    const yo = pad;
    const uo = yo + ys * height + pad;
    const vo = uo + cs * ch;
    const data = new Uint8Array(vo + cs * ch);
    let s = seed | 0;
    for (let i = 0; i < data.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      // Extremes now and then: the clamping paths.
      data[i] = (s >>> 16) % 7 === 0 ? ((s >>> 8) & 1) * 255 : (s >>> 16) & 255;
    }
    return {
      format,
      width,
      height,
      data,
      layout: [
        {offset: yo, stride: ys},
        {offset: uo, stride: cs},
        {offset: vo, stride: cs},
      ],
    };
  });

describe('yuvToRgba (libjpeg YCbCr to RGB)', () => {
  it('matches libjpeg pixel by pixel, placed and clipped in a wider framebuffer', () => {
    fc.assert(
      fc.property(
        planes,
        fc.integer({min: 0, max: 3}),
        fc.integer({min: 0, max: 3}),
        (img, cutW, cutH) => {
          const w = Math.max(1, img.width - cutW);
          const h = Math.max(1, img.height - cutH);
          const stride = img.width + 4;
          const dst = new Uint32Array(stride * (img.height + 3)).fill(0x12345678);
          yuvToRgba(img, dst, stride, 2, 1, w, h);
          const bytes = new Uint8Array(dst.buffer);
          for (let y = 0; y < img.height + 3; y++) {
            for (let x = 0; x < stride; x++) {
              const o = (y * stride + x) * 4;
              const inside = x >= 2 && x < 2 + w && y >= 1 && y < 1 + h;
              const got = Array.from(bytes.subarray(o, o + 4));
              const want = inside
                ? [...reference(img, x - 2, y - 1), 255]
                : Array.from(new Uint8Array(new Uint32Array([0x12345678]).buffer));
              expect(got, `${img.format} ${img.width}x${img.height} at ${x},${y}`).toEqual(want);
            }
          }
        },
      ),
      {numRuns: 300},
    );
  });

  it('gives grey for neutral chroma and clamps saturated colours', () => {
    const img: YuvPlanes = {
      format: 'I444',
      width: 3,
      height: 1,
      data: Uint8Array.of(0, 128, 255, 128, 0, 255, 128, 255, 0),
      layout: [
        {offset: 0, stride: 3},
        {offset: 3, stride: 3},
        {offset: 6, stride: 3},
      ],
    };
    const dst = new Uint32Array(3);
    yuvToRgba(img, dst, 3, 0, 0, 3, 1);
    expect(Array.from(new Uint8Array(dst.buffer))).toEqual([
      0, 0, 0, 255,
      // Y 128, Cb 0, Cr 255: R = 128 + 178 clamps to 255, G = 128 + 44 - 91, B = 128 - 227 clamps to 0.
      255,
      81, 0, 255,
      // Y 255, Cb 255, Cr 0: R = 255 - 179, G = 255 - 44 + 91 and B = 255 + 225 clamp to 255.
      76, 255, 255, 255,
    ]);
  });
});
