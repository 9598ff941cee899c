/**
 * Feeds a server byte stream into an RfbClient and records everything it
 * does: events (errors flattened to {code, message}), sink operations, the
 * final framebuffer and the bytes it queued for the server. `feedThreeWays`
 * feeds the same stream whole, split at every byte boundary and one byte at
 * a time, and asserts the outcomes are identical (design.md 3.6, P1).
 */
import {createHash} from 'node:crypto';
import {expect} from 'vitest';
import type {RfbEvent} from '../../../src/protocol/events.js';
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import {RfbClient} from '../../../src/protocol/rfb-client.js';
import {RecordingSink, type SinkOp} from './recording-sink.js';

export type PlainEvent =
  Exclude<RfbEvent, {type: 'error'}> | {type: 'error'; code: string; message: string};

export interface Outcome {
  events: PlainEvent[];
  ops: SinkOp[];
  /** SHA-1 of the final RGBA framebuffer (cheap to compare). */
  fb: string;
  out: number[];
  state: string;
}

export function plainEvents(events: readonly RfbEvent[]): PlainEvent[] {
  return events.map((e) =>
    e.type === 'error' ? {type: 'error', code: e.error.code, message: e.error.message} : e,
  );
}

export interface FeedOptions {
  /** Answer 'credentials-required' with this password. */
  password?: string;
  /** Call end() after the last chunk. */
  end?: boolean;
  /** Called after each receive (e.g. to drive input). */
  afterChunk?: (client: RfbClient, events: readonly RfbEvent[]) => void;
}

export function feed(
  options: RfbClientOptions,
  chunks: Iterable<Uint8Array>,
  feedOpts: FeedOptions = {},
): Outcome & {client: RfbClient; sink: RecordingSink} {
  const sink = new RecordingSink();
  const client = new RfbClient(options, sink);
  const events: RfbEvent[] = [];
  const out: number[] = [];
  const drain = (): void => {
    const bytes = client.drainOutgoing();
    if (bytes) for (const b of bytes) out.push(b);
  };
  for (const chunk of chunks) {
    const got = client.receive(chunk);
    events.push(...got);
    if (feedOpts.password !== undefined && got.some((e) => e.type === 'credentials-required')) {
      client.setPassword(feedOpts.password);
      // Bytes buffered behind the challenge were parsed by setPassword; their
      // events come with the next receive().
      events.push(...client.receive(new Uint8Array(0)));
    }
    feedOpts.afterChunk?.(client, got);
    drain();
  }
  if (feedOpts.end) events.push(...client.end());
  drain();
  return {
    client,
    sink,
    events: plainEvents(events),
    ops: sink.ops,
    fb: createHash('sha1').update(sink.fb).digest('hex'),
    out,
    state: client.state,
  };
}

export function* oneByteChunks(stream: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < stream.length; i++) yield stream.subarray(i, i + 1);
}

function strip(o: Outcome): Outcome {
  return {events: o.events, ops: o.ops, fb: o.fb, out: o.out, state: o.state};
}

/**
 * Whole, every two-way split, and one byte at a time must agree exactly.
 * Returns the whole-stream outcome.
 */
export function feedThreeWays(
  options: RfbClientOptions,
  stream: Uint8Array,
  feedOpts: FeedOptions = {},
): Outcome {
  const whole = strip(feed(options, [stream], feedOpts));
  for (let k = 1; k < stream.length; k++) {
    const split = strip(feed(options, [stream.subarray(0, k), stream.subarray(k)], feedOpts));
    // toEqual on big structures is slow; compare a serialisation and only diff on failure.
    if (JSON.stringify(split) !== JSON.stringify(whole)) {
      expect({split: k, ...split}).toEqual({split: k, ...whole});
    }
  }
  const bytewise = strip(feed(options, oneByteChunks(stream), feedOpts));
  expect(bytewise).toEqual(whole);
  return whole;
}
