import {expect} from '@esm-bundle/chai';
import {ConsoleHarness} from '../helpers/console-harness.js';
import {
  copyRect,
  desktopSize,
  rawRect,
  tightPngFill,
  tightPngImage,
  type Rgb,
} from '../helpers/server-bytes.js';

const live: ConsoleHarness[] = [];
async function connected(width = 16, height = 8, size?: {width: number; height: number}) {
  const h = await ConsoleHarness.create(size ?? {});
  live.push(h);
  await h.connect({width, height});
  return h;
}

/** A reference RGBA model with the same operations, written independently. */
class Model {
  px: Rgb[];
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.px = Array.from({length: w * h}, () => ({r: 0, g: 0, b: 0}));
  }
  set(x: number, y: number, c: Rgb) {
    this.px[y * this.w + x] = c;
  }
  get(x: number, y: number): Rgb {
    return this.px[y * this.w + x]!;
  }
  copy(sx: number, sy: number, x: number, y: number, w: number, h: number) {
    const src: Rgb[] = [];
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) src.push(this.get(sx + i, sy + j));
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) this.set(x + i, y + j, src[j * w + i]!);
  }
}

function expectPixels(h: ConsoleHarness, m: Model) {
  const img = h.el.getImageData();
  expect([img.width, img.height]).to.deep.equal([m.w, m.h]);
  const mismatches: string[] = [];
  for (let y = 0; y < m.h; y++) {
    for (let x = 0; x < m.w; x++) {
      const o = (y * m.w + x) * 4;
      const c = m.get(x, y);
      const got = [img.data[o], img.data[o + 1], img.data[o + 2], img.data[o + 3]];
      if (got.join() !== [c.r, c.g, c.b, 255].join())
        mismatches.push(`(${x},${y}) ${got} != ${c.r},${c.g},${c.b}`);
    }
  }
  expect(mismatches.slice(0, 5)).to.deep.equal([]);
}

const gradient = (x: number, y: number): Rgb => ({
  r: (x * 37) & 255,
  g: (y * 53) & 255,
  b: (x * y * 11) & 255,
});

async function pngOf(
  w: number,
  h: number,
  colour: (x: number, y: number) => Rgb,
): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = colour(x, y);
      img.data.set([c.r, c.g, c.b, 255], (y * w + x) * 4);
    }
  }
  ctx.putImageData(img, 0, 0);
  const blob = await canvas.convertToBlob({type: 'image/png'});
  return new Uint8Array(await blob.arrayBuffer());
}

