/**
 * The decoder interface (design.md 3.3): a rectangle, a byte reader and a
 * pixel sink; no socket and no canvas. One encoding per file.
 *
 * A decoder is resumable: `decode` returns false when it needs more bytes and
 * is called again with the same rectangle when they arrive. It must keep its
 * own progress (rows done, sub-state) in fields, and consume only whole units
 * (never half a field). `reset()` is called before each new rectangle.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import type {PixelFormat} from '../protocol/pixel-format.js';
import type {FrameSink} from './frame-sink.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  encoding: number;
}

/** A zlib inflater that keeps its dictionary across calls (one per stream). */
export interface Inflater {
  /**
   * Inflates `input` and returns exactly `expected` bytes, or throws
   * ProtocolError('zlib-error') if the data is corrupt or yields a different
   * amount. The returned view is valid until the next call.
   */
  inflate(input: Uint8Array, expected: number): Uint8Array;
  /**
   * Inflates `input` and returns whatever it yields (possibly nothing), or
   * throws ProtocolError('zlib-error') once the output would pass `max`. For
   * ZRLE and Zlib, whose output size is only known tile by tile. The view is
   * valid until the next call.
   */
  inflateUpTo(input: Uint8Array, max: number): Uint8Array;
  /** Drops the dictionary (Tight stream reset bits). */
  reset(): void;
}

/** Makes inflaters; supplied by the session (zlib is loaded lazily, never for WebMKS-only). */
export type InflaterFactory = () => Inflater;

/** Side information decoders need and may report through. */
export interface DecodeContext {
  /** The server's pixel format for Raw-like payloads. */
  readonly pixelFormat: PixelFormat;
  /** The current framebuffer size (after any DesktopSize earlier in the same update). */
  readonly fbWidth: number;
  readonly fbHeight: number;
  /** zlib, when the session loaded it; decoders that need it fail without it. */
  readonly inflaterFactory: InflaterFactory | undefined;
  /** Configured limits (see errors.ts LIMITS). */
  readonly maxCursorSide: number;
}

export interface RectDecoder {
  /** The encoding number(s) this decoder handles. */
  readonly encodings: readonly number[];
  /** Consumes the rectangle's payload; false = need more bytes. */
  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean;
  /** Called before each new rectangle of this encoding. */
  reset(): void;
}
