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
 * after disconnect) no-ops, and an epoch counter lets a `disconnect` listener
 * call connect() or disconnect() without the ending attempt overriding it.
 *
 * Tickets are single use and a close before `open` may mean a burned one
 * (browsers hide the HTTP status; robustness.md F4), so an automatic retry
 * never dials a ticketed WebMKS URL this connection already dialed: with only
 * a fixed `url` the retries stop there instead of burning six attempts.
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
  /** Asked for the VNC password when clientOptions has none (ConsoleSessionOptions). */
  requestPassword?: ConsoleSessionOptions['requestPassword'];
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
  /** Bumped by connect()/disconnect(): an ending attempt whose listener called them stops there. */
  private _epoch = 0;
  /** True while disconnect() closes the running session: its end is ours, not a drop. */
  private _aborting = false;
  /** Ticketed WebMKS URLs dialed since the last connect(): retries never dial them again. */
  private _dialed = new Set<string>();
  private _lastDialed: string | undefined;

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

  /**
   * Starts connecting. A no-op while an attempt is already running; while a
   * retry is waiting, it tries now with a fresh attempt budget.
   */
  connect(): void {
    if (this._disposed || this._inFlight) return;
    this._epoch++;
    this._cancelRetry();
    this._retries = 0;
    this._dialed.clear();
    this._lastDialed = undefined;
    // Only reachable from a `disconnect` listener: the ended attempt has not
    // left `connected` yet, and connected -> connecting is not a transition.
    if (this._sm.state === 'connected') this._sm.set('disconnected');
    this._startAttempt('connecting');
  }

  /** Ends the running attempt (one `disconnect` event) and any pending retry. */
  disconnect(reason = 'Disconnected by the client.'): void {
    this._epoch++;
    this._cancelRetry();
    this._abortAttempt(reason);
    this._dialed.clear();
    this._lastDialed = undefined;
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
    // A `state` listener may have called disconnect(): then no ticket is fetched.
    if (gen !== this._gen) return;
    void this._runAttempt(gen, kind === 'reconnecting');
  }

  private async _runAttempt(gen: number, retry: boolean): Promise<void> {
    const o = this._o;
    const cfg = this._cfg;
    let value: unknown;
    o.logger?.debug(retry ? 'reconnect: asking for a fresh ticket' : 'asking for a ticket');
    try {
      value = await o.getTicket();
    } catch {
      // The provider's error may quote a ticket or a backend URL: not repeated.
      o.logger?.warn('the ticket provider failed');
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
    const secrets = secretsOfUrl(resolved.url);
    const ticketed = resolved.flavor === 'vmware' && secrets.length > 0;
    if (retry && ticketed && this._dialed.has(resolved.url)) {
      // A single-use ticket this connection already dialed: dialing it again
      // cannot work. The same one as last time means no fresh ticket will come
      // (a fixed `url`, a caching provider), so the retries stop; an older one
      // is skipped and the next retry asks again.
      this._failEarly(
        gen,
        'The ticket was already used; a ticketProvider is needed to reconnect.',
        resolved.url === this._lastDialed,
      );
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
    if (ticketed) this._dialed.add(resolved.url);
    this._lastDialed = resolved.url;
    const session: ConsoleSession = new ConsoleSession({
      url: resolved.url,
      flavor: resolved.flavor,
      renderer,
      transportFactory: cfg.transportFactory,
      clock: cfg.clock,
      timeouts: cfg.timeouts,
      secrets,
      onEvent: (ev) => this._handleSessionEvent(gen, session, ev),
      ...(o.logger ? {logger: o.logger} : {}),
      ...(inflaterFactory ? {inflaterFactory} : {}),
      ...(cfg.clientOptions ? {clientOptions: cfg.clientOptions} : {}),
      ...(cfg.requestPassword ? {requestPassword: cfg.requestPassword} : {}),
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
        if (gen !== this._gen) return; // a `state` listener ended it already
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

  private _failEarly(gen: number, reason: string, final = false): void {
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
      final,
    );
  }

  private _abortAttempt(reason: string): void {
    if (!this._inFlight) return;
    const session = this._session;
    if (session && !session.ended) {
      // Reports its end synchronously, through _attemptEnded. A session that
      // had already failed and was waiting for its close handshake reports
      // that failure (local: false); it must still not schedule a retry.
      this._aborting = true;
      try {
        session.close(reason);
      } finally {
        this._aborting = false;
      }
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

  private _attemptEnded(detail: SessionEnd, connectedAt: number, final = false): void {
    if (!this._inFlight) return;
    this._inFlight = false;
    this._session = undefined;
    this._gen++;
    const epoch = this._epoch;
    const local = detail.local || this._aborting;
    this._o.logger?.info('attempt ended:', detail.code, detail.reason);
    this._o.onEvent({
      type: 'disconnect',
      clean: detail.clean,
      code: detail.code,
      reason: detail.reason,
    });
    if (local || this._disposed) return; // disconnect() sets the state
    // A listener of that event called connect() or disconnect(): it decided.
    if (epoch !== this._epoch) return;
    const {policy, clock, random} = this._cfg;
    if (connectedAt > 0 && clock.now() - connectedAt >= policy.resetAfterMs) this._retries = 0;
    if (!final && this._o.reconnect() && this._retries < policy.maxAttempts) {
      this._retries++;
      const delay = backoffDelay(this._retries, policy, random);
      this._retryClock = clock;
      this._retryTimer = clock.setTimeout(() => {
        this._retryTimer = undefined;
        this._retryWhenOnline();
      }, delay);
      this._o.logger?.info(
        'reconnect attempt',
        this._retries,
        'of',
        policy.maxAttempts,
        'in',
        delay,
        'ms',
      );
      // After scheduling: a `state` listener that calls disconnect() cancels it.
      this._sm.set('reconnecting');
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
    this._o.logger?.info('offline: the reconnect waits for the network');
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
