/**
 * Strict parser of client-to-server messages in the normal phase
 * (shared/webmks-protocol.md §4.1, §4.2, §8.4). Every message has an exact
 * length; a wrong length, an unknown type or an unknown sub-type is an
 * error and the session is closed (profile choice, §8.4).
 */
import {qemuKeycodeToVscan} from '../guest/keyboard.js';
import {CLIENT_MSG} from '../wire/constants.js';
import type {DisplayRect, InputRecord, ScreenRecord} from './input-records.js';

export type ParseResult =
  | {kind: 'more'}
  | {kind: 'ok'; length: number; record: InputRecord}
  | {kind: 'error'; message: string};

/** Longest ClientCutText the mock accepts (wmks never sends one, §5.7). */
export const MAX_CUT_TEXT = 1 << 20;

/** Exact total lengths of VMware client messages (§4.2); 10 is variable. */
const VMW_LENGTHS: Record<number, number> = {
  0: 8,
  1: 24,
  2: 19,
  3: 8,
  4: 8,
  5: 8,
  6: 10,
  7: 12,
  11: 14,
  12: 8,
  15: 8,
  16: 7,
};

const MORE: ParseResult = {kind: 'more'};
const fail = (message: string): ParseResult => ({kind: 'error', message});
const ok = (length: number, record: InputRecord): ParseResult => ({kind: 'ok', length, record});

function decodeCutText(bytes: Uint8Array): string {
  // RFB says Latin-1; VMware uses UTF-8 (§3.1). Valid UTF-8 is read as UTF-8.
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    return String.fromCharCode(...bytes);
  }
}

/** Parses one message at `buf[0…]`. */
export function parseClientMessage(buf: Uint8Array): ParseResult {
  if (buf.length < 1) return MORE;
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const need = (n: number) => buf.length >= n;
  switch (buf[0]) {
    case CLIENT_MSG.setPixelFormat: {
      if (!need(20)) return MORE;
      // Recorded and ignored: ESXi keeps its own format (profile §8.4).
      return ok(20, {
        type: 'pixel-format',
        bitsPerPixel: v.getUint8(4),
        depth: v.getUint8(5),
        bigEndian: v.getUint8(6),
        trueColour: v.getUint8(7),
        redMax: v.getUint16(8),
        greenMax: v.getUint16(10),
        blueMax: v.getUint16(12),
        redShift: v.getUint8(14),
        greenShift: v.getUint8(15),
        blueShift: v.getUint8(16),
      });
    }
    case CLIENT_MSG.setEncodings: {
      if (!need(4)) return MORE;
      const n = v.getUint16(2);
      if (!need(4 + 4 * n)) return MORE;
      const list: number[] = [];
      for (let i = 0; i < n; i++) list.push(v.getInt32(4 + 4 * i));
      return ok(4 + 4 * n, {type: 'encodings', list});
    }
    case CLIENT_MSG.framebufferUpdateRequest:
      if (!need(10)) return MORE;
      return ok(10, {
        type: 'update-request',
        incremental: v.getUint8(1),
        x: v.getUint16(2),
        y: v.getUint16(4),
        width: v.getUint16(6),
        height: v.getUint16(8),
      });
    case CLIENT_MSG.keyEvent:
      if (!need(8)) return MORE;
      return ok(8, {
        type: 'key',
        source: 'keysym',
        keysym: v.getUint32(4),
        down: v.getUint8(1) !== 0,
      });
    case CLIENT_MSG.pointerEvent:
      if (!need(6)) return MORE;
      return ok(6, {type: 'pointer', buttons: v.getUint8(1), x: v.getUint16(2), y: v.getUint16(4)});
    case CLIENT_MSG.clientCutText: {
      if (!need(8)) return MORE;
      const len = v.getUint32(4);
      if (len > MAX_CUT_TEXT) return fail(`ClientCutText length ${len} exceeds ${MAX_CUT_TEXT}`);
      if (!need(8 + len)) return MORE;
      return ok(8 + len, {
        type: 'cut-text',
        length: len,
        text: decodeCutText(buf.subarray(8, 8 + len)),
      });
    }
    case CLIENT_MSG.vmware:
      return parseVmware(buf, v);
    case CLIENT_MSG.setDesktopSize: {
      if (!need(8)) return MORE;
      const n = v.getUint8(6);
      if (!need(8 + 16 * n)) return MORE;
      const screens: ScreenRecord[] = [];
      for (let i = 0; i < n; i++) {
        const o = 8 + 16 * i;
        screens.push({
          id: v.getUint32(o),
          x: v.getUint16(o + 4),
          y: v.getUint16(o + 6),
          width: v.getUint16(o + 8),
          height: v.getUint16(o + 10),
          flags: v.getUint32(o + 12),
        });
      }
      return ok(8 + 16 * n, {
        type: 'set-desktop-size',
        width: v.getUint16(2),
        height: v.getUint16(4),
        screens,
      });
    }
    case CLIENT_MSG.qemu: {
      if (!need(2)) return MORE;
      if (buf[1] !== 0) return fail(`unknown QEMU client message sub-type ${buf[1]}`);
      if (!need(12)) return MORE;
      const keycode = v.getUint32(8);
      return ok(12, {
        type: 'key',
        source: 'qemu',
        down: v.getUint16(2) !== 0,
        keysym: v.getUint32(4),
        keycode,
        scancode: qemuKeycodeToVscan(keycode),
      });
    }
    default:
      return fail(`unknown client message type ${buf[0]}`);
  }
}

