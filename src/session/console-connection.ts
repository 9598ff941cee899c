/**
 * The connection policy around single-use ConsoleSessions: one attempt at a
 * time, a fresh ticket for every attempt, the reconnect backoff, the offline
 * pause, and the element-level state (issue 5 `state`, issue 8 reconnect).
 *
 * Invariants (robustness.md F9): at most one live session; every attempt,
 * from asking for a ticket to its end, reports exactly one `disconnect`
 * (including an attempt refused before the socket opened, or one whose ticket
 * provider failed); after dispose() nothing is scheduled or subscribed.
 * A generation counter makes late callbacks (a ticket promise that resolves
 * after disconnect) no-ops.
 */
import type {InflaterFactory} from '../decoders/decoder.js';
import type {ServerKind} from '../protocol/events.js';
import type {TransportFactory} from '../transport/transport.js';
import {CLOSE_CODES} from '../transport/close-codes.js';
import type {Logger} from '../util/log.js';
import {backoffDelay, type ReconnectPolicy} from './backoff.js';
import type {Clock, NetworkStatus, RandomSource, TimerHandle} from './clock.js';
import {ConnectionStateMachine, type ConnectionState} from './connection-state.js';
import {
  ConsoleSession,
  type ConsoleSessionOptions,
  type SessionEnd,
  type SessionEvent,
  type SessionRenderer,
} from './console-session.js';
import {secretsOfUrl} from './sanitize.js';
import {resolveTicket, TicketError} from './ticket.js';
import type {SessionTimeouts} from './timeouts.js';

/** What a `webmks-disconnect` carries. */
export interface DisconnectInfo {
  clean: boolean;
  code: number;
  reason: string;
}

export type ConnectionEvent =
  | {type: 'state'; state: ConnectionState}
  | {type: 'connect'; width: number; height: number; name: string; serverKind: ServerKind}
  | ({type: 'disconnect'} & DisconnectInfo)
  | Exclude<SessionEvent, {type: 'end'} | {type: 'connected'} | {type: 'open'}>;

/** Tunables, read afresh when each attempt starts (so changes apply to the next one). */
export interface ConnectionSettings {
  policy: ReconnectPolicy;
  random: RandomSource;
  clock: Clock;
  network: NetworkStatus;
  timeouts: SessionTimeouts;
  transportFactory: TransportFactory;
  clientOptions?: ConsoleSessionOptions['clientOptions'];
}

export interface ConsoleConnectionOptions {
  /** Returns this attempt's ticket (called once per attempt, never reused). */
  getTicket: () => unknown;
  /** The renderer sessions draw into. */
  renderer: () => SessionRenderer | undefined;
  /** Read at the end of each attempt: whether to try again. */
  reconnect: () => boolean;
  settings: () => ConnectionSettings;
  onEvent: (event: ConnectionEvent) => void;
  logger?: Logger;
  /** Loads zlib for plain-VNC sessions (never for VMware-only ones). */
  loadInflater?: () => Promise<InflaterFactory | undefined>;
}

export class ConsoleConnection {
  private readonly _o: ConsoleConnectionOptions;
  private readonly _sm: ConnectionStateMachine;
  private _gen = 0;
  private _inFlight = false;
  private _session: ConsoleSession | undefined;
  private _retries = 0;
  private _retryTimer: TimerHandle | undefined;
  private _unsubscribeNetwork: (() => void) | undefined;
  private _disposed = false;
  /** The settings of the current (or last) attempt; its clock owns our timers. */
  private _cfg: ConnectionSettings;
  private _retryClock: Clock | undefined;

  constructor(options: ConsoleConnectionOptions) {
    this._o = options;
    this._cfg = options.settings();
    this._sm = new ConnectionStateMachine((state) => this._o.onEvent({type: 'state', state}));
  }

  get state(): ConnectionState {
    return this._sm.state;
  }

  /** The live session once ServerInit arrived, else undefined. */
  get session(): ConsoleSession | undefined {
    return this._session?.connected ? this._session : undefined;
  }

  /** Whether a retry is scheduled or waiting for the network. */
  get retryPending(): boolean {
    return this._retryTimer !== undefined || this._unsubscribeNetwork !== undefined;
  }

  /**
   * Starts connecting. A no-op while an attempt is already running; while a
   * retry is waiting, it tries now with a fresh attempt budget.
   */
  connect(): void {
    if (this._disposed || this._inFlight) return;
    this._cancelRetry();
    this._retries = 0;
    this._startAttempt('connecting');
  }

  /** Ends the running attempt (one `disconnect` event) and any pending retry. */
  disconnect(reason = 'Disconnected by the client.'): void {
    this._cancelRetry();
    this._abortAttempt(reason);
    if (this._sm.state !== 'disconnected') this._sm.set('disconnected');
  }

  /** disconnect(), and the object is dead: later calls do nothing. */
  dispose(reason = 'The console was removed from the page.'): void {
    if (this._disposed) return;
    this.disconnect(reason);
    this._disposed = true;
  }

