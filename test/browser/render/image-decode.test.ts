import {expect} from '@esm-bundle/chai';
import {CanvasRenderer} from '../../../src/render/canvas-renderer.js';
import {ManualScheduler} from '../../../src/render/frame-scheduler.js';
import {imageTraits} from '../../../src/decoders/image-header.js';
import type {ImageMime} from '../../../src/decoders/frame-sink.js';
import {decodeImage, imagesUseBlobs, isPlanes} from '../../../src/render/image-decode.js';
import {yuvToRgba} from '../../../src/render/yuv-to-rgb.js';
import {
  JPEG_422,
  JPEG_440,
  JPEG_444,
  JPEG_444_H,
  JPEG_444_W,
  JPEG_GREY,
} from '../helpers/jpeg-fixtures.js';
import {concat} from '../../unit/helpers/server-wire.js';
import {buildRgbPng, gammaChunk, pngChunk} from '../helpers/png-builder.js';

const hasColourInfo = (mime: ImageMime, b: Uint8Array) => imageTraits(mime, b).tagged;
const isOpaqueImage = (mime: ImageMime, b: Uint8Array) => imageTraits(mime, b).opaque;

/** A w×h RGB pattern with midtones (where a gamma conversion would show). */
function midtones(w: number, h: number): Uint8Array {
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    rgb[i * 3] = 40 + ((i * 7) % 150);
    rgb[i * 3 + 1] = 60 + ((i * 13) % 120);
    rgb[i * 3 + 2] = 90 + ((i * 29) % 100);
  }
  return rgb;
}

/** Chromium's canvas encoder: 4:4:4 at its default quality, 4:2:0 at lower ones. */
async function canvasJpeg(w: number, h: number, quality?: number): Promise<Uint8Array> {
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < img.data.length; i += 4) {
    img.data[i] = (i * 3) & 255;
    img.data[i + 1] = (i >> 4) & 255;
    img.data[i + 2] = 200 - ((i >> 6) & 127);
    img.data[i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return new Uint8Array(await (await c.convertToBlob({type: 'image/jpeg', quality})).arrayBuffer());
}

/** The JPEG without its APP2 (ICC profile) segments. */
function withoutApp2(jpeg: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [jpeg.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff && jpeg[i + 1] !== 0xda) {
    const end = i + 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
    if (jpeg[i + 1] !== 0xe2) parts.push(jpeg.subarray(i, end));
    i = end;
  }
  parts.push(jpeg.subarray(i));
  return concat(...parts);
}

function pixelsOf(image: CanvasImageSource, w: number, h: number): Uint8ClampedArray {
  const ctx = new OffscreenCanvas(w, h).getContext('2d', {willReadFrequently: true})!;
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, w, h).data;
}

