/**
 * The compressed-data loop shared by Zlib and ZRLE (rfbproto: U32 length,
 * then data of one zlib stream kept for the whole connection). The data is
 * consumed in pieces of up to 64 KiB as they arrive, so a large rectangle
 * never has to fit the receive buffer at once (robustness.md B1/B7); the
 * inflater stops past the caller's output budget.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import type {DecodeContext} from './decoder.js';
import {Scratch} from './pixel-unpacker.js';
import {openStreamInflater, type StreamInflater} from './stream-inflater.js';

/** Compressed bytes handed to the inflater at a time. */
const PIECE = 64 * 1024;

export class ChunkedInflate {
  private _inflater: StreamInflater | undefined;
  /** Compressed bytes still to consume; -1 until start(). */
  private _left = -1;
  private _produced = 0;
  private readonly _out = new Scratch();

  /** True once the length of the current rectangle's data was read. */
  get started(): boolean {
    return this._left >= 0;
  }

  /** Bytes inflated so far for the current rectangle. */
  get produced(): number {
    return this._produced;
  }

  /** Forgets the current rectangle (the zlib stream itself goes on). */
  reset(): void {
    this._left = -1;
    this._produced = 0;
  }

  /** Expects `length` compressed bytes for the current rectangle. */
  start(length: number): void {
    this._left = length;
  }

  /**
   * Inflates what has arrived, in whole pieces; returns the inflated data
   * (its first `produced` bytes) once all `length` bytes are in, or
   * undefined to wait for more. `budget` bounds the rectangle's output;
   * `reserve` is the output size to make room for up front, if known.
   */
  read(
    reader: ByteReader,
    ctx: DecodeContext,
    budget: number,
    reserve = 0,
  ): Uint8Array | undefined {
    let direct: Uint8Array | undefined;
    while (this._left > 0) {
      const n = Math.min(this._left, PIECE);
      if (!reader.has(n)) return undefined;
      this._inflater ??= openStreamInflater(ctx);
      const out = this._inflater.inflateUpTo(reader.bytes(n), budget - this._produced);
      this._left -= n;
      if (this._produced === 0 && this._left === 0) {
        // All of it in one call: use the inflater's output as it is.
        direct = out;
      } else {
        const size = Math.max(reserve, this._produced + out.length);
        this._out.ensure(size, this._produced).set(out, this._produced);
      }
      this._produced += out.length;
    }
    return direct ?? this._out.bytes;
  }
}
