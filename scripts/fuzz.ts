/**
 * `npm run fuzz`: the long, seeded, reproducible mode of the property tests
 * (issue 8; robustness.md §4.2 and §5 "Nightly / long fuzz": ≥ 1,000,000
 * executions). It reuses the generators and oracles of the unit tests:
 *
 *   p3-random   random bytes after each valid (or cut) handshake prefix      (P3)
 *   p4-boundary grammar sessions with one length/count/coordinate at a
 *               boundary value, whole, truncated or chunked                  (P4)
 *   mutation    recorded fixtures with AFL-style mutations, chunked
 *   p1-chunking chunking never changes the outcome, even of mutated streams   (P1)
 *   decoders    VNC decoders (Hextile, RRE, Zlib, ZRLE, Tight, rich cursor) on
 *               random and structured payloads
 *   session     whole session layer: mutated streams, random chunks and time,
 *               closed every which way: one disconnect, nothing left
 *   lifecycle   ConsoleConnection command sequences (connect, dispose, server,
 *               clock, network, ticket provider) keep their invariants         (P6)
 *
 * Every family runs in batches; each batch has its own seed derived from the
 * run's seed, so a run is reproducible from `--seed` and `--cases` alone. A
 * failure prints the family, the batch seed and fast-check's path, and the
 * exact command that replays (and shrinks) it.
 *
 *   npm run fuzz                               # 1,000,000 cases, random seed (printed)
 *   npm run fuzz -- --seed 42 --cases 200000   # reproducible, smaller
 *   npm run fuzz -- --only p3-random,decoders  # some families
 *   npm run fuzz -- --workers 2                # the same batches over 2 processes
 *   npm run fuzz -- --replay p4-boundary:123456:17:3
 *
 * The batches and their seeds depend only on --seed, --cases and --only; with
 * --workers N, worker k runs every batch whose number is k modulo N.
 */
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {fileURLToPath, pathToFileURL} from 'node:url';
import fc from 'fast-check';
import type {Rect, RectDecoder} from '../src/decoders/decoder.js';
import {HextileDecoder} from '../src/decoders/hextile.js';
import {createInflaterFactory} from '../src/decoders/inflate.js';
import {RichCursorDecoder} from '../src/decoders/rich-cursor.js';
import {RreDecoder} from '../src/decoders/rre.js';
import {TightDecoder} from '../src/decoders/tight.js';
import {ZlibDecoder} from '../src/decoders/zlib.js';
import {ZrleDecoder} from '../src/decoders/zrle.js';
import type {RfbEvent} from '../src/protocol/events.js';
import type {RfbClientOptions} from '../src/protocol/options.js';
import {CANVAS_PIXEL_FORMAT, type PixelFormat} from '../src/protocol/pixel-format.js';
import {RfbClient} from '../src/protocol/rfb-client.js';
import {
  BGR233,
  BGRX_LE,
  RGB30_LE,
  RGB565_BE,
  RGBX_LE,
  XRGB_BE,
} from '../test/unit/decoders/vnc/support/encoders.js';
import {
  chunksAt,
  cutsArb,
  decodeChunks,
  tightStructuredArb,
  zlibFramedArb,
} from '../test/unit/helpers/decoder-fuzz-cases.js';
import {
  LOCAL_MUTATIONS,
  SPLICE_MUTATION,
  boundaryChunks,
  boundaryShapeArb,
  chunkPoints,
  fixtureIndexArb,
  mutatedFixture,
  noiseArb,
  prefixNoiseChunks,
  startArb,
} from '../test/unit/helpers/fuzz-cases.js';
import {START_OPTIONS, session} from '../test/unit/helpers/fuzz-grammar.js';
import {CASE_BUDGET_MS, cut, runHostileCase} from '../test/unit/helpers/fuzz-oracle.js';
import {RecordingSink} from '../test/unit/helpers/recording-sink.js';
import {commandArb, runLifecycleModel} from '../test/unit/robustness/lifecycle-model.js';
import {runSessionCase, sessionCaseArb} from '../test/unit/robustness/session-model.js';

// ---- the families ----------------------------------------------------------------

/** A family: its share of the cases, its batch size, and its property. */
interface Family {
  name: string;
  weight: number;
  batch: number;
  property(): fc.IProperty<never> | fc.IAsyncProperty<never>;
}

