import {describe, expect, it} from 'vitest';
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import {RfbClient} from '../../../src/protocol/rfb-client.js';
import {plainEvents} from '../helpers/feed.js';
import {RecordingSink} from '../helpers/recording-sink.js';
import * as S from '../helpers/server-wire.js';
import {concat, ENC, hex, rect, utf8} from '../helpers/server-wire.js';

const HS = concat(S.VERSION_38, S.securityTypes(1), S.securityResult(0));

function connected(opts: RfbClientOptions = {flavor: 'vmware'}): RfbClient {
  const client = new RfbClient(opts, new RecordingSink());
  client.receive(concat(HS, S.serverInit(64, 48, 'vm', S.ESXI_PF)));
  client.drainOutgoing();
  return client;
}

/** Events of feeding `bytes` to a fresh connected client, errors flattened. */
function after(bytes: Uint8Array, opts?: RfbClientOptions): ReturnType<typeof plainEvents> {
  return plainEvents(connected(opts).receive(bytes));
}

function errorCode(bytes: Uint8Array, opts?: RfbClientOptions): string | undefined {
  const ev = after(bytes, opts);
  const last = ev[ev.length - 1];
  return last?.type === 'error' ? last.code : undefined;
}

describe('standard server messages', () => {
  it('Bell', () => {
    expect(after(S.bell())).toEqual([{type: 'bell'}]);
  });

  it('ServerCutText: UTF-8, Latin-1 fallback, empty ignored', () => {
    expect(after(S.serverCutText(utf8('äö ✓\nline')))).toEqual([
      {type: 'clipboard', text: 'äö ✓\nline'},
    ]);
    expect(after(S.serverCutText(Uint8Array.of(0x41, 0xe4, 0x42)))).toEqual([
      {type: 'clipboard', text: 'A\u00e4B'},
    ]);
    // Overlong encoding and lone surrogate are not valid UTF-8 -> Latin-1.
    expect(after(S.serverCutText(Uint8Array.of(0xc0, 0xaf)))).toEqual([
      {type: 'clipboard', text: '\u00c0\u00af'},
    ]);
    expect(after(S.serverCutText(Uint8Array.of(0xed, 0xa0, 0x80)))).toEqual([
      {type: 'clipboard', text: '\u00ed\u00a0\u0080'},
    ]);
    expect(after(concat(S.serverCutText(new Uint8Array(0)), S.bell()))).toEqual([{type: 'bell'}]);
  });

  it('ServerCutText: lengths are unsigned and capped before waiting (§12.17)', () => {
    expect(errorCode(S.serverCutText(new Uint8Array(0), 0xfffffff0))).toBe('cut-text-too-large');
    expect(errorCode(S.serverCutText(new Uint8Array(0), 256 * 1024 + 1))).toBe(
      'cut-text-too-large',
    );
    const big = new Uint8Array(256 * 1024).fill(0x61);
    expect(after(S.serverCutText(big))[0]).toMatchObject({type: 'clipboard'});
    expect(errorCode(S.serverCutText(utf8('hello')), {flavor: 'vmware', maxCutTextBytes: 4})).toBe(
      'cut-text-too-large',
    );
  });

  it('SetColourMapEntries is skipped (6n bytes, bounds checked)', () => {
    expect(after(concat(S.colourMapEntries(10, 300), S.bell()))).toEqual([{type: 'bell'}]);
    expect(errorCode(S.colourMapEntries(0xffff, 0, 2))).toBe('bad-length');
  });

  it('EndOfContinuousUpdates and Fence (payload ≤ 64) are consumed', () => {
    expect(
      after(concat(S.endOfContinuousUpdates(), S.fence(new Uint8Array(64)), S.bell())),
    ).toEqual([{type: 'bell'}]);
    expect(errorCode(S.fence(new Uint8Array(65)))).toBe('bad-length');
  });

  it('unknown message types are fatal', () => {
    for (const type of [4, 5, 126, 128, 149, 249, 252, 255]) {
      expect(errorCode(Uint8Array.of(type, 0, 0, 0))).toBe('unknown-message-type');
    }
  });
});

