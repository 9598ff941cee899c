/**
 * The recording driver's rectangle counts (bench/driver/rfb-driver.ts): a
 * message split across WebSocket frames is parsed again from its start, and
 * must be counted once, when it is complete. (It was counted on every
 * attempt: the QEMU recording's .json said 4,610 Tight rectangles where the
 * stream has 1,276.)
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {
  emptyStats,
  readServerMessage,
  streamStats,
  type DriveStats,
} from '../../../bench/driver/rfb-driver.js';
import {loadRecordings} from '../../../bench/lib/recordings.js';

function rectHeader(x: number, y: number, w: number, h: number, enc: number): number[] {
  return [
    x >> 8,
    x & 255,
    y >> 8,
    y & 255,
    w >> 8,
    w & 255,
    h >> 8,
    h & 255,
    (enc >>> 24) & 255,
    (enc >>> 16) & 255,
    (enc >>> 8) & 255,
    enc & 255,
  ];
}

/** One FramebufferUpdate: a Tight fill, a Tight JPEG (5 bytes), a CopyRect. */
const UPDATE = Uint8Array.from([
  0,
  0,
  0,
  3,
  ...rectHeader(0, 0, 4, 4, 7),
  0x80,
  1,
  2,
  3,
  ...rectHeader(4, 0, 4, 4, 7),
  0x90,
  5,
  0xff,
  0xd8,
  0xff,
  0xd9,
  0,
  ...rectHeader(0, 4, 4, 4, 1),
  0,
  0,
  0,
  0,
]);

const SERVER_INIT = Uint8Array.from([
  0,
  8,
  0,
  8,
  ...new Array<number>(16).fill(0),
  0,
  0,
  0,
  1,
  0x74,
]);
const HANDSHAKE = Uint8Array.from([
  ...new TextEncoder().encode('RFB 003.008\n'),
  1,
  1,
  0,
  0,
  0,
  0,
  ...SERVER_INIT,
]);

describe('recording driver statistics', () => {
  it('counts a whole update once, by encoding and Tight sub-type', () => {
    const stats = emptyStats();
    const {end, update} = readServerMessage(UPDATE, 0, stats);
    expect({end, update}).toEqual({end: UPDATE.length, update: true});
    expect(stats.rects).toEqual({Tight: 2, CopyRect: 1});
    expect(stats.tight).toEqual({fill: 1, jpeg: 1});
  });

  it('counts nothing for an update that is not all there yet, at every cut', () => {
    for (let cut = 1; cut < UPDATE.length; cut++) {
      const stats = emptyStats();
      expect(() => readServerMessage(UPDATE.subarray(0, cut), 0, stats)).toThrow();
      expect(stats.rects, `cut at ${cut}`).toEqual({});
      expect(stats.tight, `cut at ${cut}`).toEqual({});
    }
  });

  it('recounts a whole stream, handshake included', () => {
    const stream = new Uint8Array(HANDSHAKE.length + 2 * UPDATE.length);
    stream.set(HANDSHAKE);
    stream.set(UPDATE, HANDSHAKE.length);
    stream.set(UPDATE, HANDSHAKE.length + UPDATE.length);
    const s = streamStats(stream);
    expect([s.width, s.height, s.name, s.updates]).toEqual([8, 8, 't', 2]);
    expect(s.rects).toEqual({Tight: 4, CopyRect: 2});
    expect(s.tight).toEqual({fill: 2, jpeg: 2});
  });

  it('matches the counts shipped next to each recording', () => {
    const dir = join(import.meta.dirname, '../../../bench/recordings');
    const recordings = loadRecordings(dir);
    expect(recordings.map((r) => r.name)).toEqual([
      'mock-1080p',
      'qemu-1024x768',
      'tigervnc-1280x800',
    ]);
    for (const rec of recordings) {
      const server = Buffer.concat(rec.frames.filter((f) => !f.fromClient).map((f) => f.data));
      const s = streamStats(server);
      const meta = JSON.parse(readFileSync(join(dir, `${rec.name}.json`), 'utf8')) as DriveStats;
      expect({updates: s.updates, rects: s.rects, tight: s.tight}, rec.name).toEqual({
        updates: meta.updates,
        rects: meta.rects,
        tight: meta.tight,
      });
    }
  });
});