describe('<webmks-console> canvas pixels', () => {
  afterEach(() => {
    for (const h of live.splice(0)) h.remove();
  });

  it('starts black at the ServerInit size', async () => {
    const h = await connected(12, 6);
    expectPixels(h, new Model(12, 6));
  });

  it('draws Raw rectangles (B,G,R,X on the wire, the padding byte ignored)', async () => {
    const h = await connected(16, 8);
    const m = new Model(16, 8);
    await h.update([
      rawRect(0, 0, 16, 8, gradient),
      rawRect(3, 2, 5, 4, () => ({r: 250, g: 1, b: 128})),
    ]);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 16; x++) m.set(x, y, gradient(x, y));
    for (let y = 2; y < 6; y++) for (let x = 3; x < 8; x++) m.set(x, y, {r: 250, g: 1, b: 128});
    expectPixels(h, m);
  });

  it('applies CopyRect with overlapping source and destination, in stream order', async () => {
    const h = await connected(16, 8);
    const m = new Model(16, 8);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 16; x++) m.set(x, y, gradient(x, y));
    await h.update([
      rawRect(0, 0, 16, 8, gradient),
      copyRect(2, 1, 10, 5, 0, 0),
      copyRect(0, 0, 6, 4, 3, 2),
    ]);
    m.copy(0, 0, 2, 1, 10, 5);
    m.copy(3, 2, 0, 0, 6, 4);
    expectPixels(h, m);
  });

  it('draws TightPNG fill rectangles', async () => {
    const h = await connected(16, 8);
    const m = new Model(16, 8);
    await h.update([
      tightPngFill(0, 0, 16, 8, {r: 10, g: 20, b: 30}),
      tightPngFill(4, 3, 6, 2, {r: 255, g: 128, b: 0}),
    ]);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 16; x++) m.set(x, y, {r: 10, g: 20, b: 30});
    for (let y = 3; y < 5; y++) for (let x = 4; x < 10; x++) m.set(x, y, {r: 255, g: 128, b: 0});
    expectPixels(h, m);
  });

  it('draws TightPNG PNG rectangles exactly, in order with the rectangles around them', async () => {
    const h = await connected(24, 12);
    const pattern = (x: number, y: number): Rgb => ({r: x * 20, g: 255 - y * 30, b: (x + y) * 9});
    const png = await pngOf(10, 6, pattern);
    const m = new Model(24, 12);
    await h.update([
      tightPngFill(0, 0, 24, 12, {r: 5, g: 5, b: 5}),
      tightPngImage(7, 3, 10, 6, png),
      tightPngFill(15, 0, 4, 12, {r: 200, g: 0, b: 200}), // after the image: must land on top
    ]);
    for (let y = 0; y < 12; y++) for (let x = 0; x < 24; x++) m.set(x, y, {r: 5, g: 5, b: 5});
    for (let y = 0; y < 6; y++) for (let x = 0; x < 10; x++) m.set(7 + x, 3 + y, pattern(x, y));
    for (let y = 0; y < 12; y++) for (let x = 15; x < 19; x++) m.set(x, y, {r: 200, g: 0, b: 200});
    expectPixels(h, m);
  });

  it('resizes on DesktopSize, clearing to black, and draws at the new size', async () => {
    const h = await connected(16, 8);
    await h.update([rawRect(0, 0, 16, 8, gradient)]);
    await h.update([desktopSize(20, 10), tightPngFill(1, 1, 2, 2, {r: 9, g: 8, b: 7})], 2);
    const m = new Model(20, 10);
    for (let y = 1; y < 3; y++) for (let x = 1; x < 3; x++) m.set(x, y, {r: 9, g: 8, b: 7});
    expectPixels(h, m);
  });

  it('acknowledges each update once it is drawn (FBUR whose incremental byte carries the id)', async () => {
    const h = await connected(16, 8);
    const sent = await h.update([tightPngFill(0, 0, 1, 1, {r: 1, g: 1, b: 1})], 7);
    const fbur = sent.find((m) => m.kind === 'fbur')!;
    expect([...fbur.bytes]).to.deep.equal([3, 7, 0, 0, 0, 0, 0, 16, 0, 8]);
  });

  it('presents the back buffer on the visible canvas at the next animation frame', async () => {
    const h = await connected(4, 2);
    await h.update([tightPngFill(0, 0, 4, 2, {r: 0, g: 255, b: 0})]);
    h.frame();
    const ctx = h.canvas.getContext('2d')!;
    expect([...ctx.getImageData(1, 1, 1, 1).data]).to.deep.equal([0, 255, 0, 255]);
  });

  describe('scaling', () => {
    const box = (h: ConsoleHarness) => {
      const host = h.el.getBoundingClientRect();
      const r = h.canvas.getBoundingClientRect();
      return [r.left - host.left, r.top - host.top, r.width, r.height].map((v) => Math.round(v));
    };

    it('fit scales up keeping the aspect ratio, centred', async () => {
      const h = await connected(64, 48, {width: 400, height: 240});
      await h.el.updateComplete;
      expect(box(h)).to.deep.equal([40, 0, 320, 240]);
    });

    it('none shows 1:1, centred when smaller', async () => {
      const h = await connected(64, 48, {width: 320, height: 240});
      h.el.scale = 'none';
      await h.el.updateComplete;
      expect(box(h)).to.deep.equal([128, 96, 64, 48]);
    });

    it('integer uses whole device-pixel multiples', async () => {
      const h = await connected(64, 48, {width: 300, height: 240});
      h.el.scale = 'integer';
      await h.el.updateComplete;
      const [, , w, hh] = box(h);
      const dpr = window.devicePixelRatio || 1;
      expect(((w! * dpr) / 64) % 1).to.equal(0);
      expect(w! / 64).to.equal(hh! / 48);
      expect(w).to.be.at.most(300);
    });

    it('a thumbnail keeps a display-sized canvas showing block means, and the full framebuffer', async () => {
      // 128×96 in a 32×24 box: fit scales by 1/4, so each shown pixel is the
      // mean of a 4×4 block (times the device pixel ratio's effect on the box).
      const h = await connected(128, 96, {width: 32, height: 24});
      await h.update([
        tightPngFill(0, 0, 128, 96, {r: 10, g: 20, b: 30}),
        tightPngFill(0, 0, 2, 2, {r: 250, g: 20, b: 30}),
      ]);
      await h.el.updateComplete;
      h.frame();
      const dpr = window.devicePixelRatio || 1;
      expect([h.canvas.width, h.canvas.height]).to.deep.equal([32 * dpr, 24 * dpr]);
      // (The host's min-height centres the canvas vertically.)
      expect(box(h).slice(2)).to.deep.equal([32, 24]);
      const full = h.el.getImageData();
      expect([full.width, full.height]).to.deep.equal([128, 96]);
      const ctx = h.canvas.getContext('2d')!;
      // The top-left shown pixel: a b×b block holding the 2×2 red corner.
      const b = 4 / dpr;
      const n = b * b;
      const reds = Math.min(b, 2) ** 2;
      const red = Math.floor((reds * 250 + (n - reds) * 10 + (n >> 1)) / n);
      expect([...ctx.getImageData(0, 0, 1, 1).data]).to.deep.equal([red, 20, 30, 255]);
      expect([
        ...ctx.getImageData(h.canvas.width - 1, h.canvas.height - 1, 1, 1).data,
      ]).to.deep.equal([10, 20, 30, 255]);
      // Full size again: a 1:1 canvas.
      h.el.style.width = '128px';
      h.el.style.height = '96px';
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await h.el.updateComplete;
      h.frame();
      expect([h.canvas.width, h.canvas.height]).to.deep.equal([128, 96]);
      expect([...ctx.getImageData(1, 1, 1, 1).data]).to.deep.equal([250, 20, 30, 255]);
    });

    it('follows framebuffer resizes', async () => {
      const h = await connected(64, 48, {width: 320, height: 240});
      await h.update([desktopSize(32, 48)]);
      expect(box(h)).to.deep.equal([80, 0, 160, 240]);
    });
  });
});
