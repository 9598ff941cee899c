/**
 * Reads the pixel size a JPEG (SOFn marker) or PNG (IHDR) declares, so the
 * core can compare it with the rectangle before the browser decodes anything
 * (robustness.md B8: a 65535×65535 PNG in a 16×16 rect is a memory bomb).
 */
import {ProtocolError} from '../protocol/errors.js';
import type {ImageMime} from './frame-sink.js';

export interface ImageSize {
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const IHDR = [0x49, 0x48, 0x44, 0x52] as const;

/** Size from a PNG's IHDR chunk (PNG spec §11.2.2), or undefined if it is not a PNG. */
export function pngSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 24) return undefined;
  for (let i = 0; i < 8; i++) if (bytes[i] !== PNG_SIGNATURE[i]) return undefined;
  for (let i = 0; i < 4; i++) if (bytes[12 + i] !== IHDR[i]) return undefined;
  const u32 = (o: number): number =>
    ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
  return {width: u32(16), height: u32(20)};
}

function isSof(marker: number): boolean {
  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * Walks a JPEG's marker segments from SOI (ITU T.81 §B.1.1), calling `visit`
 * with each length-carrying segment's marker, where its length field starts
 * and its length; `visit` returns false to stop. The result: 'scan' once the
 * scan starts (SOS) or the image ends (EOI), 'stopped', or 'broken' for a
 * malformed structure. Each step advances at least two bytes.
 */
export function walkJpegSegments(
  bytes: Uint8Array,
  visit: (marker: number, at: number, segLen: number) => boolean,
): 'scan' | 'stopped' | 'broken' {
  const len = bytes.length;
  if (len < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return 'broken';
  let i = 2;
  while (i < len) {
    if (bytes[i] !== 0xff) return 'broken';
    while (i < len && bytes[i] === 0xff) i++; // fill bytes
    if (i >= len) return 'broken';
    const marker = bytes[i++]!;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return 'scan'; // EOI / SOS
    if (i + 2 > len) return 'broken';
    const segLen = (bytes[i]! << 8) | bytes[i + 1]!;
    if (segLen < 2) return 'broken';
    if (!visit(marker, i, segLen)) return 'stopped';
    i += segLen;
  }
  return 'broken';
}

/**
 * Size from a JPEG's first SOFn segment (ITU T.81 §B.2.2). Undefined if there
 * is no SOF before the scan or the structure is broken.
 */
export function jpegSize(bytes: Uint8Array): ImageSize | undefined {
  let size: ImageSize | undefined;
  walkJpegSegments(bytes, (marker, i, segLen) => {
    if (!isSof(marker)) return true;
    if (i + 7 <= bytes.length && segLen >= 7) {
      size = {
        height: (bytes[i + 3]! << 8) | bytes[i + 4]!,
        width: (bytes[i + 5]! << 8) | bytes[i + 6]!,
      };
    }
    return false;
  });
  return size;
}

/**
 * Walks a PNG's chunks after the signature (PNG spec §5.3) up to the image
 * data (IDAT) or end (IEND), calling `visit` with each chunk's type. False if
 * the walk ran off the end first (a malformed file).
 */
function walkPngChunks(bytes: Uint8Array, visit: (type: string) => void): boolean {
  for (let i = 8; i + 8 <= bytes.length;) {
    const type = String.fromCharCode(bytes[i + 4]!, bytes[i + 5]!, bytes[i + 6]!, bytes[i + 7]!);
    if (type === 'IDAT' || type === 'IEND') return true;
    visit(type);
    i +=
      12 +
      (((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0);
  }
  return false;
}

/** What the renderer needs to know about an image before it decodes it. */
export interface ImageTraits {
  /**
   * It carries colour information a browser would apply when drawing it:
   * PNG gAMA/cHRM/iCCP/sRGB/cICP, or a JPEG APP2 (ICC profile) segment. A
   * malformed header counts as tagged (the careful route).
   */
  tagged: boolean;
  /**
   * Every pixel is opaque by the format: a JPEG, or a PNG of colour type 0, 2
   * or 3 (grey, RGB, palette) without tRNS. A malformed header counts as not opaque.
   */
  opaque: boolean;
}

const PNG_COLOUR_CHUNKS = new Set(['gAMA', 'cHRM', 'iCCP', 'sRGB', 'cICP']);

/** Reads an image's traits from its headers (up to the image data), in one walk. */
export function imageTraits(mime: ImageMime, bytes: Uint8Array): ImageTraits {
  if (mime === 'image/jpeg') {
    // APP2 is ICC_PROFILE (or FlashPix: careful anyway).
    const end = walkJpegSegments(bytes, (marker) => marker !== 0xe2);
    return {tagged: end !== 'scan', opaque: true};
  }
  let tagged = false;
  let transparency = false;
  const complete = walkPngChunks(bytes, (type) => {
    if (PNG_COLOUR_CHUNKS.has(type)) tagged = true;
    if (type === 'tRNS') transparency = true;
  });
  // IHDR is the first chunk: colour type at byte 25.
  const colourType = bytes[25];
  const opaqueType = colourType === 0 || colourType === 2 || colourType === 3;
  return {tagged: tagged || !complete, opaque: complete && opaqueType && !transparency};
}

/** Throws ProtocolError('bad-image') unless the image declares exactly `width`×`height`. */
export function checkImageSize(
  mime: ImageMime,
  bytes: Uint8Array,
  width: number,
  height: number,
): void {
  const size = mime === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size) throw new ProtocolError('bad-image', `${mime} without a readable size header`);
  if (size.width !== width || size.height !== height) {
    throw new ProtocolError(
      'bad-image',
      `${mime} is ${size.width}x${size.height} in a ${width}x${height} rectangle`,
    );
  }
}
