/** Builds small PNGs by hand in the browser (CompressionStream for IDAT), with optional extra chunks. */
import {pngChunk} from '../../../mock-server/wire/png-chunk.js';
import {concat} from '../../unit/helpers/server-wire.js';

export {pngChunk};

async function zlib(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** An 8-bit RGB PNG of `rgb` (w*h*3 bytes), with `extra` chunks between IHDR and IDAT. */
export async function buildRgbPng(
  w: number,
  h: number,
  rgb: Uint8Array,
  extra: Uint8Array[] = [],
): Promise<Uint8Array> {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, w);
  v.setUint32(4, h);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  const raw = new Uint8Array((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    raw.set(rgb.subarray(y * w * 3, (y + 1) * w * 3), y * (w * 3 + 1) + 1);
  const parts = [
    Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10),
    pngChunk('IHDR', ihdr),
    ...extra,
    pngChunk('IDAT', await zlib(raw)),
    pngChunk('IEND', new Uint8Array(0)),
  ];
  return concat(...parts);
}

/** A gAMA chunk for `gamma` (e.g. 1.0: a browser would brighten the midtones of such an image). */
export function gammaChunk(gamma: number): Uint8Array {
  const d = new Uint8Array(4);
  new DataView(d.buffer).setUint32(0, Math.round(gamma * 100000));
  return pngChunk('gAMA', d);
}
