/**
 * Fence (−312, message 248) and ContinuousUpdates (−313, messages 150) for
 * plain VNC servers (rfbproto "Fence", "ContinuousUpdates"). Expected bytes
 * are written from rfbproto with the independent test builders; every
 * stream is fed whole, split at every byte and one byte at a time.
 */
import {describe, expect, it} from 'vitest';
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import * as C from '../helpers/client-wire.js';
import {WIRE_ENC as E} from '../helpers/client-wire.js';
import {feed, feedThreeWays} from '../helpers/feed.js';
import * as S from '../helpers/server-wire.js';
import {concat, ENC, hex, rect} from '../helpers/server-wire.js';

const HS = concat(S.VERSION_38, S.securityTypes(1), S.securityResult(0));
/** Client bytes of the handshake: version, security type None, ClientInit shared. */
const HS_OUT = concat(S.VERSION_38, hex('01 01'));

/** A plain server's session start (64×48) followed by `messages`. */
function plainStream(...messages: Uint8Array[]): Uint8Array {
  return concat(HS, S.serverInit(64, 48, 'tigervnc', S.ESXI_PF), ...messages);
}

/** Everything the client sent after its initial SetPixelFormat/SetEncodings/FBUR. */
function afterStart(out: readonly number[]): Uint8Array {
  const bytes = Uint8Array.from(out);
  const firstFbur = C.fbur(0, 0, 0, 64, 48);
  for (let i = 0; i + firstFbur.length <= bytes.length; i++) {
    if (firstFbur.every((b, k) => bytes[i + k] === b)) return bytes.subarray(i + firstFbur.length);
  }
  throw new Error('no initial FramebufferUpdateRequest');
}

/** One Raw pixel in the canvas format (R, G, B, X) the client set. */
function rawPixel(r: number, g: number, b: number): Uint8Array {
  return S.rawRgbx([[r, g, b]]);
}

const BLOCK_BEFORE = 1;
const BLOCK_AFTER = 2;
const SYNC_NEXT = 4;
const REQUEST = 0x80000000;

describe('the plain VNC SetEncodings list offers Fence and ContinuousUpdates', () => {
  for (const flavor of ['vnc', 'auto'] as const) {
    it(`flavor ${flavor}`, () => {
      const o = feedThreeWays({flavor}, plainStream());
      const bytes = Uint8Array.from(o.out);
      // SetEncodings follows the 20-byte SetPixelFormat (vnc) or comes directly
      // (auto with a keepable 32 bpp format).
      const at = HS_OUT.length + (flavor === 'vnc' ? 20 : 0);
      expect(bytes[at]).toBe(2);
      const n = (bytes[at + 2]! << 8) | bytes[at + 3]!;
      const list: number[] = [];
      const view = new DataView(bytes.buffer, bytes.byteOffset + at + 4, 4 * n);
      for (let i = 0; i < n; i++) list.push(view.getInt32(4 * i));
      expect(list).toContain(E.fence);
      expect(list).toContain(E.continuousUpdates);
      // Exactly as listed: after the QEMU pseudo-encodings.
      const q = list.indexOf(E.qemuLed);
      expect(list.slice(q, q + 3)).toEqual([E.qemuLed, E.fence, E.continuousUpdates]);
    });
  }
});

