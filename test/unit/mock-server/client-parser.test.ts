import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseClientMessage} from '../../../mock-server/session/client-parser.js';
import {C} from './helpers/client-bytes.js';

describe('strict client message parser', () => {
  it('never throws on arbitrary bytes; consumes 1…n bytes or asks for more', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 64}), (bytes) => {
        const r = parseClientMessage(bytes);
        if (r.kind === 'ok') {
          expect(r.length).toBeGreaterThan(0);
          expect(r.length).toBeLessThanOrEqual(bytes.length);
        }
      }),
      {numRuns: 2000},
    );
  });

  it('needs every byte of a message: each proper prefix is "more"', () => {
    const msgs = [
      C.setEncodings([0, 1, -260]),
      C.fbur(1, 10, 10),
      C.keysym(0x61, true),
      C.pointer(1, 2, 3),
      C.cutText('abc'),
      C.vscan(0x1e, true),
      C.wheel(1, 2, -1, 0),
      C.ack(9),
      C.resolution(640, 480),
      C.leds(true, false, false),
      C.qemuKey(0x61, 0x1e, true),
      C.setPixelFormat(),
    ];
    for (const m of msgs) {
      for (let i = 0; i < m.length; i++)
        expect(parseClientMessage(m.subarray(0, i)).kind).toBe('more');
      const whole = parseClientMessage(m);
      expect(whole.kind).toBe('ok');
      if (whole.kind === 'ok') expect(whole.length).toBe(m.length);
    }
  });

  it('decodes a relative 127/2 (§4.2 test vector)', () => {
    const v = Uint8Array.from(
      Buffer.from('7f020013' + '00' + 'fffffffb' + '00000003' + '00000001' + '0000', 'hex'),
    );
    expect(parseClientMessage(v)).toEqual({
      kind: 'ok',
      length: 19,
      record: {type: 'pointer2', absolute: false, x: -5, y: 3, buttons: 1},
    });
  });

  it('decodes 127/10 topology and 127/11 cache info', () => {
    const topo = Uint8Array.from(
      Buffer.from(
        '7f0a001a' + '0001' + '00000000' + '00000000' + '00000400' + '00000300' + '00000000',
        'hex',
      ),
    );
    expect(parseClientMessage(topo)).toEqual({
      kind: 'ok',
      length: 26,
      record: {type: 'topology', displays: [{left: 0, top: 0, width: 1024, height: 768, flags: 0}]},
    });
    const cache = Uint8Array.from(Buffer.from('7f0b000e00000106040000019000', 'hex'));
    expect(parseClientMessage(cache)).toEqual({
      kind: 'ok',
      length: 14,
      record: {type: 'update-cache-info', flags: 0x106, maxEntries: 1024, maxSizeKB: 102400},
    });
  });
});
