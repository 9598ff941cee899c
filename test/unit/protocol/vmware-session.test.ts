import {describe, expect, it} from 'vitest';
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import {RfbClient} from '../../../src/protocol/rfb-client.js';
import * as C from '../helpers/client-wire.js';
import {feed} from '../helpers/feed.js';
import {ESXI_TRANSCRIPT} from '../helpers/fixtures.js';
import {RecordingSink} from '../helpers/recording-sink.js';
import * as S from '../helpers/server-wire.js';
import {concat, ENC, hex, rect} from '../helpers/server-wire.js';

const HANDSHAKE = concat(S.VERSION_38, S.securityTypes(1), S.securityResult(0));

/** A client past ServerInit (mode A, VMware flavor), outgoing bytes drained. */
function connected(
  opts: RfbClientOptions = {flavor: 'vmware'},
  width = 64,
  height = 48,
): {client: RfbClient; sink: RecordingSink} {
  const sink = new RecordingSink();
  const client = new RfbClient(opts, sink);
  client.receive(concat(HANDSHAKE, S.serverInit(width, height, 'vm', S.ESXI_PF)));
  client.drainOutgoing();
  return {client, sink};
}

function out(client: RfbClient): Uint8Array {
  return client.drainOutgoing() ?? new Uint8Array(0);
}

