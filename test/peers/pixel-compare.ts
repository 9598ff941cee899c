/**
 * Pixel-exact comparison of two RGBA images, with a report a person can act
 * on: how many pixels differ, the bounding box, the first few differences
 * with both colours, and (on request) expected/actual/diff PNGs on disk.
 * Alpha is ignored: a screen dump is opaque and so is the element's canvas.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {encodePng} from './png-writer.js';
import type {RgbaImage} from './rgba-image.js';

export interface PixelDifference {
  x: number;
  y: number;
  expected: [number, number, number];
  actual: [number, number, number];
}

export interface PixelComparison {
  /** True when the sizes match and every pixel's RGB is equal. */
  equal: boolean;
  sizeMismatch: boolean;
  /** Number of pixels whose RGB differs (0 on a size mismatch). */
  differing: number;
  total: number;
  /** Bounding box of the differing pixels, or undefined. */
  box?: {x: number; y: number; width: number; height: number};
  /** The first differences in raster order (at most `maxListed`). */
  first: PixelDifference[];
  summary: string;
}

/** Compares RGB of every pixel. */
export function comparePixels(
  expected: RgbaImage,
  actual: RgbaImage,
  maxListed = 8,
): PixelComparison {
  if (expected.width !== actual.width || expected.height !== actual.height) {
    return {
      equal: false,
      sizeMismatch: true,
      differing: 0,
      total: expected.width * expected.height,
      first: [],
      summary: `size differs: expected ${expected.width}x${expected.height}, got ${actual.width}x${actual.height}`,
    };
  }
  const {width, height} = expected;
  const e = expected.data;
  const a = actual.data;
  let differing = 0;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  const first: PixelDifference[] = [];
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i += 4) {
      if (e[i] === a[i] && e[i + 1] === a[i + 1] && e[i + 2] === a[i + 2]) continue;
      differing++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (first.length < maxListed) {
        first.push({
          x,
          y,
          expected: [e[i] ?? 0, e[i + 1] ?? 0, e[i + 2] ?? 0],
          actual: [a[i] ?? 0, a[i + 1] ?? 0, a[i + 2] ?? 0],
        });
      }
    }
  }
  const total = width * height;
  if (differing === 0) {
    return {
      equal: true,
      sizeMismatch: false,
      differing,
      total,
      first,
      summary: `${width}x${height}: identical`,
    };
  }
  const box = {x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1};
  const hex = (c: [number, number, number]) =>
    '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
  const list = first
    .map((d) => `(${d.x},${d.y}) expected ${hex(d.expected)} got ${hex(d.actual)}`)
    .join('; ');
  return {
    equal: false,
    sizeMismatch: false,
    differing,
    total,
    box,
    first,
    summary:
      `${differing} of ${total} pixels differ in box ${box.width}x${box.height}+${box.x}+${box.y}; ` +
      `first: ${list}`,
  };
}

/**
 * A difference image: the expected picture dimmed to a quarter, with every
 * differing pixel in pure magenta (sizes must match).
 */
export function diffImage(expected: RgbaImage, actual: RgbaImage): RgbaImage {
  const data = new Uint8Array(expected.data.length);
  const e = expected.data;
  const a = actual.data;
  for (let i = 0; i < data.length; i += 4) {
    const same = e[i] === a[i] && e[i + 1] === a[i + 1] && e[i + 2] === a[i + 2];
    data[i] = same ? (e[i] ?? 0) >> 2 : 255;
    data[i + 1] = same ? (e[i + 1] ?? 0) >> 2 : 0;
    data[i + 2] = same ? (e[i + 2] ?? 0) >> 2 : 255;
    data[i + 3] = 255;
  }
  return {width: expected.width, height: expected.height, data};
}

/**
 * Writes <name>-expected.png, <name>-actual.png and (same size only)
 * <name>-diff.png into `dir`, and returns the paths written.
 */
export function writeDiffReport(
  dir: string,
  name: string,
  expected: RgbaImage,
  actual: RgbaImage,
): string[] {
  mkdirSync(dir, {recursive: true});
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  const files: [string, RgbaImage][] = [
    [`${safe}-expected.png`, expected],
    [`${safe}-actual.png`, actual],
  ];
  if (expected.width === actual.width && expected.height === actual.height) {
    files.push([`${safe}-diff.png`, diffImage(expected, actual)]);
  }
  return files.map(([file, image]) => {
    const path = join(dir, file);
    writeFileSync(path, encodePng(image));
    return path;
  });
}
