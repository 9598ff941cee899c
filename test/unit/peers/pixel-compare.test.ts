import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {inflateSync} from 'node:zlib';
import {afterEach, describe, expect, it} from 'vitest';
import {comparePixels, diffImage, writeDiffReport} from '../../peers/pixel-compare.js';
import {crc32, encodePng} from '../../peers/png-writer.js';
import {blankImage, type RgbaImage} from '../../peers/rgba-image.js';

function image(width: number, height: number, rgb: number[]): RgbaImage {
  const img = blankImage(width, height);
  for (let p = 0; p < width * height; p++) img.data.set(rgb.slice(p * 3, p * 3 + 3), p * 4);
  return img;
}

/** Decodes the PNGs encodePng writes (RGBA, filter 0 on every row). */
function decodeOwnPng(png: Buffer): RgbaImage {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const body = png.subarray(pos + 8, pos + 8 + len);
    expect(png.readUInt32BE(pos + 8 + len)).toBe(crc32(png.subarray(pos + 4, pos + 8 + len)));
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(body);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    data.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return {width, height, data};
}

describe('comparePixels', () => {
  it('calls identical RGB equal and ignores alpha', () => {
    const a = image(2, 1, [1, 2, 3, 4, 5, 6]);
    const b = image(2, 1, [1, 2, 3, 4, 5, 6]);
    b.data[3] = 0;
    const r = comparePixels(a, b);
    expect(r.equal).toBe(true);
    expect(r.differing).toBe(0);
    expect(r.summary).toBe('2x1: identical');
  });

  it('reports a size mismatch without comparing pixels', () => {
    const r = comparePixels(blankImage(640, 400), blankImage(720, 400));
    expect(r).toMatchObject({equal: false, sizeMismatch: true});
    expect(r.summary).toBe('size differs: expected 640x400, got 720x400');
  });

  it('counts differing pixels, bounds them and lists the first in raster order', () => {
    const a = blankImage(4, 3);
    const b = blankImage(4, 3);
    b.data.set([255, 0, 0], (1 * 4 + 2) * 4); // (2,1)
    b.data.set([0, 0, 1], (2 * 4 + 1) * 4); // (1,2)
    const r = comparePixels(a, b, 1);
    expect(r.equal).toBe(false);
    expect(r.differing).toBe(2);
    expect(r.box).toEqual({x: 1, y: 1, width: 2, height: 2});
    expect(r.first).toEqual([{x: 2, y: 1, expected: [0, 0, 0], actual: [255, 0, 0]}]);
    expect(r.summary).toBe(
      '2 of 12 pixels differ in box 2x2+1+1; first: (2,1) expected #000000 got #ff0000',
    );
  });
});

describe('diff report', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it('marks differing pixels magenta and dims the rest', () => {
    const e = image(2, 1, [200, 100, 40, 8, 8, 8]);
    const a = image(2, 1, [200, 100, 40, 9, 8, 8]);
    expect([...diffImage(e, a).data]).toEqual([50, 25, 10, 255, 255, 0, 255, 255]);
  });

  it('computes the PNG CRC-32 of a known chunk', () => {
    expect(crc32(Buffer.from('IEND', 'latin1'))).toBe(0xae426082);
  });

  it('writes expected, actual and diff PNGs that decode to the same pixels', () => {
    dir = mkdtempSync(join(tmpdir(), 'wmks-diff-'));
    const e = image(3, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    const a = image(3, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 0]);
    const files = writeDiffReport(dir, 'qemu tight', e, a);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'qemu-tight-expected.png',
      'qemu-tight-actual.png',
      'qemu-tight-diff.png',
    ]);
    expect(decodeOwnPng(readFileSync(files[0] as string))).toEqual(e);
    expect(decodeOwnPng(readFileSync(files[1] as string))).toEqual(a);
    expect(decodeOwnPng(readFileSync(files[2] as string))).toEqual(diffImage(e, a));
    expect(decodeOwnPng(encodePng(e))).toEqual(e);
  });

  it('writes no diff image when the sizes differ', () => {
    dir = mkdtempSync(join(tmpdir(), 'wmks-diff-'));
    const files = writeDiffReport(dir, 'x', blankImage(1, 1), blankImage(2, 1));
    expect(files).toHaveLength(2);
  });
});
