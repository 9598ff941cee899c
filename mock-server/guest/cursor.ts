/**
 * The guest's pointer shape, sent with VMWDefineCursor alpha type 1
 * (§3.3.7). The mock writes its pixels as B, G, R, A — the order wmks reads
 * (§12.14); the fill colour has three different channels so a client that
 * reads R, G, B, A shows a visibly different (blue-ish) arrow.
 */

/** Byte order of the alpha cursor pixels on the wire. */
export const CURSOR_BYTE_ORDER = 'BGRA';

const SHAPE = [
  'B...........',
  'BB..........',
  'BWB.........',
  'BWWB........',
  'BWWWB.......',
  'BWWWWB......',
  'BWWWWWB.....',
  'BWWWWWWB....',
  'BWWWWWWWB...',
  'BWWWWWWWWB..',
  'BWWWWWWWWWB.',
  'BWWWWWWBBBBB',
  'BWWWBWWB....',
  'BWWBBWWB....',
  'BWB..BWWB...',
  'BB...BWWB...',
  'B.....BWWB..',
  '......BWWB..',
  '.......BB...',
];

/** Outline and fill colours as [R, G, B, A]. */
const OUTLINE = [0, 0, 0, 255] as const;
const FILL = [255, 236, 160, 255] as const;
const CLEAR = [0, 0, 0, 0] as const;

function build(): Uint8Array {
  const w = SHAPE[0]!.length;
  const out = new Uint8Array(w * SHAPE.length * 4);
  SHAPE.forEach((line, y) => {
    for (let x = 0; x < w; x++) {
      const c = line[x] === 'B' ? OUTLINE : line[x] === 'W' ? FILL : CLEAR;
      out.set(c, (y * w + x) * 4);
    }
  });
  return out;
}

const RGBA = build();

/** The cursor: size, hot spot, and pixels in both byte orders. */
export const CURSOR = {
  width: SHAPE[0]!.length,
  height: SHAPE.length,
  hotX: 0,
  hotY: 0,
  /** R, G, B, A per pixel. */
  rgba: RGBA,
  /** B, G, R, A per pixel: what goes on the wire. */
  bgra: (() => {
    const o = new Uint8Array(RGBA.length);
    for (let i = 0; i < RGBA.length; i += 4) {
      o[i] = RGBA[i + 2]!;
      o[i + 1] = RGBA[i + 1]!;
      o[i + 2] = RGBA[i]!;
      o[i + 3] = RGBA[i + 3]!;
    }
    return o;
  })(),
} as const;
