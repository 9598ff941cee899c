import {expect} from '@esm-bundle/chai';
import {CanvasRenderer, type CanvasRendererOptions} from '../../../src/render/canvas-renderer.js';
import type {CursorCss} from '../../../src/render/cursor.js';
import {ManualScheduler} from '../../../src/render/frame-scheduler.js';
import {ProtocolError} from '../../../src/protocol/errors.js';

type Rgba = [number, number, number, number];

interface Harness {
  canvas: HTMLCanvasElement;
  renderer: CanvasRenderer;
  scheduler: ManualScheduler;
  errors: Error[];
  cursors: CursorCss[];
}

const harnesses: Harness[] = [];

function setup(
  options: Pick<CanvasRendererOptions, 'imageTimeoutMs' | 'decodeImage'> = {},
): Harness {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const scheduler = new ManualScheduler();
  const errors: Error[] = [];
  const cursors: CursorCss[] = [];
  const renderer = new CanvasRenderer(canvas, {
    scheduler,
    onError: (e) => errors.push(e),
    onCursor: (c) => cursors.push(c),
    ...options,
  });
  const h = {canvas, renderer, scheduler, errors, cursors};
  harnesses.push(h);
  return h;
}

afterEach(() => {
  for (const h of harnesses.splice(0)) {
    h.renderer.dispose();
    h.canvas.remove();
  }
});

function pixel(img: ImageData, x: number, y: number): Rgba {
  const o = (y * img.width + x) * 4;
  const d = img.data;
  return [d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!];
}

/** What is on the visible canvas (what the user sees). */
function shown(canvas: HTMLCanvasElement, x: number, y: number): Rgba {
  const d = canvas.getContext('2d')!.getImageData(x, y, 1, 1).data;
  return [d[0]!, d[1]!, d[2]!, d[3]!];
}

/** A w×h RGBA block whose every pixel is distinct: (x*16+seed, y*16, x^y, 255). */
function pattern(w: number, h: number, seed = 0): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      out[o] = (x * 16 + seed) & 255;
      out[o + 1] = (y * 16 + seed) & 255;
      out[o + 2] = (x ^ y) * 8;
      out[o + 3] = 255;
    }
  return out;
}

/** Encodes `rgba` (w×h, straight alpha) with the browser's encoder. */
async function encode(rgba: Uint8Array, w: number, h: number, type: string): Promise<Uint8Array> {
  const c = new OffscreenCanvas(w, h);
  c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), w, h), 0, 0);
  const blob = await c.convertToBlob({type, quality: 1});
  return new Uint8Array(await blob.arrayBuffer());
}

function solid(w: number, h: number, r: number, g: number, b: number, a = 255): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let i = 0; i < out.length; i += 4) out.set([r, g, b, a], i);
  return out;
}

