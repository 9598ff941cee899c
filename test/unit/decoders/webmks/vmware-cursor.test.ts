import {describe, expect, it} from 'vitest';
import {VmwDefineCursorDecoder} from '../../../../src/decoders/vmware-cursor.js';
import {r, runDecoder, runDecoderBothWays} from '../../helpers/decoder-harness.js';
import {vmwCursorAlpha, vmwCursorClassic} from '../../helpers/server-wire.js';

const ENC = 0x574d5664;
const make = (): VmwDefineCursorDecoder => new VmwDefineCursorDecoder();

describe('VMWDefineCursor (§3.3.7, §12.14)', () => {
  it('alpha cursor: wire bytes B,G,R,A become straight RGBA; hot-spot from x, y', () => {
    const {sink} = runDecoderBothWays(
      make,
      r(1, 0, 2, 1, ENC),
      vmwCursorAlpha([
        [10, 20, 30, 255],
        [40, 50, 60, 7],
      ]),
    );
    expect(sink.ops).toEqual([
      {
        op: 'cursor',
        cursor: {width: 2, height: 1, hotX: 1, hotY: 0, rgba: [10, 20, 30, 255, 40, 50, 60, 7]},
      },
    ]);
  });

  it('a 1x1 fully transparent alpha cursor is valid (the server’s "no cursor")', () => {
    const {sink} = runDecoderBothWays(make, r(0, 0, 1, 1, ENC), vmwCursorAlpha([[0, 0, 0, 0]]));
    expect(sink.ops).toEqual([
      {op: 'cursor', cursor: {width: 1, height: 1, hotX: 0, hotY: 0, rgba: [0, 0, 0, 0]}},
    ]);
  });

  it('classic cursor: transparent, inverted (drawn black) and opaque XOR colour', () => {
    const ones = [0xff, 0xff, 0xff, 0xff];
    const zero = [0, 0, 0, 0];
    const {sink} = runDecoderBothWays(
      make,
      r(5, 5, 3, 1, ENC),
      vmwCursorClassic(
        [ones, ones, zero],
        [zero, [1, 2, 3, 0], [0x30, 0x20, 0x10, 0]], // XOR bytes are B,G,R,X (ESXi format)
      ),
    );
    expect(sink.ops).toEqual([
      {
        op: 'cursor',
        cursor: {
          width: 3,
          height: 1,
          hotX: 2, // clamped into the image
          hotY: 0,
          rgba: [0, 0, 0, 0, 0, 0, 0, 255, 0x10, 0x20, 0x30, 255],
        },
      },
    ]);
  });

  it('zero-sized cursor hides it', () => {
    const {sink} = runDecoderBothWays(make, r(0, 0, 0, 0, ENC), Uint8Array.of(1, 0));
    expect(sink.ops).toEqual([{op: 'cursor', cursor: null}]);
  });

  it('256x256 is accepted; larger is refused before any data (B5)', () => {
    const big = new Uint8Array(2 + 256 * 256 * 4);
    big[0] = 1;
    const {sink} = runDecoder(make(), r(0, 0, 256, 256, ENC), big);
    expect(sink.ops[0]).toMatchObject({op: 'cursor', cursor: {width: 256, height: 256}});
    for (const [w, h] of [
      [257, 1],
      [1, 257],
      [0xffff, 0xffff],
    ]) {
      expect(() => runDecoder(make(), r(0, 0, w!, h!, ENC), new Uint8Array(0))).toThrow(
        expect.objectContaining({code: 'cursor-too-large'}),
      );
    }
  });

  it('unknown cursor types are refused (no stream desync, B13)', () => {
    for (const type of [2, 3, 0x7f, 0xff]) {
      expect(() =>
        runDecoder(make(), r(0, 0, 1, 1, ENC), Uint8Array.of(type, 0, 1, 2, 3, 4)),
      ).toThrow(expect.objectContaining({code: 'bad-subencoding'}));
    }
  });
});
