import {describe, expect, it} from 'vitest';
import {ByteReader} from '../../../src/protocol/byte-reader.js';
import {ProtocolError} from '../../../src/protocol/errors.js';

describe('ByteReader', () => {
  it('reads big-endian values across pushes', () => {
    const r = new ByteReader(1024);
    r.push(Uint8Array.of(1, 2));
    expect(r.has(4)).toBe(false);
    r.push(Uint8Array.of(3, 4, 0xff));
    expect(r.u32()).toBe(0x01020304);
    expect(r.u8()).toBe(0xff);
    expect(r.available).toBe(0);
  });

  it('grows for a big message and gives the memory back once it is consumed', () => {
    const r = new ByteReader(8 * 1024 * 1024);
    expect(r.capacity).toBe(64 * 1024);
    const big = new Uint8Array(1024 * 1024).map((_, i) => i & 255);
    r.push(big.subarray(0, 600_000));
    r.push(big.subarray(600_000));
    expect(r.capacity).toBeGreaterThanOrEqual(1024 * 1024);
    // Partly consumed: the rest must survive the next push (no shrink yet).
    expect([...r.bytes(1000).subarray(998)]).toEqual([998 & 255, 999 & 255]);
    r.push(Uint8Array.of(7));
    expect(r.capacity).toBeGreaterThanOrEqual(1024 * 1024);
    const rest = r.bytes(1024 * 1024 - 1000);
    expect(rest[0]).toBe(1000 & 255);
    expect(r.u8()).toBe(7);
    // All consumed: the next small push lands in a fresh 64 KiB buffer.
    r.push(Uint8Array.of(9, 8));
    expect(r.capacity).toBe(64 * 1024);
    expect(r.u16()).toBe(0x0908);
  });

  it('refuses to grow past its cap', () => {
    const r = new ByteReader(100);
    r.push(new Uint8Array(60));
    expect(() => r.push(new Uint8Array(41))).toThrow(ProtocolError);
  });
});
