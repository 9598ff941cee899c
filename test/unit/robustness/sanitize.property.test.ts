/**
 * Issue 8 "Sanitizing" and "Secrets" as properties of sanitizeText, which every
 * reason and desktop name passes through before it reaches an event or the
 * status line: whatever the server sends, the result is one line of at most
 * 200 characters, with no control or bidi-override characters, no lone
 * surrogate halves created by the cut, and none of the session's secrets.
 * Markup stays inert text (the element renders it with text bindings only).
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
  MAX_REASON_CHARS,
  redactKnownSecrets,
  sanitizeText,
  secretsOfUrl,
} from '../../../src/session/sanitize.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Ticket-like secrets: URL-safe, as vSphere (hex), Nova (uuid) and Cloud Director issue them. */
const secretArb = fc.stringMatching(/^[A-Za-z0-9._~-]{4,40}$/);

/** Hostile text: payload fragments, controls, bidi marks, astral characters and the secret. */
function hostileText(secret: string): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        fc.string({unit: 'grapheme', maxLength: 12}),
        fc.string({unit: 'binary', maxLength: 12}),
        fc.constantFrom(
          '<img src=x onerror=alert(1)>',
          '</style><script>alert(1)</script>',
          '\u202Egnp.exe',
          '\u2066\u2067\u2068\u2069',
          '\r\n\t\u0000\u001b[31m',
          '😀',
          '\uD83D', // a lone high surrogate
          `wss://esx/ticket/${secret}`,
          `?token=${secret}&x=1`,
          secret,
          secret.slice(0, 2),
        ),
      ),
      {maxLength: 30},
    )
    .map((parts) => parts.join(''));
}

describe('sanitizeText on hostile text (fast-check)', () => {
  it('one bounded line, no control or bidi characters, never the secret (5,000 cases)', () => {
    fc.assert(
      fc.property(
        secretArb.chain((s) => fc.tuple(fc.constant(s), hostileText(s))),
        ([secret, text]) => {
          const out = sanitizeText(text, [secret]);
          expect(Array.from(out).length).toBeLessThanOrEqual(MAX_REASON_CHARS);
          expect(out).not.toMatch(UNSAFE);
          expect(out).not.toMatch(/\s{2,}|^\s|\s$/);
          expect(out).not.toContain(secret);
        },
      ),
      {numRuns: 5000},
    );
  });

  it('the secrets of a ticket URL never survive, in raw or percent-decoded form', () => {
    fc.assert(
      fc.property(secretArb, fc.string({maxLength: 40}), (ticket, noise) => {
        const url = `wss://esx.test/ticket/${encodeURIComponent(ticket)}`;
        const secrets = secretsOfUrl(url);
        const out = sanitizeText(`${noise} ${url} ${noise} ${ticket}`, secrets);
        expect(out).not.toContain(ticket);
        expect(out).not.toContain(encodeURIComponent(ticket));
      }),
      {numRuns: 2000},
    );
  });

  it('never splits a surrogate pair when it cuts', () => {
    fc.assert(
      fc.property(fc.string({unit: 'grapheme', minLength: 150, maxLength: 400}), (text) => {
        const out = sanitizeText(text);
        // Only surrogates that were already unpaired in the input may remain.
        const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
        if (!lone.test(text)) expect(out).not.toMatch(lone);
      }),
      {numRuns: 1000},
    );
  });

  it('a 1 MB reason costs one bounded result', () => {
    const big = '<img src=x onerror=alert(1)>\u202E'.repeat(40000); // ~1.2 MB
    const t0 = performance.now();
    const out = sanitizeText(big, ['abcdef']);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(Array.from(out)).toHaveLength(MAX_REASON_CHARS);
    expect(out.startsWith('<img src=x onerror=alert(1)> <img')).toBe(true);
  });

  it('redactKnownSecrets keeps everything else byte for byte (clipboard text)', () => {
    fc.assert(
      fc.property(secretArb, fc.string({unit: 'binary', maxLength: 200}), (secret, text) => {
        fc.pre(!text.includes(secret) && !text.includes('***'));
        expect(redactKnownSecrets(text, [secret])).toBe(text);
        expect(redactKnownSecrets(`${text}${secret}${text}`, [secret])).toBe(`${text}***${text}`);
      }),
      {numRuns: 2000},
    );
  });
});
