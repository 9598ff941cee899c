import {afterEach, describe, expect, it} from 'vitest';
import {FflateInflater, createInflaterFactory} from '../../../../src/decoders/inflate.js';
import {TestDeflater, bytes, noise, zlibOnce} from './support/encoders.js';
import {errorCode} from './support/feed.js';

const deflaters: TestDeflater[] = [];
function deflater(level = 6): TestDeflater {
  const d = new TestDeflater(level);
  deflaters.push(d);
  return d;
}
afterEach(() => {
  for (const d of deflaters.splice(0)) d.close();
});

/** 3·n pseudo-random bytes. */
function text(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n * 3);
  noise(n, seed).forEach((c, i) => out.set(c, i * 3));
  return out;
}

describe('FflateInflater', () => {
  it('returns exactly the expected bytes of a sync-flushed zlib stream', () => {
    const data = text(3000, 1);
    const out = new FflateInflater().inflate(zlibOnce(data), data.length);
    expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
  });

  it('keeps the dictionary across calls (one stream, several rectangles)', async () => {
    const z = deflater();
    const a = text(500, 7);
    const inflater = createInflaterFactory()();
    for (let i = 0; i < 4; i++) {
      // The same content again: later chunks are back-references into earlier output.
      const chunk = await z.push(a);
      if (i > 0) expect(chunk.length).toBeLessThan(40);
      expect(Array.from(inflater.inflate(chunk, a.length))).toEqual(Array.from(a));
    }
  });

  it('accepts the zlib header split across calls', async () => {
    const z = deflater();
    const data = text(100, 3);
    const chunk = await z.push(data);
    const inflater = new FflateInflater();
    expect(inflater.inflate(chunk.subarray(0, 1), 0).length).toBe(0);
    expect(Array.from(inflater.inflate(chunk.subarray(1), data.length))).toEqual(Array.from(data));
  });

  it('reset() drops the stream: the next data starts a new zlib stream', async () => {
    const z = deflater();
    const inflater = new FflateInflater();
    const a = text(200, 1);
    inflater.inflate(await z.push(a), a.length);
    const b = text(200, 2);
    const fresh = zlibOnce(b);
    inflater.reset();
    expect(Array.from(inflater.inflate(fresh, b.length))).toEqual(Array.from(b));
    // Without reset, a second stream header in the middle is garbage.
    const again = new FflateInflater();
    again.inflate(zlibOnce(a), a.length);
    expect(errorCode(() => again.inflate(zlibOnce(b), b.length))).toBe('zlib-error');
  });

  it('fails when the data yields fewer or more bytes than expected', () => {
    const data = text(100, 1);
    expect(errorCode(() => new FflateInflater().inflate(zlibOnce(data), data.length + 1))).toBe(
      'zlib-error',
    );
    expect(errorCode(() => new FflateInflater().inflate(zlibOnce(data), data.length - 1))).toBe(
      'zlib-error',
    );
  });

  it('fails on corrupt data: bad header, preset dictionary, bad block type', () => {
    expect(errorCode(() => new FflateInflater().inflate(bytes(0x78, 0x00, 0, 0), 1))).toBe(
      'zlib-error',
    );
    expect(errorCode(() => new FflateInflater().inflate(bytes(0x78, 0xbb, 0, 0, 0, 0), 1))).toBe(
      'zlib-error',
    );
    expect(errorCode(() => new FflateInflater().inflate(bytes(0x78, 0x9c, 0x07, 0, 0), 1))).toBe(
      'zlib-error',
    );
  });

  it('inflateUpTo returns what the input yields, up to the budget', async () => {
    const z = deflater();
    const inflater = new FflateInflater();
    const a = text(300, 5);
    expect(Array.from(inflater.inflateUpTo(await z.push(a), 10_000))).toEqual(Array.from(a));
    const b = text(300, 6);
    expect(errorCode(() => inflater.inflateUpTo(zlibOnce(b), 299))).toBe('zlib-error');
  });

  it('inflates large data fed in budget-sized slices correctly', () => {
    const data = text(400_000, 9); // 1.2 MB, barely compressible
    const z = zlibOnce(data, 1);
    const t0 = performance.now();
    const out = new FflateInflater().inflate(z, data.length);
    const ms = performance.now() - t0;
    expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
    expect(ms).toBeLessThan(1000);
  });

  it('stops a zlib bomb at the budget: 64 MiB of zeros for a 768-byte rectangle', () => {
    const bomb = zlibOnce(new Uint8Array(64 * 1024 * 1024), 9);
    expect(bomb.length).toBeLessThan(100_000);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    expect(errorCode(() => new FflateInflater().inflate(bomb, 16 * 16 * 3))).toBe('zlib-error');
    const ms = performance.now() - t0;
    // One slice of at most 2 KiB input yields at most ~2 MiB before the check refuses it
    // (fflate's buffers for that slice add a few MiB more); the 64 MiB never exist.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    expect(ms).toBeLessThan(100);
  });
});
