/**
 * Recorded-style server streams used by the three-way feeding test, the
 * end()-at-every-offset test and as seeds for the mutation fuzzer. Built with
 * the independent wire builders only.
 */
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import * as S from './server-wire.js';
import {concat, ENC, hex, rect, utf8} from './server-wire.js';

export interface Fixture {
  name: string;
  options: RfbClientOptions;
  stream: Uint8Array;
  password?: string;
}

/** VMware's SDK test transcript (§5.1), server side, one message after another. */
export const ESXI_TRANSCRIPT = concat(
  hex('52 46 42 20 30 30 33 2e 30 30 38 0a'),
  hex('01 01'),
  hex('00 00 00 00'),
  hex('04 08 03 06 20 18 00 01 00 ff 00 ff 00 ff 10 08 00 00 00 00 00 00 00 26'),
  utf8('Windows XP Professional Without Domain'),
  hex('7f 00 00 08 00 00 00 bf'),
  hex('00 00 00 01  00 00 00 00 00 01 00 01 00 00 00 00  98 4e 00 00'),
);

const W = 24;
const H = 16;

function gradient(w: number, h: number): Array<[number, number, number]> {
  const px: Array<[number, number, number]> = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.push([x * 8, y * 10, (x + y) & 0xff]);
  return px;
}

/** An ESXi-like session exercising every WebMKS encoding and message. */
export function esxiFullStream(): Uint8Array {
  const jpeg1 = S.fakeJpeg(8, 8, 0x11);
  const jpeg2 = S.fakeJpeg(8, 8, 0x22);
  // DiffJPEG: copy the first 20 bytes of the previous JPEG, then the rest literally.
  const diff = concat(Uint8Array.of(0x01, 20), Uint8Array.of(0x03), jpeg2.subarray(20));
  return concat(
    S.VERSION_38,
    S.securityTypes(1),
    S.securityResult(0),
    S.serverInit(W, H, 'esxi vm', S.ESXI_PF),
    S.serverCaps(0x010000a2 | 0x08),
    S.fbu(
      7,
      rect(0, 0, W, H, ENC.raw, S.rawBgrx(gradient(W, H))),
      rect(
        2,
        3,
        2,
        2,
        ENC.vmwDefineCursor,
        S.vmwCursorAlpha([
          [255, 0, 0, 255],
          [0, 255, 0, 128],
          [0, 0, 255, 0],
          [9, 9, 9, 255],
        ]),
      ),
      rect(0, 0, 0, 0, ENC.vmwCursorState, S.u16Payload(3)),
      rect(0, 0, 0, 0, ENC.vmwLedState, S.u32Payload(0b101)),
      rect(0, 0, 0, 0, ENC.vmwTypematic, S.typematicPayload(1, 33333, 500000)),
      rect(4, 4, 8, 8, ENC.tightPng, S.tightPngFill(10, 20, 30)),
      rect(0, 8, 8, 8, ENC.tightPng, S.tightPngData(0x90, jpeg1)),
      rect(8, 8, 8, 8, ENC.tightPng, S.tightPngData(0xa3, S.fakePng(8, 8))),
      rect(16, 8, 8, 8, ENC.tightPng, S.tightPngData(0xb0, diff)),
      rect(16, 0, 4, 6, ENC.copyRect, S.copyRectPayload(14, 2)),
      rect(0, 0, 0, 0, ENC.vmwFrameStamp, S.frameStampPayload(1, 2)),
      rect(5, 6, 0, 0, ENC.vmwCursorPosition),
    ),
    S.heartbeat(30),
    S.bell(),
    S.serverCutText(utf8('grüße ✓')),
    S.reconnectToken(utf8('secret-token')),
    S.vmwareMessage(42, Uint8Array.of(1, 2, 3)),
    S.vmwareAudio(new Uint8Array(40).fill(7)),
    S.audioMixer(),
    S.fbu(8, rect(0, 0, 4, 4, ENC.tightPng, S.tightPngFill(1, 2, 3, 0x8f))),
    S.fbu(
      9,
      rect(0, 0, 40, 30, ENC.desktopSize),
      rect(0, 0, 40, 30, ENC.tightPng, S.tightPngFill(4, 5, 6)),
    ),
    S.sessionClose(23),
  );
}