describe('image decoding (src/render/image-decode.ts)', () => {
  it('tells tagged images from untagged ones by their headers', async () => {
    const rgb = midtones(4, 4);
    expect(hasColourInfo('image/png', await buildRgbPng(4, 4, rgb))).to.equal(false);
    expect(hasColourInfo('image/png', await buildRgbPng(4, 4, rgb, [gammaChunk(1)]))).to.equal(
      true,
    );
    const srgb = pngChunk('sRGB', Uint8Array.of(0));
    expect(hasColourInfo('image/png', await buildRgbPng(4, 4, rgb, [srgb]))).to.equal(true);
    // Chromium's own encoder embeds an sRGB ICC profile (APP2); without it the JPEG is untagged.
    const tagged = await canvasJpeg(8, 8);
    expect(hasColourInfo('image/jpeg', tagged)).to.equal(true);
    const jpeg = withoutApp2(tagged);
    expect(jpeg.length).to.be.lessThan(tagged.length);
    expect(hasColourInfo('image/jpeg', jpeg)).to.equal(false);
    // Truncated headers take the careful route.
    expect(hasColourInfo('image/jpeg', jpeg.subarray(0, 3))).to.equal(true);
    expect(hasColourInfo('image/png', (await buildRgbPng(4, 4, rgb)).subarray(0, 20))).to.equal(
      true,
    );
  });

  it('tells images that are opaque by their format', async () => {
    const rgb = midtones(4, 4);
    expect(isOpaqueImage('image/png', await buildRgbPng(4, 4, rgb))).to.equal(true);
    const trns = pngChunk('tRNS', Uint8Array.of(0, 40, 0, 60, 0, 90));
    expect(isOpaqueImage('image/png', await buildRgbPng(4, 4, rgb, [trns]))).to.equal(false);
    // The browser's encoder writes RGBA (colour type 6): not opaque by format.
    const c = new OffscreenCanvas(2, 2);
    c.getContext('2d')!.fillRect(0, 0, 2, 2);
    const rgba = new Uint8Array(await (await c.convertToBlob({type: 'image/png'})).arrayBuffer());
    expect(rgba[25]).to.equal(6);
    expect(isOpaqueImage('image/png', rgba)).to.equal(false);
    expect(isOpaqueImage('image/jpeg', await canvasJpeg(8, 8))).to.equal(true);
    expect(isOpaqueImage('image/png', (await buildRgbPng(4, 4, rgb)).subarray(0, 30))).to.equal(
      false,
    );
  });

  it('draws an opaque PNG exactly over other content, after an image with alpha', async () => {
    const canvas = document.createElement('canvas');
    document.body.append(canvas);
    const renderer = new CanvasRenderer(canvas, {scheduler: new ManualScheduler()});
    try {
      renderer.resize(8, 8);
      renderer.fillRect(0, 0, 8, 8, 200, 10, 10);
      // First a half-transparent RGBA image (composited; leaves the scratch canvas dirty) ...
      const c = new OffscreenCanvas(8, 8);
      const cx = c.getContext('2d')!;
      cx.fillStyle = 'rgba(0, 0, 255, 0.5)';
      cx.fillRect(0, 0, 8, 8);
      const translucent = new Uint8Array(
        await (await c.convertToBlob({type: 'image/png'})).arrayBuffer(),
      );
      renderer.putImage(0, 0, 8, 8, 'image/png', translucent);
      // ... then an opaque RGB one over part of it: exactly its own pixels.
      const rgb = midtones(4, 4);
      renderer.putImage(2, 2, 4, 4, 'image/png', await buildRgbPng(4, 4, rgb));
      renderer.commit();
      await renderer.whenIdle();
      const got = renderer.getImageData();
      const at = (x: number, y: number) => [
        ...got.data.subarray((y * 8 + x) * 4, (y * 8 + x) * 4 + 4),
      ];
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 4; x++) {
          const i = (y * 4 + x) * 3;
          expect(at(x + 2, y + 2), `(${x},${y})`).to.deep.equal([
            rgb[i],
            rgb[i + 1],
            rgb[i + 2],
            255,
          ]);
        }
      // Outside it, the composite of the translucent blue over red.
      const corner = at(0, 0);
      expect(corner[2]).to.be.greaterThan(100);
      expect(corner[0]).to.be.greaterThan(80);
    } finally {
      renderer.dispose();
      canvas.remove();
    }
  });

  it('draws a PNG with a gAMA chunk as its raw device values', async () => {
    const w = 16;
    const h = 8;
    const rgb = midtones(w, h);
    const png = await buildRgbPng(w, h, rgb, [gammaChunk(1)]);
    const canvas = document.createElement('canvas');
    document.body.append(canvas);
    const renderer = new CanvasRenderer(canvas, {scheduler: new ManualScheduler()});
    try {
      renderer.resize(w, h);
      renderer.putImage(0, 0, w, h, 'image/png', png);
      renderer.commit();
      await renderer.whenIdle();
      const got = renderer.getImageData().data;
      for (let i = 0; i < w * h; i++) {
        expect(
          [got[i * 4], got[i * 4 + 1], got[i * 4 + 2], got[i * 4 + 3]],
          `pixel ${i}`,
        ).to.deep.equal([rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2], 255]);
      }
    } finally {
      renderer.dispose();
      canvas.remove();
    }
  });

  it('gives untagged JPEGs out as planes whose conversion is exactly the browser decode (4:2:0, 4:2:2, 4:4:4, 4:4:0, grey, odd sizes)', async () => {
    const cases: Array<[string, Uint8Array, number, number]> = [
      ['canvas 37x23 q0.5', withoutApp2(await canvasJpeg(37, 23, 0.5)), 37, 23],
      ['canvas 64x48 q0.5', withoutApp2(await canvasJpeg(64, 48, 0.5)), 64, 48],
      ['canvas 3x5 q0.5', withoutApp2(await canvasJpeg(3, 5, 0.5)), 3, 5],
      ['canvas 5x4 q0.5', withoutApp2(await canvasJpeg(5, 4, 0.5)), 5, 4],
      ['canvas 37x23', withoutApp2(await canvasJpeg(37, 23)), 37, 23],
      ['jpeg-js 37x23', JPEG_444, JPEG_444_W, JPEG_444_H],
      ['cjpeg 4:2:2 37x23', JPEG_422, 37, 23],
      ['cjpeg 4:4:0 37x23', JPEG_440, 37, 23],
      ['cjpeg grey 37x23', JPEG_GREY, 37, 23],
    ];
    const formats: string[] = [];
    for (const [name, jpeg, w, h] of cases) {
      expect(hasColourInfo('image/jpeg', jpeg), name).to.equal(false);
      // The reference: the browser's own RGB decode (libjpeg), through a Blob.
      const reference = await createImageBitmap(new Blob([jpeg as Uint8Array<ArrayBuffer>]), {
        colorSpaceConversion: 'none',
      });
      const want = pixelsOf(reference, w, h);
      reference.close();
      const decoded = await decodeImage('image/jpeg', jpeg, {pixels: w * h, tagged: false});
      if (!isPlanes(decoded)) throw new Error(`${name}: not decoded to planes`);
      formats.push(decoded.format);
      expect([decoded.width, decoded.height], name).to.deep.equal([w, h]);
      const got = new Uint32Array(w * h);
      yuvToRgba(decoded, got, w, 0, 0, w, h);
      const gotBytes = new Uint8Array(got.buffer);
      let diffs = 0;
      for (let k = 0; k < want.length; k++) if (gotBytes[k] !== want[k]) diffs++;
      expect(diffs, `${name}: bytes differing from the browser's decode`).to.equal(0);
    }
    // 4:4:0 and greyscale come out of ImageDecoder already converted to RGB.
    expect(formats).to.deep.equal([
      'I420',
      'I420',
      'I420',
      'I420',
      'I444',
      'I444',
      'I422',
      'BGRX',
      'BGRX',
    ]);
    expect(imagesUseBlobs()).to.equal(false);
  });

  it('leaves a JPEG with an EXIF orientation to the bitmap route, which applies it', async () => {
    const jpeg = withoutApp2(await canvasJpeg(8, 4));
    // APP1 "Exif": a big-endian TIFF header and one IFD entry, Orientation (0x0112) = 6 (90° clockwise).
    const exif = Uint8Array.of(
      0xff,
      0xe1,
      0,
      34,
      0x45,
      0x78,
      0x69,
      0x66,
      0,
      0,
      0x4d,
      0x4d,
      0,
      0x2a,
      0,
      0,
      0,
      8,
      0,
      1,
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      6,
      0,
      0,
      0,
      0,
      0,
      0,
    );
    const rotated = concat(jpeg.subarray(0, 2), exif, jpeg.subarray(2));
    const decoded = await decodeImage('image/jpeg', rotated, {pixels: 32, tagged: false});
    if (isPlanes(decoded)) throw new Error('an EXIF-rotated JPEG came out as unrotated planes');
    expect([decoded.width, decoded.height]).to.deep.equal([4, 8]);
    decoded.close();
  });

  it('draws a JPEG given out as planes at its rectangle, exactly, before a later overlapping fill', async () => {
    const canvas = document.createElement('canvas');
    const renderer = new CanvasRenderer(canvas, {scheduler: new ManualScheduler()});
    try {
      const reference = await createImageBitmap(new Blob([JPEG_444 as Uint8Array<ArrayBuffer>]), {
        colorSpaceConversion: 'none',
      });
      const want = pixelsOf(reference, JPEG_444_W, JPEG_444_H);
      reference.close();
      renderer.resize(50, 30);
      renderer.putImage(5, 3, JPEG_444_W, JPEG_444_H, 'image/jpeg', JPEG_444);
      renderer.fillRect(0, 0, 7, 5, 9, 9, 9);
      renderer.commit();
      await renderer.whenIdle();
      const fb = renderer.getImageData();
      const at = (x: number, y: number) =>
        Array.from(fb.data.subarray((y * 50 + x) * 4, (y * 50 + x) * 4 + 4));
      let diffs = 0;
      for (let y = 0; y < JPEG_444_H; y++) {
        for (let x = 0; x < JPEG_444_W; x++) {
          if (x + 5 < 7 && y + 3 < 5) continue; // under the later fill
          const o = (y * JPEG_444_W + x) * 4;
          if (at(x + 5, y + 3).join() !== Array.from(want.subarray(o, o + 4)).join()) diffs++;
        }
      }
      expect(diffs, 'pixels differing from the browser decode').to.equal(0);
      expect(at(6, 4), 'the later fill wins').to.deep.equal([9, 9, 9, 255]);
      expect(at(4, 10), 'left of the rectangle').to.deep.equal([0, 0, 0, 255]);
      expect(at(42, 10), 'right of the rectangle').to.deep.equal([0, 0, 0, 255]);
      expect(at(20, 26), 'below the rectangle').to.deep.equal([0, 0, 0, 255]);
    } finally {
      renderer.dispose();
    }
  });

  it('rejects a JPEG whose header is fine but whose data is cut short', async () => {
    // The <img> loads such bytes (its header parses); createImageBitmap must still refuse them.
    const jpeg = withoutApp2(await canvasJpeg(40, 24));
    const cases = {
      truncated: jpeg.subarray(0, Math.floor(jpeg.length * 0.6)),
      'no end marker': jpeg.subarray(0, jpeg.length - 2),
    };
    const outcomes: string[] = [];
    for (const [name, bytes] of Object.entries(cases)) {
      const result = await decodeImage('image/jpeg', bytes, {pixels: 40 * 24, tagged: false}).then(
        (image) => (isPlanes(image) || image.close(), 'decoded'),
        () => 'rejected',
      );
      outcomes.push(`${name}: ${result}`);
    }
    expect(outcomes).to.deep.equal(['truncated: rejected', 'no end marker: rejected']);
    expect(imagesUseBlobs()).to.equal(false);
  });

  it('rejects bytes that are not an image, and keeps the data: route', async () => {
    let failed = false;
    await decodeImage('image/png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2, 3), {
      pixels: 1,
      tagged: true,
    }).catch(() => {
      failed = true;
    });
    expect(failed).to.equal(true);
    expect(imagesUseBlobs()).to.equal(false);
  });
});
