import {describe, expect, it} from 'vitest';
import {VNC_DECODER_FACTORIES} from '../../../../src/decoders/vnc-decoders.js';

describe('VNC_DECODER_FACTORIES', () => {
  it('lists Tight, ZRLE, Hextile, RRE, Zlib and the rich cursor, once each', () => {
    const encodings = VNC_DECODER_FACTORIES.flatMap((make) => [...make().encodings]);
    expect(encodings).toEqual([7, 16, 5, 2, 6, -239]);
  });

  it('makes a new decoder per call (decoders keep per-connection state)', () => {
    for (const make of VNC_DECODER_FACTORIES) expect(make()).not.toBe(make());
  });
});
