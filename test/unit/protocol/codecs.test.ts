import {describe, expect, it} from 'vitest';
import {desEncryptBlock, vncAuthResponse} from '../../../src/protocol/des.js';
import {
  decodeLatin1,
  decodeUtf8OrLatin1,
  decodeUtf8Strict,
  encodeLatin1,
  encodeUtf8,
  sanitizeDisplayText,
} from '../../../src/protocol/text.js';
import {hex} from '../helpers/server-wire.js';

describe('DES (FIPS 46-3) and VNC Authentication', () => {
  it.each([
    ['133457799bbcdff1', '0123456789abcdef', '85e813540f0ab405'],
    ['0123456789abcdef', '4e6f772069732074', '3fa40e8a984d4815'], // "Now is t"
    ['ffffffffffffffff', 'ffffffffffffffff', '7359b2163e4edc58'],
    ['fedcba9876543210', '0123456789abcdef', 'ed39d950fa74bcc4'],
  ])('key %s encrypts %s to %s', (key, plain, cipher) => {
    expect(desEncryptBlock(hex(key), hex(plain))).toEqual(hex(cipher));
  });

  it('VNC response: bit-reversed password key, two ECB blocks (openssl-computed vectors)', () => {
    expect(vncAuthResponse('password', hex('000102030405060708090a0b0c0d0e0f'))).toEqual(
      hex('b866924125c8eebb9debc1db61c538e2'),
    );
    expect(vncAuthResponse('secret', hex('a1b2c3d4e5f60718293a4b5c6d7e8f90'))).toEqual(
      hex('3b1e1b66111402f97e495d489df8fd48'),
    );
    // Only 8 characters count.
    expect(vncAuthResponse('password-and-more', hex('000102030405060708090a0b0c0d0e0f'))).toEqual(
      hex('b866924125c8eebb9debc1db61c538e2'),
    );
  });
});

describe('text', () => {
  it('strict UTF-8 accepts all lengths and rejects malformed input', () => {
    expect(decodeUtf8Strict(hex('41 c3a9 e282ac f09f9880'))).toBe('Aé€😀');
    for (const bad of ['c0af', 'e080af', 'eda080', 'f4908080', 'f8', 'c3', 'e282', '80', 'c328']) {
      expect(decodeUtf8Strict(hex(bad)), bad).toBeUndefined();
    }
    expect(decodeUtf8OrLatin1(hex('e9'))).toBe('é');
    expect(decodeLatin1(hex('ff 00 41'))).toBe('\u00ff\u0000A');
  });

  it('decodes long strings', () => {
    const long = new Uint8Array(100_000).fill(0x62);
    expect(decodeUtf8Strict(long)).toBe('b'.repeat(100_000));
  });

  it('encodes UTF-8 and Latin-1', () => {
    expect(encodeUtf8('Aé€😀')).toEqual(hex('41 c3a9 e282ac f09f9880'));
    expect(encodeUtf8('\ud800x')).toEqual(hex('efbfbd 78'));
    expect(encodeLatin1('é€')).toEqual(hex('e9 3f'));
  });

  it('sanitises display strings', () => {
    expect(sanitizeDisplayText(' a\u0000b\u001b[31m\u202ec\u0085 ')).toBe('ab[31mc');
  });
});
