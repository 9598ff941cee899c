/**
 * Property tests with fast-check over hostile server streams (robustness.md
 * §4.2): ≥ 20,000 cases per run in total. Seeds are random per run; a
 * failure prints the seed and path to replay it.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import {feed} from '../helpers/feed.js';
import {FIXTURES} from '../helpers/fixtures.js';
import {
  type Start,
  START_OPTIONS,
  boundaryValues,
  handshake,
  session,
  writeField,
} from '../helpers/fuzz-grammar.js';
import {cut, runHostileCase} from '../helpers/fuzz-oracle.js';

const STARTS: Start[] = ['vmware-a', 'vnc-38', 'vnc-33', 'mode-b'];
const start = fc.constantFrom(...STARTS);
const chunkPoints = fc.array(fc.nat(), {maxLength: 6});

/** Case counts; the total is asserted below so nobody lowers one silently. */
const RUNS = {random: 8000, boundary: 10000, mutation: 5000, chunking: 1500} as const;

describe('hostile server streams (fast-check)', () => {
  it('runs at least 20,000 cases in total', () => {
    expect(Object.values(RUNS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20000);
  });

  it(`P3: random bytes after each valid prefix (${RUNS.random} cases)`, () => {
    fc.assert(
      fc.property(
        start,
        fc.oneof(
          {arbitrary: fc.uint8Array({maxLength: 512}), weight: 8},
          {arbitrary: fc.uint8Array({maxLength: 65536}), weight: 1},
        ),
        // Half the cases start the noise with a real message type, to get past the dispatcher.
        fc.option(fc.constantFrom(0, 1, 2, 3, 127, 150, 248), {nil: undefined}),
        fc.nat(),
        chunkPoints,
        (s, noise, type, prefixCut, points) => {
          const prefix = Uint8Array.from(handshake(s).bytes);
          // Sometimes cut the handshake short so the noise hits the handshake parsers.
          const keep = prefixCut % 3 === 0 ? prefixCut % (prefix.length + 1) : prefix.length;
          const stream = new Uint8Array(keep + noise.length);
          stream.set(prefix.subarray(0, keep));
          stream.set(noise, keep);
          if (type !== undefined && noise.length > 0) stream[keep] = type;
          runHostileCase(START_OPTIONS[s], cut(stream, points));
        },
      ),
      {numRuns: RUNS.random},
    );
  });

  it(`P4: grammar sessions with one field at a boundary value (${RUNS.boundary} cases)`, () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(
        start,
        start.chain((s) => session(s).map((p) => ({s, p}))),
        fc.nat(),
        fc.nat(),
        fc.oneof(fc.constant('whole' as const), fc.constant('truncate' as const), chunkPoints),
        (_unused, {s, p}, fieldPick, valuePick, shape) => {
          const bytes = p.bytes.slice();
          const field = p.fields[fieldPick % p.fields.length]!;
          const values = boundaryValues(field.cap);
          writeField(bytes, field.offset, field.size, values[valuePick % values.length]!);
          let stream = Uint8Array.from(bytes);
          let chunks: Uint8Array[];
          if (shape === 'whole') chunks = [stream];
          else if (shape === 'truncate') {
            stream = stream.subarray(0, valuePick % (stream.length + 1));
            chunks = [stream];
          } else chunks = cut(stream, shape);
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
        start.chain((s) => session(s).map((p) => ({s, p}))),
        ({s, p}) => {
          const {events} = runHostileCase(START_OPTIONS[s], [Uint8Array.from(p.bytes)]);
          // end() after a complete session is clean.
          expect(events.filter((e) => e.type === 'error')).toEqual([]);
        },
      ),
      {numRuns: 500},
    );
  });

  const seeds = FIXTURES.map((f) => ({options: f.options, stream: f.stream, password: f.password}));
  const mutation = fc.oneof(
    fc.record({kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7)}),
    fc.record({
      kind: fc.constant('set' as const),
      at: fc.nat(),
      value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xff),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({minLength: 1, maxLength: 8}),
    }),
    fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      count: fc.integer({min: 1, max: 8}),
    }),
    fc.record({
      kind: fc.constant('u32' as const),
      at: fc.nat(),
      value: fc.constantFrom(0, 1, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff),
    }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

  function mutate(stream: Uint8Array, muts: readonly Mutation[]): Uint8Array {
    const b = Array.from(stream);
    for (const m of muts) {
      const at = m.at % (b.length + 1);
      if (m.kind === 'flip' && at < b.length) b[at]! ^= 1 << m.bit;
      else if (m.kind === 'set' && at < b.length) b[at] = m.value;
      else if (m.kind === 'insert') b.splice(at, 0, ...m.bytes);
      else if (m.kind === 'delete') b.splice(at, m.count);
      else if (m.kind === 'u32') {
        for (let i = 0; i < 4 && at + i < b.length; i++)
          b[at + i] = (m.value >>> (24 - 8 * i)) & 0xff;
      }
    }
    return Uint8Array.from(b);
  }

  it(`mutated fixture streams (${RUNS.mutation} cases)`, () => {
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.array(mutation, {minLength: 1, maxLength: 4}),
        chunkPoints,
        (i, muts, points) => {
          const seed = seeds[i]!;
          runHostileCase(
            seed.options,
            cut(mutate(seed.stream, muts), points),
            seed.password ?? 'pw',
          );
        },
      ),
      {numRuns: RUNS.mutation},
    );
  });

  it(`P1: chunking never changes the outcome, even of mutated streams (${RUNS.chunking} cases)`, () => {
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.array(mutation, {maxLength: 2}),
        fc.array(fc.nat(), {minLength: 1, maxLength: 12}),
        (i, muts, points) => {
          const seed = seeds[i]!;
          const stream = mutate(seed.stream, muts);
          const opts: RfbClientOptions = seed.options;
          const whole = feed(opts, [stream], {password: seed.password, end: true});
          const split = feed(opts, cut(stream, points), {password: seed.password, end: true});
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