describe('VMware server messages (127, §3.4)', () => {
  it('exact lengths for ServerCaps, Audio, Heartbeat, SessionClose, AudioMixer', () => {
    for (const [sub, len] of [
      [0, 8],
      [3, 36],
      [4, 6],
      [7, 8],
      [8, 20],
    ] as const) {
      for (const wrong of [0, 3, 4, len - 1, len + 1, 0xffff]) {
        const body = new Uint8Array(Math.max(0, Math.min(wrong, 64) - 4));
        expect(errorCode(S.vmwareMessage(sub, body, wrong)), `127/${sub} length ${wrong}`).toBe(
          'bad-length',
        );
      }
    }
  });

  it('skips audio data (not counted in the length), bounded', () => {
    expect(after(concat(S.vmwareAudio(new Uint8Array(5000).fill(1)), S.bell()))).toEqual([
      {type: 'bell'},
    ]);
    const header = S.vmwareAudio(new Uint8Array(0));
    header[7] = 0xff; // data-length 0xff_000000 + ...
    header[4] = 0x7f;
    expect(errorCode(header)).toBe('bad-length');
    expect(after(concat(S.audioMixer(), S.bell()))).toEqual([{type: 'bell'}]);
  });

  it('SetReconnectToken is consumed and never reported', () => {
    expect(after(concat(S.reconnectToken(utf8('tok-123')), S.bell()))).toEqual([{type: 'bell'}]);
    expect(after(concat(S.reconnectToken(new Uint8Array(0)), S.bell()))).toEqual([{type: 'bell'}]);
    expect(errorCode(S.vmwareMessage(6, new Uint8Array(0), 2))).toBe('bad-length');
  });

  it('unknown sub-types: skip length − 4 when 4 ≤ length ≤ 64 KiB, else bad-length', () => {
    expect(after(concat(S.vmwareMessage(99, new Uint8Array(0)), S.bell()))).toEqual([
      {type: 'bell'},
    ]);
    expect(after(concat(S.vmwareMessage(200, new Uint8Array(65531)), S.bell()))).toEqual([
      {type: 'bell'},
    ]);
    expect(errorCode(S.vmwareMessage(99, new Uint8Array(0), 3))).toBe('bad-length');
    expect(errorCode(S.vmwareMessage(99, new Uint8Array(0), 0))).toBe('bad-length');
  });

  it('ServerCaps may come more than once and at any time', () => {
    const client = connected();
    expect(client.receive(concat(S.serverCaps(1), S.serverCaps(0x20)))).toEqual([
      {type: 'server-caps', caps: 1},
      {type: 'server-caps', caps: 0x20},
    ]);
    expect(client.serverCaps).toBe(0x20);
  });

  it('a skipped body spanning chunks keeps the session mid-message', () => {
    const client = connected();
    const msg = S.vmwareMessage(99, new Uint8Array(1000));
    client.receive(msg.subarray(0, 10));
    expect(client.midMessage).toBe(true);
    expect(client.receive(concat(msg.subarray(10), S.bell()))).toEqual([{type: 'bell'}]);
    expect(client.midMessage).toBe(false);
  });
});

