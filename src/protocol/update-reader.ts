/**
 * Reads the rectangles of one FramebufferUpdate (§3.2): rectangle headers,
 * bounds checks and dispatch to the resumable decoders. Every data rectangle
 * must lie inside the current framebuffer (after any resize earlier in the
 * same update); pseudo-encodings are exempt (robustness.md B2). An unknown
 * encoding is fatal: its length cannot be known (§3.3).
 */
import type {ByteReader} from './byte-reader.js';
import {ENCODINGS, encodingName, isPseudoEncoding} from './encodings.js';
import {ProtocolError} from './errors.js';
import type {SessionDecodeContext, SessionRectDecoder} from './session-port.js';
import type {Rect} from '../decoders/decoder.js';
import type {FrameSink} from '../decoders/frame-sink.js';
import type {DecoderRegistry} from '../decoders/registry.js';

export interface UpdateHost {
  readonly registry: DecoderRegistry;
  readonly sink: FrameSink;
  readonly ctx: SessionDecodeContext;
  /** The server acknowledged the QEMU extended key event pseudo-encoding (−258). */
  qemuKeyEventsAcked(): void;
}

export type UpdateStep = 'progress' | 'more' | 'done';

export class FramebufferUpdateReader {
  readonly id: number;
  /** Rectangles read so far (pseudo-rectangles included, LastRect not). */
  count = 0;
  private _remaining: number;
  private _rect: Rect | undefined;
  private _decoder: SessionRectDecoder | undefined;

  constructor(id: number, rects: number) {
    this.id = id;
    this._remaining = rects;
  }

  step(reader: ByteReader, host: UpdateHost): UpdateStep {
    if (this._rect && this._decoder) {
      if (!this._decoder.decode(this._rect, reader, host.sink, host.ctx)) return 'more';
      this._rect = undefined;
      this._decoder = undefined;
      this._remaining--;
      this.count++;
      return 'progress';
    }
    if (this._remaining === 0) return 'done';
    if (!reader.has(12)) return 'more';
    const rect: Rect = {
      x: reader.u16(),
      y: reader.u16(),
      width: reader.u16(),
      height: reader.u16(),
      encoding: reader.s32(),
    };
    if (rect.encoding === ENCODINGS.lastRect) {
      this._remaining = 0; // rfbproto LastRect: no more rectangles in this update
      return 'progress';
    }
    if (rect.encoding === ENCODINGS.qemuExtendedKeyEvent) {
      this._remaining--;
      this.count++;
      host.qemuKeyEventsAcked();
      return 'progress';
    }
    const decoder = host.registry.get(rect.encoding);
    if (!decoder) {
      throw new ProtocolError(
        'unknown-encoding',
        `rectangle encoding ${encodingName(rect.encoding)}`,
      );
    }
    const {fbWidth, fbHeight} = host.ctx;
    if (
      !isPseudoEncoding(rect.encoding) &&
      (rect.x + rect.width > fbWidth || rect.y + rect.height > fbHeight)
    ) {
      throw new ProtocolError(
        'rect-out-of-bounds',
        `${encodingName(rect.encoding)} rectangle ${rect.width}x${rect.height} at ${rect.x},${rect.y} outside ${fbWidth}x${fbHeight}`,
      );
    }
    decoder.reset();
    this._rect = rect;
    this._decoder = decoder;
    return 'progress';
  }
}
