/**
 * Text helpers for server strings and ClientCutText. Server text is data:
 * callers put it in events, never in markup (B10).
 */

// TextDecoder and TextEncoder are globals in every browser and in Node, but
// the ES lib the DOM-free core compiles against does not declare them.
declare const TextDecoder: new (
  label: 'utf-8',
  options: {fatal: boolean; ignoreBOM: boolean},
) => {decode(bytes: Uint8Array): string};
declare const TextEncoder: new () => {encode(text: string): Uint8Array};

// String.fromCharCode takes its arguments on the stack; chunk to stay safe.
const CHUNK = 4096;

/** Decodes Latin-1 (ISO 8859-1): one byte, one code point. */
export function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}

// fatal: invalid input (overlongs, surrogates, > U+10FFFF, truncated
// sequences) throws instead of becoming U+FFFD; ignoreBOM: a BOM is text.
const utf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});

/** Strict UTF-8 decode; undefined for invalid input. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** UTF-8 if the bytes are valid UTF-8, else Latin-1 (§5.7: wmks assumes UTF-8; RFC 6143 says Latin-1). */
export function decodeUtf8OrLatin1(bytes: Uint8Array): string {
  return decodeUtf8Strict(bytes) ?? decodeLatin1(bytes);
}

/** Encodes a string as UTF-8 (lone surrogates become U+FFFD). */
export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
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
