/**
 * One connection attempt: transport <-> RfbClient <-> renderer (design.md 3.1,
 * "wiring only"). Single-use: a reconnect makes a new ConsoleSession.
 *
 * It owns the attempt's deadlines (open, ServerInit, message stall), turns
 * core events into SessionEvents, acknowledges each update only once the
 * renderer is idle (backpressure: options.deferAcks), and guarantees exactly
 * one `end` event. It builds no protocol bytes itself: input goes through the
 * RfbClient methods and the bytes they queue are flushed to the transport.
 */
import type {InflaterFactory} from '../decoders/decoder.js';
import type {FrameSink} from '../decoders/frame-sink.js';
import type {ProtocolError} from '../protocol/errors.js';
import type {RfbEvent, ServerKind} from '../protocol/events.js';
import type {RfbClientOptions} from '../protocol/options.js';
import {RfbClient} from '../protocol/rfb-client.js';
import {CLOSE_CODES} from '../transport/close-codes.js';
import type {
  Disposer,
  Transport,
  TransportCloseInfo,
  TransportFactory,
} from '../transport/transport.js';
import type {Logger} from '../util/log.js';
import type {Clock, TimerHandle} from './clock.js';
import {redactKnownSecrets, sanitizeText} from './sanitize.js';
import type {ConsoleFlavor} from './ticket.js';
import type {SessionTimeouts} from './timeouts.js';

/** What the session needs from the renderer: a FrameSink that can say when it has caught up. */
export interface SessionRenderer extends FrameSink {
  /** Resolves once every queued operation (including image decodes) is applied. */
  whenIdle(): Promise<void>;
  /** Resolves once all but the latest committed update are drawn (pipelined acks); whenIdle() if absent. */
  whenPreviousDrawn?(): Promise<void>;
}

/** The guest's lock LEDs. */
export interface LedState {
  capsLock: boolean;
  numLock: boolean;
  scrollLock: boolean;
}

/** How an attempt ended. */
export interface SessionEnd {
  /** True for an orderly end (a normal close by either side), false for any failure. */
  clean: boolean;
  /** The WebSocket close code, or one of ours (src/transport/close-codes.ts). */
  code: number;
  /** Plain text, sanitized, at most 200 characters, never a ticket. */
  reason: string;
  /** Whether the socket had opened (false: the ticket may be burned). */
  opened: boolean;
  /** Whether ServerInit had arrived. */
  connected: boolean;
  /** Whether the client ended it (disconnect(), removal). */
  local: boolean;
}

export type SessionEvent =
  | {type: 'open'}
  | {type: 'connected'; width: number; height: number; name: string; serverKind: ServerKind}
  | {type: 'resize'; width: number; height: number}
  | ({type: 'leds'} & LedState)
  | {type: 'clipboard'; text: string}
  | {type: 'bell'}
  | {type: 'name'; name: string}
  /** ServerCaps or extension support changed: requests that failed before may work now. */
  | {type: 'capabilities'}
  | {type: 'end'; detail: SessionEnd};

export interface ConsoleSessionOptions {
  url: string;
  flavor: ConsoleFlavor;
  renderer: SessionRenderer;
  transportFactory: TransportFactory;
  clock: Clock;
  timeouts: SessionTimeouts;
  onEvent: (event: SessionEvent) => void;
  logger?: Logger;
  inflaterFactory?: InflaterFactory;
  /** Extra core options (password, encodings, limits); flavor/deferAcks/inflater are ours. */
  clientOptions?: Omit<RfbClientOptions, 'flavor' | 'deferAcks' | 'inflaterFactory'>;
  /** Strings to blank out of every reason (the ticket, the token). */
  secrets?: readonly string[];
  /**
   * Asked when the server wants VNC Authentication and clientOptions has no
   * password (issue 7): resolves to the password, or undefined to give up.
   * Without it, such a server fails the session at once.
   */
  requestPassword?: () => Promise<string | undefined>;
  /**
   * Above this many unsent bytes, pointer moves are dropped (never buttons or
   * keys): the link is stalled and moves are stale anyway (robustness.md F3).
   */
  maxBufferedBytes?: number;
}

