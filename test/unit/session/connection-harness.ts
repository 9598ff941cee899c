/**
 * Wiring for ConsoleConnection tests in Node: FakeTransports, a ManualClock,
 * a RecordingSink that can say when it is idle, a controllable network, and
 * an event log.
 */
import {
  DEFAULT_RECONNECT_POLICY,
  seededRandom,
  type ReconnectPolicy,
} from '../../../src/session/backoff.js';
import type {NetworkStatus, RandomSource} from '../../../src/session/clock.js';
import {ConsoleConnection, type ConnectionEvent} from '../../../src/session/console-connection.js';
import {DEFAULT_TIMEOUTS, type SessionTimeouts} from '../../../src/session/timeouts.js';
import type {TransportFactory} from '../../../src/transport/transport.js';
import type {Logger} from '../../../src/util/log.js';
import {FakeTransportFactory} from '../../browser/helpers/fake-transport.js';
import {ManualClock} from '../../browser/helpers/manual-clock.js';
import {RecordingSink} from '../helpers/recording-sink.js';

export class IdleSink extends RecordingSink {
  whenIdle(): Promise<void> {
    return Promise.resolve();
  }
}

export class FakeNetwork implements NetworkStatus {
  online = true;
  listeners = new Set<() => void>();
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(online: boolean): void {
    this.online = online;
    for (const l of [...this.listeners]) l();
  }
}

export interface Setup {
  connection: ConsoleConnection;
  transports: FakeTransportFactory;
  clock: ManualClock;
  network: FakeNetwork;
  sink: IdleSink;
  events: ConnectionEvent[];
  tickets: string[];
  reconnect: {value: boolean};
  flush(): Promise<void>;
}

export interface SetupOptions {
  reconnect?: boolean;
  policy?: Partial<ReconnectPolicy>;
  timeouts?: Partial<SessionTimeouts>;
  seed?: number;
  /** Overrides the ticket provider; default returns wss://esx.test/ticket/T<n>. */
  getTicket?: () => unknown;
}

/** What a test ConsoleConnection is wired to. */
export interface ConnectionParts {
  getTicket: () => unknown;
  sink: IdleSink;
  /** Read at the end of each attempt, so a test can flip it. */
  reconnect: {value: boolean};
  policy?: Partial<ReconnectPolicy> | undefined;
  timeouts?: Partial<SessionTimeouts> | undefined;
  random: RandomSource;
  clock: ManualClock;
  network: FakeNetwork;
  transportFactory: TransportFactory;
  /** Every ConnectionEvent is pushed here. */
  events: ConnectionEvent[];
  logger?: Logger;
}

/** A ConsoleConnection over test parts; policy and timeouts override the defaults. */
export function makeConnection(p: ConnectionParts): ConsoleConnection {
  return new ConsoleConnection({
    getTicket: p.getTicket,
    renderer: () => p.sink,
    reconnect: () => p.reconnect.value,
    settings: () => ({
      policy: {...DEFAULT_RECONNECT_POLICY, ...p.policy},
      random: p.random,
      clock: p.clock,
      network: p.network,
      timeouts: {...DEFAULT_TIMEOUTS, ...p.timeouts},
      transportFactory: p.transportFactory,
    }),
    onEvent: (ev) => p.events.push(ev),
    ...(p.logger ? {logger: p.logger} : {}),
  });
}

/** Lets pending promise callbacks (ticket resolution, transport creation) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setTimeout(r, 0));
}

export function setup(o: SetupOptions = {}): Setup {
  const transports = new FakeTransportFactory();
  const clock = new ManualClock();
  const network = new FakeNetwork();
  const sink = new IdleSink();
  const events: ConnectionEvent[] = [];
  const tickets: string[] = [];
  const reconnect = {value: o.reconnect ?? false};
  const random = seededRandom(o.seed ?? 7);
  const connection = makeConnection({
    getTicket:
      o.getTicket ??
      (() => {
        const url = `wss://esx.test/ticket/TICKET-${tickets.length + 1}-secret`;
        tickets.push(url);
        return Promise.resolve(url);
      }),
    sink,
    reconnect,
    policy: o.policy,
    timeouts: o.timeouts,
    random,
    clock,
    network,
    transportFactory: transports.factory,
    events,
  });
  return {connection, transports, clock, network, sink, events, tickets, reconnect, flush};
}

export const states = (events: ConnectionEvent[]) =>
  events.filter((e) => e.type === 'state').map((e) => (e as {state: string}).state);

export const disconnects = (events: ConnectionEvent[]) =>
  events.filter((e) => e.type === 'disconnect') as Array<
    Extract<ConnectionEvent, {type: 'disconnect'}>
  >;
