import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {CopyRectDecoder} from '../../../../src/decoders/copy-rect.js';
import {ProtocolError} from '../../../../src/protocol/errors.js';
import {r, runDecoder, runDecoderBothWays} from '../../helpers/decoder-harness.js';
import {RecordingSink} from '../../helpers/recording-sink.js';
import {copyRectPayload} from '../../helpers/server-wire.js';

describe('CopyRect', () => {
  it('reads src-x, src-y and copies', () => {
    const {sink} = runDecoderBothWays(
      () => new CopyRectDecoder(),
      r(10, 11, 5, 6, 1),
      copyRectPayload(300, 2),
      {
        fbWidth: 400,
        fbHeight: 40,
      },
    );
    expect(sink.ops).toEqual([{op: 'copy', sx: 300, sy: 2, x: 10, y: 11, w: 5, h: 6}]);
  });

  it('refuses a source outside the framebuffer (B3)', () => {
    for (const [sx, sy] of [
      [60, 0],
      [0, 44],
      [0xffff, 0],
      [0, 0xffff],
    ]) {
      expect(() =>
        runDecoder(new CopyRectDecoder(), r(0, 0, 5, 5, 1), copyRectPayload(sx!, sy!)),
      ).toThrow(expect.objectContaining({code: 'rect-out-of-bounds'}) as unknown as ProtocolError);
    }
    // Exactly touching the edge is fine.
    runDecoder(new CopyRectDecoder(), r(0, 0, 5, 5, 1), copyRectPayload(59, 43));
  });

  it('overlapping copies match a read-all-then-write reference model (B3, §12.12)', () => {
    const W = 12;
    const H = 9;
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: W}),
        fc.integer({min: 1, max: H}),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (w, h, a, b, c, d) => {
          const sx = a % (W - w + 1);
          const sy = b % (H - h + 1);
          const x = c % (W - w + 1);
          const y = d % (H - h + 1);
          // Reference: a plain array of pixel ids.
          const model = Array.from({length: W * H}, (_, i) => i);
          const copy = model.slice();
          for (let j = 0; j < h; j++)
            for (let i = 0; i < w; i++) copy[(y + j) * W + x + i] = model[(sy + j) * W + sx + i]!;
          const sink = new RecordingSink();
          sink.resize(W, H);
          for (let i = 0; i < W * H; i++) sink.fillRect(i % W, Math.floor(i / W), 1, 1, i, 0, 0);
          const got = runDecoder(new CopyRectDecoder(), r(x, y, w, h, 1), copyRectPayload(sx, sy), {
            fbWidth: W,
            fbHeight: H,
          });
          // Replay the recorded op on the pre-filled sink.
          const op = got.sink.ops[0]!;
          if (op.op !== 'copy') return false;
          sink.copyRect(op.sx, op.sy, op.x, op.y, op.w, op.h);
          for (let i = 0; i < W * H; i++) {
            if (sink.pixel(i % W, Math.floor(i / W))[0] !== copy[i]) return false;
          }
          return true;
        },
      ),
      {numRuns: 300, seed: 1234},
    );
  });
});
