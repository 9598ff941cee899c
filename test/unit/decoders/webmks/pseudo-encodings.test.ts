import {describe, expect, it} from 'vitest';
import {DesktopNameDecoder} from '../../../../src/decoders/desktop-name.js';
import {DesktopSizeDecoder} from '../../../../src/decoders/desktop-size.js';
import {ExtendedDesktopSizeDecoder} from '../../../../src/decoders/extended-desktop-size.js';
import {QemuLedStateDecoder} from '../../../../src/decoders/qemu-led-state.js';
import {VmwCursorPositionDecoder} from '../../../../src/decoders/vmware-pseudo-cursor-position.js';
import {VmwCursorStateDecoder} from '../../../../src/decoders/vmware-pseudo-cursor-state.js';
import {VmwFrameStampDecoder} from '../../../../src/decoders/vmware-pseudo-frame-stamp.js';
import {VmwLedStateDecoder} from '../../../../src/decoders/vmware-pseudo-led-state.js';
import {VmwTypematicDecoder} from '../../../../src/decoders/vmware-pseudo-typematic.js';
import {r, runDecoder, runDecoderBothWays} from '../../helpers/decoder-harness.js';
import * as S from '../../helpers/server-wire.js';
import {utf8} from '../../helpers/server-wire.js';

describe('VMware pseudo-encodings', () => {
  it('VMWCursorState: bit 0 = visible, and marks the server as VMware', () => {
    for (const [flags, visible] of [
      [0x0001, true],
      [0x0003, true],
      [0x0006, false],
      [0x0000, false],
    ] as const) {
      const {sink, calls} = runDecoderBothWays(
        () => new VmwCursorStateDecoder(),
        r(0, 0, 0, 0, 0x574d5665),
        S.u16Payload(flags),
      );
      expect(sink.ops).toEqual([{op: 'cursor-visible', visible}]);
      expect(calls).toEqual([['vmware']]);
    }
  });

  it('VMWCursorPosition: no payload, x/y reported', () => {
    const {events} = runDecoderBothWays(
      () => new VmwCursorPositionDecoder(),
      r(123, 456, 0, 0, 0x574d5666),
      new Uint8Array(0),
    );
    expect(events).toEqual([{type: 'cursor-position', x: 123, y: 456}]);
  });

  it('VMWTypematicInfo: U16 state, U32 period, U32 delay', () => {
    const {events} = runDecoderBothWays(
      () => new VmwTypematicDecoder(),
      r(0, 0, 0, 0, 0x574d5667),
      S.typematicPayload(1, 33333, 500000),
    );
    expect(events).toEqual([
      {type: 'typematic', clientRepeat: true, periodUs: 33333, delayUs: 500000},
    ]);
  });

  it('VMWLEDState: raw U32 mask, bit 0 scroll, 1 num, 2 caps (§12.15)', () => {
    const leds = (mask: number): unknown =>
      runDecoderBothWays(
        () => new VmwLedStateDecoder(),
        r(0, 0, 0, 0, 0x574d5668),
        S.u32Payload(mask),
      ).events[0];
    expect(leds(1)).toEqual({type: 'leds', scrollLock: true, numLock: false, capsLock: false});
    expect(leds(2)).toEqual({type: 'leds', scrollLock: false, numLock: true, capsLock: false});
    expect(leds(0xfffffffc)).toEqual({
      type: 'leds',
      scrollLock: false,
      numLock: false,
      capsLock: true,
    });
  });

  it('VMWFrameStamp: two U32, kept', () => {
    const decoder = new VmwFrameStampDecoder();
    const {events, sink} = runDecoder(
      decoder,
      r(0, 0, 0, 0, 0x574d567c),
      S.frameStampPayload(0xdeadbeef, 7),
    );
    expect(events).toEqual([]);
    expect(sink.ops).toEqual([]);
    expect(decoder.lastStamp).toEqual([0xdeadbeef, 7]);
  });
});

describe('session-state pseudo-encodings', () => {
  it('DesktopSize asks the session to resize to the rectangle size', () => {
    const {calls} = runDecoderBothWays(
      () => new DesktopSizeDecoder(),
      r(0, 0, 1280, 720, -223),
      new Uint8Array(0),
    );
    expect(calls).toEqual([['resize', 1280, 720]]);
  });

  it('ExtendedDesktopSize parses screens, then resizes', () => {
    const screens = [
      {id: 1, x: 0, y: 0, w: 800, h: 600, flags: 0},
      {id: 2, x: 800, y: 0, w: 1024, h: 768, flags: 3},
    ];
    const {calls} = runDecoderBothWays(
      () => new ExtendedDesktopSizeDecoder(),
      r(0, 0, 1824, 768, -308),
      S.extDesktopSizePayload(screens),
    );
    expect(calls).toEqual([
      [
        'screens',
        [
          {id: 1, x: 0, y: 0, width: 800, height: 600, flags: 0},
          {id: 2, x: 800, y: 0, width: 1024, height: 768, flags: 3},
        ],
      ],
      ['resize', 1824, 768],
    ]);
    const none = runDecoder(
      new ExtendedDesktopSizeDecoder(),
      r(0, 0, 8, 8, -308),
      S.extDesktopSizePayload([]),
    );
    expect(none.calls).toEqual([
      ['screens', []],
      ['resize', 8, 8],
    ]);
  });

  it('DesktopName: UTF-8, sanitised, capped at 4 KiB', () => {
    const {calls} = runDecoderBothWays(
      () => new DesktopNameDecoder(),
      r(0, 0, 0, 0, -307),
      S.desktopNamePayload(utf8(' vm\u0000 ✓ ')),
    );
    expect(calls).toEqual([['name', 'vm ✓']]);
    runDecoder(
      new DesktopNameDecoder(),
      r(0, 0, 0, 0, -307),
      S.desktopNamePayload(new Uint8Array(4096).fill(0x41)),
    );
    expect(() =>
      runDecoder(new DesktopNameDecoder(), r(0, 0, 0, 0, -307), S.u32Payload(4097)),
    ).toThrow(expect.objectContaining({code: 'name-too-large'}));
    expect(() =>
      runDecoder(new DesktopNameDecoder(), r(0, 0, 0, 0, -307), S.u32Payload(0xffffffff)),
    ).toThrow(expect.objectContaining({code: 'name-too-large'}));
  });

  it('QEMU LED state: one U8, same bits as VMWLEDState', () => {
    const {events} = runDecoderBothWays(
      () => new QemuLedStateDecoder(),
      r(0, 0, 0, 0, -261),
      Uint8Array.of(0b011),
    );
    expect(events).toEqual([{type: 'leds', scrollLock: true, numLock: true, capsLock: false}]);
  });
});
