/**
 * The oracle for hostile-input property tests (robustness.md §4.2 P3/P4):
 * receive() and end() never throw; at most one error event, which is the
 * last one, carries a ProtocolError (never 'internal') and leaves the client
 * closed; every sink call stays inside the framebuffer; each case finishes
 * within the time budget.
 */
import {ProtocolError} from '../../../src/protocol/errors.js';
import type {RfbEvent} from '../../../src/protocol/events.js';
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import {RfbClient} from '../../../src/protocol/rfb-client.js';
import {CheckingSink} from './checking-sink.js';

export const CASE_BUDGET_MS = 100;

export interface CaseResult {
  events: RfbEvent[];
  ms: number;
}

/**
 * Runs one case; throws an Error describing the broken rule (fast-check then
 * shrinks). A case over the time budget is run once more before it counts: a
 * real hang repeats, a GC pause or a busy CPU on a shared runner does not.
 */
export function runHostileCase(
  options: RfbClientOptions,
  chunks: readonly Uint8Array[],
  password = 'pw',
): CaseResult {
  const first = runOnce(options, chunks, password);
  if (first.ms <= CASE_BUDGET_MS) return first;
  const second = runOnce(options, chunks, password);
  if (second.ms > CASE_BUDGET_MS) {
    throw new Error(`case took ${first.ms.toFixed(1)} ms, then ${second.ms.toFixed(1)} ms`);
  }
  return second;
}

function runOnce(
  options: RfbClientOptions,
  chunks: readonly Uint8Array[],
  password: string,
): CaseResult {
  const started = performance.now();
  const sink = new CheckingSink();
  const client = new RfbClient(options, sink);
  const events: RfbEvent[] = [];
  const call = (what: string, fn: () => RfbEvent[]): void => {
    let got: RfbEvent[];
    try {
      got = fn();
    } catch (e) {
      throw new Error(`${what} threw: ${String(e)}`);
    }
    events.push(...got);
  };
  for (const chunk of chunks) {
    call('receive()', () => client.receive(chunk));
    if (events.some((e) => e.type === 'credentials-required') && client.state === 'vnc-auth') {
      call('setPassword()', () => {
        client.setPassword(password);
        return client.receive(new Uint8Array(0));
      });
    }
    // Exercise the output side too: it must never throw, whatever the state.
    client.sendPointer(1e9, -1e9, 0xff);
    client.sendKey('KeyA', true);
    client.releaseAllKeys();
    client.drainOutgoing();
  }
  call('end()', () => client.end());
  const ms = performance.now() - started;

  const errors = events.filter((e) => e.type === 'error');
  if (errors.length > 1) throw new Error(`${errors.length} error events`);
  if (errors.length === 1) {
    const last = events[events.length - 1]!;
    if (last.type !== 'error') throw new Error('error event is not the last event');
    if (!(last.error instanceof ProtocolError)) throw new Error('error is not a ProtocolError');
    if (last.error.code === 'internal') throw new Error(`internal error: ${last.error.message}`);
  }
  if (client.state !== 'closed') throw new Error(`state ${client.state} after end()`);
  if (sink.violations.length) throw new Error(`sink violations: ${sink.violations.join('; ')}`);
  return {events, ms};
}

/** Cuts `stream` at the given (sorted, deduplicated) points. */
export function cut(stream: Uint8Array, points: readonly number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((p) => p % (stream.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of sorted) {
    out.push(stream.subarray(at, p));
    at = p;
  }
  out.push(stream.subarray(at));
  return out;
}
