/**
 * robustness.md B6: every compression-control byte × every next byte on a
 * tiny rectangle (65,536 cases), each checked against a model of what Tight
 * defines: methods 0-7 basic, 8 fill, 9 JPEG, 10-15 invalid; filter ids 0-2
 * valid after bit 6, others invalid; the low nibble resets exactly the named
 * zlib streams.
 */
import {describe, expect, it} from 'vitest';
import type {DecodeContext, Inflater} from '../../../../src/decoders/decoder.js';
import {TightDecoder} from '../../../../src/decoders/tight.js';
import {ByteReader} from '../../../../src/protocol/byte-reader.js';
import {ProtocolError} from '../../../../src/protocol/errors.js';
import {CANVAS_PIXEL_FORMAT} from '../../../../src/protocol/pixel-format.js';
import {RecordingSink} from '../../helpers/recording-sink.js';

type Outcome = 'fill' | 'pixels' | 'bad-subencoding' | 'bad-image';

/**
 * The rectangle is 2×1, so basic data is 6 bytes (copy, gradient), 1 byte
 * (palette of 1..2 colours) or 2 bytes (more colours): always under 12, so
 * never compressed. The tail after the second byte is 200 zero bytes.
 */
function model(control: number, second: number): Outcome {
  const method = control >> 4;
  if (method >= 10) return 'bad-subencoding';
  if (method === 8) return 'fill';
  // JPEG: compact length from `second` (and a zero byte), then zeros: not a JPEG.
  if (method === 9) return 'bad-image';
  if (!(method & 4)) return 'pixels';
  return second <= 2 ? 'pixels' : 'bad-subencoding';
}

describe('Tight control × filter sweep', () => {
  it('matches the model for all 65,536 (control, next byte) pairs on a 2x1 rectangle', () => {
    const resets: number[] = [];
    let opened = 0;
    const ctx: DecodeContext = {
      pixelFormat: CANVAS_PIXEL_FORMAT,
      fbWidth: 4,
      fbHeight: 4,
      inflaterFactory: (): Inflater => {
        const id = opened++;
        return {
          inflate: (_input, expected) => new Uint8Array(expected),
          inflateUpTo: () => {
            throw new Error('Tight never inflates without an exact size');
          },
          reset: () => resets.push(id),
        };
      },
      maxCursorSide: 256,
    };
    const sink = new RecordingSink();
    sink.resize(4, 4);
    const decoder = new TightDecoder();
    // Open all four streams: a 2x2 copy rectangle is 12 bytes, so it is compressed.
    for (let stream = 0; stream < 4; stream++) {
      const reader = new ByteReader(64);
      reader.push(Uint8Array.from([stream << 4, 1, 0]));
      decoder.reset();
      expect(
        decoder.decode({x: 0, y: 0, width: 2, height: 2, encoding: 7}, reader, sink, ctx),
      ).toBe(true);
    }
    expect(opened).toBe(4);

    const input = new Uint8Array(202);
    const rect = {x: 1, y: 1, width: 2, height: 1, encoding: 7};
    const counts: Record<string, number> = {};
    for (let control = 0; control < 256; control++) {
      for (let second = 0; second < 256; second++) {
        input[0] = control;
        input[1] = second;
        const reader = new ByteReader(1024);
        reader.push(input);
        sink.ops = [];
        resets.length = 0;
        decoder.reset();
        let outcome: string;
        try {
          expect(decoder.decode(rect, reader, sink, ctx)).toBe(true);
          outcome = sink.ops[0]!.op;
        } catch (e) {
          if (!(e instanceof ProtocolError)) throw e;
          outcome = e.code;
        }
        const expected = model(control, second);
        if (outcome !== expected) {
          expect.fail(
            `control 0x${control.toString(16)}, byte ${second}: ${outcome}, not ${expected}`,
          );
        }
        const named = [0, 1, 2, 3].filter((i) => (control >> i) & 1);
        if (resets.join() !== named.join()) {
          expect.fail(`control 0x${control.toString(16)} reset streams [${resets}]`);
        }
        counts[outcome] = (counts[outcome] ?? 0) + 1;
      }
    }
    expect(opened).toBe(4);
    expect(counts).toEqual({
      'bad-subencoding': 6 * 16 * 256 + 4 * 16 * 253,
      fill: 16 * 256,
      'bad-image': 16 * 256,
      pixels: 4 * 16 * 256 + 4 * 16 * 3,
    });
  });
});
