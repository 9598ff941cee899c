/**
 * A FrameSink for tests: records every call (with copies of the bytes) and
 * keeps a plain RGBA model of the framebuffer, so decoders can be checked
 * both by operation log and by pixels.
 */
import type {CursorImage, FrameSink, ImageMime} from '../../../src/decoders/frame-sink.js';

export type SinkOp =
  | {op: 'resize'; width: number; height: number}
  | {op: 'fill'; x: number; y: number; w: number; h: number; rgb: [number, number, number]}
  | {op: 'copy'; sx: number; sy: number; x: number; y: number; w: number; h: number}
  | {op: 'pixels'; x: number; y: number; w: number; h: number; rgba: number[]}
  | {op: 'image'; x: number; y: number; w: number; h: number; mime: ImageMime; bytes: number[]}
  | {
      op: 'cursor';
      cursor: null | {width: number; height: number; hotX: number; hotY: number; rgba: number[]};
    }
  | {op: 'cursor-visible'; visible: boolean}
  | {op: 'commit'};

export class RecordingSink implements FrameSink {
  ops: SinkOp[] = [];
  width = 0;
  height = 0;
  /** The model framebuffer, RGBA. putImage does not change it (the browser decodes images). */
  fb = new Uint8Array(0);

  resize(width: number, height: number): void {
    this.ops.push({op: 'resize', width, height});
    this.width = width;
    this.height = height;
    this.fb = new Uint8Array(width * height * 4);
    for (let i = 3; i < this.fb.length; i += 4) this.fb[i] = 255;
  }
  fillRect(x: number, y: number, w: number, h: number, r: number, g: number, b: number): void {
    this.ops.push({op: 'fill', x, y, w, h, rgb: [r, g, b]});
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) this._set(i, j, r, g, b, 255);
  }
  copyRect(sx: number, sy: number, x: number, y: number, w: number, h: number): void {
    this.ops.push({op: 'copy', sx, sy, x, y, w, h});
    const tmp = new Uint8Array(w * h * 4);
    for (let j = 0; j < h; j++)
      tmp.set(
        this.fb.subarray(((sy + j) * this.width + sx) * 4, ((sy + j) * this.width + sx + w) * 4),
        j * w * 4,
      );
    for (let j = 0; j < h; j++)
      this.fb.set(tmp.subarray(j * w * 4, (j + 1) * w * 4), ((y + j) * this.width + x) * 4);
  }
  putPixels(x: number, y: number, w: number, h: number, rgba: Uint8Array): void {
    this.ops.push({op: 'pixels', x, y, w, h, rgba: Array.from(rgba)});
    for (let j = 0; j < h; j++)
      this.fb.set(rgba.subarray(j * w * 4, (j + 1) * w * 4), ((y + j) * this.width + x) * 4);
  }
  putImage(x: number, y: number, w: number, h: number, mime: ImageMime, bytes: Uint8Array): void {
    this.ops.push({op: 'image', x, y, w, h, mime, bytes: Array.from(bytes)});
  }
  setCursor(cursor: CursorImage | null): void {
    this.ops.push({
      op: 'cursor',
      cursor: cursor && {...cursor, rgba: Array.from(cursor.rgba)},
    });
  }
  setCursorVisible(visible: boolean): void {
    this.ops.push({op: 'cursor-visible', visible});
  }
  commit(): void {
    this.ops.push({op: 'commit'});
  }

  /** [r, g, b, a] at (x, y). */
  pixel(x: number, y: number): [number, number, number, number] {
    const o = (y * this.width + x) * 4;
    return [this.fb[o]!, this.fb[o + 1]!, this.fb[o + 2]!, this.fb[o + 3]!];
  }

  private _set(x: number, y: number, r: number, g: number, b: number, a: number): void {
    const o = (y * this.width + x) * 4;
    this.fb[o] = r;
    this.fb[o + 1] = g;
    this.fb[o + 2] = b;
    this.fb[o + 3] = a;
  }
}
