/**
 * Content of the JPEG region: a colourful animated plasma, a pure function
 * of (width, height, frame). Frames repeat every PLASMA_PERIOD ticks and are
 * cached process-wide together with their JPEG encodings, so fifty bench
 * sessions do not each pay for jpeg-js. jpeg-js is slow (about 150 ms for a
 * 640×360 frame), so the first cycle of a new size/quality costs about
 * PLASMA_PERIOD × 150 ms of CPU; benchmarks should warm up for a few seconds.
 */
import {encodeJpegRgba} from '../wire/jpeg.js';

export const PLASMA_PERIOD = 16;

const SIN = Int16Array.from({length: 256}, (_, i) =>
  Math.round(127 * Math.sin((i * 2 * Math.PI) / 256)),
);

interface CachedFrame {
  rgba: Uint8Array;
  jpeg: Map<number, Uint8Array>;
}

const CACHE = new Map<string, CachedFrame>();
const CACHE_MAX = 96;

function render(w: number, h: number, frame: number): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  const f = frame % PLASMA_PERIOD;
  const ta = (f * 256) / PLASMA_PERIOD;
  let o = 0;
  for (let y = 0; y < h; y++) {
    const b = SIN[(y * 3 + Math.round(ta * 2)) & 255]!;
    for (let x = 0; x < w; x++, o += 4) {
      const a = SIN[(x * 2 + Math.round(ta)) & 255]!;
      const c = SIN[(x + y + Math.round(ta * 3)) & 255]!;
      out[o] = 128 + ((a + b) >> 1);
      out[o + 1] = 128 + ((b + c) >> 1);
      out[o + 2] = 128 + ((a + c) >> 1);
      out[o + 3] = 255;
    }
  }
  return out;
}

function frameOf(w: number, h: number, frame: number): CachedFrame {
  const key = `${w}x${h}:${frame % PLASMA_PERIOD}`;
  let hit = CACHE.get(key);
  if (hit) {
    // Refresh LRU position.
    CACHE.delete(key);
    CACHE.set(key, hit);
    return hit;
  }
  hit = {rgba: render(w, h, frame), jpeg: new Map()};
  CACHE.set(key, hit);
  if (CACHE.size > CACHE_MAX) CACHE.delete(CACHE.keys().next().value!);
  return hit;
}

/** RGBA pixels of a plasma frame (do not modify: shared). */
export function plasmaRgba(w: number, h: number, frame: number): Uint8Array {
  return frameOf(w, h, frame).rgba;
}

/** JFIF bytes of a plasma frame at `quality` (cached). */
export function plasmaJpeg(w: number, h: number, frame: number, quality: number): Uint8Array {
  const f = frameOf(w, h, frame);
  let j = f.jpeg.get(quality);
  if (!j) {
    j = encodeJpegRgba(w, h, f.rgba, quality);
    f.jpeg.set(quality, j);
  }
  return j;
}
