/**
 * The hostile-stream fuzz cases shared by the property tests
 * (test/unit/protocol/hostile-streams.property.test.ts, ≥ 20,000 cases a
 * run) and the long seeded mode (scripts/fuzz.ts, robustness.md §5 "Nightly
 * / long fuzz"): the generators and the per-case stream builders, so both
 * run exactly the same cases and differ only in how many and how they time
 * them (robustness.md §4.2 P3/P4, mutation).
 */
import fc from 'fast-check';
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import {FIXTURES} from './fixtures.js';
import {boundaryValues, handshake, writeField, type Piece, type Start} from './fuzz-grammar.js';
import {cut} from './fuzz-oracle.js';

export const STARTS: Start[] = ['vmware-a', 'vnc-38', 'vnc-33', 'mode-b'];
export const startArb = fc.constantFrom(...STARTS);
export const chunkPoints = fc.array(fc.nat(), {maxLength: 6});

/** P3 noise: mostly short, sometimes up to 64 KiB. */
export const noiseArb = fc.oneof(
  {arbitrary: fc.uint8Array({maxLength: 512}), weight: 8},
  {arbitrary: fc.uint8Array({maxLength: 65536}), weight: 1},
);

/**
 * P3: the handshake of `s` (cut short in a third of the cases, so the noise
 * hits the handshake parsers), then `noise`, whose first byte is `type` if
 * given (a real message type gets past the dispatcher); cut at `points`.
 */
export function prefixNoiseChunks(
  s: Start,
  noise: Uint8Array,
  type: number | undefined,
  prefixCut: number,
  points: readonly number[],
): Uint8Array[] {
  const prefix = Uint8Array.from(handshake(s).bytes);
  const keep = prefixCut % 3 === 0 ? prefixCut % (prefix.length + 1) : prefix.length;
  const stream = new Uint8Array(keep + noise.length);
  stream.set(prefix.subarray(0, keep));
  stream.set(noise, keep);
  if (type !== undefined && noise.length > 0) stream[keep] = type;
  return cut(stream, points);
}

/** P4's shapes: the stream whole, truncated, or cut at points. */
export const boundaryShapeArb = fc.oneof(
  fc.constant('whole' as const),
  fc.constant('truncate' as const),
  chunkPoints,
);
export type BoundaryShape = 'whole' | 'truncate' | number[];

/**
 * P4: grammar session `p` with one of its fields (picked by `fieldPick`) set
 * to one of its boundary values (picked by `valuePick`), then shaped.
 */
export function boundaryChunks(
  p: Piece,
  fieldPick: number,
  valuePick: number,
  shape: BoundaryShape,
): Uint8Array[] {
  const bytes = p.bytes.slice();
  const field = p.fields[fieldPick % p.fields.length]!;
  const values = boundaryValues(field.cap);
  writeField(bytes, field.offset, field.size, values[valuePick % values.length]!);
  const stream = Uint8Array.from(bytes);
  if (shape === 'whole') return [stream];
  if (shape === 'truncate') return [stream.subarray(0, valuePick % (stream.length + 1))];
  return cut(stream, shape);
}

/** The recorded fixtures that mutation cases start from. */
export const FIXTURE_SEEDS = FIXTURES.map((f) => ({
  options: f.options,
  stream: f.stream,
  password: f.password,
}));

/** Picks one of FIXTURE_SEEDS. */
export const fixtureIndexArb = fc.nat(FIXTURE_SEEDS.length - 1);

export type Mutation =
  | {kind: 'flip'; at: number; bit: number}
  | {kind: 'set'; at: number; value: number}
  | {kind: 'insert'; at: number; bytes: Uint8Array}
  | {kind: 'delete'; at: number; count: number}
  | {kind: 'u32'; at: number; value: number}
  /** Inserts `length` bytes from `start` of FIXTURE_SEEDS[from]. */
  | {kind: 'splice'; at: number; from: number; start: number; length: number};

/** AFL-style mutations of one stream (flip, set, insert, delete, u32 overwrite). */
export const LOCAL_MUTATIONS: ReadonlyArray<fc.Arbitrary<Mutation>> = [
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
];

/** A splice of bytes from another fixture. */
export const SPLICE_MUTATION: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant('splice' as const),
  at: fc.nat(),
  from: fixtureIndexArb,
  start: fc.nat(),
  length: fc.integer({min: 1, max: 64}),
});

export function mutate(stream: Uint8Array, muts: readonly Mutation[]): Uint8Array {
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
    } else if (m.kind === 'splice') {
      const other = FIXTURE_SEEDS[m.from]!.stream;
      const start = m.start % (other.length + 1);
      b.splice(at, 0, ...other.subarray(start, start + m.length));
    }
  }
  return Uint8Array.from(b);
}

/** Mutation cases: fixture `i` (its options and password) with `muts` applied to its stream. */
export function mutatedFixture(
  i: number,
  muts: readonly Mutation[],
): {options: RfbClientOptions; stream: Uint8Array; password: string | undefined} {
  const seed = FIXTURE_SEEDS[i]!;
  return {options: seed.options, stream: mutate(seed.stream, muts), password: seed.password};
}
