/**
 * One hostile session through the whole session layer (ConsoleConnection →
 * ConsoleSession → RfbClient, FakeTransport, ManualClock): a recorded stream,
 * possibly mutated, delivered in random chunks with time passing between
 * them, then closed at a random point in a random way. Whatever happens, the
 * attempt ends in exactly one `disconnect`, nothing throws, nothing is left
 * scheduled, and the transport is closed. Used by close-at-every-offset.test.ts
 * and scripts/fuzz.ts.
 */
import fc from 'fast-check';
import {ESXI_TRANSCRIPT, esxiFullStream, modeBStream} from '../helpers/fixtures.js';
import {disconnectsOf, microflush, rig} from './support.js';

export const SESSION_STREAMS: ReadonlyArray<{url: string; bytes: Uint8Array}> = [
  {url: 'wss://esx.test/ticket/SESSION-MODEL-1', bytes: ESXI_TRANSCRIPT},
  {url: 'wss://esx.test/ticket/SESSION-MODEL-2', bytes: esxiFullStream()},
  {url: 'ws://nova.test:6090/?token=SESSION-MODEL-3', bytes: modeBStream()},
];

export interface SessionCase {
  stream: number;
  /** Byte flips applied before delivery: [offset, xor]. */
  flips: Array<[number, number]>;
  /** Chunk boundaries (taken modulo the length). */
  cuts: number[];
  /** Where the connection ends (modulo length + 1). */
  closeAt: number;
  /** How it ends. */
  close: 'clean' | 'drop' | 'server-code' | 'refuse' | 'client' | 'timeout';
  /** ms passing after each chunk. */
  gaps: number[];
}

export const sessionCaseArb: fc.Arbitrary<SessionCase> = fc.record({
  stream: fc.nat(SESSION_STREAMS.length - 1),
  flips: fc.array(fc.tuple(fc.nat(), fc.integer({min: 1, max: 255})), {maxLength: 3}),
  cuts: fc.array(fc.nat(), {maxLength: 8}),
  closeAt: fc.nat(),
  close: fc.constantFrom('clean', 'drop', 'server-code', 'refuse', 'client', 'timeout'),
  gaps: fc.array(fc.oneof(fc.constant(0), fc.nat(40000)), {maxLength: 8}),
});

/** Runs one case; throws an Error naming the broken invariant. */
export async function runSessionCase(c: SessionCase): Promise<void> {
  const s = SESSION_STREAMS[c.stream]!;
  const bytes = s.bytes.slice();
  for (const [at, x] of c.flips) if (bytes.length) bytes[at % bytes.length]! ^= x;
  const end = c.closeAt % (bytes.length + 1);
  const points = [...new Set(c.cuts.map((p) => p % (end + 1)))].sort((a, b) => a - b);
  const r = rig({getTicket: () => s.url, logLevel: 'silent'});
  try {
    r.connection.connect();
    await microflush();
    const t = r.fakes.last;
    if (!t) throw new Error('no transport');
    if (c.close === 'refuse') {
      t.refuse();
    } else {
      t.open();
      let at = 0;
      for (const [i, p] of [...points, end].entries()) {
        t.serverSend(bytes.subarray(at, p));
        at = p;
        r.clock.advance(c.gaps[i] ?? 0);
        await microflush(2);
      }
      if (c.close === 'clean') t.serverClose(1000, '', true);
      else if (c.close === 'drop') t.serverClose(1006, '', false);
      else if (c.close === 'server-code') t.serverClose(4321, 'server says no', true);
      else if (c.close === 'client') r.connection.disconnect();
      else r.clock.advance(10 * 60 * 1000); // let every deadline fire
    }
    await microflush();
    r.clock.advance(5000); // any forced close
    await microflush();
  } catch (e) {
    throw new Error(`threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
  const ds = disconnectsOf(r.events);
  // A session that completed and stays idle (the 'timeout' close) is healthy: no disconnect yet.
  const idle = c.close === 'timeout' && ds.length === 0 && r.connection.state === 'connected';
  if (!idle && ds.length !== 1) throw new Error(`${ds.length} disconnect events`);
  if (idle) r.connection.dispose();
  if (r.clock.pending !== 0) throw new Error(`${r.clock.pending} timers left`);
  if (!r.fakes.last!.ended) throw new Error('transport left open');
  if (ds[0] && !ds[0].reason) throw new Error('empty reason');
}