describe('CanvasRenderer back buffer', () => {
  it('throws InvalidStateError from getImageData before the first resize', () => {
    const {renderer} = setup();
    expect(() => renderer.getImageData())
      .to.throw(DOMException)
      .with.property('name', 'InvalidStateError');
  });

  it('resize() sizes both canvases and clears the framebuffer to opaque black', () => {
    const {renderer, canvas} = setup();
    renderer.resize(7, 5);
    renderer.fillRect(0, 0, 7, 5, 200, 100, 50);
    renderer.resize(9, 4);
    expect([renderer.width, renderer.height]).to.deep.equal([9, 4]);
    expect([canvas.width, canvas.height]).to.deep.equal([9, 4]);
    const img = renderer.getImageData();
    expect([img.width, img.height]).to.deep.equal([9, 4]);
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 9; x++) expect(pixel(img, x, y)).to.deep.equal([0, 0, 0, 255]);
  });

  it('fillRect paints exactly its rectangle', () => {
    const {renderer} = setup();
    renderer.resize(10, 8);
    renderer.fillRect(2, 3, 4, 2, 10, 20, 30);
    const img = renderer.getImageData();
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 10; x++) {
        const inside = x >= 2 && x < 6 && y >= 3 && y < 5;
        expect(pixel(img, x, y), `${x},${y}`).to.deep.equal(
          inside ? [10, 20, 30, 255] : [0, 0, 0, 255],
        );
      }
  });

  it('putPixels places rows at the right offset and does not keep the caller view', () => {
    const {renderer} = setup();
    renderer.resize(6, 6);
    const backing = new Uint8Array(4 + 3 * 2 * 4);
    const view = backing.subarray(4);
    view.set(pattern(3, 2));
    renderer.putPixels(2, 1, 3, 2, view);
    view.fill(7); // the core reuses its buffers after the call
    const img = renderer.getImageData();
    const expected = pattern(3, 2);
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 3; x++)
        expect(pixel(img, 2 + x, 1 + y)).to.deep.equal(
          Array.from(expected.subarray((y * 3 + x) * 4, (y * 3 + x) * 4 + 4)),
        );
    expect(pixel(img, 1, 1)).to.deep.equal([0, 0, 0, 255]);
    expect(pixel(img, 5, 2)).to.deep.equal([0, 0, 0, 255]);
    expect(pixel(img, 2, 3)).to.deep.equal([0, 0, 0, 255]);
  });

  it('putPixels of full-width rows lands exactly', () => {
    const {renderer} = setup();
    renderer.resize(5, 4);
    renderer.putPixels(0, 1, 5, 2, pattern(5, 2, 3));
    const img = renderer.getImageData();
    expect(Array.from(img.data.subarray(5 * 4, 15 * 4))).to.deep.equal(
      Array.from(pattern(5, 2, 3)),
    );
    expect(pixel(img, 4, 3)).to.deep.equal([0, 0, 0, 255]);
  });

  // Read-all-then-write copies (§12.12) for every direction of overlap.
  const directions: Array<[number, number]> = [
    [0, 0],
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
    [1, 1],
    [-1, -1],
    [1, -1],
    [-1, 1],
    [3, 2],
    [-2, -3],
  ];
  for (const [dx, dy] of directions) {
    it(`copyRect with overlap shifted by (${dx}, ${dy}) reads its source before writing`, () => {
      const W = 12;
      const H = 10;
      const {renderer} = setup();
      renderer.resize(W, H);
      const start = pattern(W, H, 1);
      renderer.putPixels(0, 0, W, H, start);
      const sx = 4;
      const sy = 4;
      const w = 5;
      const h = 4;
      renderer.copyRect(sx, sy, sx + dx, sy + dy, w, h);
      // Model: copy through a temporary block.
      const model = start.slice();
      const tmp = new Uint8Array(w * h * 4);
      for (let j = 0; j < h; j++)
        tmp.set(start.subarray(((sy + j) * W + sx) * 4, ((sy + j) * W + sx + w) * 4), j * w * 4);
      for (let j = 0; j < h; j++)
        model.set(tmp.subarray(j * w * 4, (j + 1) * w * 4), ((sy + dy + j) * W + sx + dx) * 4);
      expect(Array.from(renderer.getImageData().data)).to.deep.equal(Array.from(model));
    });
  }

  it('copyRect between disjoint areas leaves the source intact', () => {
    const {renderer} = setup();
    renderer.resize(8, 8);
    renderer.fillRect(0, 0, 2, 2, 1, 2, 3);
    renderer.copyRect(0, 0, 6, 6, 2, 2);
    const img = renderer.getImageData();
    expect(pixel(img, 0, 0)).to.deep.equal([1, 2, 3, 255]);
    expect(pixel(img, 7, 7)).to.deep.equal([1, 2, 3, 255]);
    expect(pixel(img, 5, 5)).to.deep.equal([0, 0, 0, 255]);
  });
});

