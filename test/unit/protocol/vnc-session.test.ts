import {describe, expect, it} from 'vitest';
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import {RfbClient} from '../../../src/protocol/rfb-client.js';
import {DecoderRegistry} from '../../../src/decoders/registry.js';
import * as C from '../helpers/client-wire.js';
import {WIRE_ENC as E} from '../helpers/client-wire.js';
import {feed} from '../helpers/feed.js';
import {vnc38AuthStream} from '../helpers/fixtures.js';
import {RecordingSink} from '../helpers/recording-sink.js';
import * as S from '../helpers/server-wire.js';
import {concat, ENC, hex, rect, utf8} from '../helpers/server-wire.js';

const HS = concat(S.VERSION_38, S.securityTypes(1), S.securityResult(0));

function connected(opts: RfbClientOptions = {flavor: 'vnc'}, w = 64, h = 48): RfbClient {
  const client = new RfbClient(opts, new RecordingSink());
  client.receive(concat(HS, S.serverInit(w, h, 'qemu', S.RGB565_PF)));
  client.drainOutgoing();
  return client;
}

function out(client: RfbClient): Uint8Array {
  return client.drainOutgoing() ?? new Uint8Array(0);
}

// Which plain-VNC decoders exist depends on src/decoders/vnc-decoders.ts (another module).
const REGISTRY = new DecoderRegistry();
const registered = (...encodings: number[]): number[] => encodings.filter((e) => REGISTRY.has(e));

/** The pseudo-encodings of the plain VNC list (§7 step 4), after the data encodings. */
function vncPseudo(quality = 9, compression = 2): number[] {
  const cursor = REGISTRY.has(E.cursor);
  return [
    -32 + quality,
    -256 + compression,
    E.desktopSize,
    E.extDesktopSize,
    E.lastRect,
    E.desktopName,
    ...(cursor ? [E.cursor] : []),
    E.qemuExtKey,
    E.qemuLed,
    E.fence,
    E.continuousUpdates,
    E.vmwDefineCursor,
    E.vmwCursorState,
    E.vmwCursorPosition,
    E.vmwTypematic,
    E.vmwLedState,
    E.vmwServerPush2,
    E.vmwServerCaps,
    E.vmwFrameStamp,
  ];
}

describe('plain VNC session start', () => {
  it('sends SetPixelFormat (booleans exactly 0/1), SetEncodings and a full FBUR', () => {
    const o = feed({flavor: 'vnc'}, [concat(HS, S.serverInit(64, 48, 'q', S.ESXI_PF))]);
    // Default order tight, tightpng, zrle, hextile, rre, zlib, raw; no zlib without an inflater.
    const data = [E.copyRect, E.tightPng, ...registered(E.hextile, E.rre), E.raw];
    expect(new Uint8Array(o.out)).toEqual(
      concat(
        S.VERSION_38,
        hex('01 01'),
        C.SET_PIXEL_FORMAT_CANVAS,
        C.setEncodings([...data, ...vncPseudo(9, 2)]),
        C.fbur(0, 0, 0, 64, 48),
      ),
    );
  });

  it('orders requested encodings, drops unknown or undecodable ones, keeps CopyRect first', () => {
    const o = feed(
      {
        flavor: 'vnc',
        encodings: ['RAW', 'nonsense', 'tightpng', 'tight'],
        qualityLevel: 3,
        compressionLevel: 12,
      },
      [concat(HS, S.serverInit(8, 8, 'q', S.ESXI_PF))],
    );
    // 'tight' needs zlib (no inflaterFactory) and a decoder: not advertised.
    const expected = C.setEncodings([E.copyRect, E.raw, E.tightPng, ...vncPseudo(3, 9)]);
    const at = S.VERSION_38.length + 2 + 20;
    expect(new Uint8Array(o.out.slice(at, at + expected.length))).toEqual(expected);
  });

  it('auto flavor sends SetPixelFormat for a 16 bpp server', () => {
    const o = feed({flavor: 'auto'}, [concat(HS, S.serverInit(8, 8, 'q', S.RGB565_PF))]);
    const at = S.VERSION_38.length + 2;
    expect(new Uint8Array(o.out.slice(at, at + 20))).toEqual(C.SET_PIXEL_FORMAT_CANVAS);
  });
});

