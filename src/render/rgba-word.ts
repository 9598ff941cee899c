/**
 * One opaque pixel as the Uint32 whose bytes in memory are R, G, B, 255: how
 * the back buffer (canvas-renderer.ts, an ImageData seen as Uint32Array) is
 * written a pixel at a time, for fills and for JPEG planes (yuv-to-rgb.ts).
 */

/** Byte order of Uint32 views (every browser in practice is little-endian). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The word for r, g, b (0..255). An int32 (negative, with alpha 255), which a
 * Uint32Array store or fill takes modulo 2^32; no `>>> 0`, which would make
 * it a double on the per-pixel path.
 */
export function rgbaWord(r: number, g: number, b: number): number {
  return LITTLE_ENDIAN
    ? 0xff000000 | (b << 16) | (g << 8) | r
    : (r << 24) | (g << 16) | (b << 8) | 255;
}