describe('Fence', () => {
  it('a request is answered with the same payload and BlockBefore/BlockAfter, request bit cleared', () => {
    const payload = Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0x7f);
    const o = feedThreeWays(
      {flavor: 'vnc'},
      plainStream(S.fenceWithFlags(REQUEST | BLOCK_BEFORE | BLOCK_AFTER | SYNC_NEXT, payload)),
    );
    // 248, pad, flags 0x00000003 (SyncNext unsupported, request cleared), length 6, payload.
    expect(afterStart(o.out)).toEqual(hex('f8 000000 00000003 06 deadbeef007f'));
    expect(afterStart(o.out)).toEqual(C.clientFence(BLOCK_BEFORE | BLOCK_AFTER, payload));
    expect(o.events).toContainEqual({
      type: 'capabilities',
      qemuKeyEvents: false,
      desktopResize: false,
      continuousUpdates: false,
      fence: true,
    });
    expect(o.state).toBe('normal');
  });

  it('the answer comes after the acknowledgement of the update before it, and a 64-byte payload is echoed whole', () => {
    const payload = Uint8Array.from({length: 64}, (_, i) => i * 3);
    const o = feedThreeWays(
      {flavor: 'vnc'},
      plainStream(
        S.fbu(0, rect(0, 0, 1, 1, ENC.raw, rawPixel(9, 8, 7))),
        S.fenceWithFlags(REQUEST, payload),
        S.fenceWithFlags(REQUEST | BLOCK_BEFORE, new Uint8Array(0)),
      ),
    );
    expect(afterStart(o.out)).toEqual(
      concat(C.fbur(1, 0, 0, 64, 48), C.clientFence(0, payload), C.clientFence(BLOCK_BEFORE, [])),
    );
    // The capability is reported once.
    expect(o.events.filter((e) => e.type === 'capabilities')).toHaveLength(1);
  });

  it('a Fence without the request bit (a response) is consumed and not answered', () => {
    const o = feedThreeWays(
      {flavor: 'vnc'},
      plainStream(S.fenceWithFlags(BLOCK_BEFORE, Uint8Array.of(1, 2)), S.bell()),
    );
    expect(afterStart(o.out)).toEqual(new Uint8Array(0));
    expect(o.events.map((e) => e.type)).toEqual(['connected', 'bell']);
  });

  it('a payload over 64 bytes is a bad-length ProtocolError', () => {
    for (const flavor of ['vnc', 'auto', 'vmware'] as const) {
      const o = feedThreeWays({flavor}, plainStream(S.fenceWithFlags(REQUEST, new Uint8Array(65))));
      const last = o.events[o.events.length - 1];
      expect(last).toMatchObject({type: 'error', code: 'bad-length'});
      expect(o.state).toBe('closed');
      // Fails on the length byte, before waiting for the payload.
      const headerOnly = feedThreeWays(
        {flavor},
        plainStream(S.fenceWithFlags(REQUEST, new Uint8Array(0), 200)),
      );
      expect(headerOnly.events[headerOnly.events.length - 1]).toMatchObject({
        type: 'error',
        code: 'bad-length',
      });
    }
  });
});

describe('ContinuousUpdates', () => {
  it('EndOfContinuousUpdates -> EnableContinuousUpdates for the full framebuffer, then no FBUR', () => {
    const o = feedThreeWays(
      {flavor: 'vnc'},
      plainStream(
        S.endOfContinuousUpdates(),
        S.fbu(0, rect(0, 0, 1, 1, ENC.raw, rawPixel(1, 2, 3))),
        S.fbu(0, rect(1, 0, 1, 1, ENC.raw, rawPixel(4, 5, 6))),
      ),
    );
    // 150, enable 1, x 0, y 0, w 64, h 48 — and nothing for the two updates.
    expect(afterStart(o.out)).toEqual(hex('96 01 0000 0000 0040 0030'));
    expect(afterStart(o.out)).toEqual(C.enableContinuousUpdates(true, 0, 0, 64, 48));
    expect(o.events).toEqual([
      {
        type: 'connected',
        width: 64,
        height: 48,
        name: 'tigervnc',
        serverKind: 'vnc',
        startMode: 'handshake',
      },
      {
        type: 'capabilities',
        qemuKeyEvents: false,
        desktopResize: false,
        continuousUpdates: true,
        fence: false,
      },
      {type: 'update', id: 0, rects: 1},
      {type: 'update', id: 0, rects: 1},
    ]);
  });

  it('before EndOfContinuousUpdates, one outstanding FBUR per update as before', () => {
    const o = feedThreeWays(
      {flavor: 'vnc'},
      plainStream(
        S.fbu(0, rect(0, 0, 1, 1, ENC.raw, rawPixel(1, 2, 3))),
        S.endOfContinuousUpdates(),
        S.fbu(0, rect(1, 0, 1, 1, ENC.raw, rawPixel(4, 5, 6))),
      ),
    );
    expect(afterStart(o.out)).toEqual(
      concat(C.fbur(1, 0, 0, 64, 48), C.enableContinuousUpdates(true, 0, 0, 64, 48)),
    );
  });

  it('with deferred acks, acknowledgeUpdate sends an FBUR before and nothing once enabled', () => {
    const opts: RfbClientOptions = {flavor: 'vnc', deferAcks: true};
    const update = S.fbu(0, rect(0, 0, 1, 1, ENC.raw, rawPixel(1, 2, 3)));
    // Before: unchanged one-outstanding-request behaviour.
    const before = plainStream(update);
    expect(afterStart(feedThreeWays(opts, before).out)).toEqual(new Uint8Array(0));
    const plain = feed(opts, [before]).client;
    plain.drainOutgoing();
    plain.acknowledgeUpdate(3);
    expect(plain.drainOutgoing()).toEqual(C.fbur(1, 0, 0, 64, 48));
    // After EndOfContinuousUpdates: the ack is a no-op.
    const stream = plainStream(S.endOfContinuousUpdates(), update, update);
    expect(afterStart(feedThreeWays(opts, stream).out)).toEqual(
      C.enableContinuousUpdates(true, 0, 0, 64, 48),
    );
    const client = feed(opts, [stream]).client;
    client.drainOutgoing();
    client.acknowledgeUpdate(3);
    client.acknowledgeUpdate(3);
    expect(client.drainOutgoing()).toBeUndefined();
  });

  it('after DesktopSize it re-enables for the new size, still without FBUR', () => {
    const o = feedThreeWays(
      {flavor: 'vnc'},
      plainStream(
        S.endOfContinuousUpdates(),
        S.fbu(0, rect(0, 0, 80, 60, ENC.desktopSize)),
        S.fbu(0, rect(0, 0, 1, 1, ENC.raw, rawPixel(1, 2, 3))),
      ),
    );
    expect(afterStart(o.out)).toEqual(
      concat(C.enableContinuousUpdates(true, 0, 0, 64, 48), hex('96 01 0000 0000 0050 003c')),
    );
    expect(o.events.map((e) => e.type)).toEqual([
      'connected',
      'capabilities',
      'resize',
      'update',
      'update',
    ]);
  });

  it('after ExtendedDesktopSize it re-enables for the new size', () => {
    const o = feedThreeWays(
      {flavor: 'auto'},
      plainStream(
        S.endOfContinuousUpdates(),
        S.fbu(
          0,
          rect(
            0,
            0,
            100,
            40,
            ENC.extDesktopSize,
            S.extDesktopSizePayload([{id: 1, x: 0, y: 0, w: 100, h: 40, flags: 0}]),
          ),
        ),
      ),
    );
    expect(afterStart(o.out)).toEqual(
      concat(
        C.enableContinuousUpdates(true, 0, 0, 64, 48),
        C.enableContinuousUpdates(true, 0, 0, 100, 40),
      ),
    );
    expect(o.events.filter((e) => e.type === 'capabilities').at(-1)).toEqual({
      type: 'capabilities',
      qemuKeyEvents: false,
      desktopResize: true,
      continuousUpdates: true,
      fence: false,
    });
  });

  it('a second EndOfContinuousUpdates (the server ended them) resumes one outstanding FBUR', () => {
    const o = feedThreeWays(
      {flavor: 'vnc'},
      plainStream(
        S.endOfContinuousUpdates(),
        S.fbu(0, rect(0, 0, 1, 1, ENC.raw, rawPixel(1, 2, 3))),
        S.endOfContinuousUpdates(),
        S.fbu(0, rect(1, 0, 1, 1, ENC.raw, rawPixel(4, 5, 6))),
      ),
    );
    expect(afterStart(o.out)).toEqual(
      concat(
        C.enableContinuousUpdates(true, 0, 0, 64, 48),
        C.fbur(1, 0, 0, 64, 48),
        C.fbur(1, 0, 0, 64, 48),
      ),
    );
  });
});

