/**
 * A FrameSink for fuzzing: keeps no pixels (so a declared 8192×8192 screen
 * costs nothing) but checks the core's promise that every drawing call lies
 * inside the current framebuffer and every buffer has the declared size.
 */
import type {CursorImage, FrameSink, ImageMime} from '../../../src/decoders/frame-sink.js';

export class CheckingSink implements FrameSink {
  width = 0;
  height = 0;
  calls = 0;
  violations: string[] = [];

  private _inside(what: string, x: number, y: number, w: number, h: number): void {
    this.calls++;
    const ok =
      [x, y, w, h].every((v) => Number.isInteger(v) && v >= 0) &&
      x + w <= this.width &&
      y + h <= this.height;
    if (!ok) this.violations.push(`${what} ${w}x${h}@${x},${y} in ${this.width}x${this.height}`);
  }

  resize(width: number, height: number): void {
    this.calls++;
    this.width = width;
    this.height = height;
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this._inside('fill', x, y, w, h);
  }
  copyRect(sx: number, sy: number, x: number, y: number, w: number, h: number): void {
    this._inside('copy-src', sx, sy, w, h);
    this._inside('copy-dst', x, y, w, h);
  }
  putPixels(x: number, y: number, w: number, h: number, rgba: Uint8Array): void {
    this._inside('pixels', x, y, w, h);
    if (rgba.length !== w * h * 4)
      this.violations.push(`pixels buffer ${rgba.length} for ${w}x${h}`);
  }
  putImage(x: number, y: number, w: number, h: number, _mime: ImageMime, _bytes: Uint8Array): void {
    this._inside('image', x, y, w, h);
  }
  setCursor(cursor: CursorImage | null): void {
    this.calls++;
    if (!cursor) return;
    const {width, height, hotX, hotY, rgba} = cursor;
    if (width > 256 || height > 256 || rgba.length !== width * height * 4) {
      this.violations.push(`cursor ${width}x${height} with ${rgba.length} bytes`);
    }
    if (hotX < 0 || hotY < 0 || hotX >= width || hotY >= height) {
      this.violations.push(`cursor hot-spot ${hotX},${hotY} outside ${width}x${height}`);
    }
  }
  setCursorVisible(): void {
    this.calls++;
  }
  commit(): void {
    this.calls++;
  }
}
