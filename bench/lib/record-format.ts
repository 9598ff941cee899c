/**
 * websockify's `--record` file format, byte for byte as websockify 0.10
 * writes it (websockify/websockifyserver.py, send_frames/recv_frames), so
 * noVNC's own player (tests/playback-ui.js + tests/playback.js) reads our
 * recordings and we read theirs:
 *
 *   var VNC_frame_data = [
 *   '{<ms>{<payload>',      server -> client frame, <ms> since the connection started
 *   '}<ms>}<payload>',      client -> server frame
 *   'EOF'];
 *
 * <payload> is the WebSocket message's bytes as Latin-1 text passed through
 * Python's `unicode_escape` (\\, \t, \n, \r, printable ASCII as is, every
 * other byte as \xNN) with `'` then escaped as `\'`. noVNC's player tells
 * this "binary" encoding from the older base64 one by the first server
 * frame not starting with "UkZC" (base64 of "RFB").
 *
 * We store the file gzip-compressed (`.js.gz`); gunzip it to play it in noVNC.
 */

export interface RecordedFrame {
  /** true for client -> server ('}'), false for server -> client ('{'). */
  fromClient: boolean;
  /** Milliseconds since the connection started. */
  timestamp: number;
  data: Uint8Array;
}

export const RECORD_HEADER = 'var VNC_frame_data = [\n';
export const RECORD_TRAILER = "'EOF'];\n";

const HEX = '0123456789abcdef';

/** Python `bytes.decode('latin1').encode('unicode_escape')`, then `'` -> `\'`. */
export function escapePayload(bytes: Uint8Array): string {
  let out = '';
  let run = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    let piece: string;
    if (b === 0x5c) piece = '\\\\';
    else if (b === 0x09) piece = '\\t';
    else if (b === 0x0a) piece = '\\n';
    else if (b === 0x0d) piece = '\\r';
    else if (b === 0x27) piece = "\\'";
    else if (b >= 0x20 && b < 0x7f) piece = String.fromCharCode(b);
    else piece = '\\x' + HEX[b >> 4] + HEX[b & 15];
    run += piece;
    // Flush in pieces: one huge string concatenation per byte is quadratic-ish in some engines.
    if (run.length > 8192) {
      out += run;
      run = '';
    }
  }
  return out + run;
}

/** One line of the file for one frame (with the trailing comma and newline). */
export function formatFrame(frame: RecordedFrame): string {
  const mark = frame.fromClient ? '}' : '{';
  return `'${mark}${Math.max(0, Math.round(frame.timestamp))}${mark}${escapePayload(frame.data)}',\n`;
}

/** A whole recording as websockify writes it. */
export function formatRecording(frames: readonly RecordedFrame[]): string {
  return RECORD_HEADER + frames.map(formatFrame).join('') + RECORD_TRAILER;
}

/** Decodes the JS string literal body `s` (without quotes) to Latin-1 bytes. */
function unescapeLiteral(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x5c) {
      if (c > 0xff) throw new Error(`recording: character U+${c.toString(16)} is not a byte`);
      out[n++] = c;
      continue;
    }
    const e = s[++i];
    switch (e) {
      case 'x':
        out[n++] = parseInt(s.slice(i + 1, i + 3), 16);
        i += 2;
        break;
      case 'u': {
        const v = parseInt(s.slice(i + 1, i + 5), 16);
        if (v > 0xff) throw new Error(`recording: \\u${v.toString(16)} is not a byte`);
        out[n++] = v;
        i += 4;
        break;
      }
      case 'n':
        out[n++] = 0x0a;
        break;
      case 't':
        out[n++] = 0x09;
        break;
      case 'r':
        out[n++] = 0x0d;
        break;
      case 'b':
        out[n++] = 0x08;
        break;
      case 'f':
        out[n++] = 0x0c;
        break;
      case 'v':
        out[n++] = 0x0b;
        break;
      case '0':
        out[n++] = 0;
        break;
      case undefined:
        throw new Error('recording: dangling backslash');
      default:
        // \\, \', \" and any other escaped character stand for themselves.
        out[n++] = e.charCodeAt(0);
    }
  }
  return out.slice(0, n);
}

function base64ToBytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'base64'));
}

/**
 * Parses a websockify recording (binary or the older base64 payloads, the
 * same test noVNC's player applies). Reads string literals in order, stops at
 * 'EOF'. Does not evaluate the file.
 */
export function parseRecording(text: string): RecordedFrame[] {
  const start = text.indexOf('[');
  if (start < 0 || !/VNC_frame_data/.test(text.slice(0, start))) {
    throw new Error('recording: no "var VNC_frame_data = [" header');
  }
  const literals: string[] = [];
  let i = start + 1;
  for (;;) {
    while (i < text.length && text[i] !== "'" && text[i] !== '"' && text[i] !== ']') i++;
    if (i >= text.length || text[i] === ']') break;
    const quote = text[i]!;
    let j = i + 1;
    while (j < text.length && text[j] !== quote) j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) throw new Error('recording: unterminated string');
    const body = text.slice(i + 1, j);
    i = j + 1;
    if (body === 'EOF') break;
    literals.push(body);
  }
  const firstServer = literals.find((l) => l[0] === '{');
  const base64 =
    firstServer !== undefined &&
    firstServer.slice(firstServer.indexOf('{', 1) + 1).startsWith('UkZC');
  const frames: RecordedFrame[] = [];
  for (const lit of literals) {
    const mark = lit[0];
    if (mark !== '{' && mark !== '}') throw new Error(`recording: frame starts with ${mark}`);
    const sep = lit.indexOf(mark, 1);
    if (sep < 0) throw new Error('recording: frame without a timestamp separator');
    const timestamp = Number(lit.slice(1, sep));
    const payload = lit.slice(sep + 1);
    frames.push({
      fromClient: mark === '}',
      timestamp,
      data: base64 ? base64ToBytes(payload) : unescapeLiteral(payload),
    });
  }
  return frames;
}
