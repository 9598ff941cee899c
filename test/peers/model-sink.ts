/**
 * A light FrameSink for the Node-side peer tests: applies every operation
 * to one RGBA model of the framebuffer and records nothing else, so a
 * session with a live, animated peer stays cheap (the unit tests'
 * RecordingSink copies every operation). Compressed images (Tight JPEG,
 * TightPNG) cannot be decoded here; they are counted, and the tests that use
 * this sink ask for lossless encodings and check that the count stays 0.
 */
import type {CursorImage, FrameSink, ImageMime} from '../../src/decoders/frame-sink.js';
import {blankImage, type RgbaImage} from './rgba-image.js';

export class ModelSink implements FrameSink {
  image: RgbaImage = blankImage(0, 0);
  commits = 0;
  images = 0;
  cursor: CursorImage | null = null;

  resize(width: number, height: number): void {
    this.image = blankImage(width, height);
  }

  fillRect(x: number, y: number, w: number, h: number, r: number, g: number, b: number): void {
    const {data, width} = this.image;
    for (let j = y; j < y + h; j++) {
      for (let i = (j * width + x) * 4, end = i + w * 4; i < end; i += 4) {
        data[i] = r;
        data[i + 1] = g;
        data[i + 2] = b;
        data[i + 3] = 255;
      }
    }
  }

  copyRect(sx: number, sy: number, x: number, y: number, w: number, h: number): void {
    const {data, width} = this.image;
    const rows: Uint8Array[] = [];
    for (let j = 0; j < h; j++) {
      const at = ((sy + j) * width + sx) * 4;
      rows.push(data.slice(at, at + w * 4));
    }
    rows.forEach((row, j) => data.set(row, ((y + j) * width + x) * 4));
  }

  putPixels(x: number, y: number, w: number, h: number, rgba: Uint8Array): void {
    const {data, width} = this.image;
    for (let j = 0; j < h; j++) {
      const row = rgba.subarray(j * w * 4, (j + 1) * w * 4);
      const at = ((y + j) * width + x) * 4;
      data.set(row, at);
      // The core promises opaque pixels; make sure alpha does not differ by accident.
      for (let i = at + 3; i < at + w * 4; i += 4) data[i] = 255;
    }
  }

  putImage(
    _x: number,
    _y: number,
    _w: number,
    _h: number,
    _mime: ImageMime,
    _bytes: Uint8Array,
  ): void {
    this.images++;
  }

  setCursor(cursor: CursorImage | null): void {
    this.cursor = cursor;
  }

  setCursorVisible(_visible: boolean): void {}

  commit(): void {
    this.commits++;
  }

  /** A copy of the model, safe to keep while updates continue. */
  snapshot(): RgbaImage {
    return {width: this.image.width, height: this.image.height, data: this.image.data.slice()};
  }
}