/** CPU milliseconds (this process, all threads) spent in `fn`. */
function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * runHostileCase, with its time budget judged fairly on a busy machine: the
 * oracle times wall clock and allows one retry, which a long run on a loaded
 * CI box can exceed without any hang. A case over budget is run again up to
 * three times; it fails only if it also burns the budget in CPU time.
 */
function hostile(
  options: RfbClientOptions,
  chunks: readonly Uint8Array[],
  password?: string,
): void {
  try {
    runHostileCase(options, chunks, password);
    return;
  } catch (e) {
    if (!(e instanceof Error) || !e.message.startsWith('case took')) throw e;
  }
  const budget = 2 * CASE_BUDGET_MS; // runHostileCase runs a slow case twice
  const cpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    let slow = false;
    cpu.push(
      cpuMs(() => {
        try {
          runHostileCase(options, chunks, password);
        } catch (e) {
          if (!(e instanceof Error) || !e.message.startsWith('case took')) throw e;
          slow = true;
        }
      }),
    );
    if (!slow || cpu.at(-1)! < budget) return;
  }
  throw new Error(
    `case over its time budget in CPU time too: ${cpu.map((c) => c.toFixed(0)).join(', ')} ms`,
  );
}

const p3Random = () =>
  fc.property(
    startArb,
    noiseArb,
    fc.option(fc.constantFrom(0, 1, 2, 3, 127, 150, 248, 250, 255), {nil: undefined}),
    fc.nat(),
    chunkPoints,
    (s, noise, type, prefixCut, points) =>
      hostile(START_OPTIONS[s], prefixNoiseChunks(s, noise, type, prefixCut, points)),
  );

const p4Boundary = () =>
  fc.property(
    startArb.chain((s) => session(s).map((p) => ({s, p}))),
    fc.nat(),
    fc.nat(),
    boundaryShapeArb,
    ({s, p}, fieldPick, valuePick, shape) =>
      hostile(START_OPTIONS[s], boundaryChunks(p, fieldPick, valuePick, shape)),
  );

const mutationArb = fc.oneof(...LOCAL_MUTATIONS, SPLICE_MUTATION);

const mutation = () =>
  fc.property(
    fixtureIndexArb,
    fc.array(mutationArb, {minLength: 1, maxLength: 4}),
    chunkPoints,
    (i, muts, points) => {
      const m = mutatedFixture(i, muts);
      hostile(m.options, cut(m.stream, points), m.password ?? 'pw');
    },
  );

/** Everything observable about feeding `chunks`: events, sink ops, output bytes, framebuffer. */
function outcome(
  options: RfbClientOptions,
  chunks: readonly Uint8Array[],
  password?: string,
): string {
  const sink = new RecordingSink();
  const client = new RfbClient(options, sink);
  const events: RfbEvent[] = [];
  const out: number[] = [];
  for (const chunk of chunks) {
    const got = client.receive(chunk);
    events.push(...got);
    if (password !== undefined && got.some((e) => e.type === 'credentials-required')) {
      client.setPassword(password);
      events.push(...client.receive(new Uint8Array(0)));
    }
    out.push(...(client.drainOutgoing() ?? []));
  }
  events.push(...client.end());
  out.push(...(client.drainOutgoing() ?? []));
  const plain = events.map((e) =>
    e.type === 'error' ? {type: 'error', code: e.error.code, message: e.error.message} : e,
  );
  const fb = createHash('sha1').update(sink.fb).digest('hex');
  return JSON.stringify({events: plain, ops: sink.ops, out, fb, state: client.state});
}

const p1Chunking = () =>
  fc.property(
    fixtureIndexArb,
    fc.array(mutationArb, {maxLength: 2}),
    fc.array(fc.nat(), {minLength: 1, maxLength: 12}),
    (i, muts, points) => {
      const {options, stream, password} = mutatedFixture(i, muts);
      const whole = outcome(options, [stream], password);
      const split = outcome(options, cut(stream, points), password);
      if (split !== whole) throw new Error('chunking changed the outcome');
    },
  );

