/**
 * A small headless RFB 3.8 client in Node, used only to drive a server
 * while scripts/record.ts records the session. It is deliberately neither
 * our client nor noVNC: it advertises exactly the encodings the benchmark
 * wants in the stream (what both clients decode), sends the pixel format
 * both clients send (32 bpp, depth 24, little-endian, R,G,B,X: red shift 0),
 * and answers every FramebufferUpdate with one incremental request, so the
 * recording has the plain request/response rhythm the replay paces on.
 *
 * It parses server messages only far enough to find where each one ends
 * (lengths, never pixels), for the encodings it can advertise.
 */
import {WebSocket, type RawData} from 'ws';

/** Encoding numbers (RFC 6143 §7.7, rfbproto, webmks-protocol.md §3.3). */
export const ENC = {
  raw: 0,
  copyRect: 1,
  tight: 7,
  tightPng: -260,
  desktopSize: -223,
  lastRect: -224,
  cursor: -239,
  desktopName: -307,
  extendedDesktopSize: -308,
  qemuExtendedKey: -258,
  qemuLed: -261,
  vmwDefineCursor: 0x574d5664,
  /** Quality level n is -32 + n. */
  quality0: -32,
  /** Compression level n is -256 + n. */
  compress0: -256,
} as const;

const ENCODING_NAMES = new Map<number, string>([
  [ENC.raw, 'Raw'],
  [ENC.copyRect, 'CopyRect'],
  [ENC.tight, 'Tight'],
  [ENC.tightPng, 'TightPNG'],
  [ENC.desktopSize, 'DesktopSize'],
  [ENC.lastRect, 'LastRect'],
  [ENC.cursor, 'Cursor'],
  [ENC.desktopName, 'DesktopName'],
  [ENC.extendedDesktopSize, 'ExtendedDesktopSize'],
  [ENC.qemuExtendedKey, 'QEMUExtendedKeyEvent'],
  [ENC.qemuLed, 'QEMULEDState'],
  [ENC.vmwDefineCursor, 'VMWDefineCursor'],
]);

/** 32 bpp, depth 24, little-endian, true colour, max 255, shifts R 0, G 8, B 16. */
export const CLIENT_PIXEL_FORMAT = Uint8Array.from([
  32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0,
]);

export function setPixelFormat(): Uint8Array {
  const m = new Uint8Array(20);
  m[0] = 0;
  m.set(CLIENT_PIXEL_FORMAT, 4);
  return m;
}

export function setEncodings(list: readonly number[]): Uint8Array {
  const m = new Uint8Array(4 + 4 * list.length);
  const v = new DataView(m.buffer);
  m[0] = 2;
  v.setUint16(2, list.length);
  list.forEach((e, i) => v.setInt32(4 + 4 * i, e));
  return m;
}

export function updateRequest(incremental: boolean, w: number, h: number): Uint8Array {
  const m = new Uint8Array(10);
  const v = new DataView(m.buffer);
  m[0] = 3;
  m[1] = incremental ? 1 : 0;
  v.setUint16(6, w);
  v.setUint16(8, h);
  return m;
}

class NeedMore extends Error {}

/** A cursor over the receive buffer that throws NeedMore past the end. */
class Cursor {
  pos: number;
  constructor(
    private readonly buf: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new NeedMore();
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }
  s32(): number {
    return this.u32() | 0;
  }
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
  /** Tight compact length (1–3 bytes). */
  compact(): number {
    let b = this.u8();
    let len = b & 0x7f;
    if (b & 0x80) {
      b = this.u8();
      len |= (b & 0x7f) << 7;
      if (b & 0x80) len |= this.u8() << 14;
    }
    return len;
  }
}

export interface DriveStats {
  width: number;
  height: number;
  name: string;
  updates: number;
  rects: Record<string, number>;
  /** Tight/TightPNG sub-types: fill, jpeg, png, basic-copy, basic-palette, basic-gradient. */
  tight: Record<string, number>;
  serverBytes: number;
  durationMs: number;
}

