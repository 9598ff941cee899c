import {describe, expect, it} from 'vitest';
import {reconstructDiffJpeg} from '../../../../src/decoders/diff-jpeg.js';
import {concat} from '../../helpers/server-wire.js';

const PREV = Uint8Array.from({length: 2000}, (_, i) => i & 0xff);

describe('DiffJPEG reconstruction (§3.3.5)', () => {
  it('copies from the previous JPEG at the same offset, appends literals and the rest', () => {
    const payload = Uint8Array.of(0x01, 3, 0x02, 2, 0xaa, 0xbb, 0x01, 2, 0x03, 9, 8, 7);
    expect(Array.from(reconstructDiffJpeg(payload, PREV))).toEqual([
      0, 1, 2, 0xaa, 0xbb, 5, 6, 9, 8, 7,
    ]);
  });

  it('returns what it built when the payload ends without opcode 3 (wmks-2.1)', () => {
    expect(Array.from(reconstructDiffJpeg(Uint8Array.of(0x02, 1, 0x42), undefined))).toEqual([
      0x42,
    ]);
    expect(Array.from(reconstructDiffJpeg(new Uint8Array(0), undefined))).toEqual([]);
  });

  it('allows a 1024-byte prefix and no more', () => {
    const ops = (n: number): Uint8Array =>
      concat(...Array.from({length: n}, () => Uint8Array.of(0x01, 255)), Uint8Array.of(0x01, 4));
    // 4 × 255 + 4 = 1024
    expect(reconstructDiffJpeg(concat(ops(4), Uint8Array.of(0x03, 1)), PREV)).toEqual(
      concat(PREV.subarray(0, 1024), Uint8Array.of(1)),
    );
    expect(() => reconstructDiffJpeg(concat(ops(4), Uint8Array.of(0x02, 1, 0)), PREV)).toThrow(
      expect.objectContaining({code: 'bad-image'}),
    );
  });

  it('fails on copies past the previous JPEG, bad opcodes and truncated operands', () => {
    for (const [payload, prev] of [
      [Uint8Array.of(0x01, 5), undefined],
      [Uint8Array.of(0x01, 5), PREV.subarray(0, 4)],
      [Uint8Array.of(0x04), PREV],
      [Uint8Array.of(0x00), PREV],
      [Uint8Array.of(0x01), PREV],
      [Uint8Array.of(0x02, 3, 1, 2), PREV],
    ] as const) {
      expect(() => reconstructDiffJpeg(payload, prev)).toThrow(
        expect.objectContaining({code: 'bad-image'}),
      );
    }
  });
});