/** Mode B: the stream starts at ServerInit (Nova / authd, §2.1). */
export function modeBStream(): Uint8Array {
  return concat(
    S.serverInit(16, 16, 'nova', S.ESXI_PF),
    S.serverCaps(0x20),
    S.fbu(
      1,
      rect(
        0,
        0,
        2,
        1,
        ENC.raw,
        S.rawBgrx([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    ),
    S.fbu(2, rect(1, 1, 4, 4, ENC.tightPng, S.tightPngFill(7, 8, 9))),
  );
}

/** A plain VNC 3.8 server (QEMU-like) with VNC Authentication and the community pseudo-encodings. */
export function vnc38AuthStream(): Uint8Array {
  return concat(
    S.version('003.008'),
    S.securityTypes(2),
    hex('a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    S.securityResult(0),
    S.serverInit(W, H, 'QEMU (vm1)', S.RGB565_PF),
    S.fbu(
      0,
      rect(
        0,
        0,
        W,
        H,
        ENC.extDesktopSize,
        S.extDesktopSizePayload([{id: 7, x: 0, y: 0, w: W, h: H, flags: 0}]),
      ),
      rect(0, 0, 0, 0, ENC.qemuExtKey),
      rect(0, 0, 0, 0, ENC.qemuLed, Uint8Array.of(0b010)),
      rect(0, 0, 0, 0, ENC.desktopName, S.desktopNamePayload(utf8('renamed ✓'))),
      rect(
        0,
        0,
        2,
        2,
        ENC.raw,
        S.rawRgbx([
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
          [10, 11, 12],
        ]),
      ),
      rect(0, 0, 0, 0, ENC.lastRect),
    ),
    S.colourMapEntries(0, 3),
    S.serverCutText(Uint8Array.of(0x63, 0x61, 0x66, 0xe9)), // "café" in Latin-1
    S.fbu(0, rect(0, 0, 20, 14, ENC.desktopSize)),
    S.fbu(0, rect(0, 0, 20, 14, ENC.raw, S.rawRgbx(gradient(20, 14)))),
    S.endOfContinuousUpdates(),
    S.fence(Uint8Array.of(1, 2, 3)),
  );
}

/** RFB 3.3, the server picks None (no SecurityResult in 3.3). */
export function vnc33NoneStream(): Uint8Array {
  return concat(
    S.version('003.003'),
    S.securityType33(1),
    S.serverInit(8, 8, 'tight 3.3', S.RGB565_PF),
    S.fbu(
      0,
      rect(
        0,
        0,
        2,
        2,
        ENC.raw,
        S.rawRgbx([
          [255, 0, 0],
          [0, 255, 0],
          [0, 0, 255],
          [1, 1, 1],
        ]),
      ),
    ),
  );
}

/** RFB 3.7 with None (no SecurityResult for None in 3.7). */
export function vnc37NoneStream(): Uint8Array {
  return concat(
    S.version('003.007'),
    S.securityTypes(1, 2),
    S.serverInit(8, 8, 'x11vnc', S.ESXI_PF),
    S.fbu(0, rect(0, 0, 1, 1, ENC.raw, S.rawBgrx([[9, 8, 7]]))),
  );
}

/** RFB 3.3 VNC Authentication (SecurityResult without a reason). */
export function vnc33AuthStream(): Uint8Array {
  return concat(
    S.version('003.003'),
    S.securityType33(2),
    hex('000102030405060708090a0b0c0d0e0f'),
    S.securityResult(0),
    S.serverInit(4, 4, 'old', S.ESXI_PF),
    S.fbu(0, rect(0, 0, 1, 1, ENC.raw, S.rawRgbx([[3, 2, 1]]))),
  );
}

/** RFB 3.8 VNC Authentication refused, QEMU style (reason ends in a NUL). */
export function vnc38AuthFailStream(): Uint8Array {
  return concat(
    S.version('003.008'),
    S.securityTypes(2),
    hex('a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    S.securityResult(1, utf8('Authentication failed\0')),
  );
}

export const FIXTURES: readonly Fixture[] = [
  {name: 'esxi §5.1 transcript', options: {flavor: 'vmware'}, stream: ESXI_TRANSCRIPT},
  {name: 'esxi full session', options: {flavor: 'vmware'}, stream: esxiFullStream()},
  {name: 'esxi full session via auto', options: {flavor: 'auto'}, stream: esxiFullStream()},
  {name: 'mode B', options: {}, stream: modeBStream()},
  {
    name: 'vnc 3.8 auth + pseudo-encodings',
    options: {flavor: 'vnc'},
    stream: vnc38AuthStream(),
    password: 'secret',
  },
  {name: 'vnc 3.3 none', options: {flavor: 'vnc'}, stream: vnc33NoneStream()},
  {name: 'vnc 3.7 none (auto)', options: {flavor: 'auto'}, stream: vnc37NoneStream()},
  {name: 'vnc 3.3 auth', options: {flavor: 'vnc', password: 'password'}, stream: vnc33AuthStream()},
  {
    name: 'vnc 3.8 auth failure',
    options: {flavor: 'vnc', password: 'wrong'},
    stream: vnc38AuthFailStream(),
  },
];
