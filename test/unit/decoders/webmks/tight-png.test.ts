import {describe, expect, it} from 'vitest';
import {TightPngDecoder} from '../../../../src/decoders/tight-png.js';
import {ByteReader} from '../../../../src/protocol/byte-reader.js';
import {r, runDecoder, runDecoderBothWays} from '../../helpers/decoder-harness.js';
import {
  compactLength,
  concat,
  fakeJpeg,
  fakePng,
  tightPngData,
  tightPngFill,
} from '../../helpers/server-wire.js';
import {RGB565_LE} from '../vnc/support/encoders.js';

const TPNG = -260;
const make = (): TightPngDecoder => new TightPngDecoder();

describe('TightPNG (§3.3.3, §12.13)', () => {
  it('fills with R, G, B whatever the lower nibble', () => {
    for (const control of [0x80, 0x81, 0x8f]) {
      const {sink} = runDecoderBothWays(
        make,
        r(1, 2, 3, 4, TPNG),
        tightPngFill(10, 20, 30, control),
      );
      expect(sink.ops).toEqual([{op: 'fill', x: 1, y: 2, w: 3, h: 4, rgb: [10, 20, 30]}]);
      expect(sink.pixel(3, 5)).toEqual([10, 20, 30, 255]);
    }
  });

  it('fills with a whole PIXEL for formats that are not 32 bpp 8-bit', () => {
    const {sink} = runDecoderBothWays(make, r(0, 0, 1, 1, TPNG), Uint8Array.of(0x80, 0x00, 0xf8), {
      pixelFormat: RGB565_LE,
    });
    expect(sink.ops).toEqual([{op: 'fill', x: 0, y: 0, w: 1, h: 1, rgb: [255, 0, 0]}]);
  });

  it('hands JPEG and PNG bytes to the sink after checking their size', () => {
    const jpg = fakeJpeg(8, 4);
    const png = fakePng(8, 4);
    const a = runDecoderBothWays(make, r(5, 6, 8, 4, TPNG), tightPngData(0x9c, jpg));
    expect(a.sink.ops).toEqual([
      {op: 'image', x: 5, y: 6, w: 8, h: 4, mime: 'image/jpeg', bytes: Array.from(jpg)},
    ]);
    const b = runDecoderBothWays(make, r(5, 6, 8, 4, TPNG), tightPngData(0xa1, png));
    expect(b.sink.ops).toEqual([
      {op: 'image', x: 5, y: 6, w: 8, h: 4, mime: 'image/png', bytes: Array.from(png)},
    ]);
  });

  it('reads 1-, 2- and 3-byte compact lengths (10000 = 90 4e)', () => {
    expect(Array.from(compactLength(10000))).toEqual([0x90, 0x4e]);
    for (const pad of [0, 200, 20000]) {
      // Trailing data after the PNG's IEND is part of the payload; the size check still holds.
      const png = concat(fakePng(2, 2), new Uint8Array(pad));
      const {sink} = runDecoder(make(), r(0, 0, 2, 2, TPNG), tightPngData(0xa0, png));
      expect(sink.ops[0]).toMatchObject({op: 'image', mime: 'image/png'});
      expect((sink.ops[0] as {bytes: number[]}).bytes.length).toBe(png.length);
    }
  });

  it('waits for a 4,194,303-byte payload without consuming anything', () => {
    const decoder = make();
    const head = Uint8Array.of(0x90, 0xff, 0xff, 0xff);
    // The decoder must say "need more" and leave the bytes alone.
    const reader = new ByteReader(8 * 1024 * 1024);
    reader.push(head);
    reader.push(new Uint8Array(1000));
    const sinkStub = {} as never;
    expect(decoder.decode(r(0, 0, 8, 8, TPNG), reader, sinkStub, {} as never)).toBe(false);
    expect(reader.available).toBe(1004);
  });

  it('refuses images whose header does not match the rectangle', () => {
    for (const [control, bytes] of [
      [0x90, fakeJpeg(8, 5)],
      [0xa0, fakePng(7, 4)],
      [0xa0, fakeJpeg(8, 4)],
      [0x90, fakePng(8, 4)],
      [0x90, new Uint8Array(0)],
    ] as const) {
      expect(() => runDecoder(make(), r(0, 0, 8, 4, TPNG), tightPngData(control, bytes))).toThrow(
        expect.objectContaining({code: 'bad-image'}),
      );
    }
  });

  it('refuses every other upper nibble (B6)', () => {
    for (let nibble = 0; nibble < 16; nibble++) {
      if (nibble >= 8 && nibble <= 0xb) continue;
      expect(() =>
        runDecoder(make(), r(0, 0, 1, 1, TPNG), Uint8Array.of(nibble << 4, 0, 0, 0)),
      ).toThrow(expect.objectContaining({code: 'bad-subencoding'}));
    }
  });

  it('rebuilds DiffJPEG from the previous JPEG, and PNGs do not replace it', () => {
    const decoder = make();
    const first = fakeJpeg(8, 8, 0x11);
    const second = fakeJpeg(8, 8, 0x22);
    runDecoder(decoder, r(0, 0, 8, 8, TPNG), tightPngData(0x90, first));
    runDecoder(decoder, r(0, 0, 8, 8, TPNG), tightPngData(0xa0, fakePng(8, 8)));
    // Reuse the first 25 bytes (SOI, APP0 and the DQT header) then append the rest of `second`.
    const diff = concat(Uint8Array.of(0x01, 25, 0x03), second.subarray(25));
    const {sink} = runDecoder(decoder, r(0, 0, 8, 8, TPNG), tightPngData(0xb0, diff));
    expect(sink.ops).toEqual([
      {
        op: 'image',
        x: 0,
        y: 0,
        w: 8,
        h: 8,
        mime: 'image/jpeg',
        bytes: Array.from(concat(first.subarray(0, 25), second.subarray(25))),
      },
    ]);
    // The rebuilt JPEG is the base of the next diff.
    const again = runDecoder(
      decoder,
      r(0, 0, 8, 8, TPNG),
      tightPngData(0xb0, Uint8Array.of(0x01, 50, 0x01, 10, 0x03, ...second.subarray(60))),
    );
    expect((again.sink.ops[0] as {bytes: number[]}).bytes).toEqual(
      Array.from(concat(first.subarray(0, 25), second.subarray(25))),
    );
  });
});
