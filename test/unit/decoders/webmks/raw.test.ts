import {describe, expect, it} from 'vitest';
import {RAW_BATCH_BYTES, RawDecoder} from '../../../../src/decoders/raw.js';
import {
  CANVAS_PIXEL_FORMAT,
  VMWARE_PIXEL_FORMAT,
  type PixelFormat,
} from '../../../../src/protocol/pixel-format.js';
import {r, runDecoderBothWays} from '../../helpers/decoder-harness.js';
import {Wire, rawBgrx, rawRgbx} from '../../helpers/server-wire.js';
import {BGR233, RGB565_LE} from '../vnc/support/encoders.js';

const BE32: PixelFormat = {...VMWARE_PIXEL_FORMAT, bigEndian: true};

describe('Raw', () => {
  it('decodes ESXi B,G,R,X into opaque RGBA', () => {
    const {sink} = runDecoderBothWays(
      () => new RawDecoder(),
      r(3, 4, 2, 2, 0),
      rawBgrx([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
        [250, 251, 252],
      ]),
    );
    expect(sink.pixel(3, 4)).toEqual([1, 2, 3, 255]);
    expect(sink.pixel(4, 4)).toEqual([4, 5, 6, 255]);
    expect(sink.pixel(3, 5)).toEqual([7, 8, 9, 255]);
    expect(sink.pixel(4, 5)).toEqual([250, 251, 252, 255]);
    expect(sink.pixel(2, 4)).toEqual([0, 0, 0, 255]); // untouched
    expect(sink.ops).toEqual([
      {
        op: 'pixels',
        x: 3,
        y: 4,
        w: 2,
        h: 2,
        rgba: [1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 250, 251, 252, 255],
      },
    ]);
  });

  it('decodes canvas order R,G,B,X', () => {
    const {sink} = runDecoderBothWays(
      () => new RawDecoder(),
      r(0, 0, 1, 1, 0),
      rawRgbx([[10, 20, 30]]),
      {
        pixelFormat: CANVAS_PIXEL_FORMAT,
      },
    );
    expect(sink.pixel(0, 0)).toEqual([10, 20, 30, 255]);
  });

  it('decodes 16 bpp RGB565 little-endian with channel scaling', () => {
    // white, pure red, pure green, pure blue
    const data = new Wire().u8(0xff, 0xff, 0x00, 0xf8, 0xe0, 0x07, 0x1f, 0x00).build();
    const {sink} = runDecoderBothWays(() => new RawDecoder(), r(0, 0, 4, 1, 0), data, {
      pixelFormat: RGB565_LE,
    });
    expect([0, 1, 2, 3].map((x) => sink.pixel(x, 0))).toEqual([
      [255, 255, 255, 255],
      [255, 0, 0, 255],
      [0, 255, 0, 255],
      [0, 0, 255, 255],
    ]);
  });

  it('decodes 8 bpp BGR233 and 32 bpp big-endian', () => {
    const a = runDecoderBothWays(
      () => new RawDecoder(),
      r(0, 0, 2, 1, 0),
      Uint8Array.of(0x07, 0xc0),
      {
        pixelFormat: BGR233,
      },
    );
    expect(a.sink.pixel(0, 0)).toEqual([255, 0, 0, 255]);
    expect(a.sink.pixel(1, 0)).toEqual([0, 0, 255, 255]);
    const b = runDecoderBothWays(
      () => new RawDecoder(),
      r(0, 0, 1, 1, 0),
      Uint8Array.of(0, 0x11, 0x22, 0x33),
      {
        pixelFormat: BE32,
      },
    );
    expect(b.sink.pixel(0, 0)).toEqual([0x11, 0x22, 0x33, 255]);
  });

  it('consumes nothing for an empty rectangle', () => {
    const {sink} = runDecoderBothWays(() => new RawDecoder(), r(5, 5, 0, 7, 0), new Uint8Array(0));
    expect(sink.ops).toEqual([]);
  });

  it('emits fixed row batches, independent of chunking', () => {
    const width = 1000;
    const height = 100;
    const rowsPerBatch = Math.floor(RAW_BATCH_BYTES / (width * 4));
    const px = new Uint8Array(width * height * 4);
    for (let i = 0; i < px.length; i++) px[i] = i % 253;
    const {sink} = runDecoderBothWays(() => new RawDecoder(), r(0, 0, width, height, 0), px, {
      fbWidth: width,
      fbHeight: height,
    });
    const heights = sink.ops.map((o) => (o.op === 'pixels' ? o.h : -1));
    expect(heights).toEqual([rowsPerBatch, height - rowsPerBatch]);
    const o = (57 * width + 3) * 4;
    expect(sink.pixel(3, 57)).toEqual([px[o + 2], px[o + 1], px[o], 255]);
  });
});
