/**
 * JPEG (JFIF) encoding for TightPNG's JPEG sub-encoding (§3.3.3), via the
 * pure-JavaScript jpeg-js encoder (4:4:4, no chroma subsampling).
 */
import jpegJs from 'jpeg-js';

/** Encodes RGBA pixels (`width*height*4`) at `quality` (1–100). */
export function encodeJpegRgba(
  width: number,
  height: number,
  rgba: Uint8Array,
  quality: number,
): Uint8Array {
  const out = jpegJs.encode({data: rgba, width, height}, quality);
  return new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length);
}

/**
 * Maps the client's JPEG quality pseudo-encoding (-32 = level 0 … -23 =
 * level 9) to a jpeg-js quality; `undefined` (none advertised) gives 80.
 */
export function jpegQualityForLevel(level: number | undefined): number {
  if (level === undefined) return 80;
  return 20 + Math.max(0, Math.min(9, level)) * 8;
}
