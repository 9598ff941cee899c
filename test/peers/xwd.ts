/**
 * An XWD (X Window Dump, file version 7) reader for `xwd -root`, the X
 * server's own picture of its screen (the TigerVNC pixel-exact test compares
 * the element against it).
 *
 * Layout (X11 XWDFile.h): a header of 25 CARD32 fields, always written
 * most-significant byte first (xwd swaps them on little-endian hosts), then
 * the window name up to `header_size`, then `ncolors` XWDColor entries of 12
 * bytes, then the image: `bytes_per_line * height` bytes in `byte_order`.
 * We read ZPixmap TrueColor images of 16, 24 or 32 bits per pixel, which is
 * what Xvnc's root window gives at depth 16 or 24; anything else is refused.
 */
import type {RgbaImage} from './rgba-image.js';

const HEADER_FIELDS = [
  'header_size',
  'file_version',
  'pixmap_format',
  'pixmap_depth',
  'pixmap_width',
  'pixmap_height',
  'xoffset',
  'byte_order',
  'bitmap_unit',
  'bitmap_bit_order',
  'bitmap_pad',
  'bits_per_pixel',
  'bytes_per_line',
  'visual_class',
  'red_mask',
  'green_mask',
  'blue_mask',
  'bits_per_rgb',
  'colormap_entries',
  'ncolors',
  'window_width',
  'window_height',
  'window_x',
  'window_y',
  'window_bdrwidth',
] as const;

export type XwdHeader = Record<(typeof HEADER_FIELDS)[number], number>;

/** XWD constants (X.h / XWDFile.h). */
export const XWD_FILE_VERSION = 7;
export const XWD_HEADER_BYTES = HEADER_FIELDS.length * 4;
export const Z_PIXMAP = 2;
export const TRUE_COLOR = 4;
export const LSB_FIRST = 0;
export const MSB_FIRST = 1;
const XWD_COLOR_BYTES = 12;
const MAX_SIDE = 16384;

/** Reads just the header (big-endian CARD32 fields). */
export function parseXwdHeader(bytes: Uint8Array): XwdHeader {
  if (bytes.length < XWD_HEADER_BYTES) {
    throw new Error(
      `XWD: ${bytes.length} bytes is shorter than the ${XWD_HEADER_BYTES}-byte header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = {} as XwdHeader;
  HEADER_FIELDS.forEach((name, i) => {
    header[name] = view.getUint32(i * 4, false);
  });
  return header;
}

/** One colour channel's position in a pixel value, from its mask. */
interface Channel {
  shift: number;
  max: number;
}

function channelOf(mask: number, name: string): Channel {
  if (mask === 0) throw new Error(`XWD: ${name}_mask is 0`);
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const bits = (mask >>> shift).toString(2);
  if (/0/.test(bits)) throw new Error(`XWD: ${name}_mask 0x${mask.toString(16)} is not contiguous`);
  return {shift, max: 2 ** bits.length - 1};
}

function scale(value: number, ch: Channel): number {
  return ch.max === 255 ? value : Math.round((value * 255) / ch.max);
}

/** Parses an XWD file into RGBA. Throws an Error naming the problem. */
export function parseXwd(bytes: Uint8Array): RgbaImage {
  const h = parseXwdHeader(bytes);
  const fail = (what: string): never => {
    throw new Error(`XWD: ${what}`);
  };
  if (h.file_version !== XWD_FILE_VERSION) fail(`file_version ${h.file_version}, expected 7`);
  if (h.header_size < XWD_HEADER_BYTES || h.header_size > bytes.length) {
    fail(`header_size ${h.header_size} out of range`);
  }
  if (h.pixmap_format !== Z_PIXMAP) fail(`pixmap_format ${h.pixmap_format}, only ZPixmap (2)`);
  if (h.visual_class !== TRUE_COLOR) fail(`visual_class ${h.visual_class}, only TrueColor (4)`);
  const width = h.pixmap_width;
  const height = h.pixmap_height;
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
    fail(`size ${width}x${height} out of range`);
  }
  const bpp = h.bits_per_pixel;
  if (bpp !== 16 && bpp !== 24 && bpp !== 32) fail(`bits_per_pixel ${bpp} not supported`);
  const bytesPerPixel = bpp / 8;
  if (h.byte_order !== LSB_FIRST && h.byte_order !== MSB_FIRST) {
    fail(`byte_order ${h.byte_order}`);
  }
  if (h.bytes_per_line < width * bytesPerPixel) {
    fail(`bytes_per_line ${h.bytes_per_line} < ${width} pixels of ${bytesPerPixel} bytes`);
  }
  const red = channelOf(h.red_mask, 'red');
  const green = channelOf(h.green_mask, 'green');
  const blue = channelOf(h.blue_mask, 'blue');

  const imageStart = h.header_size + h.ncolors * XWD_COLOR_BYTES;
  const need = h.bytes_per_line * height;
  if (bytes.length - imageStart < need) {
    fail(
      `image truncated: needs ${need} bytes after offset ${imageStart}, has ${bytes.length - imageStart}`,
    );
  }

  const lsb = h.byte_order === LSB_FIRST;
  const data = new Uint8Array(width * height * 4);
  let d = 0;
  for (let y = 0; y < height; y++) {
    let s = imageStart + y * h.bytes_per_line;
    for (let x = 0; x < width; x++, s += bytesPerPixel) {
      let pixel = 0;
      for (let k = 0; k < bytesPerPixel; k++) {
        const byte = bytes[lsb ? s + k : s + bytesPerPixel - 1 - k] as number;
        pixel += byte * 2 ** (8 * k);
      }
      data[d++] = scale(Math.floor(pixel / 2 ** red.shift) & red.max, red);
      data[d++] = scale(Math.floor(pixel / 2 ** green.shift) & green.max, green);
      data[d++] = scale(Math.floor(pixel / 2 ** blue.shift) & blue.max, blue);
      data[d++] = 255;
    }
  }
  return {width, height, data};
}