describe("flavor 'vmware' never sends 150 or 248", () => {
  it('EndOfContinuousUpdates and Fence requests are consumed and ignored', () => {
    const o = feedThreeWays(
      {flavor: 'vmware'},
      plainStream(
        S.endOfContinuousUpdates(),
        S.fenceWithFlags(REQUEST | BLOCK_BEFORE, Uint8Array.of(1, 2, 3)),
        S.fbu(1, rect(0, 0, 1, 1, ENC.raw, S.rawBgrx([[1, 2, 3]]))),
        S.fbu(2, rect(0, 0, 80, 60, ENC.desktopSize)),
        S.bell(),
      ),
    );
    // SetEncodings (VMware list, no −312/−313), first FBUR, then the update acks.
    expect(Uint8Array.from(o.out)).toEqual(
      concat(
        HS_OUT,
        C.WEBMKS_SET_ENCODINGS,
        C.fbur(0, 0, 0, 64, 48),
        C.fbur(1, 0, 0, 64, 48),
        ...C.MODIFIER_UPS,
        C.fbur(2, 0, 0, 80, 60),
      ),
    );
    expect(o.events.map((e) => e.type)).toEqual([
      'connected',
      'update',
      'resize',
      'update',
      'bell',
    ]);
  });

  it('mode B (VMware, flavor auto) does not answer either', () => {
    const o = feedThreeWays(
      {flavor: 'auto'},
      concat(
        S.serverInit(64, 48, 'vm', S.ESXI_PF),
        S.endOfContinuousUpdates(),
        S.fenceWithFlags(REQUEST, Uint8Array.of(5)),
      ),
    );
    expect(Uint8Array.from(o.out)).toEqual(concat(C.WEBMKS_SET_ENCODINGS, C.fbur(0, 0, 0, 64, 48)));
  });
});
