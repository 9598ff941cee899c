/**
 * A PPM (Netpbm P6) reader for QEMU's QMP `screendump`, which writes
 * "P6\n<w> <h>\n255\n" and then w*h RGB triplets (ui/console.c ppm_save).
 * The reader follows the Netpbm grammar (whitespace and # comments between
 * header fields, one whitespace byte before the raster) so it does not
 * depend on QEMU's exact spacing, and it refuses anything it cannot read
 * exactly rather than guessing.
 */
import type {RgbaImage} from './rgba-image.js';

/** Largest side we accept: far above any VGA mode, small enough to catch garbage. */
const MAX_SIDE = 16384;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;
}

/** Parses a binary PPM (P6). Throws an Error naming the problem for anything else. */
export function parsePpm(bytes: Uint8Array): RgbaImage {
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`PPM: ${what} (at byte ${pos})`);
  };
  if (bytes[0] !== 0x50 || bytes[1] !== 0x36) fail('not a binary PPM: magic is not "P6"');
  pos = 2;

  const readNumber = (name: string): number => {
    // Skip whitespace and comments (a comment runs to the end of its line).
    for (;;) {
      const b = bytes[pos];
      if (b === undefined) fail(`end of file before ${name}`);
      if (isSpace(b)) pos++;
      else if (b === 0x23) {
        while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
      } else break;
    }
    const start = pos;
    let value = 0;
    while (pos < bytes.length) {
      const b = bytes[pos] as number;
      if (b < 0x30 || b > 0x39) break;
      value = value * 10 + (b - 0x30);
      if (value > 0xffffff) fail(`${name} too large`);
      pos++;
    }
    if (pos === start) fail(`${name} is not a decimal number`);
    return value;
  };

  const width = readNumber('width');
  const height = readNumber('height');
  const maxval = readNumber('maxval');
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
    fail(`size ${width}x${height} out of range`);
  }
  // 16-bit samples (maxval > 255) never come from QEMU; refuse them.
  if (maxval < 1 || maxval > 255) fail(`maxval ${maxval} not supported (1..255)`);
  if (!isSpace(bytes[pos])) fail('no whitespace after maxval');
  pos++;

  const need = width * height * 3;
  if (bytes.length - pos < need) {
    fail(`raster truncated: ${width}x${height} needs ${need} bytes, ${bytes.length - pos} left`);
  }
  const data = new Uint8Array(width * height * 4);
  for (let s = pos, d = 0; d < data.length; s += 3, d += 4) {
    const r = bytes[s] as number;
    const g = bytes[s + 1] as number;
    const b = bytes[s + 2] as number;
    if (maxval === 255) {
      data[d] = r;
      data[d + 1] = g;
      data[d + 2] = b;
    } else {
      data[d] = Math.round((Math.min(r, maxval) * 255) / maxval);
      data[d + 1] = Math.round((Math.min(g, maxval) * 255) / maxval);
      data[d + 2] = Math.round((Math.min(b, maxval) * 255) / maxval);
    }
    data[d + 3] = 255;
  }
  return {width, height, data};
}
