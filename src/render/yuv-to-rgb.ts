/**
 * JPEG's Y, Cb, Cr planes to RGB pixels, exactly as libjpeg(-turbo) makes
 * them for an RGB decode: "fancy" (triangle-filter) chroma upsampling
 * (jdsample.c h2v2_fancy_upsample and h2v1_fancy_upsample, or plain
 * replication when the chroma is at most 2 samples wide) and the fixed-point
 * YCbCr→RGB tables of jdcolor.c.
 *
 * Why: WebCodecs' ImageDecoder hands a JPEG out as its decoded planes (I420
 * for 4:2:0, I422 for 4:2:2, I444 for 4:4:4) without a Blob and decodes off the main thread,
 * but converting those planes with the canvas (drawImage of the VideoFrame)
 * skips libjpeg's upsampling: up to 129 levels off at colour edges. Doing
 * libjpeg's own arithmetic here gives the pixels an <img> decode gives, bit
 * for bit (checked against Chromium's <img> decode on every JPEG of the three
 * bench recordings, 1,330 of them, and in test/browser/render/image-decode),
 * straight into the framebuffer, with no canvas round trip.
 *
 * DOM-free: planes in, RGBA words out.
 */
import {rgbaWord} from './rgba-word.js';

/** Where a plane starts in the buffer and how far apart its rows are (VideoFrame.copyTo's PlaneLayout). */
export interface PlaneLayout {
  offset: number;
  stride: number;
}

/**
 * A decoded JPEG as planes: 'I420' (chroma at half width and height, 4:2:0),
 * 'I422' (half width, 4:2:2) or 'I444' (full size); or as one plane of
 * pixels libjpeg has already converted, 'BGRX' or 'RGBX' (a greyscale or
 * 4:4:0 JPEG, which ImageDecoder gives out that way), with layout[1] and
 * layout[2] unused.
 */
export interface YuvPlanes {
  format: 'I420' | 'I422' | 'I444' | 'BGRX' | 'RGBX';
  width: number;
  height: number;
  data: Uint8Array;
  /** Y, Cb (U), Cr (V). */
  layout: readonly [PlaneLayout, PlaneLayout, PlaneLayout];
}

// jdcolor.c build_ycc_rgb_table: SCALEBITS 16, tables indexed by the sample (x = sample - 128).
const ONE_HALF = 1 << 15;
const fix = (x: number) => Math.floor(x * 65536 + 0.5);
const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
for (let i = 0, x = -128; i < 256; i++, x++) {
  CR_R[i] = (fix(1.402) * x + ONE_HALF) >> 16;
  CB_B[i] = (fix(1.772) * x + ONE_HALF) >> 16;
  CR_G[i] = -fix(0.71414) * x;
  // ONE_HALF added here so the inner loop need not (as jdcolor.c does).
  CB_G[i] = -fix(0.34414) * x + ONE_HALF;
}

/**
 * Writes the image's top-left w×h pixels (w, h at most its size) as opaque
 * RGBA into `dst` (one Uint32 per pixel, `dstStride` pixels per row) at
 * (dx, dy). The caller clips to the framebuffer.
 */
export function yuvToRgba(
  img: YuvPlanes,
  dst: Uint32Array,
  dstStride: number,
  dx: number,
  dy: number,
  w: number,
  h: number,
): void {
  const {data, layout} = img;
  const [yl, ul, vl] = layout;
  for (let y = 0; y < h; y++) {
    const o = (dy + y) * dstStride + dx;
    const yi = yl.offset + y * yl.stride;
    if (img.format === 'I444') {
      convertFullRow(data, yi, ul.offset + y * ul.stride, vl.offset + y * vl.stride, dst, o, w);
    } else if (img.format === 'I420' || img.format === 'I422') {
      // The chroma row nearest this pixel row, and the next nearest (I420 only).
      const tall = img.format === 'I420';
      const cy = tall ? y >> 1 : y;
      const ch = (img.height + 1) >> 1;
      const fy = !tall ? y : y & 1 ? Math.min(ch - 1, cy + 1) : Math.max(0, cy - 1);
      convertHalfRow(
        data,
        yi,
        ul.offset + cy * ul.stride,
        ul.offset + fy * ul.stride,
        vl.offset + cy * vl.stride,
        vl.offset + fy * vl.stride,
        (img.width + 1) >> 1,
        tall,
        dst,
        o,
        w,
      );
    } else {
      copyRgbRow(data, yi, img.format === 'BGRX', dst, o, w);
    }
  }
}

