/**
 * Property tests with fast-check over hostile server streams (robustness.md
 * §4.2): ≥ 20,000 cases per run in total. Seeds are random per run; a
 * failure prints the seed and path to replay it.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {feed} from '../helpers/feed.js';
import {
  LOCAL_MUTATIONS,
  boundaryChunks,
  boundaryShapeArb,
  chunkPoints,
  fixtureIndexArb,
  mutatedFixture,
  noiseArb,
  prefixNoiseChunks,
  startArb,
} from '../helpers/fuzz-cases.js';
import {START_OPTIONS, session} from '../helpers/fuzz-grammar.js';
import {cut, runHostileCase} from '../helpers/fuzz-oracle.js';

/** Case counts; the total is asserted below so nobody lowers one silently. */
const RUNS = {random: 8000, boundary: 10000, mutation: 5000, chunking: 1500} as const;

describe('hostile server streams (fast-check)', () => {
  it('runs at least 20,000 cases in total', () => {
    expect(Object.values(RUNS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20000);
  });

  it(`P3: random bytes after each valid prefix (${RUNS.random} cases)`, () => {
    fc.assert(
      fc.property(
        startArb,
        noiseArb,
        // Half the cases start the noise with a real message type, to get past the dispatcher.
        fc.option(fc.constantFrom(0, 1, 2, 3, 127, 150, 248), {nil: undefined}),
        fc.nat(),
        chunkPoints,
        (s, noise, type, prefixCut, points) => {
          runHostileCase(START_OPTIONS[s], prefixNoiseChunks(s, noise, type, prefixCut, points));
        },
      ),
      {numRuns: RUNS.random},
    );
  });

  it(`P4: grammar sessions with one field at a boundary value (${RUNS.boundary} cases)`, () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(
        startArb,
        startArb.chain((s) => session(s).map((p) => ({s, p}))),
        fc.nat(),
        fc.nat(),
        boundaryShapeArb,
        (_unused, {s, p}, fieldPick, valuePick, shape) => {
          const chunks = boundaryChunks(p, fieldPick, valuePick, shape);
          const {events} = runHostileCase(START_OPTIONS[s], chunks);
          const last = events[events.length - 1];
          if (last?.type === 'error') codes.add(last.error.code);
        },
      ),
      {numRuns: RUNS.boundary},
    );
    // The generator reaches every length, size and count check, not just the dispatcher.
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        'bad-image',
        'bad-length',
        'bad-pixel-format',
        'bad-subencoding',
        'colour-map-unsupported',
        'cursor-too-large',
        'cut-text-too-large',
        'framebuffer-too-large',
        'name-too-large',
        'rect-out-of-bounds',
        'truncated',
      ]),
    );
  });

  it(`valid grammar sessions never fail (sanity for P4's generator)`, () => {
    fc.assert(
      fc.property(
        startArb.chain((s) => session(s).map((p) => ({s, p}))),
        ({s, p}) => {
          const {events} = runHostileCase(START_OPTIONS[s], [Uint8Array.from(p.bytes)]);
          // end() after a complete session is clean.
          expect(events.filter((e) => e.type === 'error')).toEqual([]);
        },
      ),
      {numRuns: 500},
    );
  });

  const mutation = fc.oneof(...LOCAL_MUTATIONS);

  it(`mutated fixture streams (${RUNS.mutation} cases)`, () => {
    fc.assert(
      fc.property(
        fixtureIndexArb,
        fc.array(mutation, {minLength: 1, maxLength: 4}),
        chunkPoints,
        (i, muts, points) => {
          const m = mutatedFixture(i, muts);
          runHostileCase(m.options, cut(m.stream, points), m.password ?? 'pw');
        },
      ),
      {numRuns: RUNS.mutation},
    );
  });

  it(`P1: chunking never changes the outcome, even of mutated streams (${RUNS.chunking} cases)`, () => {
    fc.assert(
      fc.property(
        fixtureIndexArb,
        fc.array(mutation, {maxLength: 2}),
        fc.array(fc.nat(), {minLength: 1, maxLength: 12}),
        (i, muts, points) => {
          const {options, stream, password} = mutatedFixture(i, muts);
          const whole = feed(options, [stream], {password, end: true});
          const split = feed(options, cut(stream, points), {password, end: true});
          expect(split.events).toEqual(whole.events);
          expect(split.ops).toEqual(whole.ops);
          expect(split.out).toEqual(whole.out);
          expect(split.fb).toBe(whole.fb);
        },
      ),
      {numRuns: RUNS.chunking},
    );
  });
});
