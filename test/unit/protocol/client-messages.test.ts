import {describe, expect, it} from 'vitest';
import * as M from '../../../src/protocol/client-messages.js';
import {CANVAS_PIXEL_FORMAT, VMWARE_PIXEL_FORMAT} from '../../../src/protocol/pixel-format.js';
import * as V from '../../../src/protocol/vmware/client-messages.js';
import * as C from '../helpers/client-wire.js';
import {hex} from '../helpers/server-wire.js';

describe('standard client messages (RFC 6143 §7.5)', () => {
  it('ProtocolVersion, security choice, ClientInit', () => {
    expect(M.protocolVersion(8)).toEqual(hex('52 46 42 20 30 30 33 2e 30 30 38 0a'));
    expect(M.protocolVersion(3)).toEqual(hex('52 46 42 20 30 30 33 2e 30 30 33 0a'));
    expect(M.singleByte(2)).toEqual(hex('02'));
  });

  it('SetPixelFormat writes booleans as exactly 0/1', () => {
    expect(M.setPixelFormat(CANVAS_PIXEL_FORMAT)).toEqual(C.SET_PIXEL_FORMAT_CANVAS);
    expect(M.setPixelFormat({...VMWARE_PIXEL_FORMAT, bigEndian: true})).toEqual(
      hex('00 000000  20 18 01 01  00ff 00ff 00ff  10 08 00  000000'),
    );
  });

  it('SetEncodings with negative and VMware numbers', () => {
    expect(M.setEncodings([1, -260, 0x574d5664, -23])).toEqual(
      hex('02 00 00 04  00000001 fffffefc 574d5664 ffffffe9'),
    );
    expect(M.setEncodings([])).toEqual(hex('02 00 00 00'));
  });

  it('FramebufferUpdateRequest (§5.1 vector)', () => {
    expect(M.framebufferUpdateRequest(0, 0, 0, 1032, 774)).toEqual(
      hex('03 00 00 00 00 00 04 08 03 06'),
    );
    expect(M.framebufferUpdateRequest(250, 1, 2, 3, 4)).toEqual(C.fbur(250, 1, 2, 3, 4));
  });

  it('KeyEvent, PointerEvent, ClientCutText', () => {
    expect(M.keyEvent(true, 0xff0d)).toEqual(hex('04 01 0000 0000ff0d'));
    expect(M.keyEvent(false, 0x1008ff2b)).toEqual(hex('04 00 0000 1008ff2b'));
    expect(M.pointerEvent(0x05, 640, 480)).toEqual(hex('05 05 0280 01e0'));
    expect(M.clientCutText(Uint8Array.of(0x68, 0x69))).toEqual(hex('06 000000 00000002 68 69'));
  });

  it('SetDesktopSize (251) and QEMU extended key event (255/0)', () => {
    expect(
      M.setDesktopSize(1280, 720, [{id: 1, x: 0, y: 0, width: 1280, height: 720, flags: 0}]),
    ).toEqual(hex('fb 00 0500 02d0 01 00  00000001 0000 0000 0500 02d0 00000000'));
    expect(M.qemuExtendedKeyEvent(true, 0x61, 0x1e)).toEqual(hex('ff 00 0001 00000061 0000001e'));
  });
});

describe('VMware client messages (§4.2 vectors)', () => {
  it('127/0 VScan key', () => {
    expect(V.vscanKeyEvent(0x22, true)).toEqual(hex('7f 00 00 08 00 22 01 00'));
    expect(V.vscanKeyEvent(0x22, false)).toEqual(hex('7f 00 00 08 00 22 00 00'));
    expect(V.vscanKeyEvent(0x153, true)).toEqual(hex('7f 00 00 08 01 53 01 00'));
  });

  it('127/2 wheel and relative pointer', () => {
    expect(V.pointerEvent2(true, 100, 200, 0, 1, 0)).toEqual(
      hex('7f 02 00 13 01 00 00 00 64 00 00 00 c8 00 00 00 00 01 00'),
    );
    expect(V.pointerEvent2(false, -5, 3, 1, 0, 0)).toEqual(
      hex('7f 02 00 13 00 ff ff ff fb 00 00 00 03 00 00 00 01 00 00'),
    );
    expect(V.pointerEvent2(true, 1, 2, 0, -1, 1)).toEqual(C.pointer2(1, 1, 2, 0, -1, 1));
  });

  it('127/3 ClientCaps, 127/4 UpdateAck, 127/5 RequestResolution2, 127/16 LED sync', () => {
    expect(V.clientCaps(0x5000)).toEqual(hex('7f 03 00 08 00 00 50 00'));
    expect(V.updateAck(3, 4)).toEqual(hex('7f 04 00 08 03 00 00 3c'));
    expect(V.updateAck(255, 0)).toEqual(C.updateAck(255, 20));
    expect(V.updateAck(1, 1e9)).toEqual(C.updateAck(1, 0xffff));
    expect(V.updateAck(1, Number.NaN)).toEqual(C.updateAck(1, 20));
    expect(V.requestResolution2(1280, 720)).toEqual(hex('7f 05 00 08 05 00 02 d0'));
    expect(V.keyboardLedState(true, false, false)).toEqual(hex('7f 10 00 07 01 00 00'));
    expect(V.keyboardLedState(false, true, true)).toEqual(C.ledSync(0, 1, 1));
  });
});
