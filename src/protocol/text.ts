/**
 * Text helpers for server strings and ClientCutText, without TextDecoder
 * (the ES2023 lib the DOM-free core compiles against does not declare it).
 * Server text is data: callers put it in events, never in markup (B10).
 */

// String.fromCharCode takes its arguments on the stack; chunk to stay safe.
const CHUNK = 4096;

function fromCodeUnits(units: ArrayLike<number>, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += CHUNK) {
    const end = Math.min(length, i + CHUNK);
    const part: number[] = new Array<number>(end - i);
    for (let j = i; j < end; j++) part[j - i] = units[j]!;
    out += String.fromCharCode(...part);
  }
  return out;
}

/** Decodes Latin-1 (ISO 8859-1): one byte, one code point. */
export function decodeLatin1(bytes: Uint8Array): string {
  return fromCodeUnits(bytes, bytes.length);
}

/**
 * Strict UTF-8 decode (no overlongs, no surrogates, nothing above U+10FFFF,
 * no truncated sequences). Returns undefined for invalid input, like a
 * `fatal: true` TextDecoder.
 */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  const units = new Uint16Array(bytes.length); // UTF-16 never needs more units than UTF-8 bytes
  let n = 0;
  let i = 0;
  const len = bytes.length;
  while (i < len) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      units[n++] = b0;
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      return undefined;
    }
    if (i + need >= len) return undefined; // truncated sequence
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k]!;
      if ((b & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units[n++] = 0xd800 | (v >> 10);
      units[n++] = 0xdc00 | (v & 0x3ff);
    } else {
      units[n++] = cp;
    }
    i += need + 1;
  }
  return fromCodeUnits(units, n);
}

/** UTF-8 if the bytes are valid UTF-8, else Latin-1 (§5.7: wmks assumes UTF-8; RFC 6143 says Latin-1). */
export function decodeUtf8OrLatin1(bytes: Uint8Array): string {
  return decodeUtf8Strict(bytes) ?? decodeLatin1(bytes);
}

/** Encodes a string as UTF-8 (lone surrogates become U+FFFD). */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000)
      out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 0x3f),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      );
  }
  return Uint8Array.from(out);
}

/** Encodes Latin-1; characters outside it become '?' (RFC 6143 §7.5.6 ClientCutText). */
export function encodeLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c <= 0xff ? c : 0x3f;
  }
  return out;
}

/**
 * Removes C0/C1 control characters, DEL and bidi overrides from a short
 * display string (desktop name, failure reason), then trims it. QEMU's
 * failure reason, for one, ends in a NUL.
 */
export function sanitizeDisplayText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
    const bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    if (!control && !bidi) out += text[i];
  }
  return out.trim();
}
