/**
 * A small PNG decoder for the tests (8-bit grey, RGB, RGBA; all five
 * filters), written independently of the mock's encoder.
 */
import {inflateSync} from 'node:zlib';

export interface DecodedImage {
  width: number;
  height: number;
  /** R, G, B, A. */
  rgba: Uint8Array;
}

export function decodePng(file: Uint8Array): DecodedImage {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  sig.forEach((b, i) => {
    if (file[i] !== b) throw new Error('not a PNG');
  });
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let p = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Uint8Array[] = [];
  while (p < file.length) {
    const len = view.getUint32(p);
    const type = String.fromCharCode(...file.subarray(p + 4, p + 8));
    const data = file.subarray(p + 8, p + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(p + 8);
      height = view.getUint32(p + 12);
      if (file[p + 16] !== 8) throw new Error('only 8-bit PNGs');
      colorType = file[p + 17]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    p += 12 + len;
  }
  const channels = {0: 1, 2: 3, 6: 4}[colorType as 0 | 2 | 6];
  if (!channels) throw new Error(`colour type ${colorType} not supported`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = (line[i]! + pred) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const s = x * channels;
      if (channels === 1) out.set([cur[s]!, cur[s]!, cur[s]!, 255], o);
      else out.set([cur[s]!, cur[s + 1]!, cur[s + 2]!, channels === 4 ? cur[s + 3]! : 255], o);
    }
    prev = cur;
  }
  return {width, height, rgba: out};
}
