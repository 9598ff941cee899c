/**
 * The decoder totality cases shared by test/unit/decoders/vnc/fuzz.test.ts
 * and the long seeded mode (scripts/fuzz.ts "decoders"), robustness.md §4
 * P3: for any bytes, a decoder only returns "done"/"need more" or throws a
 * typed ProtocolError, never 'internal' (which would mean it read bytes it
 * had not checked for). Each side times the cases its own way.
 */
import fc from 'fast-check';
import type {DecodeContext, Rect, RectDecoder} from '../../../src/decoders/decoder.js';
import type {FrameSink} from '../../../src/decoders/frame-sink.js';
import {ByteReader} from '../../../src/protocol/byte-reader.js';
import {ProtocolError} from '../../../src/protocol/errors.js';
import {bytes, compact, u32, zlibOnce} from '../decoders/vnc/support/encoders.js';

/** Discards everything: the fuzz cases time the decoder, not the recording. */
export const NULL_SINK: FrameSink = {
  resize: () => {},
  fillRect: () => {},
  copyRect: () => {},
  putPixels: () => {},
  putImage: () => {},
  setCursor: () => {},
  setCursorVisible: () => {},
  commit: () => {},
};

/** `data` cut at those of `cuts` inside it (up to 4096), in order. */
export function chunksAt(data: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = cuts.filter((c) => c < data.length).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, data.length]) {
    chunks.push(data.subarray(at, p));
    at = p;
  }
  return chunks;
}

/** Where to cut a payload: up to 6 distinct points. */
export const cutsArb = fc.uniqueArray(fc.nat(4096), {maxLength: 6});

/**
 * Feeds `chunks` to a fresh decoder for `r` (at most two rectangles' worth);
 * a ProtocolError ends the case, one with code 'internal' or any other
 * exception fails it.
 */
export function decodeChunks(
  make: () => RectDecoder,
  r: Rect,
  chunks: readonly Uint8Array[],
  ctx: DecodeContext,
): void {
  try {
    const reader = new ByteReader();
    const decoder = make();
    decoder.reset();
    let done = 0;
    for (const chunk of chunks) {
      reader.push(chunk);
      while (done < 2 && decoder.decode(r, reader, NULL_SINK, ctx)) {
        done++;
        decoder.reset();
      }
    }
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
    if (e.code === 'internal') throw new Error(`internal error: ${e.message}`);
  }
}

/** Random content inside a valid length + zlib stream (ZRLE, Zlib). */
export const zlibFramedArb = fc.uint8Array({maxLength: 4096}).map((d) => {
  const z = zlibOnce(d);
  return bytes(u32(z.length), z);
});

/** Tight: the given controls and valid filters around random palettes, indices and zlib content. */
export function tightStructuredArb(controls: readonly number[]): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      control: fc.constantFrom(...controls),
      filter: fc.constantFrom(0, 1, 2),
      colours: fc.nat(255),
      palette: fc.uint8Array({maxLength: 1024}),
      data: fc.uint8Array({maxLength: 4096}),
      zip: fc.boolean(),
    })
    .map(({control, filter, colours, palette, data, zip}) => {
      const body = zip ? zlibOnce(data) : data;
      return bytes(
        control,
        control & 0x40 ? [filter] : [],
        control & 0x40 && filter === 1 ? [colours] : [],
        control & 0x40 && filter === 1 ? palette : [],
        compact(body.length),
        body,
      );
    });
}