type Phase = 'new' | 'opening' | 'handshake' | 'connected' | 'closing' | 'ended';

const DEFAULT_MAX_BUFFERED = 256 * 1024;

/**
 * How long a requestPassword() answer may take. The handshake deadline is
 * paused meanwhile (a person may be typing); this bounds the wait instead.
 */
const PASSWORD_WAIT_MS = 120_000;

/** Short fixed reasons for the close frame (≤ 123 bytes, ticket-free). */
const WIRE_REASONS: Record<number, string> = {
  [CLOSE_CODES.protocolError]: 'protocol error',
  [CLOSE_CODES.openTimeout]: 'open timeout',
  [CLOSE_CODES.handshakeTimeout]: 'handshake timeout',
  [CLOSE_CODES.messageStall]: 'message stall',
  [CLOSE_CODES.credentials]: 'credentials required',
};

export class ConsoleSession {
  private readonly _o: ConsoleSessionOptions;
  private _phase: Phase = 'new';
  private _transport: Transport | undefined;
  private _client: RfbClient | undefined;
  private _disposers: Disposer[] = [];
  private _openTimer: TimerHandle | undefined;
  private _initTimer: TimerHandle | undefined;
  private _stallTimer: TimerHandle | undefined;
  private _opened = false;
  private _failure: {code: number; reason: string} | undefined;
  private _leds: LedState = {capsLock: false, numLock: false, scrollLock: false};
  private _lastMask = 0;
  private _connectedAt = 0;

  constructor(options: ConsoleSessionOptions) {
    this._o = options;
  }

  /** True between ServerInit and the end: input is accepted. */
  get connected(): boolean {
    return this._phase === 'connected';
  }

  /** True once the session has reported its end. */
  get ended(): boolean {
    return this._phase === 'ended';
  }

  /** When ServerInit arrived (clock ms), 0 if it has not. */
  get connectedAt(): number {
    return this._connectedAt;
  }

  get width(): number {
    return this._client?.width ?? 0;
  }

  get height(): number {
    return this._client?.height ?? 0;
  }

  /** The guest's lock LEDs as last reported (all off until the server says). */
  get leds(): LedState {
    return {...this._leds};
  }

  /** Opens the transport and starts the open deadline. Call once. */
  start(): void {
    if (this._phase !== 'new') return;
    this._phase = 'opening';
    let transport: Transport;
    try {
      const clock = this._o.clock;
      transport = this._o.transportFactory(this._o.url, {
        forceCloseMs: this._o.timeouts.forceCloseMs,
        setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
        clearTimeout: (handle) => clock.clearTimeout(handle),
      });
    } catch {
      // new WebSocket() throws SyntaxError for a bad URL or a blocked port; its
      // message can quote the URL, so it is replaced by fixed text.
      queueMicrotask(() =>
        this._end({
          clean: false,
          code: CLOSE_CODES.abnormal,
          reason: 'The browser refused to open the console connection.',
          opened: false,
          local: false,
        }),
      );
      return;
    }
    this._transport = transport;
    this._disposers.push(
      transport.onOpen(() => this._handleOpen()),
      transport.onData((bytes) => this._handleData(bytes)),
      transport.onClose((info) => this._handleClose(info)),
    );
    this._openTimer = this._o.clock.setTimeout(() => {
      this._openTimer = undefined;
      this._fail(CLOSE_CODES.openTimeout, 'The connection did not open in time.');
    }, this._o.timeouts.openMs);
  }

  /**
   * Ends the session from our side at once: key-ups for held keys, the close
   * frame, and the `end` event, all in this call. No timer or listener is left.
   */
  close(reason = 'Disconnected by the client.'): void {
    if (this._phase === 'ended') return;
    if (this._phase === 'connected') {
      this._client?.releaseAllKeys();
      this._flush();
    }
    this._transport?.dispose(CLOSE_CODES.normal, 'client disconnect');
    const failure = this._failure;
    this._end({
      clean: !failure,
      code: failure?.code ?? CLOSE_CODES.normal,
      reason: failure?.reason ?? reason,
      opened: this._opened,
      local: !failure,
    });
  }

