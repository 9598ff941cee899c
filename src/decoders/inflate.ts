/**
 * zlib for the plain-VNC encodings (Tight, ZRLE, Zlib) over fflate's
 * streaming raw-DEFLATE `Inflate` (issue 7: a well-kept library, not our own
 * zlib). The session imports this file lazily, so a WebMKS-only session never
 * loads it; decoders reach it only through DecodeContext.inflaterFactory.
 *
 * One inflater is one zlib stream of the connection. RFB servers never end
 * their streams: each rectangle's data ends with a Z_SYNC_FLUSH, so the
 * 2-byte zlib header comes once at the start (and again after a Tight reset)
 * and there is no Adler-32 trailer to check.
 *
 * Output budget (robustness.md B7, after noVNC's inflator.js which inflates
 * exactly the size taken from the rectangle's geometry): fflate cannot stop
 * in the middle of a push, so the input is fed in slices small enough that
 * one slice cannot get far past the budget. DEFLATE's worst expansion is
 * 1032:1 (a 258-byte match coded in 2 bits), so a slice of s bytes yields at
 * most 1032·s bytes (plus at most one pending stored block, 64 KiB). After
 * each slice the total is checked, and inflating stops with
 * ProtocolError('zlib-error') as soon as it passes the budget: a zlib bomb
 * costs at most max(budget, ~2 MiB) of output before it is refused.
 */
import {Inflate, inflateSync} from 'fflate';
import {ProtocolError} from '../protocol/errors.js';
import type {InflaterFactory} from './decoder.js';
import type {StreamInflater} from './stream-inflater.js';

/** Largest output one byte of DEFLATE input can produce. */
const MAX_DEFLATE_RATIO = 1032;
/** Smallest input slice: bounds a bomb's output per push to ~2 MiB. */
const MIN_SLICE = 2048;

const EMPTY = new Uint8Array(0);

/** DEFLATE's window: back-references reach at most this far (RFC 1951 §2). */
const WINDOW = 32768;
/**
 * Largest input the one-shot path takes. inflateSync cannot stop early (it
 * drops writes past the output buffer but keeps decoding), so a bomb costs
 * up to 1032 x input steps: 8 KiB bounds that to ~8.5 M (tens of ms), within
 * robustness.md §5's hang bound; 64 KiB measured 0.4-0.6 s. Bigger inputs take
 * the sliced streaming path, whose per-push overhead they amortise.
 */
const FAST_MAX_INPUT = 8 * 1024;
/** An empty final fixed-Huffman block (BFINAL=1, BTYPE=01, end-of-block): ends a one-shot inflate. */
const FINAL_BLOCK = [0x03, 0x00];

/** True if `b` ends with the empty stored block a Z_SYNC_FLUSH writes (00 00 FF FF): the stream is byte-aligned at a block boundary. */
function endsWithSyncFlush(b: Uint8Array): boolean {
  const n = b.length;
  return n >= 4 && b[n - 4] === 0 && b[n - 3] === 0 && b[n - 2] === 0xff && b[n - 1] === 0xff;
}

export class FflateInflater implements StreamInflater {
  private _inflate: Inflate | undefined;
  /** True until the 2-byte zlib header of the current stream was read. */
  private _needHeader = true;
  /** The header's first byte (CMF) while the second is still to come; -1 if none. */
  private _cmf = -1;
  private readonly _chunks: Uint8Array[] = [];
  private _produced = 0;
  /** Grown (never shrunk) buffer that joins the chunks of one call. */
  private _joined = EMPTY;
  /** The stream's last output bytes (up to 2 windows; the last 32 KiB are the dictionary). */
  private _history = new Uint8Array(2 * WINDOW);
  private _fill = 0;
  /** The stream stands at a byte-aligned block boundary (the last input ended with a sync flush). */
  private _aligned = true;
  /** One-shot input (data + FINAL_BLOCK) and output buffers, grown, reused. */
  private _in = EMPTY;
  private _out = EMPTY;

  inflate(input: Uint8Array, expected: number): Uint8Array {
    const out = this._runExact(input, expected);
    if (out.length !== expected) {
      throw new ProtocolError(
        'zlib-error',
        `zlib data yielded ${out.length} bytes where ${expected} were expected`,
      );
    }
    return out;
  }

  inflateUpTo(input: Uint8Array, max: number): Uint8Array {
    return this._run(input, max);
  }

  reset(): void {
    this._inflate = undefined;
    this._needHeader = true;
    this._cmf = -1;
    this._fill = 0;
    this._aligned = true;
  }