describe('ESXi session (mode A, VMware flavor)', () => {
  it('replays VMware SDK transcript §5.1 byte for byte', () => {
    const o = feed({flavor: 'vmware'}, [ESXI_TRANSCRIPT]);
    expect(new Uint8Array(o.out)).toEqual(
      concat(
        S.VERSION_38, // version echo
        hex('01'), // security None
        hex('01'), // ClientInit shared
        C.WEBMKS_SET_ENCODINGS,
        hex('03 00 00 00 00 00 04 08 03 06'), // FBUR full, non-incremental (§5.1)
        hex('7f 03 00 08 00 00 50 00'), // ClientCaps default wmks-2.1 (cap 0x08 in 0xBF)
        hex('7f 04 00 08 00 00 00 14'), // UpdateAck id 0, (0 + 2) * 10 (cap 0x20 in 0xBF)
        ...C.MODIFIER_UPS, // §12.8
      ),
    );
    expect(o.events).toEqual([
      {
        type: 'connected',
        width: 1032,
        height: 774,
        name: 'Windows XP Professional Without Domain',
        serverKind: 'vmware',
        startMode: 'handshake',
      },
      {type: 'server-caps', caps: 0xbf},
      {type: 'update', id: 0, rects: 1},
    ]);
    // The pixel: B=0x98 G=0x4E R=0.
    expect(o.sink.pixel(0, 0)).toEqual([0x00, 0x4e, 0x98, 255]);
    expect(o.client.serverCaps).toBe(0xbf);
    expect(o.state).toBe('normal');
  });

  it('sends ServerCaps-driven ClientCaps with Heartbeat when the server offers it', () => {
    const {client} = connected();
    client.receive(S.serverCaps(0x10008));
    expect(out(client)).toEqual(C.clientCaps(0x5100));
  });

  it('acknowledges with FBUR(incremental = update id) without the UpdateAck cap (§12.4)', () => {
    const {client} = connected();
    client.receive(S.fbu(250, rect(0, 0, 1, 1, ENC.tightPng, S.tightPngFill(1, 2, 3))));
    expect(out(client)).toEqual(concat(C.fbur(250, 0, 0, 64, 48), ...C.MODIFIER_UPS));
    // Update id 0 still asks for an incremental update (max(id, 1)).
    client.receive(S.fbu(0));
    expect(out(client)).toEqual(C.fbur(1, 0, 0, 64, 48));
  });

  it('keeps the FBUR acknowledgement incremental after DesktopSize, at the new size (§12.4)', () => {
    const {client, sink} = connected();
    const ev = client.receive(S.fbu(5, rect(0, 0, 100, 80, ENC.desktopSize)));
    expect(ev).toEqual([
      {type: 'resize', width: 100, height: 80},
      {type: 'update', id: 5, rects: 1},
    ]);
    expect(sink.ops[sink.ops.length - 2]).toEqual({op: 'resize', width: 100, height: 80});
    expect(out(client)).toEqual(concat(C.fbur(5, 0, 0, 100, 80), ...C.MODIFIER_UPS));
  });

  it('sends UpdateAck with the cap: vector id 3, 4 ms = 7f 04 00 08 03 00 00 3c', () => {
    const {client} = connected({flavor: 'vmware', deferAcks: true});
    client.receive(S.serverCaps(0x20));
    client.receive(S.fbu(3));
    // With deferAcks only the first-update modifier releases go out by themselves.
    expect(out(client)).toEqual(concat(...C.MODIFIER_UPS));
    client.acknowledgeUpdate(4);
    expect(out(client)).toEqual(hex('7f 04 00 08 03 00 00 3c'));
    // Nothing pending: a second ack sends nothing.
    client.acknowledgeUpdate(4);
    expect(client.drainOutgoing()).toBeUndefined();
  });

  it('deferred FBUR acknowledgement uses the update id', () => {
    const {client} = connected({flavor: 'vmware', deferAcks: true});
    client.receive(S.fbu(9));
    out(client);
    client.acknowledgeUpdate(12);
    expect(out(client)).toEqual(C.fbur(9, 0, 0, 64, 48));
  });

  it('types "Hello, World!" as §12.9 shows', () => {
    const {client} = connected();
    const keys: Array<[string, boolean]> = [];
    const press = (code: string): void => {
      keys.push([code, true], [code, false]);
    };
    const shifted = (code: string): void => {
      keys.push(['ShiftLeft', true]);
      press(code);
      keys.push(['ShiftLeft', false]);
    };
    shifted('KeyH');
    for (const c of ['KeyE', 'KeyL', 'KeyL', 'KeyO', 'Comma', 'Space']) press(c);
    shifted('KeyW');
    for (const c of ['KeyO', 'KeyR', 'KeyL', 'KeyD']) press(c);
    shifted('Digit1');
    for (const [code, down] of keys) expect(client.sendKey(code, down)).toBe(true);
    const v = (c: number): Uint8Array[] => [C.vscan(c, true), C.vscan(c, false)];
    expect(out(client)).toEqual(
      concat(
        C.vscan(0x2a, true),
        ...v(0x23),
        C.vscan(0x2a, false),
        ...[0x12, 0x26, 0x26, 0x18, 0x33, 0x39].flatMap(v),
        C.vscan(0x2a, true),
        ...v(0x11),
        C.vscan(0x2a, false),
        ...[0x18, 0x13, 0x26, 0x20].flatMap(v),
        C.vscan(0x2a, true),
        ...v(0x02),
        C.vscan(0x2a, false),
      ),
    );
  });

  it('matches the §4.2 key vectors: G, and Ctrl-Alt-Del', () => {
    const {client} = connected();
    client.sendKey('KeyG', true);
    client.sendKey('KeyG', false);
    expect(out(client)).toEqual(hex('7f 00 00 08 00 22 01 00  7f 00 00 08 00 22 00 00'));
    for (const c of ['ControlLeft', 'AltLeft', 'Delete']) client.sendKey(c, true);
    for (const c of ['ControlLeft', 'AltLeft', 'Delete']) client.sendKey(c, false);
    expect(out(client)).toEqual(
      hex(`7f 00 00 08 00 1d 01 00  7f 00 00 08 00 38 01 00  7f 00 00 08 01 53 01 00
           7f 00 00 08 00 1d 00 00  7f 00 00 08 00 38 00 00  7f 00 00 08 01 53 00 00`),
    );
  });

  it('sends lock keys as VScan down/up', () => {
    const {client} = connected();
    client.sendKey('CapsLock', true);
    client.sendKey('CapsLock', false);
    expect(out(client)).toEqual(concat(C.vscan(0x3a, true), C.vscan(0x3a, false)));
  });

  it('falls back to a keysym KeyEvent for codes without a VScan', () => {
    const {client} = connected();
    expect(client.sendKey('Fn', true, 0x1008ff2b)).toBe(true);
    expect(client.sendKey('Fn', false)).toBe(true); // released the way it was pressed
    expect(client.sendKey('Unknown', true)).toBe(false);
    expect(out(client)).toEqual(
      concat(C.keyEvent(true, 0x1008ff2b), C.keyEvent(false, 0x1008ff2b)),
    );
  });

  it('sendScancode sends raw VScan codes', () => {
    const {client} = connected();
    client.sendScancode(0x153, true);
    client.sendScancode(0x153, false);
    expect(out(client)).toEqual(hex('7f 00 00 08 01 53 01 00  7f 00 00 08 01 53 00 00'));
  });

  it('releaseAllKeys releases exactly the keys still down', () => {
    const {client} = connected();
    client.sendKey('ShiftLeft', true);
    client.sendKey('KeyA', true);
    client.sendKey('KeyA', false);
    client.sendScancode(0x11d, true);
    out(client);
    client.releaseAllKeys();
    expect(out(client)).toEqual(concat(C.vscan(0x2a, false), C.vscan(0x11d, false)));
    client.releaseAllKeys();
    expect(client.drainOutgoing()).toBeUndefined();
  });

  it('sends the wheel as 127/2 (vector: up one notch at 100,200)', () => {
    const {client} = connected({flavor: 'vmware'}, 640, 480);
    client.sendWheel(100, 200, 1, 0);
    expect(out(client)).toEqual(hex('7f 02 00 13 01 00 00 00 64 00 00 00 c8 00 00 00 00 01 00'));
    client.sendWheel(100, 200, -2, 1);
    expect(out(client)).toEqual(
      concat(C.pointer2(1, 100, 200, 0, -1, 1), C.pointer2(1, 100, 200, 0, -1, 0)),
    );
  });

  it('sends relative moves as 127/2 absolute=0 (vector dx=-5 dy=+3, left)', () => {
    const {client} = connected();
    expect(client.sendRelativePointer(-5, 3, 1)).toBe(true);
    expect(out(client)).toEqual(hex('7f 02 00 13 00 ff ff ff fb 00 00 00 03 00 00 00 01 00 00'));
  });

  it('clamps pointer events to the framebuffer', () => {
    const {client} = connected({flavor: 'vmware'}, 640, 480);
    client.sendPointer(-5, 9999, 5);
    client.sendPointer(12.7, 3.2, 0);
    expect(out(client)).toEqual(concat(C.pointerEvent(5, 0, 479), C.pointerEvent(0, 12, 3)));
  });

  it('requests a resolution with 127/5 once the cap is known (vector 1280x720)', () => {
    const {client} = connected();
    // Before ServerCaps: remembered, sent when the cap arrives (§5.5).
    expect(client.requestResolution(1280, 720)).toBe(true);
    expect(client.drainOutgoing()).toBeUndefined();
    client.receive(S.serverCaps(0x80));
    expect(out(client)).toEqual(hex('7f 05 00 08 05 00 02 d0'));
    expect(client.requestResolution(1024, 768)).toBe(true);
    expect(out(client)).toEqual(C.requestResolution(1024, 768));
  });

  it('drops a remembered resolution request when ServerCaps lacks the cap', () => {
    const {client} = connected();
    expect(client.requestResolution(800, 600)).toBe(true);
    client.receive(S.serverCaps(0x02));
    expect(client.drainOutgoing()).toBeUndefined();
    expect(client.requestResolution(800, 600)).toBe(false);
  });

  it('sends LED sync only with cap 0x01000000 (vector num on)', () => {
    const {client} = connected();
    const leds = {numLock: true, capsLock: false, scrollLock: false};
    expect(client.sendLedState(leds)).toBe(false);
    client.receive(S.serverCaps(0x01000000));
    expect(client.sendLedState(leds)).toBe(true);
    expect(out(client)).toEqual(hex('7f 10 00 07 01 00 00'));
  });

  it('sends ClientCutText as UTF-8 to VMware', () => {
    const {client} = connected();
    client.sendClientCutText('é✓');
    expect(out(client)).toEqual(C.clientCutText(S.utf8('é✓')));
  });

  it('reports VMware pseudo-rectangles and server messages', () => {
    const {client, sink} = connected();
    sink.ops = [];
    const ev = client.receive(
      concat(
        S.fbu(
          1,
          rect(0, 0, 0, 0, ENC.vmwCursorState, S.u16Payload(0)),
          rect(0, 0, 0, 0, ENC.vmwLedState, S.u32Payload(0b110 | 0xf0)),
          rect(0, 0, 0, 0, ENC.vmwTypematic, S.typematicPayload(0, 1000, 2000)),
          rect(30, 40, 0, 0, ENC.vmwCursorPosition),
          rect(0, 0, 0, 0, ENC.vmwFrameStamp, S.frameStampPayload(5, 6)),
        ),
        S.heartbeat(15),
        S.sessionClose(23),
        S.bell(),
      ),
    );
    expect(ev).toEqual([
      {type: 'leds', scrollLock: false, numLock: true, capsLock: true},
      {type: 'typematic', clientRepeat: false, periodUs: 1000, delayUs: 2000},
      {type: 'cursor-position', x: 30, y: 40},
      {type: 'update', id: 1, rects: 5},
      {type: 'heartbeat', interval: 15},
      {type: 'session-close', reason: 23},
      {type: 'bell'},
    ]);
    expect(sink.ops).toEqual([{op: 'cursor-visible', visible: false}, {op: 'commit'}]);
  });
});