  /** Fails the session because rendering failed (an image that did not decode). */
  reportRenderError(message: string): void {
    this._fail(CLOSE_CODES.protocolError, `The screen could not be drawn: ${message}`);
  }

  // ---- input (ignored unless connected) ----

  sendKey(code: string, down: boolean, keysym?: number): boolean {
    return this._input((c) => c.sendKey(code, down, keysym), false);
  }

  releaseAllKeys(): void {
    this._input((c) => c.releaseAllKeys(), undefined);
  }

  /** Absolute pointer. Returns false when a pure move was dropped for backpressure. */
  sendPointer(x: number, y: number, buttonMask: number): boolean {
    return this._input((c) => {
      if (buttonMask === this._lastMask && this._backlogged()) return false;
      this._lastMask = buttonMask;
      c.sendPointer(x, y, buttonMask);
      return true;
    }, false);
  }

  sendWheel(x: number, y: number, deltaY: number, deltaX: number): void {
    this._input((c) => c.sendWheel(x, y, deltaY, deltaX), undefined);
  }

  sendRelativePointer(dx: number, dy: number, buttonMask: number): boolean {
    return this._input((c) => {
      if (buttonMask === this._lastMask && this._backlogged()) return true;
      const ok = c.sendRelativePointer(dx, dy, buttonMask);
      if (ok) this._lastMask = buttonMask;
      return ok;
    }, false);
  }

  requestResolution(width: number, height: number): boolean {
    return this._input((c) => c.requestResolution(width, height), false);
  }

  sendLedState(leds: LedState): boolean {
    return this._input((c) => c.sendLedState(leds), false);
  }

  /**
   * Every input method: while connected, `send` queues bytes on the client
   * and they are flushed to the transport at once; otherwise nothing is sent
   * and the method returns `idle`.
   */
  private _input<T>(send: (client: RfbClient) => T, idle: T): T {
    const client = this._client;
    if (!client || this._phase !== 'connected') return idle;
    const result = send(client);
    this._flush();
    return result;
  }

  // ---- transport callbacks ----

  private _handleOpen(): void {
    if (this._phase !== 'opening') return;
    this._opened = true;
    this._clearTimer('_openTimer');
    this._phase = 'handshake';
    const o = this._o;
    this._client = new RfbClient(
      {
        ...o.clientOptions,
        flavor: o.flavor,
        deferAcks: true,
        ...(o.inflaterFactory ? {inflaterFactory: o.inflaterFactory} : {}),
      },
      o.renderer,
    );
    this._initTimer = o.clock.setTimeout(() => {
      this._initTimer = undefined;
      this._fail(
        CLOSE_CODES.handshakeTimeout,
        'The server did not complete the handshake in time.',
      );
    }, o.timeouts.serverInitMs);
    o.logger?.debug('socket open, flavor', o.flavor);
    this._flush();
    this._emit({type: 'open'});
  }

  private _handleData(bytes: Uint8Array): void {
    const client = this._client;
    if (!client || (this._phase !== 'handshake' && this._phase !== 'connected')) return;
    // One boundary per socket message (robustness.md B14): the core never
    // throws, but what we do with its events (drawing, listeners) might; an
    // exception must fail this session, not escape onmessage half-applied.
    try {
      const started = this._o.clock.now();
      const events = client.receive(bytes);
      for (const ev of events) {
        this._handleEvent(ev, started);
        if (this._phase !== 'handshake' && this._phase !== 'connected') return;
      }
      this._flush();
      this._watchStall(events.length > 0);
    } catch (e) {
      // Only our own sanitized text reaches the log: an exception message is
      // not ours to trust (it could quote anything it was handed).
      this._o.logger?.error(
        'failed while handling server data:',
        this._clean(e instanceof Error ? `${e.name}: ${e.message}` : String(e)),
      );
      this._fail(
        CLOSE_CODES.protocolError,
        `The console failed while handling server data (${e instanceof Error ? e.name : 'error'}).`,
      );
    }
  }

