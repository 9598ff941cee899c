import {describe, expect, it} from 'vitest';
import {
  LSB_FIRST,
  MSB_FIRST,
  TRUE_COLOR,
  XWD_HEADER_BYTES,
  Z_PIXMAP,
  parseXwd,
  parseXwdHeader,
  type XwdHeader,
} from '../../peers/xwd.js';

/** Builds an XWD file the way xwd(1) writes one: big-endian header, name, colours, image. */
function makeXwd(
  over: Partial<XwdHeader>,
  pixels: number[][],
  {name = 'root\0', colors = 0}: {name?: string; colors?: number} = {},
): Uint8Array {
  const height = pixels.length;
  const width = pixels[0]?.length ?? 0;
  const bpp = over.bits_per_pixel ?? 32;
  const bytesPerPixel = bpp / 8;
  const pad = over.bytes_per_line ?? Math.ceil((width * bytesPerPixel) / 4) * 4;
  const nameBytes = Buffer.from(name, 'latin1');
  const h: XwdHeader = {
    header_size: XWD_HEADER_BYTES + nameBytes.length,
    file_version: 7,
    pixmap_format: Z_PIXMAP,
    pixmap_depth: 24,
    pixmap_width: width,
    pixmap_height: height,
    xoffset: 0,
    byte_order: LSB_FIRST,
    bitmap_unit: 32,
    bitmap_bit_order: LSB_FIRST,
    bitmap_pad: 32,
    bits_per_pixel: bpp,
    bytes_per_line: pad,
    visual_class: TRUE_COLOR,
    red_mask: 0xff0000,
    green_mask: 0x00ff00,
    blue_mask: 0x0000ff,
    bits_per_rgb: 8,
    colormap_entries: 256,
    ncolors: colors,
    window_width: width,
    window_height: height,
    window_x: 0,
    window_y: 0,
    window_bdrwidth: 0,
    ...over,
  };
  const header = Buffer.alloc(XWD_HEADER_BYTES);
  Object.values(h).forEach((v, i) => header.writeUInt32BE(v >>> 0, i * 4));
  const colorBytes = Buffer.alloc(colors * 12, 0xee);
  const image = Buffer.alloc(pad * height, 0xcc);
  pixels.forEach((row, y) =>
    row.forEach((p, x) => {
      for (let k = 0; k < bytesPerPixel; k++) {
        const byte = Math.floor(p / 2 ** (8 * k)) & 0xff;
        const at = y * pad + x * bytesPerPixel;
        image[h.byte_order === LSB_FIRST ? at + k : at + bytesPerPixel - 1 - k] = byte;
      }
    }),
  );
  return new Uint8Array(Buffer.concat([header, nameBytes, colorBytes, image]));
}

describe('parseXwd', () => {
  it('reads a 32-bit LSBFirst TrueColor ZPixmap (what xwd -root gives for Xvnc at depth 24)', () => {
    const file = makeXwd({}, [
      [0x00112233, 0xffff0000],
      [0x0000ff00, 0x000000ff],
    ]);
    const image = parseXwd(file);
    expect(image.width).toBe(2);
    expect(image.height).toBe(2);
    expect([...image.data]).toEqual([
      0x11, 0x22, 0x33, 255, 0xff, 0, 0, 255, 0, 0xff, 0, 255, 0, 0, 0xff, 255,
    ]);
  });

  it('reads MSBFirst pixels, a window name, a colour table and padded lines', () => {
    const file = makeXwd({byte_order: MSB_FIRST, bytes_per_line: 16}, [[0x00abcdef, 0x00010203]], {
      name: 'a long window name\0',
      colors: 3,
    });
    expect([...parseXwd(file).data]).toEqual([0xab, 0xcd, 0xef, 255, 1, 2, 3, 255]);
  });

  it('uses the channel masks, whatever their order (BGR here)', () => {
    const file = makeXwd({red_mask: 0x0000ff, blue_mask: 0xff0000}, [[0x00102030]]);
    expect([...parseXwd(file).data]).toEqual([0x30, 0x20, 0x10, 255]);
  });

  it('reads 24-bit pixels', () => {
    const file = makeXwd({bits_per_pixel: 24}, [[0x123456, 0xfedcba]]);
    expect([...parseXwd(file).data]).toEqual([0x12, 0x34, 0x56, 255, 0xfe, 0xdc, 0xba, 255]);
  });

  it('scales 16-bit RGB565 channels to 8 bits', () => {
    const file = makeXwd(
      {
        bits_per_pixel: 16,
        pixmap_depth: 16,
        red_mask: 0xf800,
        green_mask: 0x07e0,
        blue_mask: 0x001f,
      },
      [[0xffff, 0x0000, 0xf800, 0x0400]],
    );
    expect([...parseXwd(file).data]).toEqual([
      255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255, 0, 130, 0, 255,
    ]);
  });

  it('reads the header big-endian', () => {
    const file = makeXwd({}, [[0]]);
    const h = parseXwdHeader(file);
    expect(h.file_version).toBe(7);
    expect(h.header_size).toBe(XWD_HEADER_BYTES + 5);
    expect(h.red_mask).toBe(0xff0000);
  });

  it.each([
    ['a short file', new Uint8Array(10), /shorter than the 100-byte header/],
    ['another version', makeXwd({file_version: 6}, [[0]]), /file_version 6/],
    ['an XYPixmap', makeXwd({pixmap_format: 1}, [[0]]), /only ZPixmap/],
    ['a PseudoColor visual', makeXwd({visual_class: 3}, [[0]]), /only TrueColor/],
    ['8 bits per pixel', makeXwd({bits_per_pixel: 8}, [[0, 0, 0, 0]]), /bits_per_pixel 8/],
    ['a zero mask', makeXwd({green_mask: 0}, [[0]]), /green_mask is 0/],
    ['a split mask', makeXwd({red_mask: 0xf0f000}, [[0]]), /not contiguous/],
    ['short lines', makeXwd({bytes_per_line: 4}, [[0, 0]]), /bytes_per_line 4/],
    ['a bad byte order', makeXwd({byte_order: 2}, [[0]]), /byte_order 2/],
    ['a header_size past the end', makeXwd({header_size: 1 << 20}, [[0]]), /header_size/],
  ])('refuses %s', (_name, file, message) => {
    expect(() => parseXwd(file)).toThrow(message);
  });

  it('refuses a truncated image', () => {
    const file = makeXwd({}, [[1, 2]]);
    expect(() => parseXwd(file.subarray(0, file.length - 1))).toThrow(/image truncated/);
  });
});