describe('VMware detection', () => {
  it('auto flavor switches to VMware on ServerCaps and then uses VScan keys', () => {
    const sink = new RecordingSink();
    const client = new RfbClient({flavor: 'auto'}, sink);
    client.receive(concat(HANDSHAKE, S.serverInit(64, 48, 'vm', S.ESXI_PF)));
    expect(client.serverKind).toBe('vnc');
    client.drainOutgoing();
    client.sendKey('KeyG', true);
    expect(out(client)).toEqual(C.keyEvent(true, 0x67));
    expect(client.receive(S.serverCaps(0x2))).toEqual([{type: 'server-caps', caps: 2}]);
    expect(client.serverKind).toBe('vmware');
    client.sendKey('KeyG', false); // released the way it was pressed
    client.sendKey('KeyG', true);
    expect(out(client)).toEqual(concat(C.keyEvent(false, 0x67), C.vscan(0x22, true)));
  });

  it('a VMWCursorState rectangle switches VScan keys on without ServerCaps (§12.9)', () => {
    const sink = new RecordingSink();
    const client = new RfbClient({flavor: 'auto'}, sink);
    client.receive(concat(HANDSHAKE, S.serverInit(64, 48, 'vm', S.ESXI_PF)));
    client.receive(S.fbu(1, rect(0, 0, 0, 0, ENC.vmwCursorState, S.u16Payload(1))));
    expect(client.serverKind).toBe('vmware');
    client.drainOutgoing();
    client.sendKey('KeyG', true);
    expect(out(client)).toEqual(C.vscan(0x22, true));
  });

  it('auto flavor keeps the ESXi pixel format (no SetPixelFormat)', () => {
    const o = feed({flavor: 'auto'}, [concat(HANDSHAKE, S.serverInit(8, 8, 'vm', S.ESXI_PF))]);
    const setEncodingsAt = S.VERSION_38.length + 2;
    expect(o.out[setEncodingsAt]).toBe(2); // SetEncodings directly, no SetPixelFormat (0)
  });
});
