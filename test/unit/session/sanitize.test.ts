import {describe, expect, it} from 'vitest';
import {MAX_REASON_CHARS, sanitizeText, secretsOfUrl} from '../../../src/session/sanitize.js';

const T = 'canary-52d5e6f0-ticket';

describe('sanitizeText', () => {
  it('removes control and bidi characters and collapses whitespace', () => {
    expect(sanitizeText('bad\u0000\u0007 news\r\n\u202Eevil\u0085!')).toBe('bad news evil !');
  });

  it('caps the length at 200 characters without splitting a surrogate pair', () => {
    const out = sanitizeText('😀'.repeat(500));
    expect(Array.from(out)).toHaveLength(MAX_REASON_CHARS);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('blanks out known secrets and ticket-shaped substrings', () => {
    expect(sanitizeText(`ticket ${T} rejected`, [T])).toBe('ticket *** rejected');
    expect(sanitizeText(`GET wss://h/ticket/${T}?x`)).not.toContain(T);
    expect(sanitizeText(`ws://h/?token=${T}`)).not.toContain(T);
  });

  it('keeps markup as inert text', () => {
    expect(sanitizeText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('secretsOfUrl', () => {
  it('finds the ticket path segment (raw and decoded)', () => {
    expect(secretsOfUrl('wss://h/ticket/a%2Fb%3Fcdef')).toEqual(
      expect.arrayContaining(['a%2Fb%3Fcdef', 'a/b?cdef']),
    );
  });

  it('finds token query values and user info', () => {
    const s = secretsOfUrl(`ws://user:pa55word@h:6090/?token=${T}&x=1`);
    expect(s).toEqual(expect.arrayContaining([T, 'user', 'pa55word']));
    expect(s).not.toContain('1');
  });
});