  private _startAttempt(kind: 'connecting' | 'reconnecting'): void {
    const gen = ++this._gen;
    this._inFlight = true;
    this._cfg = this._o.settings();
    this._sm.set(kind);
    void this._runAttempt(gen);
  }

  private async _runAttempt(gen: number): Promise<void> {
    const o = this._o;
    const cfg = this._cfg;
    let value: unknown;
    try {
      value = await o.getTicket();
    } catch {
      // The provider's error may quote a ticket or a backend URL: not repeated.
      this._failEarly(gen, 'The ticket provider failed.');
      return;
    }
    if (gen !== this._gen) return;
    let resolved;
    try {
      resolved = resolveTicket(value);
    } catch (e) {
      this._failEarly(gen, e instanceof TicketError ? e.message : 'The ticket is not usable.');
      return;
    }
    let inflaterFactory: InflaterFactory | undefined;
    if (resolved.flavor === 'vnc' && o.loadInflater) {
      try {
        inflaterFactory = await o.loadInflater();
      } catch {
        inflaterFactory = undefined; // zlib encodings are then simply not advertised
      }
      if (gen !== this._gen) return;
    }
    const renderer = o.renderer();
    if (!renderer) {
      this._failEarly(gen, 'The console has no screen to draw on.');
      return;
    }
    const session: ConsoleSession = new ConsoleSession({
      url: resolved.url,
      flavor: resolved.flavor,
      renderer,
      transportFactory: cfg.transportFactory,
      clock: cfg.clock,
      timeouts: cfg.timeouts,
      secrets: secretsOfUrl(resolved.url),
      onEvent: (ev) => this._handleSessionEvent(gen, session, ev),
      ...(o.logger ? {logger: o.logger} : {}),
      ...(inflaterFactory ? {inflaterFactory} : {}),
      ...(cfg.clientOptions ? {clientOptions: cfg.clientOptions} : {}),
    });
    this._session = session;
    o.logger?.info('connecting, flavor', resolved.flavor);
    session.start();
  }

  private _handleSessionEvent(gen: number, session: ConsoleSession, ev: SessionEvent): void {
    if (gen !== this._gen || session !== this._session) return;
    switch (ev.type) {
      case 'open':
        break;
      case 'connected':
        this._sm.set('connected');
        this._o.onEvent({
          type: 'connect',
          width: ev.width,
          height: ev.height,
          name: ev.name,
          serverKind: ev.serverKind,
        });
        break;
      case 'end':
        this._attemptEnded(ev.detail, session.connectedAt);
        break;
      default:
        this._o.onEvent(ev);
    }
  }

  private _failEarly(gen: number, reason: string): void {
    if (gen !== this._gen) return;
    this._attemptEnded(
      {
        clean: false,
        code: CLOSE_CODES.ticket,
        reason,
        opened: false,
        connected: false,
        local: false,
      },
      0,
    );
  }

  private _abortAttempt(reason: string): void {
    if (!this._inFlight) return;
    const session = this._session;
    if (session && !session.ended) {
      session.close(reason); // reports its end synchronously, through _attemptEnded
    }
    if (this._inFlight) {
      this._attemptEnded(
        {
          clean: true,
          code: CLOSE_CODES.normal,
          reason,
          opened: false,
          connected: false,
          local: true,
        },
        0,
      );
    }
  }

  private _attemptEnded(detail: SessionEnd, connectedAt: number): void {
    if (!this._inFlight) return;
    this._inFlight = false;
    this._session = undefined;
    this._gen++;
    this._o.logger?.info('attempt ended:', detail.code, detail.reason);
    this._o.onEvent({
      type: 'disconnect',
      clean: detail.clean,
      code: detail.code,
      reason: detail.reason,
    });
    if (detail.local || this._disposed) return; // disconnect() sets the state
    const {policy, clock, random} = this._cfg;
    if (connectedAt > 0 && clock.now() - connectedAt >= policy.resetAfterMs) this._retries = 0;
    if (this._o.reconnect() && this._retries < policy.maxAttempts) {
      this._retries++;
      this._sm.set('reconnecting');
      const delay = backoffDelay(this._retries, policy, random);
      this._retryClock = clock;
      this._retryTimer = clock.setTimeout(() => {
        this._retryTimer = undefined;
        this._retryWhenOnline();
      }, delay);
      return;
    }
    this._sm.set(detail.clean ? 'disconnected' : 'failed');
  }

  /** Offline pauses retries: the attempt waits for the browser's `online` (issue 8). */
  private _retryWhenOnline(): void {
    const net = this._cfg.network;
    if (net.online) {
      this._startAttempt('reconnecting');
      return;
    }
    this._unsubscribeNetwork = net.subscribe(() => {
      if (!net.online) return;
      this._stopWatchingNetwork();
      this._startAttempt('reconnecting');
    });
  }

  private _stopWatchingNetwork(): void {
    this._unsubscribeNetwork?.();
    this._unsubscribeNetwork = undefined;
  }

  private _cancelRetry(): void {
    if (this._retryTimer !== undefined) this._retryClock?.clearTimeout(this._retryTimer);
    this._retryTimer = undefined;
    this._stopWatchingNetwork();
  }
}
