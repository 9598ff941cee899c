/**
 * Drives a RectDecoder the way the core does (reset before each rectangle,
 * decode until it returns true, retry when more bytes arrive) and checks the
 * split rule (design.md 3.6): the same bytes fed whole, cut at every byte
 * boundary, and one byte at a time must give identical sink operations and
 * pixels.
 */
import {createHash} from 'node:crypto';
import {expect} from 'vitest';
import type {
  DecodeContext,
  InflaterFactory,
  Rect,
  RectDecoder,
} from '../../../../../src/decoders/decoder.js';
import {createInflaterFactory} from '../../../../../src/decoders/inflate.js';
import {ByteReader} from '../../../../../src/protocol/byte-reader.js';
import {ProtocolError} from '../../../../../src/protocol/errors.js';
import {CANVAS_PIXEL_FORMAT, type PixelFormat} from '../../../../../src/protocol/pixel-format.js';
import {RecordingSink} from '../../../helpers/recording-sink.js';

export interface FeedOptions {
  pixelFormat?: PixelFormat;
  fbWidth?: number;
  fbHeight?: number;
  /** null = zlib not loaded. */
  inflaterFactory?: InflaterFactory | null;
  maxCursorSide?: number;
  /**
   * Where feedThreeWays cuts the bytes in two (default: every boundary). Large
   * fixtures pass a sample, since every cut re-decodes the whole input.
   */
  cuts?: readonly number[];
}

/** Cut points for large fixtures: the first and last `edge` boundaries and every `step`-th. */
export function sampleCuts(length: number, step = 997, edge = 16): number[] {
  const cuts = new Set<number>();
  for (let i = 1; i <= edge && i < length; i++) cuts.add(i).add(length - i);
  for (let i = step; i < length; i += step) cuts.add(i);
  return [...cuts].filter((c) => c > 0 && c < length).sort((a, b) => a - b);
}

export function makeContext(o: FeedOptions = {}): DecodeContext {
  return {
    pixelFormat: o.pixelFormat ?? CANVAS_PIXEL_FORMAT,
    fbWidth: o.fbWidth ?? 64,
    fbHeight: o.fbHeight ?? 64,
    inflaterFactory:
      o.inflaterFactory === null ? undefined : (o.inflaterFactory ?? createInflaterFactory()),
    maxCursorSide: o.maxCursorSide ?? 256,
  };
}

export function rect(x: number, y: number, width: number, height: number, encoding: number): Rect {
  return {x, y, width, height, encoding};
}

export interface FeedResult {
  sink: RecordingSink;
  /** Rectangles completely decoded. */
  done: number;
  /** Bytes left in the reader. */
  left: number;
}

/** Feeds `chunks` in order into a fresh decoder; returns what the sink saw. */
export function feed(
  make: () => RectDecoder,
  rects: readonly Rect[],
  chunks: readonly Uint8Array[],
  o: FeedOptions = {},
): FeedResult {
  const ctx = makeContext(o);
  const sink = new RecordingSink();
  sink.resize(ctx.fbWidth, ctx.fbHeight);
  sink.ops = [];
  const reader = new ByteReader();
  const decoder = make();
  let done = 0;
  let started = false;
  const pump = (): void => {
    while (done < rects.length) {
      if (!started) {
        decoder.reset();
        started = true;
      }
      if (!decoder.decode(rects[done]!, reader, sink, ctx)) return;
      done++;
      started = false;
    }
  };
  for (const chunk of chunks) {
    reader.push(chunk);
    pump();
  }
  pump();
  return {sink, done, left: reader.available};
}

/** A digest of everything the feed produced: counts, every sink operation, the pixels. */
function fingerprint(r: FeedResult): string {
  const h = createHash('sha1');
  h.update(`${r.done}/${r.left}`);
  for (const op of r.sink.ops) {
    if (op.op === 'pixels') {
      h.update(`pixels ${op.x},${op.y},${op.w},${op.h};`);
      h.update(Uint8Array.from(op.rgba));
    } else {
      h.update(JSON.stringify(op));
    }
  }
  h.update(r.sink.fb);
  return h.digest('hex');
}

/**
 * Feeds `bytes` whole, split at every byte boundary, and one byte at a time;
 * expects all rectangles decoded, no byte left over and identical results.
 * Returns the result of the whole feed.
 */
export function feedThreeWays(
  make: () => RectDecoder,
  rects: readonly Rect[],
  bytes: Uint8Array,
  o: FeedOptions = {},
): RecordingSink {
  const whole = feed(make, rects, [bytes], o);
  expect(whole.done, 'rectangles decoded').toBe(rects.length);
  expect(whole.left, 'bytes left over').toBe(0);
  const expected = fingerprint(whole);
  const cuts = o.cuts ?? Array.from({length: Math.max(0, bytes.length - 1)}, (_, i) => i + 1);
  for (const cut of cuts) {
    const split = feed(make, rects, [bytes.subarray(0, cut), bytes.subarray(cut)], o);
    if (fingerprint(split) !== expected) {
      expect.fail(`split at byte ${cut} of ${bytes.length} gives a different result`);
    }
  }
  const drip: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) drip.push(bytes.subarray(i, i + 1));
  expect(fingerprint(feed(make, rects, drip, o)), 'one byte at a time').toBe(expected);
  return whole.sink;
}

/** Runs `fn` and returns the ProtocolError code it throws (fails if it does not throw one). */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProtocolError) return e.code;
    throw e;
  }
  return expect.fail('expected a ProtocolError') as never;
}
