import jpeg from 'jpeg-js';
import {deflateSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {checkImageSize, jpegSize, pngSize} from '../../../../src/decoders/image-header.js';
import {Wire, fakeJpeg, fakePng} from '../../helpers/server-wire.js';

function realJpeg(width: number, height: number): Uint8Array {
  const data = Buffer.alloc(width * height * 4, 0x80);
  return new Uint8Array(jpeg.encode({data, width, height}, 80).data);
}

/** A real, decodable PNG (8-bit RGBA) built from the PNG spec. */
function realPng(width: number, height: number): Uint8Array {
  const crcTable = Array.from({length: 256}, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Uint8Array): number => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Uint8Array): Uint8Array => {
    const typed = new Wire().ascii(type).bytes(body).build();
    return new Wire().u32(body.length).bytes(typed).u32(crc(typed)).build();
  };
  const raw = new Uint8Array(height * (1 + width * 4)).fill(0x40);
  for (let y = 0; y < height; y++) raw[y * (1 + width * 4)] = 0;
  return new Wire()
    .u8(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
    .bytes(chunk('IHDR', new Wire().u32(width).u32(height).u8(8, 6, 0, 0, 0).build()))
    .bytes(chunk('IDAT', new Uint8Array(deflateSync(raw))))
    .bytes(chunk('IEND', new Uint8Array(0)))
    .build();
}

describe('image headers (B8)', () => {
  it('reads the SOF size of real JPEGs', () => {
    expect(jpegSize(realJpeg(17, 5))).toEqual({width: 17, height: 5});
    expect(jpegSize(realJpeg(640, 480))).toEqual({width: 640, height: 480});
    expect(jpegSize(fakeJpeg(300, 2))).toEqual({width: 300, height: 2});
  });

  it('reads the IHDR size of PNGs', () => {
    expect(pngSize(realPng(3, 7))).toEqual({width: 3, height: 7});
    expect(pngSize(fakePng(65535, 1))).toEqual({width: 65535, height: 1});
  });

  it('skips fill bytes and standalone markers; stops at SOS or EOI without SOF', () => {
    const withFill = Uint8Array.from([0xff, 0xd8, 0xff, 0xff, 0xff, ...fakeJpeg(4, 4).subarray(2)]);
    expect(jpegSize(withFill)).toEqual({width: 4, height: 4});
    expect(jpegSize(Uint8Array.of(0xff, 0xd8, 0xff, 0xd9))).toBeUndefined();
    expect(jpegSize(Uint8Array.of(0xff, 0xd8, 0xff, 0xda, 0, 8))).toBeUndefined();
  });

  it('rejects broken structures without looping', () => {
    const cases = [
      new Uint8Array(0),
      Uint8Array.of(0xff, 0xd8),
      Uint8Array.of(0xff, 0xd8, 0x00),
      Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01), // segment length < 2
      Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff), // runs off the end
      Uint8Array.of(0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00), // truncated SOF
      fakeJpeg(4, 4).subarray(0, 30),
    ];
    for (const c of cases) expect(jpegSize(c)).toBeUndefined();
    expect(pngSize(fakePng(4, 4).subarray(0, 23))).toBeUndefined();
    const notIhdr = fakePng(4, 4);
    notIhdr[12] = 0x41;
    expect(pngSize(notIhdr)).toBeUndefined();
  });

  it('checkImageSize accepts exact sizes only', () => {
    expect(() => checkImageSize('image/png', fakePng(8, 8), 8, 8)).not.toThrow();
    expect(() => checkImageSize('image/png', fakePng(65535, 65535), 16, 16)).toThrow(
      expect.objectContaining({code: 'bad-image'}),
    );
    expect(() => checkImageSize('image/jpeg', fakePng(8, 8), 8, 8)).toThrow(
      expect.objectContaining({code: 'bad-image'}),
    );
    expect(() => checkImageSize('image/jpeg', realJpeg(8, 9), 9, 8)).toThrow(
      expect.objectContaining({code: 'bad-image'}),
    );
  });
});