describe('CanvasRenderer presentation', () => {
  it('presents only after commit() and the next animation frame', () => {
    const {renderer, scheduler, canvas} = setup();
    renderer.resize(4, 4);
    renderer.fillRect(0, 0, 4, 4, 255, 0, 0);
    expect(scheduler.pending, 'no frame before commit').to.equal(0);
    renderer.commit();
    expect(scheduler.pending).to.equal(1);
    expect(shown(canvas, 1, 1), 'not drawn before the frame').to.deep.equal([0, 0, 0, 255]);
    scheduler.tick();
    expect(shown(canvas, 1, 1)).to.deep.equal([255, 0, 0, 255]);
  });

  it('asks for one frame however many updates arrive before it', () => {
    const {renderer, scheduler, canvas} = setup();
    renderer.resize(4, 4);
    for (let i = 0; i < 5; i++) {
      renderer.fillRect(i % 4, 0, 1, 1, 0, 50 * i, 0);
      renderer.commit();
    }
    expect(scheduler.requests).to.equal(1);
    scheduler.tick();
    expect(shown(canvas, 0, 0)).to.deep.equal([0, 200, 0, 255]);
    expect(shown(canvas, 3, 0)).to.deep.equal([0, 150, 0, 255]);
  });

  it('requests nothing while nothing changes', () => {
    const {renderer, scheduler} = setup();
    renderer.commit(); // no framebuffer, no damage
    expect(scheduler.requests).to.equal(0);
    renderer.resize(4, 4);
    renderer.commit();
    scheduler.tick();
    expect(scheduler.requests).to.equal(1);
    renderer.commit(); // an empty update
    renderer.commit();
    renderer.setCursorVisible(true);
    renderer.commit();
    expect(scheduler.requests).to.equal(1);
    expect(scheduler.pending).to.equal(0);
    expect(scheduler.tick()).to.equal(0);
  });

  it('presents many small damage rectangles and a collapsed bounding box correctly', () => {
    const {renderer, scheduler, canvas} = setup();
    renderer.resize(40, 4);
    for (let x = 0; x < 40; x += 2) renderer.fillRect(x, 1, 1, 1, x * 5, 1, 2);
    renderer.commit();
    scheduler.tick();
    for (let x = 0; x < 40; x++)
      expect(shown(canvas, x, 1)).to.deep.equal(x % 2 === 0 ? [x * 5, 1, 2, 255] : [0, 0, 0, 255]);
  });

  it('does not show a half-applied update at a frame, and shows it after its commit', () => {
    const {renderer, scheduler, canvas} = setup();
    renderer.resize(4, 4);
    renderer.fillRect(0, 0, 1, 1, 10, 10, 10);
    renderer.commit();
    renderer.fillRect(1, 0, 1, 1, 20, 20, 20); // next update, not yet committed
    scheduler.tick();
    expect(shown(canvas, 0, 0)).to.deep.equal([0, 0, 0, 255]);
    expect(scheduler.pending).to.equal(0);
    renderer.commit();
    expect(scheduler.pending).to.equal(1);
    scheduler.tick();
    expect(shown(canvas, 0, 0)).to.deep.equal([10, 10, 10, 255]);
    expect(shown(canvas, 1, 0)).to.deep.equal([20, 20, 20, 255]);
  });
});

