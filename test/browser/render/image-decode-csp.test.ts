import {expect} from '@esm-bundle/chai';
import {
  decodeImage,
  imagesUseBlobs,
  isPlanes,
  type DecodedImage,
} from '../../../src/render/image-decode.js';
import {JPEG_444} from '../helpers/jpeg-fixtures.js';
import {buildRgbPng} from '../helpers/png-builder.js';

function bitmap(image: DecodedImage): ImageBitmap {
  if (isPlanes(image)) throw new Error('a PNG came out as planes');
  return image;
}

// Its own test file, so its own page: the CSP added here refuses data: images
// for the rest of the page's life.
describe('image decoding under a CSP without img-src data:', () => {
  it('falls back to Blobs, with the same pixels, and stays there', async () => {
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "img-src 'self' blob:";
    document.head.append(meta);
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.blockedURI));

    const rgb = Uint8Array.from({length: 6 * 3 * 3}, (_, i) => (i * 37) & 255);
    const png = await buildRgbPng(6, 3, rgb);
    expect(imagesUseBlobs()).to.equal(false);
    const first = bitmap(await decodeImage('image/png', png, {pixels: 18, tagged: false}));
    expect(imagesUseBlobs()).to.equal(true);
    const ctx = new OffscreenCanvas(6, 3).getContext('2d', {willReadFrequently: true})!;
    ctx.drawImage(first, 0, 0);
    first.close();
    const got = ctx.getImageData(0, 0, 6, 3).data;
    for (let i = 0; i < 18; i++) {
      expect([got[i * 4], got[i * 4 + 1], got[i * 4 + 2]]).to.deep.equal([
        rgb[i * 3],
        rgb[i * 3 + 1],
        rgb[i * 3 + 2],
      ]);
    }
    // The refusal was the CSP's (one data: URL blocked); later images go straight to Blobs.
    expect(violations.length).to.equal(1);
    expect(violations[0]).to.equal('data');
    const second = bitmap(await decodeImage('image/png', png, {pixels: 18, tagged: false}));
    second.close();
    // A JPEG needs neither data: nor blob: URLs (ImageDecoder takes its bytes).
    const jpeg = await decodeImage('image/jpeg', JPEG_444, {pixels: 37 * 23, tagged: false});
    expect(isPlanes(jpeg)).to.equal(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(violations.length).to.equal(1);
  });
});
