/**
 * Handshake parsing (RFC 6143 §7.1–7.3; webmks-protocol.md §2). Each reader
 * function peeks until the whole unit is buffered, then consumes it; it
 * returns undefined ("need more") without consuming anything otherwise.
 */
import type {ByteReader} from './byte-reader.js';
import {LIMITS, ProtocolError} from './errors.js';
import {type PixelFormat, validatePixelFormat} from './pixel-format.js';
import {decodeUtf8OrLatin1, sanitizeDisplayText} from './text.js';

/** Security types (RFC 6143 §7.2; §2.2). */
export const SECURITY_TYPE = {invalid: 0, none: 1, vncAuth: 2} as const;

export const VERSION_BYTES = 12;
const VERSION_RE = /^RFB (\d{3})\.(\d{3})\n$/;

/** What the first 12 bytes say (§2.1: decide by content, not frame length). */
export type StartDetection =
  {mode: 'handshake'; minor: 3 | 7 | 8; server: string} | {mode: 'server-init'};

/**
 * Mode A if the bytes are `RFB xxx.yyy\n`, else mode B (a ServerInit would
 * need width 0x5246 to start with "RF"). Versions map as noVNC and RFC 6143
 * §7.1.1 do: 3.3–3.6 -> 3.3, 3.7 -> 3.7, 3.8 and later 3.x (Apple's 3.889),
 * 4.x and 5.x -> 3.8.
 */
export function detectStart(first12: Uint8Array): StartDetection {
  let text = '';
  for (const b of first12) text += String.fromCharCode(b);
  if (text.startsWith('connect info')) {
    throw new ProtocolError(
      'unsupported-version',
      'vCloud Director proxy pre-handshake (connect info vmx) is not supported',
    );
  }
  if (!text.startsWith('RFB ')) return {mode: 'server-init'};
  const m = VERSION_RE.exec(text);
  if (!m) throw new ProtocolError('bad-version', 'malformed RFB ProtocolVersion');
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const server = `${major}.${minor}`;
  if (major === 3 && minor >= 3 && minor <= 6) return {mode: 'handshake', minor: 3, server};
  if (major === 3 && minor === 7) return {mode: 'handshake', minor: 7, server};
  if ((major === 3 && minor >= 8) || major === 4 || major === 5) {
    return {mode: 'handshake', minor: 8, server};
  }
  throw new ProtocolError('unsupported-version', `server speaks RFB ${server}`);
}

/**
 * Reads a `U32 length, text` reason at `offset` (after `offset` header bytes)
 * and consumes header and reason. The length is capped; an over-long reason
 * is not waited for: it yields a placeholder so the caller can fail at once.
 */
export function readReason(reader: ByteReader, offset: number): string | undefined {
  if (!reader.has(offset + 4)) return undefined;
  const length = reader.peekU32(offset);
  if (length > LIMITS.reasonBytes) {
    reader.clear();
    return `(reason of ${length} bytes not shown)`;
  }
  if (!reader.has(offset + 4 + length)) return undefined;
  reader.discard(offset + 4);
  return sanitizeDisplayText(decodeUtf8OrLatin1(reader.bytes(length)));
}

/** RFB 3.7/3.8 security type list: `U8 n, n × U8`, or n = 0 and a reason. */
export type SecurityTypes = {types: number[]} | {failure: string};

export function readSecurityTypes(reader: ByteReader): SecurityTypes | undefined {
  if (!reader.has(1)) return undefined;
  const n = reader.peekU8();
  if (n === 0) {
    const failure = readReason(reader, 1);
    return failure === undefined ? undefined : {failure};
  }
  if (!reader.has(1 + n)) return undefined;
  reader.discard(1);
  return {types: Array.from(reader.bytes(n))};
}

export interface ServerInit {
  width: number;
  height: number;
  pixelFormat: PixelFormat;
  name: string;
}

/** Reads PIXEL_FORMAT (16 bytes) at `offset` without consuming. */
export function peekPixelFormat(reader: ByteReader, offset: number): PixelFormat {
  return {
    bitsPerPixel: reader.peekU8(offset),
    depth: reader.peekU8(offset + 1),
    bigEndian: reader.peekU8(offset + 2) !== 0,
    trueColour: reader.peekU8(offset + 3) !== 0,
    redMax: reader.peekU16(offset + 4),
    greenMax: reader.peekU16(offset + 6),
    blueMax: reader.peekU16(offset + 8),
    redShift: reader.peekU8(offset + 10),
    greenShift: reader.peekU8(offset + 11),
    blueShift: reader.peekU8(offset + 12),
  };
}

/**
 * ServerInit (§2.3): size, PIXEL_FORMAT, `U32 name-length`, name. Size,
 * format and name length are checked as soon as the 24-byte header is in,
 * before waiting for the name.
 */
export function readServerInit(reader: ByteReader, maxSide: number): ServerInit | undefined {
  if (!reader.has(24)) return undefined;
  const width = reader.peekU16(0);
  const height = reader.peekU16(2);
  checkFramebufferSize(width, height, maxSide);
  const pixelFormat = peekPixelFormat(reader, 4);
  validatePixelFormat(pixelFormat);
  const nameLength = reader.peekU32(20);
  if (nameLength > LIMITS.nameBytes) {
    throw new ProtocolError('name-too-large', `desktop name of ${nameLength} bytes`);
  }
  if (!reader.has(24 + nameLength)) return undefined;
  reader.discard(24);
  const name = sanitizeDisplayText(decodeUtf8OrLatin1(reader.bytes(nameLength)));
  return {width, height, pixelFormat, name};
}

/** Framebuffer sides are at most `maxSide` (robustness.md B4). */
export function checkFramebufferSize(width: number, height: number, maxSide: number): void {
  if (width > maxSide || height > maxSide) {
    throw new ProtocolError(
      'framebuffer-too-large',
      `framebuffer ${width}x${height} exceeds ${maxSide}x${maxSide}`,
    );
  }
}
