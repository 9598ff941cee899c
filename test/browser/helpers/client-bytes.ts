/**
 * Splits the bytes a client sent into RFB / WebMKS messages, so tests can
 * assert on key, pointer and wheel messages by their exact bytes. Written
 * from the spec (RFC 6143 §7.5, webmks-protocol.md §4), independent of
 * src/protocol. DOM-free.
 */

/** One client message with its raw bytes. */
export interface ClientMessage {
  /** 'version', 'security', 'client-init', 'set-encodings', 'fbur', 'key', 'pointer', 'cut-text', 'vmware', 'qemu', 'set-pixel-format', 'set-desktop-size'. */
  kind: string;
  /** For 'vmware': the 127 sub-type. */
  subtype?: number;
  bytes: Uint8Array;
}

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/** Hex rendering used in test assertions ("7f 00 00 08 …"). */
export function toHex(bytes: Uint8Array): string {
  return hex(bytes);
}

/**
 * Parses a mode-A client stream: 12-byte version, 1-byte security choice,
 * 1-byte ClientInit, then messages. With `handshake: false` (mode B) the
 * stream starts at the messages.
 */
export function parseClientStream(all: Uint8Array, handshake = true): ClientMessage[] {
  const out: ClientMessage[] = [];
  let at = 0;
  const take = (n: number, kind: string, subtype?: number) => {
    if (at + n > all.length) throw new Error(`truncated ${kind} at ${at}`);
    out.push({kind, ...(subtype !== undefined ? {subtype} : {}), bytes: all.slice(at, at + n)});
    at += n;
  };
  if (handshake) {
    take(12, 'version');
    if (at < all.length) take(1, 'security');
    if (at < all.length) take(1, 'client-init');
  }
  const u16 = (o: number) => (all[o]! << 8) | all[o + 1]!;
  const u32 = (o: number) =>
    ((all[o]! << 24) >>> 0) + (all[o + 1]! << 16) + (all[o + 2]! << 8) + all[o + 3]!;
  while (at < all.length) {
    const type = all[at]!;
    switch (type) {
      case 0:
        take(20, 'set-pixel-format');
        break;
      case 2:
        take(4 + 4 * u16(at + 2), 'set-encodings');
        break;
      case 3:
        take(10, 'fbur');
        break;
      case 4:
        take(8, 'key');
        break;
      case 5:
        take(6, 'pointer');
        break;
      case 6:
        take(8 + u32(at + 4), 'cut-text');
        break;
      case 251:
        take(8 + 16 * all[at + 6]!, 'set-desktop-size');
        break;
      case 255:
        take(12, 'qemu');
        break;
      case 127:
        take(u16(at + 2), 'vmware', all[at + 1]);
        break;
      default:
        throw new Error(`unknown client message type ${type} at ${at}`);
    }
  }
  return out;
}

/** VMware VScan key event bytes (127/0). */
export function vscanKey(vscan: number, down: boolean): string {
  return hex(Uint8Array.of(0x7f, 0, 0, 8, vscan >> 8, vscan & 0xff, down ? 1 : 0, 0));
}

/** RFB KeyEvent bytes (type 4). */
export function keyEvent(keysym: number, down: boolean): string {
  return hex(
    Uint8Array.of(
      4,
      down ? 1 : 0,
      0,
      0,
      keysym >>> 24,
      (keysym >> 16) & 0xff,
      (keysym >> 8) & 0xff,
      keysym & 0xff,
    ),
  );
}

/** RFB PointerEvent bytes (type 5). */
export function pointerEvent(mask: number, x: number, y: number): string {
  return hex(Uint8Array.of(5, mask, x >> 8, x & 0xff, y >> 8, y & 0xff));
}

/** VMware PointerEvent2 (127/2, length 19). */
export function pointerEvent2(
  absolute: boolean,
  x: number,
  y: number,
  buttons: number,
  wheelV: number,
  wheelH: number,
): string {
  const b = new Uint8Array(19);
  const v = new DataView(b.buffer);
  b[0] = 0x7f;
  b[1] = 2;
  v.setUint16(2, 19);
  b[4] = absolute ? 1 : 0;
  v.setInt32(5, x);
  v.setInt32(9, y);
  v.setUint32(13, buttons);
  v.setInt8(17, wheelV);
  v.setInt8(18, wheelH);
  return hex(b);
}
