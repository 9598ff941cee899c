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
 * Size from a JPEG's first SOFn segment (ITU T.81 §B.2.2), walking marker
 * segments from SOI. Undefined if there is no SOF before the scan or the
 * structure is broken. Each step advances at least two bytes.
 */
export function jpegSize(bytes: Uint8Array): ImageSize | undefined {
  const len = bytes.length;
  if (len < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let i = 2;
  while (i < len) {
    if (bytes[i] !== 0xff) return undefined;
    while (i < len && bytes[i] === 0xff) i++; // fill bytes
    if (i >= len) return undefined;
    const marker = bytes[i++]!;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return undefined; // EOI / SOS before any SOF
    if (i + 2 > len) return undefined;
    const segLen = (bytes[i]! << 8) | bytes[i + 1]!;
    if (segLen < 2) return undefined;
    if (isSof(marker)) {
      if (i + 7 > len || segLen < 7) return undefined;
      return {
        height: (bytes[i + 3]! << 8) | bytes[i + 4]!,
        width: (bytes[i + 5]! << 8) | bytes[i + 6]!,
      };
    }
    i += segLen;
  }
  return undefined;
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
