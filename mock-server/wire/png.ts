/**
 * A minimal PNG encoder (IHDR, IDAT, IEND, CRC-32) over node:zlib, for
 * TightPNG rectangles (§3.3.3) and the ground-truth screen.png. 8-bit RGB,
 * filter type 0 on every row: cheap to produce, and the solid areas a text
 * console is made of still compress well.
 */
import {deflateSync} from 'node:zlib';
import {crc32, pngChunk as chunk} from './png-chunk.js';

export {crc32};

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/**
 * Encodes `width*height` RGB pixels (3 bytes each, rows top to bottom) as
 * a PNG file. `level` is the zlib level (1 = fastest).
 */
export function encodePngRgb(
  width: number,
  height: number,
  rgb: Uint8Array,
  level = 1,
): Uint8Array {
  if (width < 1 || height < 1 || rgb.length !== width * height * 3) {
    throw new RangeError('encodePngRgb: bad dimensions');
  }
  const stride = width * 3;
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter byte 0 (None) then the row.
    filtered.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const idat = deflateSync(filtered, {level});
  const parts = [
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array()),
  ];
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
