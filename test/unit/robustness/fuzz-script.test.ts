/**
 * scripts/fuzz.ts (`npm run fuzz`): the default plan reaches 1,000,000 cases,
 * a run is reproducible from its seed, and a failure is reported with the
 * seed and path that replay it.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {FAMILIES, batchSeed, plan, runFuzz} from '../../../scripts/fuzz.js';

describe('npm run fuzz', () => {
  it('plans at least 1,000,000 cases by default, over every family', () => {
    const p = plan(1_000_000);
    const total = p.reduce((n, f) => n + f.runs.reduce((a, b) => a + b, 0), 0);
    expect(total).toBeGreaterThanOrEqual(1_000_000);
    expect(p.map((f) => f.family.name).sort()).toEqual(FAMILIES.map((f) => f.name).sort());
    expect(p.every((f) => f.runs.every((r) => r <= f.family.batch))).toBe(true);
  });

  it('derives the same batch seeds from the same run seed, and different ones otherwise', () => {
    expect(batchSeed(42, 'p3-random', 3)).toBe(batchSeed(42, 'p3-random', 3));
    expect(batchSeed(42, 'p3-random', 3)).not.toBe(batchSeed(43, 'p3-random', 3));
    expect(batchSeed(42, 'p3-random', 3)).not.toBe(batchSeed(42, 'p3-random', 4));
  });

  it('runs a small seeded plan of every family without failures', async () => {
    const lines: string[] = [];
    const r = await runFuzz({seed: 20260101, cases: 3500, log: (l) => lines.push(l)});
    expect(r.failures).toEqual([]);
    expect(r.cases).toBeGreaterThanOrEqual(3500);
    expect(Object.values(r.perFamily).every((n) => n > 0)).toBe(true);
    expect(lines.every((l) => /cases ok/.test(l))).toBe(true);
  });

  it('reports a failure with the seed and path that replay it', async () => {
    FAMILIES.push({
      name: 'planted-bug',
      weight: 1,
      batch: 1000,
      property: () =>
        fc.property(fc.nat(), (n) => {
          if (n > 50_000 && n % 7 === 3) throw new Error(`planted bug at ${n}`);
        }) as never,
    });
    try {
      const lines: string[] = [];
      const r = await runFuzz({
        seed: 5,
        cases: 1000,
        only: ['planted-bug'],
        log: (l) => lines.push(l),
      });
      expect(r.failures).toHaveLength(1);
      const f = r.failures[0]!;
      expect(f.seed).toBe(batchSeed(5, 'planted-bug', 0));
      expect(f.replay).toBe(`npm run fuzz -- --replay planted-bug:${f.seed}:${f.path}`);
      expect(f.error).toContain('planted bug at');
      expect(lines.join('\n')).toContain(`seed ${f.seed}, path "${f.path}"`);
      // The seed and path alone reproduce the same counterexample.
      const again = fc.check(
        fc.property(fc.nat(), (n) => !(n > 50_000 && n % 7 === 3)),
        {seed: f.seed, path: f.path, endOnFailure: true},
      );
      expect(again.failed).toBe(true);
      expect(fc.stringify(again.counterexample)).toBe(f.counterexample);
    } finally {
      FAMILIES.pop();
    }
  });
});