describe('CanvasRenderer images', () => {
  it('draws a real PNG exactly, in stream order between fills', async () => {
    const {renderer, scheduler, canvas, errors} = setup();
    const png = await encode(pattern(8, 8, 5), 8, 8, 'image/png');
    renderer.resize(16, 16);
    renderer.fillRect(0, 0, 16, 16, 255, 0, 0);
    renderer.putImage(4, 4, 8, 8, 'image/png', png);
    png.fill(0); // bytes are valid only during the call
    renderer.fillRect(8, 8, 8, 8, 0, 0, 255); // later: must win where it overlaps the image
    renderer.commit();
    // The image is decoding, so the later fill has not been applied yet.
    expect(pixel(renderer.getImageData(), 10, 10)).to.deep.equal([255, 0, 0, 255]);
    await renderer.whenIdle();
    const img = renderer.getImageData();
    const expected = pattern(8, 8, 5);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) {
        const want: Rgba =
          4 + x >= 8 && 4 + y >= 8
            ? [0, 0, 255, 255]
            : [
                expected[(y * 8 + x) * 4]!,
                expected[(y * 8 + x) * 4 + 1]!,
                expected[(y * 8 + x) * 4 + 2]!,
                255,
              ];
        expect(pixel(img, 4 + x, 4 + y), `${x},${y}`).to.deep.equal(want);
      }
    expect(pixel(img, 3, 3)).to.deep.equal([255, 0, 0, 255]);
    expect(pixel(img, 15, 15)).to.deep.equal([0, 0, 255, 255]);
    expect(errors).to.deep.equal([]);
    scheduler.tick();
    expect(shown(canvas, 5, 5)).to.deep.equal(pixel(img, 5, 5));
    expect(shown(canvas, 9, 9)).to.deep.equal([0, 0, 255, 255]);
  });

  it('draws a real JPEG at the rectangle origin, before a later overlapping fill', async () => {
    const {renderer, errors} = setup();
    // Four flat 8×8 quadrants survive JPEG almost unchanged (tolerance per §12.13).
    const src = new Uint8Array(16 * 16 * 4);
    const colours: Rgba[] = [
      [200, 40, 40, 255],
      [40, 200, 40, 255],
      [40, 40, 200, 255],
      [220, 220, 60, 255],
    ];
    for (let y = 0; y < 16; y++)
      for (let x = 0; x < 16; x++) src.set(colours[(y >> 3) * 2 + (x >> 3)]!, (y * 16 + x) * 4);
    const jpeg = await encode(src, 16, 16, 'image/jpeg');
    expect(Array.from(jpeg.subarray(0, 2))).to.deep.equal([0xff, 0xd8]);
    renderer.resize(32, 32);
    renderer.fillRect(0, 0, 32, 32, 0, 0, 0);
    renderer.putImage(8, 8, 16, 16, 'image/jpeg', jpeg);
    renderer.fillRect(0, 0, 12, 12, 9, 9, 9);
    renderer.commit();
    await renderer.whenIdle();
    const img = renderer.getImageData();
    const near = (got: Rgba, want: Rgba) => got.every((v, i) => Math.abs(v - want[i]!) <= 8);
    expect(near(pixel(img, 20, 10), colours[1]!), `${pixel(img, 20, 10)}`).to.equal(true);
    expect(near(pixel(img, 10, 20), colours[2]!), `${pixel(img, 10, 20)}`).to.equal(true);
    expect(near(pixel(img, 20, 20), colours[3]!), `${pixel(img, 20, 20)}`).to.equal(true);
    expect(pixel(img, 9, 9), 'the later fill wins').to.deep.equal([9, 9, 9, 255]);
    expect(pixel(img, 11, 11)).to.deep.equal([9, 9, 9, 255]);
    expect(pixel(img, 24, 24), 'nothing outside the rectangle').to.deep.equal([0, 0, 0, 255]);
    expect(errors).to.deep.equal([]);
  });

  it('composites a PNG with transparency over the framebuffer', async () => {
    const {renderer} = setup();
    const src = new Uint8Array(4 * 2 * 4);
    src.set(solid(2, 1, 0, 0, 0, 0), 0); // row 0: left half transparent…
    src.set(solid(2, 1, 0, 255, 0, 255), 8); // …right half opaque green
    src.set(solid(2, 1, 0, 0, 0, 0), 16);
    src.set(solid(2, 1, 0, 255, 0, 255), 24);
    const png = await encode(src, 4, 2, 'image/png');
    renderer.resize(4, 2);
    renderer.fillRect(0, 0, 4, 2, 255, 0, 0);
    renderer.putImage(0, 0, 4, 2, 'image/png', png);
    await renderer.whenIdle();
    const img = renderer.getImageData();
    expect(pixel(img, 0, 0)).to.deep.equal([255, 0, 0, 255]);
    expect(pixel(img, 1, 1)).to.deep.equal([255, 0, 0, 255]);
    expect(pixel(img, 2, 0)).to.deep.equal([0, 255, 0, 255]);
    expect(pixel(img, 3, 1)).to.deep.equal([0, 255, 0, 255]);
  });

  it('keeps putPixels, copyRect, resize and cursor calls in order behind a decoding image', async () => {
    const {renderer, cursors} = setup();
    const png = await encode(solid(2, 2, 50, 60, 70), 2, 2, 'image/png');
    renderer.resize(4, 4);
    renderer.putImage(0, 0, 2, 2, 'image/png', png);
    const px = pattern(2, 2, 9);
    renderer.putPixels(2, 2, 2, 2, px);
    px.fill(0);
    renderer.copyRect(0, 0, 2, 0, 2, 2); // copies the image once it is drawn
    renderer.setCursorVisible(false);
    expect(cursors, 'cursor change waits for the image').to.deep.equal([]);
    await renderer.whenIdle();
    let img = renderer.getImageData();
    expect(pixel(img, 3, 1)).to.deep.equal([50, 60, 70, 255]);
    expect(pixel(img, 2, 2)).to.deep.equal(Array.from(pattern(2, 2, 9).subarray(0, 4)));
    expect(cursors).to.deep.equal([{css: 'none'}]);
    renderer.putImage(0, 0, 2, 2, 'image/png', png);
    renderer.resize(3, 3);
    expect(renderer.width, 'resize waits too').to.equal(4);
    await renderer.whenIdle();
    img = renderer.getImageData();
    expect([img.width, renderer.width]).to.deep.equal([3, 3]);
    expect(pixel(img, 0, 0)).to.deep.equal([0, 0, 0, 255]);
  });

  it('reports a corrupt image through onError and still drains the queue', async () => {
    const {renderer, errors} = setup();
    renderer.resize(4, 4);
    const garbage = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);
    renderer.putImage(0, 0, 4, 4, 'image/png', garbage);
    renderer.fillRect(1, 1, 1, 1, 7, 8, 9);
    renderer.commit();
    await renderer.whenIdle();
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(ProtocolError);
    expect((errors[0] as ProtocolError).code).to.equal('bad-image');
    expect(pixel(renderer.getImageData(), 1, 1)).to.deep.equal([7, 8, 9, 255]);
    expect(pixel(renderer.getImageData(), 0, 0)).to.deep.equal([0, 0, 0, 255]);
  });

  it('times out a decode that never finishes, reports it and moves on', async () => {
    const {renderer, errors} = setup({
      imageTimeoutMs: 50,
      decodeImage: () => new Promise<ImageBitmap>(() => {}),
    });
    renderer.resize(2, 2);
    renderer.putImage(0, 0, 2, 2, 'image/jpeg', new Uint8Array([0xff, 0xd8, 0xff]));
    renderer.fillRect(0, 0, 1, 1, 1, 2, 3);
    const t0 = performance.now();
    await renderer.whenIdle();
    expect(performance.now() - t0).to.be.greaterThan(30);
    expect(errors).to.have.length(1);
    expect((errors[0] as ProtocolError).code).to.equal('bad-image');
    expect(errors[0]!.message).to.contain('not decoded within 50 ms');
    expect(pixel(renderer.getImageData(), 0, 0)).to.deep.equal([1, 2, 3, 255]);
  });

  it('whenPreviousDrawn lets one update decode in flight, and waits for the one before', async () => {
    const pending: Array<(b: ImageBitmap) => void> = [];
    const {renderer} = setup({
      decodeImage: () => new Promise<ImageBitmap>((resolve) => pending.push(resolve)),
    });
    const tiny = await createImageBitmap(
      new ImageData(new Uint8ClampedArray([9, 8, 7, 255]), 1, 1),
    );
    renderer.resize(2, 2);
    // Update 1: an image still decoding.
    renderer.putImage(0, 0, 1, 1, 'image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    renderer.commit();
    let first = false;
    await renderer.whenPreviousDrawn().then(() => (first = true));
    // Only the latest update is in flight: it may be acknowledged at once.
    expect(first).to.equal(true);
    // Update 2 queues behind it; now update 1 must be drawn first.
    renderer.fillRect(1, 1, 1, 1, 4, 5, 6);
    renderer.commit();
    let second = false;
    const p = renderer.whenPreviousDrawn().then(() => (second = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(second).to.equal(false);
    expect(pending).to.have.length(1);
    pending[0]!(tiny);
    await p;
    expect(second).to.equal(true);
    expect(pixel(renderer.getImageData(), 0, 0)).to.deep.equal([9, 8, 7, 255]);
  });

  it('whenIdle resolves at once when nothing is queued', async () => {
    const {renderer} = setup();
    renderer.resize(2, 2);
    renderer.fillRect(0, 0, 2, 2, 1, 1, 1);
    let done = false;
    const p = renderer.whenIdle().then(() => (done = true));
    await p;
    expect(done).to.equal(true);
  });
});

describe('CanvasRenderer dispose', () => {
  it('cancels the scheduled frame, ignores later calls and resolves waiters', async () => {
    const {renderer, scheduler, canvas} = setup();
    const png = await encode(solid(2, 2, 1, 2, 3), 2, 2, 'image/png');
    renderer.resize(2, 2);
    renderer.fillRect(0, 0, 2, 2, 90, 90, 90);
    renderer.commit();
    renderer.putImage(0, 0, 2, 2, 'image/png', png);
    const idle = renderer.whenIdle();
    expect(scheduler.pending).to.equal(1);
    renderer.dispose();
    expect(scheduler.pending).to.equal(0);
    await idle;
    renderer.fillRect(0, 0, 1, 1, 1, 1, 1);
    renderer.commit();
    expect(scheduler.requests).to.equal(1);
    expect(shown(canvas, 0, 0)).to.deep.equal([0, 0, 0, 255]);
    expect(() => renderer.getImageData()).to.throw(DOMException);
  });
});

describe('CanvasRenderer cursor', () => {
  async function pixelsOf(url: string, w: number, h: number): Promise<Uint8ClampedArray> {
    const blob = await (await fetch(url)).blob();
    const bmp = await createImageBitmap(blob, {
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
    const c = new OffscreenCanvas(w, h);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    return ctx.getImageData(0, 0, w, h).data;
  }

  it('turns a cursor into url(blob:…) with its hotspot, and hides it with none', async () => {
    const {renderer, cursors} = setup();
    const rgba = solid(4, 3, 10, 20, 30, 255);
    rgba.set([200, 100, 0, 255], (1 * 4 + 2) * 4);
    renderer.setCursor({width: 4, height: 3, hotX: 2, hotY: 1, rgba});
    rgba.fill(0);
    await renderer.cursorSettled();
    expect(cursors).to.have.length(1);
    const css = cursors[0]!.css;
    const m = /^url\("(blob:[^"]+)"\) 2 1, default$/.exec(css);
    expect(m, css).to.not.equal(null);
    const data = await pixelsOf(m![1]!, 4, 3);
    expect(Array.from(data.subarray(0, 4))).to.deep.equal([10, 20, 30, 255]);
    expect(Array.from(data.subarray(24, 28))).to.deep.equal([200, 100, 0, 255]);

    renderer.setCursorVisible(false);
    expect(cursors[1]).to.deep.equal({css: 'none'});
    renderer.setCursorVisible(true);
    expect(cursors[2]).to.deep.equal({css});
  });

  it('revokes the previous blob URL when the shape changes and on dispose', async () => {
    const {renderer, cursors} = setup();
    renderer.setCursor({width: 2, height: 2, hotX: 0, hotY: 0, rgba: solid(2, 2, 1, 1, 1)});
    await renderer.cursorSettled();
    renderer.setCursor({width: 2, height: 2, hotX: 9, hotY: 9, rgba: solid(2, 2, 2, 2, 2)});
    await renderer.cursorSettled();
    const first = /blob:[^"]+/.exec(cursors[0]!.css)![0];
    const second = /blob:[^"]+/.exec(cursors[1]!.css)![0];
    expect(cursors[1]!.css, 'hotspot clamped into the image').to.match(/\) 1 1, default$/);
    let failed = false;
    await fetch(first).catch(() => (failed = true));
    expect(failed, 'first URL revoked').to.equal(true);
    expect((await fetch(second)).ok).to.equal(true);
    renderer.dispose();
    expect(cursors[cursors.length - 1]).to.equal(null);
    failed = false;
    await fetch(second).catch(() => (failed = true));
    expect(failed, 'second URL revoked on dispose').to.equal(true);
  });

  it('treats a null or fully transparent cursor as hidden', async () => {
    const {renderer, cursors} = setup();
    renderer.setCursor({width: 1, height: 1, hotX: 0, hotY: 0, rgba: new Uint8Array([0, 0, 0, 0])});
    expect(cursors).to.deep.equal([{css: 'none'}]);
    renderer.setCursor({
      width: 1,
      height: 1,
      hotX: 0,
      hotY: 0,
      rgba: new Uint8Array([5, 5, 5, 255]),
    });
    await renderer.cursorSettled();
    expect(cursors[1]!.css).to.match(/^url\("blob:/);
    renderer.setCursor(null);
    expect(cursors[2]).to.deep.equal({css: 'none'});
  });
});

describe('CanvasRenderer downscaled presentation (setDisplaySize)', () => {
  /** The mean of a block of `img`, rounded half up (downscale.ts). */
  function mean(img: ImageData, x0: number, y0: number, x1: number, y1: number): Rgba {
    const sum = [0, 0, 0];
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) {
        const p = pixel(img, x, y);
        for (let c = 0; c < 3; c++) sum[c]! += p[c]!;
      }
    const n = (x1 - x0) * (y1 - y0);
    return [...sum.map((s) => Math.floor((s + (n >> 1)) / n)), 255] as Rgba;
  }

  it('shows a small display as block means on a display-sized canvas, keeping the full framebuffer', () => {
    const {renderer, canvas, scheduler} = setup();
    renderer.resize(8, 4);
    renderer.putPixels(0, 0, 8, 4, pattern(8, 4, 3));
    renderer.setDisplaySize(4, 2);
    renderer.commit();
    scheduler.tick();
    expect(renderer.downscaled).to.equal(true);
    expect([canvas.width, canvas.height]).to.deep.equal([4, 2]);
    const full = renderer.getImageData();
    expect([full.width, full.height]).to.deep.equal([8, 4]);
    expect(pixel(full, 5, 3)).to.deep.equal(
      pixel(new ImageData(new Uint8ClampedArray(pattern(8, 4, 3)), 8, 4), 5, 3),
    );
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 4; x++) {
        expect(shown(canvas, x, y), `(${x},${y})`).to.deep.equal(
          mean(full, x * 2, y * 2, x * 2 + 2, y * 2 + 2),
        );
      }
  });

  it('recomputes only what a later update damaged, and the rest stays', () => {
    const {renderer, canvas, scheduler} = setup();
    renderer.resize(6, 6);
    renderer.fillRect(0, 0, 6, 6, 90, 90, 90);
    renderer.setDisplaySize(3, 3);
    renderer.commit();
    scheduler.tick();
    // Draw behind the renderer's back: a pixel that no damage touches must not be repainted.
    canvas.getContext('2d')!.fillStyle = 'rgb(1, 2, 3)';
    canvas.getContext('2d')!.fillRect(2, 2, 1, 1);
    renderer.fillRect(0, 0, 1, 1, 250, 10, 10);
    renderer.commit();
    scheduler.tick();
    // (0,0)'s block: one red pixel and three grey ones.
    expect(shown(canvas, 0, 0)).to.deep.equal([
      Math.floor((250 + 270 + 2) / 4),
      Math.floor((10 + 270 + 2) / 4),
      Math.floor((10 + 270 + 2) / 4),
      255,
    ]);
    expect(shown(canvas, 1, 0)).to.deep.equal([90, 90, 90, 255]);
    expect(shown(canvas, 2, 2)).to.deep.equal([1, 2, 3, 255]);
  });

  it('stays 1:1 near full size, and goes back to 1:1 when the display grows', () => {
    const {renderer, canvas, scheduler} = setup();
    renderer.resize(8, 4);
    renderer.putPixels(0, 0, 8, 4, pattern(8, 4));
    // 5×3 is more than half of 8×4 on each axis: no downscaling.
    renderer.setDisplaySize(5, 3);
    renderer.commit();
    scheduler.tick();
    expect(renderer.downscaled).to.equal(false);
    expect([canvas.width, canvas.height]).to.deep.equal([8, 4]);
    renderer.setDisplaySize(2, 1);
    scheduler.tick();
    expect([canvas.width, canvas.height]).to.deep.equal([2, 1]);
    renderer.setDisplaySize(16, 8);
    scheduler.tick();
    expect(renderer.downscaled).to.equal(false);
    expect([canvas.width, canvas.height]).to.deep.equal([8, 4]);
    const full = renderer.getImageData();
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 8; x++) expect(shown(canvas, x, y)).to.deep.equal(pixel(full, x, y));
  });

  it('a framebuffer resize keeps the display size and recomputes the blocks', () => {
    const {renderer, canvas, scheduler} = setup();
    renderer.setDisplaySize(4, 3);
    renderer.resize(4, 4);
    expect(renderer.downscaled).to.equal(false); // 4 > 0.5 × 4
    renderer.resize(12, 8);
    renderer.fillRect(0, 0, 12, 8, 40, 50, 60);
    renderer.commit();
    scheduler.tick();
    expect(renderer.downscaled).to.equal(true);
    expect([canvas.width, canvas.height]).to.deep.equal([4, 3]);
    expect(shown(canvas, 3, 2)).to.deep.equal([40, 50, 60, 255]);
  });
});