describe('plain VNC update flow', () => {
  it('acks with FBUR incremental=1, and non-incremental after DesktopSize (§7)', () => {
    const client = connected();
    client.receive(S.fbu(0, rect(0, 0, 1, 1, ENC.raw, S.rawRgbx([[1, 2, 3]]))));
    expect(out(client)).toEqual(C.fbur(1, 0, 0, 64, 48)); // no VMware modifier releases
    expect(client.receive(S.fbu(0, rect(0, 0, 80, 60, ENC.desktopSize)))).toEqual([
      {type: 'resize', width: 80, height: 60},
      {type: 'update', id: 0, rects: 1},
    ]);
    expect(out(client)).toEqual(C.fbur(0, 0, 0, 80, 60));
    client.receive(S.fbu(7));
    expect(out(client)).toEqual(C.fbur(1, 0, 0, 80, 60));
  });

  it('rejects a DesktopSize over the limit', () => {
    const client = connected();
    const ev = client.receive(S.fbu(0, rect(0, 0, 9000, 10, ENC.desktopSize)));
    expect(ev).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({code: 'framebuffer-too-large'}),
      }),
    ]);
  });

  it('ExtendedDesktopSize enables SetDesktopSize with the server screen id', () => {
    const client = connected();
    expect(client.requestResolution(100, 100)).toBe(false);
    const ev = client.receive(
      S.fbu(
        0,
        rect(
          0,
          0,
          64,
          48,
          ENC.extDesktopSize,
          S.extDesktopSizePayload([{id: 0x1234, x: 0, y: 0, w: 64, h: 48, flags: 5}]),
        ),
      ),
    );
    expect(ev).toEqual([
      {
        type: 'capabilities',
        qemuKeyEvents: false,
        desktopResize: true,
        continuousUpdates: false,
        fence: false,
      },
      {type: 'update', id: 0, rects: 1},
    ]);
    out(client);
    expect(client.requestResolution(1280, 720)).toBe(true);
    expect(out(client)).toEqual(
      C.setDesktopSize(1280, 720, [{id: 0x1234, x: 0, y: 0, w: 1280, h: 720, flags: 5}]),
    );
    // The reply: reason 1 (client request), status 0, new size -> resize, then full request.
    const ev2 = client.receive(
      S.fbu(
        0,
        rect(
          1,
          0,
          1280,
          720,
          ENC.extDesktopSize,
          S.extDesktopSizePayload([{id: 0x1234, x: 0, y: 0, w: 1280, h: 720, flags: 5}]),
        ),
      ),
    );
    expect(ev2).toEqual([
      {type: 'resize', width: 1280, height: 720},
      {type: 'update', id: 0, rects: 1},
    ]);
    expect(out(client)).toEqual(C.fbur(0, 0, 0, 1280, 720));
  });

  it('QEMU extended key events after the server acks −258 (xt keycodes, §4.4.1)', () => {
    const client = connected();
    client.sendKey('KeyA', true);
    expect(out(client)).toEqual(C.keyEvent(true, 0x61));
    client.sendKey('KeyA', false);
    out(client);
    expect(client.receive(S.fbu(0, rect(0, 0, 0, 0, ENC.qemuExtKey)))[0]).toEqual({
      type: 'capabilities',
      qemuKeyEvents: true,
      desktopResize: false,
      continuousUpdates: false,
      fence: false,
    });
    out(client);
    client.sendKey('KeyA', true, 0x41);
    client.sendKey('ArrowUp', true);
    client.sendKey('Pause', true);
    client.sendKey('PrintScreen', true);
    client.sendScancode(0x11d, false);
    expect(out(client)).toEqual(
      concat(
        C.qemuKey(true, 0x41, 0x1e),
        C.qemuKey(true, 0xff52, 0xc8),
        C.qemuKey(true, 0xff13, 0xc6),
        C.qemuKey(true, 0xff61, 0x54),
        C.qemuKey(false, 0, 0x9d),
      ),
    );
  });

  it('auto-repeat repeats the original keysym, so one key-up releases it (stuck keys, F11)', () => {
    const client = connected();
    client.sendKey('KeyA', true, 0x61); // 'a'
    client.sendKey('ShiftLeft', true, 0xffe1);
    client.sendKey('KeyA', true, 0x41); // a repeat, now 'A'
    client.sendKey('KeyA', false, 0x41);
    expect(out(client)).toEqual(
      concat(
        C.keyEvent(true, 0x61),
        C.keyEvent(true, 0xffe1),
        C.keyEvent(true, 0x61),
        C.keyEvent(false, 0x61),
      ),
    );
    client.releaseAllKeys();
    expect(out(client)).toEqual(C.keyEvent(false, 0xffe1));
  });

  it('QEMU LED state, DesktopName and LastRect', () => {
    const client = connected();
    const ev = client.receive(
      concat(
        S.fbuWithCount(
          0,
          0xffff,
          rect(0, 0, 0, 0, ENC.qemuLed, Uint8Array.of(0b100)),
          rect(0, 0, 0, 0, ENC.desktopName, S.desktopNamePayload(utf8('new\u202ename'))),
          rect(0, 0, 0, 0, ENC.lastRect),
        ),
        S.bell(),
      ),
    );
    expect(ev).toEqual([
      {type: 'leds', scrollLock: false, numLock: false, capsLock: true},
      {type: 'name', name: 'newname'},
      {type: 'update', id: 0, rects: 2},
      {type: 'bell'},
    ]);
    expect(client.name).toBe('newname');
  });

  it('caps the DesktopName length', () => {
    const client = connected();
    const ev = client.receive(S.fbu(0, rect(0, 0, 0, 0, ENC.desktopName, hex('00 00 10 01'))));
    expect(ev[0]).toMatchObject({type: 'error', error: {code: 'name-too-large'}});
  });
});

