/**
 * One compacting, capped receive buffer with big-endian reads (design.md 3.3).
 *
 * Rules: a parser checks `has(n)` before it consumes anything, so an
 * incomplete message costs nothing and is simply retried when more bytes
 * arrive. `bytes(n)` returns a zero-copy view that stays valid only until the
 * next `push` (which may compact or grow the buffer). The buffer never grows
 * past `cap`: a push that would pass it throws ProtocolError('buffer-overflow').
 */
import {LIMITS, ProtocolError} from './errors.js';

const INITIAL_SIZE = 64 * 1024;
/** A buffer grown past this is replaced by a fresh INITIAL_SIZE one once it is empty. */
const SHRINK_ABOVE = 256 * 1024;

export class ByteReader {
  readonly cap: number;
  private _buf: Uint8Array;
  private _view: DataView;
  private _start = 0;
  private _end = 0;

  constructor(cap: number = LIMITS.receiveBufferBytes) {
    this.cap = cap;
    this._buf = new Uint8Array(Math.min(INITIAL_SIZE, cap));
    this._view = new DataView(this._buf.buffer);
  }

  /** Bytes buffered and not yet consumed. */
  get available(): number {
    return this._end - this._start;
  }

  /** The size of the buffer in bytes (grows for big messages, shrinks once they are consumed). */
  get capacity(): number {
    return this._buf.length;
  }

  /** True when at least `n` bytes are buffered. */
  has(n: number): boolean {
    return this._end - this._start >= n;
  }

  /** Appends received bytes, compacting or growing (up to `cap`) as needed. */
  push(chunk: Uint8Array): void {
    const len = chunk.length;
    if (len === 0) return;
    const live = this._end - this._start;
    if (live + len > this.cap) {
      throw new ProtocolError(
        'buffer-overflow',
        `receive buffer would exceed ${this.cap} bytes (${live} buffered, ${len} arriving)`,
      );
    }
    if (live === 0 && this._buf.length > SHRINK_ABOVE && len <= INITIAL_SIZE) {
      // Everything was consumed and a big message had grown the buffer: give
      // that memory back rather than keep it for the session's life (a full
      // screen image can need MiBs once; issue 9's memory per console).
      this._buf = new Uint8Array(INITIAL_SIZE);
      this._view = new DataView(this._buf.buffer);
      this._start = this._end = 0;
    }
    if (this._end + len > this._buf.length) {
      if (live + len <= this._buf.length && this._start > 0) {
        this._buf.copyWithin(0, this._start, this._end);
      } else {
        let size = this._buf.length;
        while (size < live + len) size *= 2;
        const next = new Uint8Array(Math.min(size, this.cap));
        next.set(this._buf.subarray(this._start, this._end));
        this._buf = next;
        this._view = new DataView(next.buffer);
      }
      this._start = 0;
      this._end = live;
    }
    this._buf.set(chunk, this._end);
    this._end += len;
    if (this._start === this._end) this._start = this._end = 0;
  }

  private _need(n: number): number {
    const at = this._start;
    if (this._end - at < n) {
      // A parser bug, not a server fault: parsers check has(n) first.
      throw new ProtocolError('internal', `read of ${n} bytes with ${this._end - at} buffered`);
    }
    this._start = at + n;
    return at;
  }

  u8(): number {
    return this._buf[this._need(1)]!;
  }
  u16(): number {
    return this._view.getUint16(this._need(2));
  }
  u32(): number {
    return this._view.getUint32(this._need(4));
  }
  s8(): number {
    return this._view.getInt8(this._need(1));
  }
  s32(): number {
    return this._view.getInt32(this._need(4));
  }

  /** Reads without consuming, `offset` bytes ahead. The caller checks has(). */
  peekU8(offset = 0): number {
    return this._buf[this._start + offset]!;
  }
  peekU16(offset = 0): number {
    return this._view.getUint16(this._start + offset);
  }
  peekU32(offset = 0): number {
    return this._view.getUint32(this._start + offset);
  }
  peekS32(offset = 0): number {
    return this._view.getInt32(this._start + offset);
  }
  /** A zero-copy view of the next `n` bytes without consuming them. */
  peekBytes(n: number, offset = 0): Uint8Array {
    if (this._end - this._start < offset + n) {
      throw new ProtocolError('internal', `peek of ${n} bytes past the buffer`);
    }
    return this._buf.subarray(this._start + offset, this._start + offset + n);
  }

  /** Consumes `n` bytes and returns a zero-copy view (valid until the next push). */
  bytes(n: number): Uint8Array {
    const at = this._need(n);
    return this._buf.subarray(at, at + n);
  }

  /** Consumes `n` bytes. */
  discard(n: number): void {
    this._need(n);
  }

  /** Drops everything buffered (after a fatal error). */
  clear(): void {
    this._start = this._end = 0;
  }
}
