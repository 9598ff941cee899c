/**
 * Shared pieces for the robustness unit tests (issue 8): a WebSocket stand-in
 * for Node so the real WebSocketTransport (with its forced close) can run
 * under a ManualClock, a ConsoleConnection rig whose transports are either
 * FakeTransports or WebSocketTransports over that stand-in, and a log sink
 * that records every line.
 */
import {seededRandom, type ReconnectPolicy} from '../../../src/session/backoff.js';
import type {RandomSource} from '../../../src/session/clock.js';
import type {ConsoleConnection, ConnectionEvent} from '../../../src/session/console-connection.js';
import type {SessionTimeouts} from '../../../src/session/timeouts.js';
import type {TransportFactory} from '../../../src/transport/transport.js';
import {WebSocketTransport} from '../../../src/transport/websocket-transport.js';
import {Logger, type LogLevel, type LogSink} from '../../../src/util/log.js';
import {FakeTransportFactory} from '../../browser/helpers/fake-transport.js';
import {ManualClock} from '../../browser/helpers/manual-clock.js';
import {FakeNetwork, IdleSink, flush, makeConnection} from '../session/connection-harness.js';

/** A WebSocket the test drives by hand (only what WebSocketTransport touches). */
export class NodeFakeSocket {
  static all: NodeFakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  protocol = '';
  bufferedAmount = 0;
  sent: Uint8Array[] = [];
  closeCalls: Array<[number | undefined, string | undefined]> = [];
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: {data: unknown}) => void) | null = null;
  onclose: ((e: {code: number; reason: string; wasClean: boolean}) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    NodeFakeSocket.all.push(this);
  }

  send(data: Uint8Array): void {
    this.sent.push(data.slice());
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push([code, reason]);
    if (this.readyState < 2) this.readyState = 2;
  }

  // ---- the server's side ----

  open(protocol = 'binary'): void {
    this.protocol = protocol;
    this.readyState = 1;
    this.onopen?.({});
  }

  message(...chunks: Uint8Array[]): void {
    for (const c of chunks) {
      const copy = c.slice();
      this.onmessage?.({data: copy.buffer});
    }
  }

  closed(code: number, reason = '', wasClean = true): void {
    this.readyState = 3;
    this.onclose?.({code, reason, wasClean});
  }
}

/** Every line a Logger printed, with its method. */
export class RecordingLogSink implements LogSink {
  readonly lines: Array<{level: string; text: string}> = [];
  private _add(level: string, args: unknown[]): void {
    this.lines.push({level, text: args.map((a) => stringify(a)).join(' ')});
  }
  error(...args: unknown[]): void {
    this._add('error', args);
  }
  warn(...args: unknown[]): void {
    this._add('warn', args);
  }
  info(...args: unknown[]): void {
    this._add('info', args);
  }
  debug(...args: unknown[]): void {
    this._add('debug', args);
  }
  text(): string {
    return this.lines.map((l) => l.text).join('\n');
  }
}

function stringify(a: unknown): string {
  if (typeof a === 'string') return a;
  if (a instanceof Error) return `${a.name}: ${a.message}\n${a.stack ?? ''}`;
  try {
    return JSON.stringify(a) ?? String(a);
  } catch {
    return String(a);
  }
}

let ticketSerial = 0;

export interface RigOptions {
  reconnect?: boolean;
  policy?: Partial<ReconnectPolicy>;
  timeouts?: Partial<SessionTimeouts>;
  random?: RandomSource;
  /** 'fake' (FakeTransport, default) or 'websocket' (WebSocketTransport over NodeFakeSocket). */
  transport?: 'fake' | 'websocket';
  getTicket?: () => unknown;
  logLevel?: LogLevel;
  /** Share one clock between rigs (100 consoles on one page). */
  clock?: ManualClock;
}

export interface Rig {
  connection: ConsoleConnection;
  clock: ManualClock;
  network: FakeNetwork;
  fakes: FakeTransportFactory;
  sockets: NodeFakeSocket[];
  events: ConnectionEvent[];
  tickets: string[];
  log: RecordingLogSink;
  reconnect: {value: boolean};
  flush(): Promise<void>;
}

/** A ConsoleConnection on a ManualClock with a fresh ticket URL per attempt. */
export function rig(o: RigOptions = {}): Rig {
  const clock = o.clock ?? new ManualClock();
  const network = new FakeNetwork();
  const fakes = new FakeTransportFactory();
  const sockets: NodeFakeSocket[] = [];
  const events: ConnectionEvent[] = [];
  const tickets: string[] = [];
  const log = new RecordingLogSink();
  const reconnect = {value: o.reconnect ?? false};
  const random = o.random ?? seededRandom(11);
  const wsFactory: TransportFactory = (url, options) => {
    const before = NodeFakeSocket.all.length;
    const t = new WebSocketTransport(url, {
      ...options,
      webSocket: NodeFakeSocket as unknown as typeof WebSocket,
    });
    sockets.push(NodeFakeSocket.all[before]!);
    return t;
  };
  const connection = makeConnection({
    getTicket:
      o.getTicket ??
      (() => {
        const url = `wss://esx.test/ticket/RIG-${++ticketSerial}-0f3c9a`;
        tickets.push(url);
        return Promise.resolve(url);
      }),
    sink: new IdleSink(),
    reconnect,
    policy: o.policy,
    timeouts: o.timeouts,
    random,
    clock,
    network,
    transportFactory: o.transport === 'websocket' ? wsFactory : fakes.factory,
    events,
    logger: new Logger(o.logLevel ?? 'debug', log),
  });
  return {connection, clock, network, fakes, sockets, events, tickets, log, reconnect, flush};
}

/** Lets pending promise callbacks run (the session harness's flush). */
export {flush};

/** Microtasks only: cheaper than flush() when thousands of steps need it. */
export async function microflush(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

export const disconnectsOf = (events: readonly ConnectionEvent[]) =>
  events.filter(
    (e): e is Extract<ConnectionEvent, {type: 'disconnect'}> => e.type === 'disconnect',
  );

export const statesOf = (events: readonly ConnectionEvent[]) =>
  events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