// Decoders: totality on random and structured payloads (after test/unit/decoders/vnc/fuzz.test.ts).
const FORMATS: PixelFormat[] = [
  RGBX_LE,
  BGRX_LE,
  XRGB_BE,
  RGB565_BE,
  BGR233,
  RGB30_LE,
  CANVAS_PIXEL_FORMAT,
];
const inflaterFactory = createInflaterFactory();
const DECODERS: Array<{
  make: () => RectDecoder;
  encoding: number;
  payload: fc.Arbitrary<Uint8Array>;
}> = (() => {
  const any = fc.uint8Array({maxLength: 2048});
  const tightStructured = tightStructuredArb([
    0x00, 0x10, 0x40, 0x50, 0x60, 0x70, 0x0f, 0x80, 0x90, 0xa0,
  ]);
  return [
    {make: () => new HextileDecoder(), encoding: 5, payload: any},
    {make: () => new RreDecoder(), encoding: 2, payload: any},
    {make: () => new ZlibDecoder(), encoding: 6, payload: fc.oneof(any, zlibFramedArb)},
    {make: () => new ZrleDecoder(), encoding: 16, payload: fc.oneof(any, zlibFramedArb)},
    {make: () => new TightDecoder(), encoding: 7, payload: fc.oneof(any, tightStructured)},
    {make: () => new RichCursorDecoder(), encoding: -239, payload: any},
  ];
})();

function decodeOnce(
  d: (typeof DECODERS)[number],
  r: Rect,
  chunks: Uint8Array[],
  pf: PixelFormat,
): number {
  const ctx = {pixelFormat: pf, fbWidth: 400, fbHeight: 400, inflaterFactory, maxCursorSide: 256};
  const t0 = process.cpuUsage();
  decodeChunks(d.make, r, chunks, ctx);
  // CPU time, not wall time: a long run shares the machine.
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1000;
}

const decoders = () =>
  fc.property(
    fc
      .nat(DECODERS.length - 1)
      .chain((i) =>
        fc.tuple(
          fc.constant(i),
          fc.record({w: fc.nat(80), h: fc.nat(80), x: fc.nat(300), y: fc.nat(300)}),
          DECODERS[i]!.payload,
          cutsArb,
          fc.constantFrom(...FORMATS),
        ),
      ),
    ([i, {w, h, x, y}, data, cuts, pf]) => {
      const d = DECODERS[i]!;
      const r: Rect = {x, y, width: w, height: h, encoding: d.encoding};
      const chunks = chunksAt(data, cuts);
      // Over budget twice (not once: a GC pause is not a hang) fails.
      if (decodeOnce(d, r, chunks, pf) >= 100 && decodeOnce(d, r, chunks, pf) >= 100) {
        throw new Error('decode took over 100 ms of CPU twice');
      }
    },
  );

const sessionFamily = () => fc.asyncProperty(sessionCaseArb, (c) => runSessionCase(c));
const lifecycle = () =>
  fc.asyncProperty(fc.array(commandArb, {maxLength: 50}), (cmds) => runLifecycleModel(cmds));

export const FAMILIES: Family[] = [
  {name: 'p3-random', weight: 33, batch: 10000, property: p3Random},
  {name: 'p4-boundary', weight: 30, batch: 10000, property: p4Boundary},
  {name: 'mutation', weight: 20, batch: 10000, property: mutation},
  {name: 'p1-chunking', weight: 3, batch: 5000, property: p1Chunking},
  {name: 'decoders', weight: 10, batch: 10000, property: decoders},
  {name: 'session', weight: 2, batch: 5000, property: sessionFamily},
  {name: 'lifecycle', weight: 2, batch: 5000, property: lifecycle},
] as unknown as Family[]; // each property has its own argument types

// ---- the runner -------------------------------------------------------------------

/** A 31-bit seed for batch `index` of `family`, derived from the run's seed. */
export function batchSeed(runSeed: number, family: string, index: number): number {
  const h = createHash('sha256').update(`${runSeed}/${family}/${index}`).digest();
  return h.readUInt32BE(0) & 0x7fffffff;
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  only?: readonly string[];
  /** Run only batches whose global number is `index` modulo `count`. */
  worker?: {index: number; count: number};
  log?: (line: string) => void;
}

export interface FuzzFailure {
  family: string;
  seed: number;
  path: string;
  counterexample: string;
  error: string;
  replay: string;
}

