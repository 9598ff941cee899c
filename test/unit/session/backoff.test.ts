import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
  backoffDelay,
  backoffWindow,
  DEFAULT_RECONNECT_POLICY,
  normalizePolicy,
  seededRandom,
} from '../../../src/session/backoff.js';

describe('reconnect backoff', () => {
  it('has the issue 8 defaults', () => {
    expect(DEFAULT_RECONNECT_POLICY).toMatchObject({
      baseMs: 1000,
      factor: 2,
      capMs: 30000,
      maxAttempts: 6,
    });
  });

  it('doubles the window from 1 s and caps it at 30 s', () => {
    const windows = [1, 2, 3, 4, 5, 6, 7, 20, 2000].map((n) =>
      backoffWindow(n, DEFAULT_RECONNECT_POLICY),
    );
    expect(windows).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('is full jitter: random() scales the whole window', () => {
    const p = DEFAULT_RECONNECT_POLICY;
    expect(backoffDelay(3, p, () => 0)).toBe(0);
    expect(backoffDelay(3, p, () => 0.5)).toBe(2000);
    expect(backoffDelay(3, p, () => 0.999999)).toBe(3999);
  });

  it('stays within [0, window) for any random value and attempt', () => {
    fc.assert(
      fc.property(fc.integer({min: -5, max: 5000}), fc.double({noNaN: false}), (n, r) => {
        const d = backoffDelay(n, DEFAULT_RECONNECT_POLICY, () => r);
        return Number.isInteger(d) && d >= 0 && d <= backoffWindow(n, DEFAULT_RECONNECT_POLICY);
      }),
    );
  });

  it('normalizes nonsense policies', () => {
    expect(normalizePolicy({baseMs: -1, factor: 0.5, capMs: Number.NaN, maxAttempts: 2.7})).toEqual(
      {baseMs: 0, factor: 1, capMs: 30000, maxAttempts: 2, resetAfterMs: 60000},
    );
  });

  it('seededRandom is reproducible and uniform enough', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({length: 1000}, () => a());
    expect(xs).toEqual(Array.from({length: 1000}, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('spreads 100 simultaneous drops so no 100 ms window holds more than 25 first retries', () => {
    const random = seededRandom(2024);
    const delays = Array.from({length: 100}, () =>
      backoffDelay(1, DEFAULT_RECONNECT_POLICY, random),
    );
    delays.sort((x, y) => x - y);
    let peak = 0;
    for (let i = 0; i < delays.length; i++) {
      let j = i;
      while (j < delays.length && delays[j]! < delays[i]! + 100) j++;
      peak = Math.max(peak, j - i);
    }
    expect(peak).toBeLessThanOrEqual(25);
  });
});
