/**
 * RFB PIXEL_FORMAT (RFC 6143 §7.4) and conversion of server pixels to the
 * RGBA bytes the FrameSink takes.
 */
import {ProtocolError} from './errors.js';

export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** ESXi's ServerInit format: 32/24, little-endian, shifts 16/8/0, so bytes B,G,R,X (§2.3). */
export const VMWARE_PIXEL_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

/**
 * What we ask plain VNC servers for (issue 7): 32 bpp little-endian with red
 * shift 0, so the bytes land as R,G,B,X, i.e. canvas order (noVNC does the same).
 */
export const CANVAS_PIXEL_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 0,
  greenShift: 8,
  blueShift: 16,
};

/** Bytes per pixel of a format. */
export function bytesPerPixel(pf: PixelFormat): number {
  return pf.bitsPerPixel >> 3;
}

/** Checks that a server-declared format is one we can decode. */
export function validatePixelFormat(pf: PixelFormat): void {
  if (!pf.trueColour) {
    throw new ProtocolError(
      'colour-map-unsupported',
      'server uses a colour map; only true colour is supported',
    );
  }
  if (pf.bitsPerPixel !== 8 && pf.bitsPerPixel !== 16 && pf.bitsPerPixel !== 32) {
    throw new ProtocolError('bad-pixel-format', `unsupported bits-per-pixel ${pf.bitsPerPixel}`);
  }
  for (const [max, shift] of [
    [pf.redMax, pf.redShift],
    [pf.greenMax, pf.greenShift],
    [pf.blueMax, pf.blueShift],
  ] as const) {
    if (max === 0 || (max & (max + 1)) !== 0 || shift >= pf.bitsPerPixel) {
      throw new ProtocolError(
        'bad-pixel-format',
        'colour max must be 2^n-1 and shift within the pixel',
      );
    }
  }
}

/**
 * Converts `count` server pixels from `src` (at `srcOffset`) into opaque RGBA
 * at `dst[dstOffset]`. Fast paths for 32 bpp formats with byte-aligned channels
 * (canvas order, ESXi's B,G,R,X).
 */
export function toRgba(
  pf: PixelFormat,
  src: Uint8Array,
  srcOffset: number,
  dst: Uint8Array,
  dstOffset: number,
  count: number,
): void {
  const bpp = pf.bitsPerPixel >> 3;
  if (
    bpp === 4 &&
    !pf.bigEndian &&
    pf.redMax === 255 &&
    pf.greenMax === 255 &&
    pf.blueMax === 255
  ) {
    const ri = pf.redShift >> 3;
    const gi = pf.greenShift >> 3;
    const bi = pf.blueShift >> 3;
    if ((pf.redShift & 7) === 0 && (pf.greenShift & 7) === 0 && (pf.blueShift & 7) === 0) {
      if (ri === 0 && gi === 1 && bi === 2 && count >= 64) {
        // Canvas order (what plain servers are asked for): one block copy, then alpha.
        dst.set(src.subarray(srcOffset, srcOffset + count * 4), dstOffset);
        for (let d = dstOffset + 3; d < dstOffset + count * 4; d += 4) dst[d] = 255;
        return;
      }
      for (let i = 0, s = srcOffset, d = dstOffset; i < count; i++, s += 4, d += 4) {
        dst[d] = src[s + ri]!;
        dst[d + 1] = src[s + gi]!;
        dst[d + 2] = src[s + bi]!;
        dst[d + 3] = 255;
      }
      return;
    }
  }
  for (let i = 0, s = srcOffset, d = dstOffset; i < count; i++, s += bpp, d += 4) {
    let v: number;
    if (bpp === 1) v = src[s]!;
    else if (bpp === 2)
      v = pf.bigEndian ? (src[s]! << 8) | src[s + 1]! : src[s]! | (src[s + 1]! << 8);
    else
      v = pf.bigEndian
        ? ((src[s]! << 24) | (src[s + 1]! << 16) | (src[s + 2]! << 8) | src[s + 3]!) >>> 0
        : (src[s]! | (src[s + 1]! << 8) | (src[s + 2]! << 16) | (src[s + 3]! << 24)) >>> 0;
    dst[d] = scale((v >>> pf.redShift) & pf.redMax, pf.redMax);
    dst[d + 1] = scale((v >>> pf.greenShift) & pf.greenMax, pf.greenMax);
    dst[d + 2] = scale((v >>> pf.blueShift) & pf.blueMax, pf.blueMax);
    dst[d + 3] = 255;
  }
}

function scale(value: number, max: number): number {
  return max === 255 ? value : Math.round((value * 255) / max);
}