describe('FramebufferUpdate checks', () => {
  it('an unknown encoding is fatal', () => {
    expect(errorCode(S.fbu(0, rect(0, 0, 1, 1, 12345)))).toBe('unknown-encoding');
    expect(errorCode(S.fbu(0, rect(0, 0, 0, 0, ENC.vmwServerCaps)))).toBe('unknown-encoding');
    expect(errorCode(S.fbu(0, rect(0, 0, 1, 1, ENC.vmwUpdateCache)))).toBe('unknown-encoding');
  });

  it('data rectangles must lie inside the framebuffer; pseudo ones are exempt', () => {
    expect(errorCode(S.fbu(0, rect(63, 0, 2, 1, ENC.tightPng, S.tightPngFill(1, 1, 1))))).toBe(
      'rect-out-of-bounds',
    );
    expect(errorCode(S.fbu(0, rect(0xffff, 0xffff, 0xffff, 0xffff, ENC.raw)))).toBe(
      'rect-out-of-bounds',
    );
    expect(errorCode(S.fbu(0, rect(0, 48, 1, 1, ENC.copyRect, S.copyRectPayload(0, 0))))).toBe(
      'rect-out-of-bounds',
    );
    // A cursor's x/y is its hot-spot, not a framebuffer position.
    expect(
      after(S.fbu(0, rect(0, 0, 1, 1, ENC.vmwDefineCursor, S.vmwCursorAlpha([[1, 2, 3, 4]])))),
    ).toEqual([{type: 'update', id: 0, rects: 1}]);
    expect(after(S.fbu(0, rect(9000, 9000, 0, 0, ENC.vmwCursorPosition)))).toEqual([
      {type: 'cursor-position', x: 9000, y: 9000},
      {type: 'update', id: 0, rects: 1},
    ]);
  });

  it('bounds follow a DesktopSize earlier in the same update', () => {
    const ev = after(
      S.fbu(
        0,
        rect(0, 0, 100, 100, ENC.desktopSize),
        rect(90, 90, 10, 10, ENC.tightPng, S.tightPngFill(1, 2, 3)),
      ),
    );
    expect(ev.map((e) => e.type)).toEqual(['resize', 'update']);
  });

  it('the receive buffer is capped (8 MiB default)', () => {
    const client = connected();
    const ev = plainEvents(client.receive(new Uint8Array(8 * 1024 * 1024 + 1)));
    expect(ev).toEqual([expect.objectContaining({type: 'error', code: 'buffer-overflow'})]);
  });

  it('a Raw rectangle bigger than the buffer streams through (1920x1080 in 8 MiB chunks)', () => {
    const sink = new RecordingSink();
    const client = new RfbClient({flavor: 'vmware'}, sink);
    client.receive(concat(HS, S.serverInit(1920, 1080, 'big', S.ESXI_PF)));
    const header = S.fbu(1, rect(0, 0, 1920, 1080, ENC.raw));
    const body = new Uint8Array(1920 * 1080 * 4);
    for (let i = 0; i < body.length; i += 4) body[i + 2] = (i >> 2) % 251; // red
    const all = concat(header, body);
    const events = [];
    for (let at = 0; at < all.length; at += 6 * 1024 * 1024) {
      events.push(...client.receive(all.subarray(at, at + 6 * 1024 * 1024)));
    }
    expect(events).toEqual([{type: 'update', id: 1, rects: 1}]);
    expect(sink.pixel(1919, 1079)).toEqual([(1920 * 1080 - 1) % 251, 0, 0, 255]);
  });
});

describe('receive never throws', () => {
  it('turns a throwing sink into one internal error', () => {
    const sink = new RecordingSink();
    sink.fillRect = () => {
      throw new TypeError('canvas gone');
    };
    const client = new RfbClient({flavor: 'vmware'}, sink);
    client.receive(concat(HS, S.serverInit(8, 8)));
    const ev = plainEvents(
      client.receive(S.fbu(0, rect(0, 0, 1, 1, ENC.tightPng, S.tightPngFill(1, 1, 1)))),
    );
    expect(ev).toEqual([{type: 'error', code: 'internal', message: 'canvas gone'}]);
    expect(client.receive(S.bell())).toEqual([]);
  });

  it('stops at the first error and ignores the rest of the chunk', () => {
    expect(after(concat(S.bell(), hex('09'), S.bell())).map((e) => e.type)).toEqual([
      'bell',
      'error',
    ]);
  });
});
