/**
 * Area-average downscaling of the back buffer for a console shown smaller
 * than its framebuffer (dashboard thumbnails, issue 9).
 *
 * Why: a displayed canvas costs far more than its pixels. Measured in headless
 * Chromium 156 (software compositing, as in CI), one 1024×768 2D canvas on a
 * page adds ~12 MiB of process memory (its backing store plus the compositor's
 * copies), whatever its CSS size. Sizing the visible canvas to the device
 * pixels it actually covers, and drawing the framebuffer into it scaled
 * down, makes a 300×225 thumbnail cost ~1 MiB instead; the framebuffer itself
 * stays at full size in the ImageData back buffer (screenshots, getImageData).
 *
 * Each destination pixel is the mean of the block of source pixels it covers,
 * with block edges at floor(i × src / dst): a box filter, which neither drops
 * thin lines (as nearest-neighbour does) nor costs more than one read of each
 * source pixel. Only damaged regions are recomputed. The back buffer is opaque
 * (frame-sink.ts), so alpha is always 255.
 */

/** Where destination pixel i starts in the source: floor(i × src / dst), for i = 0..dst (dst ≤ src). */
export function blockEdges(src: number, dst: number): Int32Array {
  const edges = new Int32Array(dst + 1);
  for (let i = 0; i <= dst; i++) edges[i] = Math.floor((i * src) / dst);
  return edges;
}

/** The destination pixels [d0, d1) whose source blocks meet source pixels [s0, s1). */
export function destRange(edges: Int32Array, s0: number, s1: number): [number, number] {
  const dst = edges.length - 1;
  const src = edges[dst]!;
  // Start from the proportional guess and correct it (floor rounding moves it by at most one).
  let d0 = Math.min(dst - 1, Math.max(0, Math.floor((s0 * dst) / src)));
  while (d0 > 0 && edges[d0]! > s0) d0--;
  while (d0 < dst - 1 && edges[d0 + 1]! <= s0) d0++;
  let d1 = Math.min(dst, Math.max(d0 + 1, Math.ceil((s1 * dst) / src)));
  while (d1 < dst && edges[d1]! < s1) d1++;
  while (d1 > d0 + 1 && edges[d1 - 1]! >= s1) d1--;
  return [d0, d1];
}

/** Per-column sums of one destination row (downscaleRegion runs to completion, so one buffer serves all). */
let sumsScratch = new Float64Array(0);

/**
 * Writes destination pixels [dx0, dx1) × [dy0, dy1) of `dst` (dstW wide) as
 * the block means of `src` (RGBA, srcW wide), using the column and row edges
 * from blockEdges().
 */
export function downscaleRegion(
  src: Uint8ClampedArray,
  srcW: number,
  cols: Int32Array,
  rows: Int32Array,
  dst: Uint8ClampedArray,
  dstW: number,
  dx0: number,
  dy0: number,
  dx1: number,
  dy1: number,
): void {
  const n = dx1 - dx0;
  if (n <= 0) return;
  // Float64: a block may hold millions of pixels (a huge framebuffer in a tiny box).
  // Grown, never shrunk, and shared: every damaged region of every frame of
  // every console would otherwise allocate one (it is at most 3 × the widest display).
  if (sumsScratch.length < n * 3) sumsScratch = new Float64Array(n * 3);
  const sums = sumsScratch;
  for (let dy = dy0; dy < dy1; dy++) {
    sums.fill(0, 0, n * 3);
    const sy0 = rows[dy]!;
    const sy1 = rows[dy + 1]!;
    for (let sy = sy0; sy < sy1; sy++) {
      const rowBase = sy * srcW * 4;
      for (let k = 0, dx = dx0; dx < dx1; dx++, k += 3) {
        let r = 0;
        let g = 0;
        let b = 0;
        const end = rowBase + cols[dx + 1]! * 4;
        for (let o = rowBase + cols[dx]! * 4; o < end; o += 4) {
          r += src[o]!;
          g += src[o + 1]!;
          b += src[o + 2]!;
        }
        sums[k]! += r;
        sums[k + 1]! += g;
        sums[k + 2]! += b;
      }
    }
    const blockH = sy1 - sy0;
    let o = (dy * dstW + dx0) * 4;
    for (let k = 0, dx = dx0; dx < dx1; dx++, k += 3, o += 4) {
      const count = (cols[dx + 1]! - cols[dx]!) * blockH;
      const half = count >> 1;
      dst[o] = Math.floor((sums[k]! + half) / count);
      dst[o + 1] = Math.floor((sums[k + 1]! + half) / count);
      dst[o + 2] = Math.floor((sums[k + 2]! + half) / count);
      dst[o + 3] = 255;
    }
  }
}