export interface FuzzResult {
  cases: number;
  failures: FuzzFailure[];
  perFamily: Record<string, number>;
  ms: number;
}

/** Splits `cases` over the families by weight (every selected family gets at least one batch). */
export function plan(
  cases: number,
  only?: readonly string[],
): Array<{family: Family; runs: number[]}> {
  const families = FAMILIES.filter((f) => !only || only.includes(f.name));
  const total = families.reduce((n, f) => n + f.weight, 0);
  return families.map((family) => {
    const share = Math.max(1, Math.round((cases * family.weight) / total));
    const runs: number[] = [];
    for (let left = share; left > 0; left -= family.batch) runs.push(Math.min(left, family.batch));
    return {family, runs};
  });
}

async function check(family: Family, params: fc.Parameters<never>): Promise<fc.RunDetails<never>> {
  const prop = family.property();
  return 'isAsync' in prop && prop.isAsync()
    ? await fc.check(prop as fc.IAsyncProperty<never>, params)
    : fc.check(prop as fc.IProperty<never>, params);
}

function describeFailure(family: Family, seed: number, d: fc.RunDetails<never>): FuzzFailure {
  const path = d.counterexamplePath ?? '';
  return {
    family: family.name,
    seed,
    path,
    counterexample: fc.stringify(d.counterexample),
    error:
      d.errorInstance instanceof Error
        ? (d.errorInstance.stack ?? d.errorInstance.message)
        : String(d.errorInstance),
    replay: `npm run fuzz -- --replay ${family.name}:${seed}:${path}`,
  };
}

/** Runs the whole plan; resolves with the counts and every failure (one per failing batch). */
export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const log = o.log ?? (() => {});
  const started = performance.now();
  const failures: FuzzFailure[] = [];
  const perFamily: Record<string, number> = {};
  let done = 0;
  let global = 0;
  for (const {family, runs} of plan(o.cases, o.only)) {
    perFamily[family.name] = 0;
    for (const [index, numRuns] of runs.entries()) {
      if (o.worker && global++ % o.worker.count !== o.worker.index) continue;
      const seed = batchSeed(o.seed, family.name, index);
      const t0 = performance.now();
      const d = await check(family, {seed, numRuns, endOnFailure: true});
      perFamily[family.name]! += d.numRuns;
      done += d.numRuns;
      const rate = d.numRuns / Math.max(0.001, (performance.now() - t0) / 1000);
      if (d.failed) {
        const f = describeFailure(family, seed, d);
        failures.push(f);
        log(
          `[fuzz] FAIL ${family.name} batch ${index + 1}/${runs.length}: seed ${seed}, path "${f.path}"`,
        );
        log(`[fuzz]   counterexample: ${f.counterexample.slice(0, 2000)}`);
        log(`[fuzz]   error: ${f.error.split('\n').slice(0, 6).join('\n          ')}`);
        log(`[fuzz]   replay: ${f.replay}`);
      } else {
        log(
          `[fuzz] ${family.name} batch ${index + 1}/${runs.length}: ${d.numRuns} cases ok ` +
            `(${Math.round(rate)}/s, ${done} in total)`,
        );
      }
    }
  }
  return {cases: done, failures, perFamily, ms: performance.now() - started};
}

/** Replays one failure (fast-check then shrinks it) and prints the minimal counterexample. */
async function replay(spec: string, log: (line: string) => void): Promise<boolean> {
  const [name, seedText, path = ''] = [
    spec.split(':')[0],
    spec.split(':')[1],
    spec.split(':').slice(2).join(':'),
  ];
  const family = FAMILIES.find((f) => f.name === name);
  const seed = Number(seedText);
  if (!family || !Number.isInteger(seed)) throw new Error(`bad --replay value: ${spec}`);
  const d = await check(family, {seed, path, endOnFailure: false});
  if (!d.failed) {
    log(`[fuzz] replay ${spec}: passes now`);
    return true;
  }
  const f = describeFailure(family, seed, d);
  log(`[fuzz] replay ${spec}: fails; shrunk counterexample:\n${f.counterexample}\n${f.error}`);
  return false;
}

const WORKER_RESULT = '[fuzz-worker-result] ';