function parseVmware(buf: Uint8Array, v: DataView): ParseResult {
  if (buf.length < 4) return MORE;
  const sub = v.getUint8(1);
  const len = v.getUint16(2);
  if (sub > 16) return fail(`unknown VMware client message sub-type ${sub}`);
  if (sub === 10) {
    if (len < 6 || (len - 6) % 20 !== 0) return fail(`127/10 with length ${len}`);
  } else if (VMW_LENGTHS[sub] !== undefined) {
    if (len !== VMW_LENGTHS[sub]) {
      return fail(`127/${sub} with length ${len}, expected ${VMW_LENGTHS[sub]}`);
    }
  } else if (len < 4) {
    return fail(`127/${sub} with length ${len}`);
  }
  if (buf.length < len) return MORE;
  switch (sub) {
    case 0:
      return ok(len, {
        type: 'key',
        source: 'vscan',
        scancode: v.getUint16(4),
        down: v.getUint8(6) !== 0,
      });
    case 1:
      return ok(len, {type: 'grab', a: v.getInt32(4), b: v.getInt32(8), flags: v.getUint16(22)});
    case 2: {
      const absolute = v.getUint8(4) !== 0;
      const x = v.getInt32(5);
      const y = v.getInt32(9);
      const buttons = v.getUint32(13);
      const deltaY = v.getInt8(17);
      const deltaX = v.getInt8(18);
      if (deltaY !== 0 || deltaX !== 0) {
        return ok(len, {type: 'wheel', x, y, buttons, deltaY, deltaX, absolute});
      }
      return ok(len, {type: 'pointer2', absolute, x, y, buttons});
    }
    case 3:
      return ok(len, {type: 'client-caps', caps: v.getUint32(4)});
    case 4:
      return ok(len, {type: 'ack', id: v.getUint8(4), renderTime: v.getUint16(6)});
    case 5:
      return ok(len, {type: 'resolution', width: v.getUint16(4), height: v.getUint16(6)});
    case 6:
      return ok(len, {
        type: 'key2',
        key: v.getUint32(4),
        down: v.getUint8(8) !== 0,
        raw: v.getUint8(9) !== 0,
      });
    case 7:
      return ok(len, {
        type: 'audio-ack',
        timestampLow: v.getUint32(4),
        timestampHigh: v.getUint32(8),
      });
    case 10: {
      const n = v.getUint16(4);
      if (len !== 6 + 20 * n) return fail(`127/10 announces ${n} displays in ${len} bytes`);
      const displays: DisplayRect[] = [];
      for (let i = 0; i < n; i++) {
        const o = 6 + 20 * i;
        displays.push({
          left: v.getInt32(o),
          top: v.getInt32(o + 4),
          width: v.getUint32(o + 8),
          height: v.getUint32(o + 12),
          flags: v.getUint32(o + 16),
        });
      }
      return ok(len, {type: 'topology', displays});
    }
    case 11:
      return ok(len, {
        type: 'update-cache-info',
        flags: v.getUint32(4),
        maxEntries: v.getUint16(8),
        maxSizeKB: v.getUint32(10),
      });
    case 12:
      return ok(len, {type: 'session-close', reason: v.getUint32(4)});
    case 15:
      return ok(len, {type: 'stream-state', flags: v.getUint32(4)});
    case 16:
      return ok(len, {
        type: 'leds',
        numLock: v.getUint8(4) !== 0,
        capsLock: v.getUint8(5) !== 0,
        scrollLock: v.getUint8(6) !== 0,
      });
    default:
      // 8, 9, 13, 14: not seen in any wmks build (§4.2); skipped by their length.
      return ok(len, {type: 'vmware', subtype: sub, length: len});
  }
}
