/**
 * Turns the guest's pending damage into the rectangles of one
 * FramebufferUpdate, using only what the client advertised (§8.6):
 * CopyRect for moved pixels, TightPNG fill for one-colour rectangles,
 * TightPNG PNG for the rest (JPEG for the JPEG region), and Raw (B,G,R,X)
 * when TightPNG was not advertised.
 */
import {intersect, subtract} from '../guest/damage.js';
import {colorChannels, type Framebuffer, type Rect} from '../guest/framebuffer.js';
import type {Guest} from '../guest/guest.js';
import {plasmaJpeg} from '../guest/plasma.js';
import {TIGHT_MAX_LENGTH} from '../wire/constants.js';
import {jpegQualityForLevel} from '../wire/jpeg.js';
import {encodePngRgb} from '../wire/png.js';
import {copyRect, rawRect, tightFill, tightImage} from '../wire/rects.js';
import type {ClientEncodings} from './client-encodings.js';

/** Encodes one lossless rectangle of the framebuffer. */
export function encodeContentRect(fb: Framebuffer, r: Rect, enc: ClientEncodings): Uint8Array[] {
  if (!enc.tightPng) return [rawRect(r.x, r.y, r.w, r.h, fb.bgrxOf(r.x, r.y, r.w, r.h))];
  const solid = fb.solidColor(r.x, r.y, r.w, r.h);
  if (solid !== undefined) {
    const [red, green, blue] = colorChannels(solid);
    return [tightFill(r.x, r.y, r.w, r.h, red, green, blue)];
  }
  const png = encodePngRgb(r.w, r.h, fb.rgbOf(r.x, r.y, r.w, r.h));
  if (png.length <= TIGHT_MAX_LENGTH) return [tightImage(r.x, r.y, r.w, r.h, 'png', png)];
  // Too big for a compact length: split along the longer side.
  const halves: Rect[] =
    r.h >= r.w
      ? [
          {x: r.x, y: r.y, w: r.w, h: r.h >> 1},
          {x: r.x, y: r.y + (r.h >> 1), w: r.w, h: r.h - (r.h >> 1)},
        ]
      : [
          {x: r.x, y: r.y, w: r.w >> 1, h: r.h},
          {x: r.x + (r.w >> 1), y: r.y, w: r.w - (r.w >> 1), h: r.h},
        ];
  return halves.flatMap((h) => encodeContentRect(fb, h, enc));
}

/** Rectangles for everything the guest changed since the last update. */
export function encodeDamage(guest: Guest, enc: ClientEncodings): Uint8Array[] {
  if (!enc.copyRect) guest.damage.flattenCopies();
  const {copies, rects} = guest.damage.take();
  const parts: Uint8Array[] = [];
  for (const c of copies) parts.push(copyRect(c.x, c.y, c.w, c.h, c.sx, c.sy));

  const region = guest.jpegRegion;
  let jpegNeeded = guest.jpegDirty;
  guest.jpegDirty = false;
  let content = rects;
  if (region && enc.tightPng) {
    content = [];
    for (const r of rects) {
      if (intersect(r, region.rect)) {
        jpegNeeded = true;
        content.push(...subtract(r, region.rect));
      } else {
        content.push(r);
      }
    }
  } else if (region && jpegNeeded) {
    // No TightPNG: the region goes lossless like everything else.
    content = [...rects, region.rect];
    jpegNeeded = false;
  }
  for (const r of content) parts.push(...encodeContentRect(guest.fb, r, enc));
  if (region && jpegNeeded && enc.tightPng) {
    const {x, y, w, h} = region.rect;
    const quality = jpegQualityForLevel(enc.jpegQualityLevel);
    parts.push(tightImage(x, y, w, h, 'jpeg', plasmaJpeg(w, h, region.frame, quality)));
  }
  return parts;
}