  private _handleClose(info: TransportCloseInfo): void {
    if (this._phase === 'ended') return;
    this._opened ||= info.opened;
    this._o.logger?.debug(
      'socket closed, code',
      info.code,
      info.wasClean ? 'clean' : 'unclean',
      info.opened ? 'after open' : 'before open',
    );
    const failure = this._failure;
    if (failure) {
      this._end({...failure, clean: false, opened: this._opened, local: false});
      return;
    }
    let error: ProtocolError | undefined;
    const client = this._client;
    if (client && this._phase !== 'closing') {
      for (const ev of client.end()) if (ev.type === 'error') error = ev.error;
    }
    this._end(this._describeClose(info, error));
  }

  private _describeClose(
    info: TransportCloseInfo,
    error: ProtocolError | undefined,
  ): Omit<SessionEnd, 'connected'> {
    const base = {code: info.code, opened: this._opened, local: false};
    if (!this._opened) {
      return {
        ...base,
        clean: false,
        reason:
          'The server refused the connection before it opened; the ticket may be invalid, used or expired.',
      };
    }
    if (error) {
      return {...base, clean: false, reason: this._protocolReason(error)};
    }
    const orderly = info.code === 1000 || info.code === 1001 || info.code === 1005;
    const serverText = this._clean(info.reason);
    const fallback =
      info.code === 1006
        ? 'The connection was lost.'
        : `The server closed the connection (code ${info.code}).`;
    return {...base, clean: info.wasClean && orderly, reason: serverText || fallback};
  }

  private _handleEvent(ev: RfbEvent, started: number): void {
    switch (ev.type) {
      case 'connected':
        this._clearTimer('_initTimer');
        this._phase = 'connected';
        this._connectedAt = this._o.clock.now();
        this._emit({
          type: 'connected',
          width: ev.width,
          height: ev.height,
          name: this._clean(ev.name),
          serverKind: ev.serverKind,
        });
        break;
      case 'update':
        this._acknowledgeWhenDrawn(started);
        break;
      case 'resize':
        this._emit({type: 'resize', width: ev.width, height: ev.height});
        break;
      case 'leds':
        this._leds = {capsLock: ev.capsLock, numLock: ev.numLock, scrollLock: ev.scrollLock};
        this._emit({type: 'leds', ...this._leds});
        break;
      case 'clipboard':
        // The guest's text as it is (the host renders it as text), minus the ticket.
        this._emit({type: 'clipboard', text: redactKnownSecrets(ev.text, this._o.secrets ?? [])});
        break;
      case 'bell':
        this._emit({type: 'bell'});
        break;
      case 'name':
        this._emit({type: 'name', name: this._clean(ev.name)});
        break;
      case 'server-caps':
      case 'capabilities':
        this._emit({type: 'capabilities'});
        break;
      case 'session-close':
        this._o.logger?.info('server announced session close, reason', ev.reason);
        break;
      case 'credentials-required':
        if (this._o.requestPassword) this._askPassword(this._o.requestPassword);
        else this._fail(CLOSE_CODES.credentials, 'The server asks for a password.');
        break;
      case 'error':
        this._fail(CLOSE_CODES.protocolError, this._protocolReason(ev.error));
        break;
      default:
        // cursor-position, typematic, heartbeat: informational.
        break;
    }
  }

