/**
 * Where the canvas goes inside its container for each `scale` mode, and the
 * way back from a pointer position to a framebuffer pixel (webmks-protocol.md
 * §5.2: CSS-scaled canvas, centred; pointer coordinates converted back through
 * the scale and clamped). Pure functions; the element applies the result with
 * style.setProperty (never the style attribute: CSP, robustness.md §3).
 */

/** `fit` keeps the aspect ratio, `none` is 1:1 with scrolling, `integer` is crisp whole-number scaling. */
export type ScaleMode = 'fit' | 'none' | 'integer';

/** Canvas placement in CSS pixels, relative to the container's content box. */
export interface CanvasLayout {
  /** CSS width of the canvas. */
  width: number;
  /** CSS height of the canvas. */
  height: number;
  /** Offset from the container's left edge (centring). */
  left: number;
  /** Offset from the container's top edge (centring). */
  top: number;
  /** CSS pixels per framebuffer pixel. */
  scale: number;
}

/**
 * Lays out an `fbW`×`fbH` framebuffer in a `containerW`×`containerH` box
 * (CSS pixels) on a screen with `devicePixelRatio`.
 *
 * - `fit`: the largest scale at which the whole framebuffer fits, up or down
 *   (a small guest fills a large window), centred. Sizes and offsets are
 *   snapped to whole device pixels so edges are not blurred.
 * - `none`: one framebuffer pixel per CSS pixel; centred when smaller than the
 *   container, else at the top-left (the container scrolls).
 * - `integer`: the largest whole number n of DEVICE pixels per framebuffer
 *   pixel that fits (so 1 fb px = 2×2 device px on a 2× screen even when it
 *   is 1 CSS px), at least 1; when even 1 does not fit, 1/m with the smallest
 *   whole m that fits. Centred on a device-pixel boundary. The element should
 *   add `image-rendering: pixelated` for this mode.
 *
 * A container with no size (hidden) gets the `none` layout; an empty
 * framebuffer gets a zero-sized canvas.
 */
export function computeLayout(
  mode: ScaleMode,
  containerW: number,
  containerH: number,
  fbW: number,
  fbH: number,
  devicePixelRatio: number,
): CanvasLayout {
  const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  if (!(fbW > 0 && fbH > 0)) return {width: 0, height: 0, left: 0, top: 0, scale: 1};
  const cw = Number.isFinite(containerW) && containerW > 0 ? containerW : 0;
  const ch = Number.isFinite(containerH) && containerH > 0 ? containerH : 0;
  if (mode === 'none' || cw === 0 || ch === 0) {
    return {
      width: fbW,
      height: fbH,
      left: Math.max(0, snap((cw - fbW) / 2, dpr)),
      top: Math.max(0, snap((ch - fbH) / 2, dpr)),
      scale: 1,
    };
  }
  let scale: number;
  if (mode === 'integer') {
    const fitDevice = Math.min((cw * dpr) / fbW, (ch * dpr) / fbH);
    const deviceScale =
      fitDevice >= 1
        ? Math.floor(fitDevice)
        : 1 / Math.ceil(Math.max(fbW / (cw * dpr), fbH / (ch * dpr)));
    scale = deviceScale / dpr;
  } else {
    scale = Math.min(cw / fbW, ch / fbH);
  }
  const width = mode === 'integer' ? fbW * scale : snap(fbW * scale, dpr);
  const height = mode === 'integer' ? fbH * scale : snap(fbH * scale, dpr);
  return {
    width,
    height,
    left: Math.max(0, snap((cw - width) / 2, dpr)),
    top: Math.max(0, snap((ch - height) / 2, dpr)),
    scale,
  };
}

/** Rounds a CSS length to a whole number of device pixels. */
function snap(css: number, dpr: number): number {
  return Math.round(css * dpr) / dpr;
}

/** The canvas's box on screen, as from getBoundingClientRect(). */
export interface ClientRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The framebuffer pixel under (clientX, clientY), through whatever scaling
 * the canvas has, clamped to [0, fbW−1] × [0, fbH−1] (§4.1: coordinates are
 * clamped; a drag that leaves the canvas keeps reporting the edge).
 */
export function clientToFramebuffer(
  clientX: number,
  clientY: number,
  canvasRect: ClientRect,
  fbW: number,
  fbH: number,
): {x: number; y: number} {
  return {
    x: axis(clientX - canvasRect.left, canvasRect.width, fbW),
    y: axis(clientY - canvasRect.top, canvasRect.height, fbH),
  };
}

function axis(offset: number, size: number, fb: number): number {
  if (!(fb > 0) || !(size > 0) || !Number.isFinite(offset)) return 0;
  const v = Math.floor((offset * fb) / size);
  return v < 0 ? 0 : v > fb - 1 ? fb - 1 : v;
}