export interface DriveOptions {
  url: string;
  protocols?: string[];
  /** The SetEncodings list sent after ServerInit. */
  encodings: readonly number[];
  /** Stop (close 1000) after this many FramebufferUpdates. */
  updates: number;
  /** Give up (close) after this long even if fewer updates came. */
  maxMs: number;
  /**
   * Called after each update, before the next request: may return messages
   * to send first (a new SetEncodings, input) and may wait (pacing).
   */
  onUpdate?: (n: number, stats: DriveStats) => Promise<Uint8Array[] | void> | Uint8Array[] | void;
  /** Minimum gap between an update and the next request, ms (default 0). */
  requestGapMs?: number;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const count = (bag: Record<string, number>, key: string) => {
  bag[key] = (bag[key] ?? 0) + 1;
};

function merge(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

const tightBody = (
  c: Cursor,
  w: number,
  h: number,
  png: boolean,
  tight: Record<string, number>,
) => {
  const ctl = c.u8();
  const kind = ctl >> 4;
  if (kind === 8) {
    c.skip(3);
    count(tight, 'fill');
    return;
  }
  if (kind === 9 || (png && kind === 10)) {
    c.skip(c.compact());
    count(tight, kind === 9 ? 'jpeg' : 'png');
    return;
  }
  if (kind > 7 || png) throw new Error(`driver: Tight control byte 0x${ctl.toString(16)}`);
  let filter = 0;
  if (ctl & 0x40) filter = c.u8();
  let len: number;
  if (filter === 1) {
    const colors = c.u8() + 1;
    c.skip(colors * 3);
    len = colors === 2 ? ((w + 7) >> 3) * h : w * h;
    count(tight, 'basic-palette');
  } else if (filter === 0 || filter === 2) {
    len = w * h * 3;
    count(tight, filter === 0 ? 'basic-copy' : 'basic-gradient');
  } else {
    throw new Error(`driver: Tight filter ${filter}`);
  }
  if (len < 12) c.skip(len);
  else c.skip(c.compact());
};

/**
 * Parses one whole server message at `start` of `buf`; returns its end, or
 * throws NeedMore if it is not all there. Counts its rectangles into
 * `stats` only once the message is complete: a message split across
 * WebSocket frames is parsed again from its start when more bytes come.
 */
export function readServerMessage(
  buf: Uint8Array,
  start: number,
  stats: DriveStats,
): {end: number; update: boolean} {
  const c = new Cursor(buf, start);
  const type = c.u8();
  switch (type) {
    case 0: {
      c.skip(1);
      let n = c.u16();
      const rects: Record<string, number> = {};
      const tight: Record<string, number> = {};
      let size: [number, number] | undefined;
      while (n-- > 0) {
        const x = c.u16();
        const y = c.u16();
        const w = c.u16();
        const h = c.u16();
        const enc = c.s32();
        void x;
        void y;
        count(rects, ENCODING_NAMES.get(enc) ?? `enc ${enc}`);
        if (enc === ENC.lastRect) break;
        switch (enc) {
          case ENC.raw:
            c.skip(w * h * 4);
            break;
          case ENC.copyRect:
            c.skip(4);
            break;
          case ENC.tight:
            tightBody(c, w, h, false, tight);
            break;
          case ENC.tightPng:
            tightBody(c, w, h, true, tight);
            break;
          case ENC.desktopSize:
            size = [w, h];
            break;
          case ENC.cursor:
            c.skip(w * h * 4 + ((w + 7) >> 3) * h);
            break;
          case ENC.vmwDefineCursor: {
            const kind = c.u8();
            c.skip(1);
            c.skip(kind === 0 ? 2 * w * h * 4 : w * h * 4);
            break;
          }
          case ENC.extendedDesktopSize: {
            const screens = c.u8();
            c.skip(3 + 16 * screens);
            size = [w, h];
            break;
          }
          case ENC.desktopName:
            c.skip(c.u32());
            break;
          case ENC.qemuExtendedKey:
            break;
          case ENC.qemuLed:
            c.skip(1);
            break;
          default:
            throw new Error(`driver: unexpected encoding ${enc} (not advertised)`);
        }
      }
      merge(stats.rects, rects);
      merge(stats.tight, tight);
      if (size) [stats.width, stats.height] = size;
      return {end: c.pos, update: true};
    }
    case 1: {
      c.skip(3);
      c.skip(c.u16() * 6);
      return {end: c.pos, update: false};
    }
    case 2:
      return {end: c.pos, update: false};
    case 3: {
      c.skip(3);
      const len = c.s32();
      if (len < 0) throw new Error('driver: extended clipboard was not advertised');
      c.skip(len);
      return {end: c.pos, update: false};
    }
    default:
      throw new Error(`driver: unexpected server message type ${type}`);
  }
}

/** Statistics before anything was received. */
export function emptyStats(): DriveStats {
  return {
    width: 0,
    height: 0,
    name: '',
    updates: 0,
    rects: {},
    tight: {},
    serverBytes: 0,
    durationMs: 0,
  };
}

/** Connects, handshakes (security None), and requests updates until done. */
export function driveSession(o: DriveOptions): Promise<DriveStats> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(o.url, o.protocols ?? [], {perMessageDeflate: false});
    ws.binaryType = 'nodebuffer';
    const started = performance.now();
    const stats = emptyStats();
    let buf = new Uint8Array(0);
    let phase: 'version' | 'security' | 'result' | 'init' | 'normal' = 'version';
    let busy = false;
    let closing = false;
    const timer = setTimeout(() => finish('time limit'), o.maxMs);

    const send = (m: Uint8Array) => ws.send(m);
    function finish(why: string): void {
      if (closing) return;
      closing = true;
      clearTimeout(timer);
      o.log?.(`driver: closing after ${stats.updates} updates (${why})`);
      ws.close(1000, 'done');
    }

    const handshake = (): void => {
      const c = new Cursor(buf, 0);
      switch (phase) {
        case 'version': {
          c.skip(12);
          const v = String.fromCharCode(...buf.subarray(0, 12));
          if (!v.startsWith('RFB 003.')) throw new Error(`driver: not RFB: ${JSON.stringify(v)}`);
          send(new TextEncoder().encode('RFB 003.008\n'));
          phase = 'security';
          break;
        }
        case 'security': {
          const n = c.u8();
          if (n === 0) throw new Error('driver: server refused (no security types)');
          c.skip(n);
          const types = [...buf.subarray(1, 1 + n)];
          if (!types.includes(1)) throw new Error(`driver: no security type None in ${types}`);
          send(Uint8Array.of(1));
          phase = 'result';
          break;
        }
        case 'result': {
          if (c.u32() !== 0) throw new Error('driver: security failed');
          send(Uint8Array.of(1)); // ClientInit, shared
          phase = 'init';
          break;
        }
        case 'init': {
          const w = c.u16();
          const h = c.u16();
          c.skip(16);
          const len = c.u32();
          c.skip(len);
          stats.width = w;
          stats.height = h;
          stats.name = new TextDecoder().decode(buf.subarray(24, 24 + len));
          send(setPixelFormat());
          send(setEncodings(o.encodings));
          send(updateRequest(false, w, h));
          phase = 'normal';
          break;
        }
        case 'normal':
          return;
      }
      buf = buf.subarray(c.pos);
    };

    let again = false;
    const pump = async (): Promise<void> => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        do {
          again = false;
          try {
            for (;;) {
              if (closing) return;
              if (phase !== 'normal') {
                handshake();
                continue;
              }
              if (buf.length === 0) break;
              const {end, update} = readServerMessage(buf, 0, stats);
              buf = buf.subarray(end);
              if (!update) continue;
              stats.updates++;
              if (stats.updates >= o.updates) {
                finish('enough updates');
                return;
              }
              const extra = await o.onUpdate?.(stats.updates, stats);
              if (o.requestGapMs) await sleep(o.requestGapMs);
              if (closing) return;
              for (const m of extra ?? []) send(m);
              send(updateRequest(true, stats.width, stats.height));
            }
          } catch (err) {
            if (!(err instanceof NeedMore)) throw err;
          }
        } while (again);
      } catch (err) {
        fail(err);
      } finally {
        busy = false;
      }
    };

    const fail = (err: unknown) => {
      if (closing) return;
      closing = true;
      clearTimeout(timer);
      ws.terminate();
      reject(err instanceof Error ? err : new Error(String(err)));
    };

    ws.on('message', (data: RawData) => {
      const chunk = data as Buffer;
      stats.serverBytes += chunk.length;
      const joined = new Uint8Array(buf.length + chunk.length);
      joined.set(buf);
      joined.set(chunk, buf.length);
      buf = joined;
      void pump();
    });
    ws.once('error', (err) => fail(err));
    ws.once('close', (code: number) => {
      clearTimeout(timer);
      stats.durationMs = Math.round(performance.now() - started);
      if (!closing) {
        reject(
          new Error(`driver: server closed the session (${code}) after ${stats.updates} updates`),
        );
        return;
      }
      resolve(stats);
    });
  });
}

/**
 * The statistics driveSession reports, recomputed from a recording's
 * server-to-client bytes (the whole stream, handshake included, security
 * None): what `record-sessions.ts --stats` writes next to each recording.
 */
export function streamStats(server: Uint8Array): DriveStats {
  const stats = emptyStats();
  stats.serverBytes = server.length;
  const c = new Cursor(server, 0);
  c.skip(12); // ProtocolVersion
  c.skip(c.u8()); // security types
  if (c.u32() !== 0) throw new Error('stats: security failed in the recording');
  stats.width = c.u16();
  stats.height = c.u16();
  c.skip(16);
  const nameLength = c.u32();
  stats.name = new TextDecoder().decode(server.subarray(c.pos, c.pos + nameLength));
  c.skip(nameLength);
  let at = c.pos;
  while (at < server.length) {
    const {end, update} = readServerMessage(server, at, stats);
    if (update) stats.updates++;
    at = end;
  }
  return stats;
}
