/**
 * Raw (encoding 0, RFC 6143 §7.7.1; webmks-protocol.md §3.3.1): width × height
 * pixels in the session's pixel format, converted to RGBA with toRgba.
 *
 * Consumed in batches of whole rows so a 1080p rectangle never has to sit in
 * the receive buffer at once (the 8 MiB cap, robustness.md §5). The batch
 * size depends only on the row size, never on how the bytes arrived, so the
 * sink sees the same calls however the stream is chunked.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {bytesPerPixel, toRgba} from '../protocol/pixel-format.js';
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';

/**
 * Source bytes per putPixels call. Larger batches mean fewer sink calls (one
 * putImageData each) but more bytes held in the receive buffer; 256 KiB is 34
 * rows of a 1920-pixel 32 bpp screen and well under the buffer cap.
 */
export const RAW_BATCH_BYTES = 256 * 1024;

export class RawDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.raw] as const;
  private _rowsDone = 0;
  private _scratch = new Uint8Array(0);

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    const pf = ctx.pixelFormat;
    const rowBytes = rect.width * bytesPerPixel(pf);
    if (rowBytes === 0) return true;
    const batchRows = Math.max(1, Math.floor(RAW_BATCH_BYTES / rowBytes));
    while (this._rowsDone < rect.height) {
      const rows = Math.min(batchRows, rect.height - this._rowsDone);
      const need = rows * rowBytes;
      if (!reader.has(need)) return false;
      const src = reader.bytes(need);
      const pixels = rows * rect.width;
      const out = this._rgba(pixels * 4);
      toRgba(pf, src, 0, out, 0, pixels);
      sink.putPixels(rect.x, rect.y + this._rowsDone, rect.width, rows, out);
      this._rowsDone += rows;
    }
    return true;
  }

  reset(): void {
    this._rowsDone = 0;
  }

  // Reused between batches; bounded by RAW_BATCH_BYTES × 4 (8 bpp source).
  private _rgba(size: number): Uint8Array {
    if (this._scratch.length < size) this._scratch = new Uint8Array(size);
    return this._scratch.subarray(0, size);
  }
}