/** One row of w pixels with full-size Cb and Cr samples at ci and ri (I444). */
function convertFullRow(
  data: Uint8Array,
  yi: number,
  ci: number,
  ri: number,
  dst: Uint32Array,
  o: number,
  w: number,
): void {
  for (let end = o + w; o < end; o++) dst[o] = rgbWord(data[yi++]!, data[ci++]!, data[ri++]!);
}

/** One row of w pixels libjpeg already converted, 4 bytes each (B, G, R, X or R, G, B, X), made opaque RGBA. */
function copyRgbRow(
  data: Uint8Array,
  i: number,
  bgr: boolean,
  dst: Uint32Array,
  o: number,
  w: number,
): void {
  for (let end = o + w; o < end; o++, i += 4) {
    const r = data[bgr ? i + 2 : i]!;
    const g = data[i + 1]!;
    const b = data[bgr ? i : i + 2]!;
    dst[o] = rgbaWord(r, g, b);
  }
}

/**
 * One row of w pixels with half-width chroma, upsampled as libjpeg does.
 * I420 (jdsample.c h2v2_fancy_upsample): each chroma column is 3 × the
 * nearest chroma row plus the next nearest (edge rows repeat themselves:
 * jdmainct.c's context rows), and each pixel 3 × its column plus the
 * neighbouring column on its side (the edge column repeats), over 16,
 * rounded +8 on even and +7 on odd pixels. I422 (h2v1_fancy_upsample) is
 * the same with both rows the same one: 4 × the sample, which with +4 and
 * +8 gives its (3 × here + side + 1 or + 2) / 4. At most 2 chroma samples
 * wide, libjpeg replicates instead (h2v2_upsample, h2v1_upsample). Both
 * pixels of a chroma column are done in one step, from three running
 * column sums.
 */
function convertHalfRow(
  data: Uint8Array,
  yi: number,
  nu: number,
  fu: number,
  nv: number,
  fv: number,
  cw: number,
  tall: boolean,
  dst: Uint32Array,
  o: number,
  w: number,
): void {
  if (cw <= 2) {
    for (let x = 0; x < w; x++) {
      dst[o + x] = rgbWord(data[yi + x]!, data[nu + (x >> 1)]!, data[nv + (x >> 1)]!);
    }
    return;
  }
  const evenBias = tall ? 8 : 4;
  const oddBias = tall ? 7 : 8;
  // Column sums to the left, here, and to the right.
  let leftU = data[nu]! * 3 + data[fu]!;
  let leftV = data[nv]! * 3 + data[fv]!;
  let hereU = leftU;
  let hereV = leftV;
  for (let x = 0, px = 0; px < w; x++) {
    let rightU = hereU;
    let rightV = hereV;
    if (x + 1 < cw) {
      rightU = data[nu + x + 1]! * 3 + data[fu + x + 1]!;
      rightV = data[nv + x + 1]! * 3 + data[fv + x + 1]!;
    }
    const u3 = hereU * 3;
    const v3 = hereV * 3;
    dst[o + px] = rgbWord(
      data[yi + px]!,
      (u3 + leftU + evenBias) >> 4,
      (v3 + leftV + evenBias) >> 4,
    );
    px++;
    if (px < w) {
      dst[o + px] = rgbWord(
        data[yi + px]!,
        (u3 + rightU + oddBias) >> 4,
        (v3 + rightV + oddBias) >> 4,
      );
      px++;
    }
    leftU = hereU;
    leftV = hereV;
    hereU = rightU;
    hereV = rightV;
  }
}

/** jdcolor.c ycc_rgb_convert for one pixel, packed as the Uint32 whose bytes are R, G, B, 255. */
function rgbWord(y: number, cb: number, cr: number): number {
  // libjpeg's range_limit, as compares: rarely taken, cheaper than its table.
  let r = y + CR_R[cr]!;
  let g = y + ((CB_G[cb]! + CR_G[cr]!) >> 16);
  let b = y + CB_B[cb]!;
  r = r < 0 ? 0 : r > 255 ? 255 : r;
  g = g < 0 ? 0 : g > 255 ? 255 : g;
  b = b < 0 ? 0 : b > 255 ? 255 : b;
  return rgbaWord(r, g, b);
}
