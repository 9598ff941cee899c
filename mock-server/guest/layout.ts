/**
 * Where things are on the guest screen, computed from its size so that a
 * resize (127/5) simply re-lays everything out. Exposed through
 * GET /api/tickets/<id>/info so tests can probe regions.
 */
import type {Rect} from './framebuffer.js';

export const BAR_HEIGHT = 24;
export const STRIP_HEIGHT = 40;
export const SHAPE_SIZE = 24;
const LED_BOX_WIDTH = 40;
const CLOCK_WIDTH = 64; // "HH:MM:SS", 8 cells

export interface Layout {
  width: number;
  height: number;
  /** Top bar: title, LED indicators, clock. */
  bar: Rect;
  title: Rect;
  clock: Rect;
  leds: {num: Rect; caps: Rect; scroll: Rect};
  /** The text console (login prompt, typed characters). */
  console: Rect;
  /** Bottom strip where the moving square bounces. */
  strip: Rect;
  /** JPEG-encoded region (ticket option `jpeg`, and the bench scenario). */
  jpeg?: Rect;
  /** Bench scenario only: the area the moving window travels in. */
  desktop?: Rect;
}

export function computeLayout(
  width: number,
  height: number,
  opts: {jpeg: boolean; bench: boolean},
): Layout {
  const bar = {x: 0, y: 0, w: width, h: BAR_HEIGHT};
  const strip = {x: 0, y: height - STRIP_HEIGHT, w: width, h: STRIP_HEIGHT};
  const clock = {x: width - 8 - CLOCK_WIDTH, y: 4, w: CLOCK_WIDTH, h: 16};
  const scroll = {x: clock.x - 16 - LED_BOX_WIDTH, y: 4, w: LED_BOX_WIDTH, h: 16};
  const caps = {x: scroll.x - 4 - LED_BOX_WIDTH, y: 4, w: LED_BOX_WIDTH, h: 16};
  const num = {x: caps.x - 4 - LED_BOX_WIDTH, y: 4, w: LED_BOX_WIDTH, h: 16};
  const title = {x: 8, y: 4, w: Math.max(0, num.x - 16 - 8), h: 16};
  const middleH = height - BAR_HEIGHT - STRIP_HEIGHT;
  const layout: Layout = {
    width,
    height,
    bar,
    title,
    clock,
    leds: {num, caps, scroll},
    console: {x: 0, y: BAR_HEIGHT, w: width, h: middleH},
    strip,
  };
  if (opts.bench) {
    const half = Math.floor(width / 2);
    layout.console = {x: 0, y: BAR_HEIGHT, w: half, h: middleH};
    const jw = Math.min(640, width - half - 16);
    const jh = Math.min(360, Math.floor(middleH / 2));
    if (jw >= 16 && jh >= 16) {
      layout.jpeg = {x: half + 8, y: height - STRIP_HEIGHT - 8 - jh, w: jw, h: jh};
      layout.desktop = {x: half, y: BAR_HEIGHT, w: width - half, h: layout.jpeg.y - 8 - BAR_HEIGHT};
    }
  } else if (opts.jpeg) {
    const jw = Math.min(320, Math.floor(width / 3));
    const jh = Math.min(240, middleH - 16);
    if (jw >= 16 && jh >= 16) {
      layout.jpeg = {x: width - jw - 8, y: BAR_HEIGHT + 8, w: jw, h: jh};
      layout.console = {x: 0, y: BAR_HEIGHT, w: layout.jpeg.x - 8, h: middleH};
    }
  }
  return layout;
}