/** Runs the plan in `count` child processes (same batches, same seeds) and merges the results. */
async function runWorkers(
  count: number,
  seed: number,
  cases: number,
  only: readonly string[] | undefined,
  log: (line: string) => void,
): Promise<FuzzResult> {
  const started = performance.now();
  const script = fileURLToPath(import.meta.url);
  const results = await Promise.all(
    Array.from({length: count}, (_, index) => {
      const args = [...process.execArgv, script, '--seed', String(seed), '--cases', String(cases)];
      if (only) args.push('--only', only.join(','));
      args.push('--worker', `${index}/${count}`);
      const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'inherit']});
      return new Promise<Omit<FuzzResult, 'ms'>>((resolve, reject) => {
        let buffered = '';
        let result: Omit<FuzzResult, 'ms'> | undefined;
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (text: string) => {
          buffered += text;
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          for (const line of lines) {
            if (line.startsWith(WORKER_RESULT))
              result = JSON.parse(line.slice(WORKER_RESULT.length));
            else log(`[w${index}] ${line}`);
          }
        });
        child.on('error', reject);
        child.on('close', (code) =>
          result ? resolve(result) : reject(new Error(`worker ${index} exited with ${code}`)),
        );
      });
    }),
  );
  const perFamily: Record<string, number> = {};
  for (const r of results) {
    for (const [k, v] of Object.entries(r.perFamily)) perFamily[k] = (perFamily[k] ?? 0) + v;
  }
  return {
    cases: results.reduce((n, r) => n + r.cases, 0),
    failures: results.flatMap((r) => r.failures),
    perFamily,
    ms: performance.now() - started,
  };
}

function parseArgs(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const [k, v] = a.includes('=')
      ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a.slice(2), argv[i + 1]];
    if (!a.includes('=') && v !== undefined && !v.startsWith('--')) i++;
    out[k] = v === undefined || v.startsWith('--') ? 'true' : v;
  }
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  if (args['help']) {
    log(
      'usage: npm run fuzz -- [--seed N] [--cases N] [--only fam1,fam2] [--workers N] [--replay family:seed:path]',
    );
    log(`families: ${FAMILIES.map((f) => f.name).join(', ')}`);
    return 0;
  }
  if (args['replay']) return (await replay(args['replay'], log)) ? 0 : 1;
  const seed = args['seed'] !== undefined ? Number(args['seed']) : Date.now() % 2147483647;
  const cases = args['cases'] !== undefined ? Number(args['cases']) : 1_000_000;
  if (!Number.isInteger(seed) || !Number.isInteger(cases) || cases < 1) {
    log('--seed and --cases take whole numbers');
    return 2;
  }
  const only = args['only']?.split(',').filter(Boolean);
  const workers = Math.max(1, Number(args['workers'] ?? 1) | 0);
  if (args['worker']) {
    // A child of --workers: its share of the batches, then one machine-readable line.
    const [index, count] = args['worker'].split('/').map(Number) as [number, number];
    const r = await runFuzz({seed, cases, ...(only ? {only} : {}), worker: {index, count}, log});
    log(
      `${WORKER_RESULT}${JSON.stringify({cases: r.cases, perFamily: r.perFamily, failures: r.failures})}`,
    );
    return r.failures.length ? 1 : 0;
  }
  log(
    `[fuzz] seed ${seed}, ${cases} cases${only ? ` (${only.join(', ')})` : ''}${workers > 1 ? `, ${workers} workers` : ''}; replay this run with --seed ${seed} --cases ${cases}`,
  );
  const result =
    workers > 1
      ? await runWorkers(workers, seed, cases, only, log)
      : await runFuzz({seed, cases, ...(only ? {only} : {}), log});
  const secs = (result.ms / 1000).toFixed(1);
  log(
    `[fuzz] ${result.cases} cases in ${secs} s (${Math.round(result.cases / (result.ms / 1000))}/s): ${JSON.stringify(result.perFamily)}`,
  );
  if (result.failures.length) {
    log(`[fuzz] ${result.failures.length} failing batch(es); run seed ${seed}. Replay:`);
    for (const f of result.failures) log(`  ${f.replay}`);
    return 1;
  }
  log(`[fuzz] no failures (seed ${seed})`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