  /**
   * Exact-size inflate. Servers end every rectangle's zlib data with a
   * Z_SYNC_FLUSH (Tight, rfbproto), so the stream is byte-aligned at a block
   * boundary between rectangles: such a rectangle is inflated in one call
   * with the last 32 KiB of output as the dictionary, straight into a reused
   * buffer. fflate's streaming Inflate instead allocates and zero-fills a
   * 160 KiB buffer on every push and copies its window twice (measured:
   * 40-50 % of a TigerVNC replay). Anything else takes the streaming path.
   */
  private _runExact(input: Uint8Array, expected: number): Uint8Array {
    let at = this._needHeader ? this._readHeader(input) : 0;
    if (at >= input.length) return this._run(input.subarray(at), expected);
    const body = at > 0 ? input.subarray(at) : input;
    if (
      !this._aligned ||
      this._inflate ||
      body.length > FAST_MAX_INPUT ||
      !endsWithSyncFlush(body)
    ) {
      return this._run(body, expected);
    }
    at = body.length;
    if (this._in.length < at + 2) this._in = new Uint8Array(Math.max(at + 2, this._in.length * 2));
    this._in.set(body);
    this._in[at] = FINAL_BLOCK[0]!;
    this._in[at + 1] = FINAL_BLOCK[1]!;
    // One spare byte: output past `expected` shows as a longer result (fflate drops writes past the end).
    if (this._out.length < expected + 1)
      this._out = new Uint8Array(Math.max(expected + 1, this._out.length * 2));
    let out: Uint8Array;
    try {
      out = inflateSync(this._in.subarray(0, at + 2), {
        out: this._out.subarray(0, expected + 1),
        ...(this._fill > 0
          ? {dictionary: this._history.subarray(Math.max(0, this._fill - WINDOW), this._fill)}
          : {}),
      });
    } catch (e) {
      throw new ProtocolError(
        'zlib-error',
        `corrupt zlib data (${e instanceof Error ? e.message : 'inflate failed'})`,
      );
    }
    if (out.length !== expected) {
      throw new ProtocolError(
        'zlib-error',
        `zlib data yielded ${out.length > expected ? 'more than ' : ''}${out.length} bytes where ${expected} were expected`,
      );
    }
    this._remember(out);
    return out;
  }

  /** Keeps the last 32 KiB of output for the next one-shot inflate's dictionary. */
  private _remember(out: Uint8Array): void {
    const n = out.length;
    if (n >= WINDOW) {
      this._history.set(out.subarray(n - WINDOW), 0);
      this._fill = WINDOW;
      return;
    }
    if (this._fill + n > this._history.length) {
      const keep = Math.min(this._fill, WINDOW - n);
      this._history.copyWithin(0, this._fill - keep, this._fill);
      this._fill = keep;
    }
    this._history.set(out, this._fill);
    this._fill += n;
  }

  private _run(input: Uint8Array, max: number): Uint8Array {
    let at = this._needHeader ? this._readHeader(input) : 0;
    const chunks = this._chunks;
    chunks.length = 0;
    this._produced = 0;
    if (at >= input.length) return EMPTY;
    let inflate = this._inflate;
    if (!inflate) {
      const onData = (chunk: Uint8Array) => {
        if (chunk.length === 0) return;
        chunks.push(chunk);
        this._produced += chunk.length;
      };
      inflate =
        this._fill > 0
          ? new Inflate(
              {dictionary: this._history.subarray(Math.max(0, this._fill - WINDOW), this._fill)},
              onData,
            )
          : new Inflate(onData);
      this._inflate = inflate;
    }
    while (at < input.length) {
      const slice = Math.max(MIN_SLICE, Math.floor((max - this._produced) / MAX_DEFLATE_RATIO));
      const end = Math.min(input.length, at + slice);
      try {
        inflate.push(input.subarray(at, end));
      } catch (e) {
        this._inflate = undefined;
        throw new ProtocolError(
          'zlib-error',
          `corrupt zlib data (${e instanceof Error ? e.message : 'inflate failed'})`,
        );
      }
      at = end;
      if (this._produced > max) {
        this._inflate = undefined;
        throw new ProtocolError(
          'zlib-error',
          `zlib data yields more than the ${max} bytes allowed`,
        );
      }
    }
    const out = this._join();
    this._remember(out.length > WINDOW ? out.subarray(out.length - WINDOW) : out);
    // At a sync-flush boundary the next exact-size rectangle can go one-shot again.
    this._aligned = endsWithSyncFlush(input);
    if (this._aligned) this._inflate = undefined;
    return out;
  }

  /** Consumes the 2-byte zlib header (RFC 1950 §2.2); returns where DEFLATE data starts. */
  private _readHeader(input: Uint8Array): number {
    let at = 0;
    if (this._cmf < 0) {
      if (input.length === 0) return 0;
      this._cmf = input[0]!;
      at = 1;
    }
    if (at >= input.length) return at;
    const cmf = this._cmf;
    const flg = input[at]!;
    // CM must be 8 (deflate), CINFO <= 7 (32 KiB window), FCHECK valid, no preset dictionary.
    if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 0x20) {
      throw new ProtocolError('zlib-error', 'bad zlib stream header');
    }
    this._needHeader = false;
    this._cmf = -1;
    return at + 1;
  }

  private _join(): Uint8Array {
    const chunks = this._chunks;
    if (chunks.length === 0) return EMPTY;
    // The usual case (one slice): fflate's chunk is already a fresh array.
    if (chunks.length === 1) return chunks[0]!;
    const total = this._produced;
    if (this._joined.length < total) this._joined = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      this._joined.set(chunk, at);
      at += chunk.length;
    }
    chunks.length = 0;
    return this._joined.subarray(0, total);
  }
}

/** What the session passes as DecodeContext.inflaterFactory once zlib is loaded. */
export function createInflaterFactory(): InflaterFactory {
  return () => new FflateInflater();
}
