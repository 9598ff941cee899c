// scaling.ts lives in src/render but is pure input-mapping math, so it is tested here in Node.
import {describe, expect, it} from 'vitest';
import {clientToFramebuffer, computeLayout} from '../../../src/render/scaling.js';

describe('computeLayout', () => {
  it('fit scales down, keeps the aspect ratio and centres', () => {
    expect(computeLayout('fit', 800, 600, 1600, 900, 1)).toEqual({
      width: 800,
      height: 450,
      left: 0,
      top: 75,
      scale: 0.5,
    });
  });

  it('fit scales up a small framebuffer', () => {
    expect(computeLayout('fit', 1000, 1000, 640, 480, 1)).toEqual({
      width: 1000,
      height: 750,
      left: 0,
      top: 125,
      scale: 1000 / 640,
    });
  });

  it('fit snaps sizes and offsets to device pixels', () => {
    const l = computeLayout('fit', 1001, 700, 1024, 768, 1.5);
    for (const v of [l.width, l.height, l.left, l.top])
      expect(Number.isInteger(v * 1.5)).toBe(true);
    expect(l.width).toBeLessThanOrEqual(1001);
    expect(l.height).toBeLessThanOrEqual(700.5);
  });

  it('none is 1:1, centred when smaller, top-left when larger (the container scrolls)', () => {
    expect(computeLayout('none', 800, 600, 640, 480, 2)).toEqual({
      width: 640,
      height: 480,
      left: 80,
      top: 60,
      scale: 1,
    });
    expect(computeLayout('none', 800, 600, 1920, 1080, 1)).toEqual({
      width: 1920,
      height: 1080,
      left: 0,
      top: 0,
      scale: 1,
    });
  });

  it('integer uses the largest whole number of device pixels per framebuffer pixel', () => {
    // 1× screen: 2560×1600 fits 1024×768 twice.
    expect(computeLayout('integer', 2560, 1600, 1024, 768, 1)).toEqual({
      width: 2048,
      height: 1536,
      left: 256,
      top: 32,
      scale: 2,
    });
    // 2× screen, 1280×800 CSS = 2560×1600 device: 2 device px per fb px = 1 CSS px.
    expect(computeLayout('integer', 1280, 800, 1024, 768, 2)).toEqual({
      width: 1024,
      height: 768,
      left: 128,
      top: 16,
      scale: 1,
    });
    // 2× screen, a small guest: 3 device px per fb px (1.5 CSS px), still crisp.
    const small = computeLayout('integer', 1280, 800, 640, 480, 2);
    expect(small.scale).toBe(1.5);
    expect([small.width, small.height]).toEqual([960, 720]);
    // 1.25× screen: 1000×700 CSS = 1250×875 device fits 640×480 once (1 device px = 0.8 CSS px).
    const odd = computeLayout('integer', 1000, 700, 640, 480, 1.25);
    expect(odd.scale).toBeCloseTo(0.8, 12);
    expect(odd.width * 1.25).toBeCloseTo(640, 9);
    expect(Number.isInteger(Math.round(odd.left * 1.25 * 1e9) / 1e9)).toBe(true);
  });

  it('integer downscales by 1/n when the framebuffer is larger than the container', () => {
    expect(computeLayout('integer', 800, 600, 1920, 1080, 1)).toEqual({
      width: 640,
      height: 360,
      left: 80,
      top: 120,
      scale: 1 / 3,
    });
    expect(computeLayout('integer', 1000, 1000, 1920, 1080, 1).scale).toBe(0.5);
  });

  it('handles empty framebuffers, hidden containers and bad ratios', () => {
    expect(computeLayout('fit', 800, 600, 0, 0, 1)).toEqual({
      width: 0,
      height: 0,
      left: 0,
      top: 0,
      scale: 1,
    });
    expect(computeLayout('fit', 0, 0, 640, 480, 1)).toEqual({
      width: 640,
      height: 480,
      left: 0,
      top: 0,
      scale: 1,
    });
    expect(computeLayout('integer', 800, 600, 400, 300, Number.NaN).scale).toBe(2);
    expect(computeLayout('fit', 800, 600, 400, 300, 0).scale).toBe(2);
  });
});

describe('clientToFramebuffer', () => {
  const rect = {left: 100, top: 50, width: 512, height: 384};

  it('maps through the scale', () => {
    expect(clientToFramebuffer(100, 50, rect, 1024, 768)).toEqual({x: 0, y: 0});
    expect(clientToFramebuffer(356, 242, rect, 1024, 768)).toEqual({x: 512, y: 384});
    expect(clientToFramebuffer(100.4, 50.4, rect, 1024, 768)).toEqual({x: 0, y: 0});
    expect(clientToFramebuffer(100.6, 50.6, rect, 1024, 768)).toEqual({x: 1, y: 1});
    expect(clientToFramebuffer(611.9, 433.9, rect, 1024, 768)).toEqual({x: 1023, y: 767});
  });

  it('clamps to the framebuffer', () => {
    expect(clientToFramebuffer(0, 0, rect, 1024, 768)).toEqual({x: 0, y: 0});
    expect(clientToFramebuffer(5000, 5000, rect, 1024, 768)).toEqual({x: 1023, y: 767});
    expect(clientToFramebuffer(612, 434, rect, 1024, 768)).toEqual({x: 1023, y: 767});
  });

  it('round-trips with computeLayout for every mode', () => {
    for (const mode of ['fit', 'none', 'integer'] as const) {
      const l = computeLayout(mode, 900, 700, 800, 600, 1);
      const r = {left: 10 + l.left, top: 20 + l.top, width: l.width, height: l.height};
      for (const [fx, fy] of [
        [0, 0],
        [799, 599],
        [400, 300],
        [123, 456],
      ] as const) {
        const cx = r.left + (fx + 0.5) * (l.width / 800);
        const cy = r.top + (fy + 0.5) * (l.height / 600);
        expect(clientToFramebuffer(cx, cy, r, 800, 600), `${mode} ${fx},${fy}`).toEqual({
          x: fx,
          y: fy,
        });
      }
    }
  });

  it('returns 0 for a zero-sized canvas or framebuffer instead of NaN', () => {
    expect(clientToFramebuffer(10, 10, {left: 0, top: 0, width: 0, height: 0}, 800, 600)).toEqual({
      x: 0,
      y: 0,
    });
    expect(clientToFramebuffer(10, 10, rect, 0, 0)).toEqual({x: 0, y: 0});
  });
});
