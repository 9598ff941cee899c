import {describe, expect, it} from 'vitest';
import {
  protocolVersion,
  securityResultFailed,
  serverInit,
} from '../../../mock-server/wire/handshake.js';
import {
  framebufferUpdate,
  serverCutText,
  vmwHeartbeat,
  vmwServerCaps,
  vmwSessionClose,
} from '../../../mock-server/wire/messages.js';
import {crc32, encodePngRgb} from '../../../mock-server/wire/png.js';
import {
  compactLength,
  copyRect,
  desktopSize,
  rawRect,
  tightFill,
  tightImage,
  vmwCursorState,
  vmwLedState,
  vmwTypematicInfo,
} from '../../../mock-server/wire/rects.js';
import {decodePng} from './helpers/png-decode.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('mock-server/wire byte builders', () => {
  it('builds the handshake messages', () => {
    expect(hex(protocolVersion())).toBe('524642203030332e3030380a');
    expect(hex(securityResultFailed('no'))).toBe('00000001' + '00000002' + '6e6f');
    expect(hex(serverInit(1032, 774, 'ab'))).toBe(
      '0408030620180001' + '00ff00ff00ff100800000000' + '00000002' + '6162',
    );
  });

  it('encodes Tight compact lengths (§3.3.3)', () => {
    expect(hex(compactLength(0))).toBe('00');
    expect(hex(compactLength(127))).toBe('7f');
    expect(hex(compactLength(128))).toBe('8001');
    expect(hex(compactLength(10000))).toBe('904e');
    expect(hex(compactLength(16383))).toBe('ff7f');
    expect(hex(compactLength(16384))).toBe('808001');
    expect(hex(compactLength(4194303))).toBe('ffffff');
    expect(() => compactLength(4194304)).toThrow(RangeError);
  });

  it('builds rectangles with the §3.3 layouts', () => {
    expect(hex(rawRect(1, 2, 1, 1, Uint8Array.of(0x98, 0x4e, 0, 0)))).toBe(
      '0001000200010001' + '00000000' + '984e0000',
    );
    expect(hex(copyRect(0, 0, 8, 16, 0, 16))).toBe('0000000000080010' + '00000001' + '00000010');
    expect(hex(tightFill(0, 0, 2, 2, 1, 2, 3))).toBe('0000000000020002' + 'fffffefc' + '80010203');
    expect(hex(tightImage(0, 0, 1, 1, 'jpeg', Uint8Array.of(0xff, 0xd8)))).toBe(
      '0000000000010001' + 'fffffefc' + '9002ffd8',
    );
    expect(hex(desktopSize(800, 600))).toBe('0000000003200258' + 'ffffff21');
    expect(hex(vmwCursorState(3))).toBe('0000000000000000' + '574d5665' + '0003');
    expect(hex(vmwLedState(5))).toBe('0000000000000000' + '574d5668' + '00000005');
    expect(hex(vmwTypematicInfo(1, 33333, 500000))).toBe(
      '0000000000000000' + '574d5667' + '0001' + '00008235' + '0007a120',
    );
  });

  it('builds server messages', () => {
    expect(hex(framebufferUpdate(7, [desktopSize(1, 1)]))).toBe(
      '00070001' + '0000000000010001ffffff21',
    );
    expect(hex(vmwServerCaps(0xbf))).toBe('7f000008000000bf');
    expect(hex(vmwHeartbeat(1))).toBe('7f0400060001');
    expect(hex(vmwSessionClose(23))).toBe('7f07000800000017');
    expect(hex(serverCutText('é'))).toBe('03000000' + '00000002' + 'c3a9');
  });

  it('computes the PNG CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes PNGs that decode to the same pixels', () => {
    const w = 37;
    const h = 11;
    const rgb = new Uint8Array(w * h * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 7919) & 0xff;
    const png = encodePngRgb(w, h, rgb);
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([w, h]);
    for (let p = 0; p < w * h; p++) {
      expect([...img.rgba.subarray(p * 4, p * 4 + 4)]).toEqual([
        rgb[p * 3],
        rgb[p * 3 + 1],
        rgb[p * 3 + 2],
        255,
      ]);
    }
  });
});
