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
import type {NetworkStatus} from '../../../src/session/clock.js';
import {ConsoleConnection, type ConnectionEvent} from '../../../src/session/console-connection.js';
import {DEFAULT_TIMEOUTS, type SessionTimeouts} from '../../../src/session/timeouts.js';
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

export function setup(o: SetupOptions = {}): Setup {
  const transports = new FakeTransportFactory();
  const clock = new ManualClock();
  const network = new FakeNetwork();
  const sink = new IdleSink();
  const events: ConnectionEvent[] = [];
  const tickets: string[] = [];
  const reconnect = {value: o.reconnect ?? false};
  const random = seededRandom(o.seed ?? 7);
  const connection = new ConsoleConnection({
    getTicket:
      o.getTicket ??
      (() => {
        const url = `wss://esx.test/ticket/TICKET-${tickets.length + 1}-secret`;
        tickets.push(url);
        return Promise.resolve(url);
      }),
    renderer: () => sink,
    reconnect: () => reconnect.value,
    settings: () => ({
      policy: {...DEFAULT_RECONNECT_POLICY, ...o.policy},
      random,
      clock,
      network,
      timeouts: {...DEFAULT_TIMEOUTS, ...o.timeouts},
      transportFactory: transports.factory,
    }),
    onEvent: (ev) => events.push(ev),
  });
  const flush = async () => {
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setTimeout(r, 0));
  };
  return {connection, transports, clock, network, sink, events, tickets, reconnect, flush};
}

export const states = (events: ConnectionEvent[]) =>
  events.filter((e) => e.type === 'state').map((e) => (e as {state: string}).state);

export const disconnects = (events: ConnectionEvent[]) =>
  events.filter((e) => e.type === 'disconnect') as Array<
    Extract<ConnectionEvent, {type: 'disconnect'}>
  >;
