/**
 * Turns untrusted or secret-adjacent text into something safe to put in an
 * event detail or a status line (robustness.md B10, issue 8 "Secrets").
 *
 * Server text (close reasons, desktop names) is data, never markup: the
 * element renders it only through text bindings. Here we also strip control
 * and bidi-override characters, cap the length, and blank out every secret the
 * session knows about (the ticket or token of the URL it connected to).
 */
import {redactSecrets} from '../util/log.js';

/** Longest reason a `webmks-disconnect` event carries. */
export const MAX_REASON_CHARS = 200;

// C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks that
// can make a status line lie about its content (Trojan Source style).
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Secrets shorter than this are not searched for: they would blank out ordinary words. */
const MIN_SECRET_CHARS = 4;

/**
 * Plain, single-line, bounded text: control characters become spaces, runs of
 * spaces collapse, every known secret becomes `***`, and the result has at
 * most `maxChars` characters (never splitting a surrogate pair).
 */
export function sanitizeText(
  text: string,
  secrets: readonly string[] = [],
  maxChars = MAX_REASON_CHARS,
): string {
  let out = redactKnownSecrets(String(text).replace(UNSAFE_CHARS, ' '), secrets);
  out = redactSecrets(out).replace(/\s+/g, ' ').trim();
  const chars = Array.from(out);
  if (chars.length > maxChars) out = chars.slice(0, maxChars - 1).join('') + '…';
  return out;
}

/**
 * Blanks out every known secret (and nothing else): for text that must stay
 * as it is, like the guest's clipboard, yet may not repeat the ticket. A
 * hostile server could echo the ticket in cut text; the page would then hand
 * it to whatever logs or syncs the clipboard event.
 */
export function redactKnownSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_CHARS) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * The secret parts of a console URL: the `/ticket/<T>` path segment, any
 * `token`/`ticket`/`password`-like query value, and URL user info. Both the raw
 * and the percent-decoded forms are returned, since either may be echoed.
 */
export function secretsOfUrl(url: string): string[] {
  const found = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value) return;
    found.add(value);
    try {
      found.add(decodeURIComponent(value));
    } catch {
      /* not percent-encoded */
    }
  };
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed) {
    // Unparseable: fall back to the regex forms of redactSecrets.
    for (const m of url.matchAll(/\/ticket\/([^/?#\s]+)/gi)) add(m[1]);
    return [...found];
  }
  add(parsed.username);
  add(parsed.password);
  const segments = parsed.pathname.split('/');
  segments.forEach((seg, i) => {
    if (seg.toLowerCase() === 'ticket') add(segments[i + 1]);
  });
  for (const [key, value] of parsed.searchParams) {
    if (/^(token|ticket|password|pass|pwd|mksticket)$/i.test(key)) add(value);
  }
  return [...found].filter((s) => s.length >= MIN_SECRET_CHARS);
}