  /**
   * VNC Authentication without a configured password: asks the page, then
   * answers the challenge (RfbClient.setPassword) and restarts the handshake
   * deadline. No answer, or none within PASSWORD_WAIT_MS, fails the session.
   */
  private _askPassword(request: () => Promise<string | undefined>): void {
    const o = this._o;
    const noPassword = () => this._fail(CLOSE_CODES.credentials, 'No password was given.');
    this._clearTimer('_initTimer');
    this._initTimer = o.clock.setTimeout(() => {
      this._initTimer = undefined;
      noPassword();
    }, PASSWORD_WAIT_MS);
    request().then(
      (password) => {
        const client = this._client;
        if (!client || this._phase !== 'handshake') return;
        if (password === undefined) {
          noPassword();
          return;
        }
        this._clearTimer('_initTimer');
        this._initTimer = o.clock.setTimeout(() => {
          this._initTimer = undefined;
          this._fail(
            CLOSE_CODES.handshakeTimeout,
            'The server did not complete the handshake in time.',
          );
        }, o.timeouts.serverInitMs);
        client.setPassword(password);
        this._flush();
      },
      () => {
        if (this._phase === 'handshake') noPassword();
      },
    );
  }

  /** UpdateAck / FBUR only once the update is on the back buffer (design: backpressure). */
  private _acknowledgeWhenDrawn(started: number): void {
    const renderer = this._o.renderer;
    (renderer.whenPreviousDrawn ? renderer.whenPreviousDrawn() : renderer.whenIdle()).then(
      () => {
        const client = this._client;
        if (!client || this._phase !== 'connected') return;
        client.acknowledgeUpdate(Math.max(0, this._o.clock.now() - started));
        this._flush();
      },
      (err: unknown) => {
        this.reportRenderError(err instanceof Error ? err.message : 'render failed');
      },
    );
  }

  /** Restarts the stall deadline whenever a message completed; stops it between messages. */
  private _watchStall(progressed: boolean): void {
    const client = this._client;
    if (!client || this._phase !== 'connected' || !client.midMessage) {
      this._clearTimer('_stallTimer');
      return;
    }
    if (this._stallTimer !== undefined && !progressed) return;
    this._clearTimer('_stallTimer');
    this._stallTimer = this._o.clock.setTimeout(() => {
      this._stallTimer = undefined;
      this._fail(
        CLOSE_CODES.messageStall,
        'A server message did not complete in time (the server stalled or is too slow).',
      );
    }, this._o.timeouts.messageMs);
  }

  private _fail(code: number, reason: string): void {
    if (this._phase === 'ended' || this._phase === 'closing') return;
    this._phase = 'closing';
    this._failure = {code, reason: this._clean(reason)};
    this._clearTimers();
    this._o.logger?.warn('session failed:', this._failure.reason);
    this._client?.close();
    // The end is reported when the close completes (at most forceCloseMs later).
    this._transport?.close(code, WIRE_REASONS[code] ?? 'error');
  }

  private _end(detail: Omit<SessionEnd, 'connected'>): void {
    if (this._phase === 'ended') return;
    const connected = this._connectedAt > 0;
    this._phase = 'ended';
    this._clearTimers();
    for (const d of this._disposers) d();
    this._disposers = [];
    this._client?.close();
    this._transport = undefined;
    this._emit({
      type: 'end',
      detail: {...detail, reason: this._clean(detail.reason), connected},
    });
  }

  private _flush(): void {
    const out = this._client?.drainOutgoing();
    if (out && out.length > 0) this._transport?.send(out);
  }

  private _backlogged(): boolean {
    const limit = this._o.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
    return (this._transport?.bufferedAmount ?? 0) > limit;
  }

  private _protocolReason(error: ProtocolError): string {
    return `Protocol error (${error.code}): ${error.message}`;
  }

  private _clean(text: string): string {
    return sanitizeText(text, this._o.secrets ?? []);
  }

  private _emit(event: SessionEvent): void {
    this._o.onEvent(event);
  }

  private _clearTimer(name: '_openTimer' | '_initTimer' | '_stallTimer'): void {
    const handle = this[name];
    if (handle !== undefined) this._o.clock.clearTimeout(handle);
    this[name] = undefined;
  }

  private _clearTimers(): void {
    this._clearTimer('_openTimer');
    this._clearTimer('_initTimer');
    this._clearTimer('_stallTimer');
  }
}
