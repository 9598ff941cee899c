import {describe, expect, it} from 'vitest';
import {parsePpm} from '../../peers/ppm.js';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

describe('parsePpm', () => {
  it('reads the header QEMU writes and the RGB raster, adding opaque alpha', () => {
    // ui/console.c ppm_save: "P6\n%d %d\n%d\n" then RGB rows.
    const bytes = concat(
      enc('P6\n2 2\n255\n'),
      Uint8Array.of(1, 2, 3, 255, 0, 0, 0, 255, 0, 10, 20, 30),
    );
    const image = parsePpm(bytes);
    expect(image.width).toBe(2);
    expect(image.height).toBe(2);
    expect([...image.data]).toEqual([
      1, 2, 3, 255, 255, 0, 0, 255, 0, 255, 0, 255, 10, 20, 30, 255,
    ]);
  });

  it('accepts comments and any whitespace between header fields', () => {
    const bytes = concat(enc('P6 # made by hand\n1\t# width\n 1\r\n255 '), Uint8Array.of(7, 8, 9));
    expect([...parsePpm(bytes).data]).toEqual([7, 8, 9, 255]);
  });

  it('scales samples when maxval is below 255', () => {
    const bytes = concat(enc('P6\n1 1\n63\n'), Uint8Array.of(63, 0, 32));
    expect([...parsePpm(bytes).data]).toEqual([255, 0, 130, 255]);
  });

  it('does not treat raster bytes that look like whitespace or "#" as header', () => {
    // The raster starts with 0x23 ('#') and 0x0a: exactly one whitespace byte ends the header.
    const bytes = concat(enc('P6\n1 1\n255\n'), Uint8Array.of(0x23, 0x0a, 0x20));
    expect([...parsePpm(bytes).data]).toEqual([0x23, 0x0a, 0x20, 255]);
  });

  it('ignores bytes after the raster', () => {
    const bytes = concat(enc('P6\n1 1\n255\n'), Uint8Array.of(1, 2, 3, 99, 99));
    expect([...parsePpm(bytes).data]).toEqual([1, 2, 3, 255]);
  });

  it.each([
    ['ASCII PPM (P3)', enc('P3\n1 1\n255\n1 2 3\n'), /magic/],
    ['a PGM (P5)', enc('P5\n1 1\n255\n\x01'), /magic/],
    ['an empty file', new Uint8Array(0), /magic/],
    ['a truncated raster', concat(enc('P6\n2 1\n255\n'), Uint8Array.of(1, 2, 3, 4)), /truncated/],
    ['a header cut short', enc('P6\n2 '), /end of file before height/],
    ['a zero width', enc('P6\n0 1\n255\n'), /out of range/],
    ['a huge size', enc('P6\n99999 1\n255\n'), /out of range/],
    ['16-bit samples', enc('P6\n1 1\n65535\n\0\0\0\0\0\0'), /maxval 65535/],
    ['a non-number', enc('P6\nx 1\n255\n'), /width is not a decimal/],
    ['no space after maxval', enc('P6\n1 1\n255'), /no whitespace after maxval/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => parsePpm(bytes)).toThrow(message);
  });
});
