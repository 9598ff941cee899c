import {describe, expect, it} from 'vitest';
import {RfbClient} from '../../../src/protocol/rfb-client.js';
import {feed, feedThreeWays} from '../helpers/feed.js';
import {FIXTURES, esxiFullStream} from '../helpers/fixtures.js';
import * as C from '../helpers/client-wire.js';
import {RecordingSink} from '../helpers/recording-sink.js';
import {concat, fakeJpeg, fakePng, hex} from '../helpers/server-wire.js';

describe('every fixture gives identical events, sink ops, pixels and bytes fed whole, split at every byte and one byte at a time', () => {
  for (const f of FIXTURES) {
    it(f.name, () => {
      const o = feedThreeWays(f.options, f.stream, {password: f.password});
      expect(o.events.length).toBeGreaterThan(0);
      // At most one error, and only as the final event.
      const errors = o.events.filter((e) => e.type === 'error');
      expect(errors.length).toBeLessThanOrEqual(1);
      if (errors.length) expect(o.events[o.events.length - 1]!.type).toBe('error');
    });
  }
});

describe('the full ESXi fixture, checked in detail', () => {
  it('reports every event in stream order and answers as wmks does', () => {
    const o = feed({flavor: 'vmware'}, [esxiFullStream()]);
    expect(o.events).toEqual([
      {
        type: 'connected',
        width: 24,
        height: 16,
        name: 'esxi vm',
        serverKind: 'vmware',
        startMode: 'handshake',
      },
      {type: 'server-caps', caps: 0x010000aa},
      {type: 'leds', scrollLock: true, numLock: false, capsLock: true},
      {type: 'typematic', clientRepeat: true, periodUs: 33333, delayUs: 500000},
      {type: 'cursor-position', x: 5, y: 6},
      {type: 'update', id: 7, rects: 12},
      {type: 'heartbeat', interval: 30},
      {type: 'bell'},
      {type: 'clipboard', text: 'grüße ✓'},
      {type: 'update', id: 8, rects: 1},
      {type: 'resize', width: 40, height: 30},
      {type: 'update', id: 9, rects: 2},
      {type: 'session-close', reason: 23},
    ]);
    expect(new Uint8Array(o.out)).toEqual(
      concat(
        hex('52 46 42 20 30 30 33 2e 30 30 38 0a  01  01'),
        C.WEBMKS_SET_ENCODINGS,
        C.fbur(0, 0, 0, 24, 16),
        C.clientCaps(0x5000),
        C.updateAck(7, 20),
        ...C.MODIFIER_UPS,
        C.updateAck(8, 20),
        C.updateAck(9, 20),
      ),
    );
    const ops = o.sink.ops.map((op) => op.op);
    expect(ops).toEqual([
      'resize',
      'pixels',
      'cursor',
      'cursor-visible',
      'fill',
      'image',
      'image',
      'image',
      'copy',
      'commit',
      'fill',
      'commit',
      'resize',
      'fill',
      'commit',
    ]);
    const images = o.sink.ops.filter((op) => op.op === 'image');
    expect(images.map((i) => (i as {mime: string}).mime)).toEqual([
      'image/jpeg',
      'image/png',
      'image/jpeg',
    ]);
    expect((images[2] as {bytes: number[]}).bytes).toEqual(Array.from(fakeJpeg(8, 8, 0x22)));
    expect((images[1] as {bytes: number[]}).bytes).toEqual(Array.from(fakePng(8, 8)));
    expect(o.sink.ops[2]).toEqual({
      op: 'cursor',
      cursor: {
        width: 2,
        height: 2,
        hotX: 1,
        hotY: 1,
        rgba: [255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 9, 9, 9, 255],
      },
    });
    // After the resize (content cleared) the last fill covers the whole screen.
    expect(o.sink.width).toBe(40);
    expect(o.sink.pixel(0, 0)).toEqual([4, 5, 6, 255]);
    expect(o.sink.pixel(39, 29)).toEqual([4, 5, 6, 255]);
  });

  it('draws the first update as the model says', () => {
    const sink = new RecordingSink();
    const client = new RfbClient({flavor: 'vmware'}, sink);
    const stream = esxiFullStream();
    // Stop right after the first FramebufferUpdate: find its end by feeding until 'update'.
    for (let i = 0; i < stream.length; i++) {
      if (client.receive(stream.subarray(i, i + 1)).some((e) => e.type === 'update')) break;
    }
    // Raw gradient (x*8, y*10, x+y) except where later rects drew.
    expect(sink.pixel(23, 15)).toEqual([23 * 8, 15 * 10, 38, 255]);
    expect(sink.pixel(0, 0)).toEqual([0, 0, 0, 255]);
    expect(sink.pixel(4, 4)).toEqual([10, 20, 30, 255]); // TightPNG fill
    expect(sink.pixel(11, 11)).toEqual([10, 20, 30, 255]);
    // CopyRect 4x6 from (14,2) to (16,0), overlapping: read-before-write.
    expect(sink.pixel(16, 0)).toEqual([14 * 8, 2 * 10, 16, 255]);
    expect(sink.pixel(19, 5)).toEqual([17 * 8, 7 * 10, 24, 255]);
  });
});
