/**
 * Decoding one JPEG/PNG rectangle (TightPNG, §3.3.3) into an ImageBitmap.
 *
 * createImageBitmap does the decoding; what matters is how the encoded bytes
 * reach it. The obvious route, a Blob, is slow in Chromium: every `new Blob`
 * is registered with the browser process before it can be read. Measured in
 * headless Chromium 156 on the 2-core bench machine, 430 small JPEGs (the QEMU
 * recording's load):
 *
 *   route                                          430 decodes, in parallel
 *   new Blob → createImageBitmap(blob)             ~330-375 ms (Blob alone ~180)
 *   data: URL <img> → decode() → createImageBitmap  ~35-45 ms
 *
 * with the same pixels (checked for JPEG, and for a PNG with a gAMA chunk).
 * So images go through an <img> with a data: URL (base64 by the native
 * Uint8Array.prototype.toBase64 where present), decoded off the main thread
 * by img.decode(). Framebuffer pixels are device values, so a gAMA or ICC
 * chunk must not change them (lossless PNG must read back exactly): such an
 * image goes on to createImageBitmap with colorSpaceConversion 'none'; an
 * untagged one is drawn as it is. The issue-6 CSP allows `img-src data:`.
 *
 * The Blob route stays as the fallback: where there is no Image (a worker),
 * and where the page's CSP refuses data: images, noticed the first time a
 * data: image fails but the same bytes decode from a Blob; from then on this
 * page uses Blobs only.
 */
import type {ImageMime} from '../decoders/frame-sink.js';

const BITMAP_OPTIONS: ImageBitmapOptions = {colorSpaceConversion: 'none'};

/** A decoded image, ready for drawImage: release it with releaseImage(). */
export type DecodedImage = ImageBitmap | HTMLImageElement;

/** Set once a data: image failed whose bytes a Blob decoded: the CSP refuses data: images. */
let dataUrlsRefused = false;

/**
 * Starts decoding `bytes` (read synchronously: the caller's buffer may be
 * reused as soon as this returns). Rejects if the bytes are not a decodable image.
 */
export function decodeImage(mime: ImageMime, bytes: Uint8Array): Promise<DecodedImage> {
  if (dataUrlsRefused || typeof Image === 'undefined') {
    // The Blob takes its own copy of the bytes.
    return createImageBitmap(new Blob([bytes.slice()], {type: mime}), BITMAP_OPTIONS);
  }
  const tagged = hasColourInfo(mime, bytes);
  const base64 = toBase64(bytes);
  const img = new Image();
  img.src = `data:${mime};base64,${base64}`;
  return img.decode().then<DecodedImage, DecodedImage>(
    // An untagged image is drawn as decoded (sRGB onto an sRGB canvas, no
    // conversion). A tagged one would be colour-managed by drawImage(img):
    // createImageBitmap with colorSpaceConversion 'none' decodes it again
    // without that, as the Blob route did.
    () => (tagged ? createImageBitmap(img, BITMAP_OPTIONS) : img),
    () => {
      // Either the bytes are bad or the CSP refused the data: URL; a Blob tells which.
      const blob = new Blob([fromBase64(base64)], {type: mime});
      return createImageBitmap(blob, BITMAP_OPTIONS).then((bitmap) => {
        dataUrlsRefused = true;
        return bitmap;
      });
    },
  );
}

/** Frees what a decoded image holds (an ImageBitmap's pixels; an <img> is left to the GC). */
export function releaseImage(image: DecodedImage): void {
  if ('close' in image) image.close();
}

/**
 * Whether the image carries colour information a browser would apply when
 * drawing it: PNG gAMA/cHRM/iCCP/sRGB/cICP chunks, or a JPEG APP2 (ICC
 * profile) segment. Only the headers are walked, up to the image data; a
 * malformed header counts as tagged (the careful route).
 */
export function hasColourInfo(mime: ImageMime, b: Uint8Array): boolean {
  const u32 = (i: number): number =>
    ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  if (mime === 'image/png') {
    for (let i = 8; i + 8 <= b.length;) {
      const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
      if (type === 'IDAT' || type === 'IEND') return false;
      if (COLOUR_CHUNKS.has(type)) return true;
      i += 12 + u32(i);
    }
    return true;
  }
  for (let i = 2; i + 4 <= b.length;) {
    if (b[i] !== 0xff) return true;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return false; // start of scan, end of image
    if (marker === 0xe2) return true; // APP2: ICC_PROFILE (or FlashPix: careful anyway)
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  return true;
}

const COLOUR_CHUNKS = new Set(['gAMA', 'cHRM', 'iCCP', 'sRGB', 'cICP']);

/** Test hook: forget that data: images were refused. */
export function resetImageDecodeRoute(): void {
  dataUrlsRefused = false;
}

/** Whether images currently go through Blobs (the data: route was refused). */
export function imagesUseBlobs(): boolean {
  return dataUrlsRefused;
}

type Base64Bytes = Uint8Array & {toBase64?: () => string};
type Base64Ctor = typeof Uint8Array & {fromBase64?: (s: string) => Uint8Array<ArrayBuffer>};

function toBase64(bytes: Uint8Array): string {
  const native = (bytes as Base64Bytes).toBase64;
  if (native) return native.call(bytes);
  // Older browsers: btoa over a binary string, built in chunks that stay
  // well below the engines' argument-count limits.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const native = (Uint8Array as Base64Ctor).fromBase64;
  if (native) return native(base64);
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