describe('plain VNC input', () => {
  it('wheel = buttons 4/5/6/7 press and release, keeping held buttons', () => {
    const client = connected();
    client.sendPointer(10, 20, 1);
    out(client);
    client.sendWheel(10, 20, 1, 0);
    client.sendWheel(10, 20, -1, -1);
    client.sendWheel(10, 20, 0, 2);
    expect(out(client)).toEqual(
      concat(
        C.pointerEvent(0x09, 10, 20),
        C.pointerEvent(0x01, 10, 20),
        C.pointerEvent(0x11, 10, 20),
        C.pointerEvent(0x01, 10, 20),
        C.pointerEvent(0x21, 10, 20),
        C.pointerEvent(0x01, 10, 20),
        C.pointerEvent(0x41, 10, 20),
        C.pointerEvent(0x01, 10, 20),
        C.pointerEvent(0x41, 10, 20),
        C.pointerEvent(0x01, 10, 20),
      ),
    );
  });

  it('limits wheel steps per call', () => {
    const client = connected();
    client.sendWheel(0, 0, 1e9, 0);
    expect(out(client).length).toBe(16 * 2 * 6);
  });

  it('no VMware-only messages to a plain server', () => {
    const client = connected();
    expect(client.sendRelativePointer(1, 1, 0)).toBe(false);
    expect(client.sendLedState({numLock: true, capsLock: true, scrollLock: true})).toBe(false);
    expect(client.requestResolution(100, 100)).toBe(false);
    expect(client.drainOutgoing()).toBeUndefined();
  });

  it('keysyms from the caller or the US fallback table', () => {
    const client = connected();
    client.sendKey('KeyQ', true, 0x51);
    client.sendKey('Enter', true);
    client.sendKey('F12', true);
    client.sendKey('Numpad7', true);
    client.sendKey('Digit0', true);
    expect(out(client)).toEqual(
      concat(
        C.keyEvent(true, 0x51),
        C.keyEvent(true, 0xff0d),
        C.keyEvent(true, 0xffc9),
        C.keyEvent(true, 0xffb7),
        C.keyEvent(true, 0x30),
      ),
    );
    client.sendScancode(0x1e, true); // no keysym, no VScan path: nothing to send
    expect(client.drainOutgoing()).toBeUndefined();
  });

  it('ClientCutText is Latin-1 with ? for other characters, capped', () => {
    const client = connected({flavor: 'vnc', maxCutTextBytes: 4});
    client.sendClientCutText('café✓x');
    expect(out(client)).toEqual(C.clientCutText([0x63, 0x61, 0x66, 0xe9]));
  });

  it('requestUpdate sends a full-screen FBUR', () => {
    const client = connected();
    client.requestUpdate(true);
    client.requestUpdate(false);
    expect(out(client)).toEqual(concat(C.fbur(1, 0, 0, 64, 48), C.fbur(0, 0, 0, 64, 48)));
  });
});

describe('the vnc 3.8 fixture', () => {
  it('runs end to end with the password and decodes its pixels', () => {
    const o = feed({flavor: 'vnc'}, [vnc38AuthStream()], {password: 'secret'});
    expect(o.events.map((e) => e.type)).toEqual([
      'credentials-required',
      'connected',
      'capabilities',
      'capabilities',
      'leds',
      'name',
      'update',
      'clipboard',
      'resize',
      'update',
      'update',
      'capabilities', // EndOfContinuousUpdates: continuous updates on
      'capabilities', // the Fence request: fence on
    ]);
    expect(o.events).toContainEqual({type: 'clipboard', text: 'café'});
    expect(o.sink.pixel(19, 13)).toEqual([19 * 8, 13 * 10, 19 + 13, 255]);
    expect(o.state).toBe('normal');
  });
});
