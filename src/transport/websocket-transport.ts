/**
 * A Transport over a browser WebSocket, binary only (webmks-protocol.md §1.3).
 *
 * - Offers the `binary` subprotocol and fails if the server agreed to anything
 *   else (including none): ESXi drops clients without it, and wmks refuses a
 *   session without agreement.
 * - A text frame is a protocol failure (B9): the stream is bytes.
 * - Only close codes script may send (1000, 4000-4999) with short fixed
 *   reasons, so close() never throws and never echoes a ticket.
 * - A close the server does not answer is forced after `forceCloseMs` (3 s,
 *   as noVNC's DISCONNECT_TIMEOUT), so `onClose` always fires exactly once.
 */
import {CLOSE_CODES, isSendableCloseCode} from './close-codes.js';
import {ListenerSet, type Disposer, type Transport, type TransportCloseInfo} from './transport.js';

/** Options of a WebSocketTransport. */
export interface WebSocketTransportOptions {
  /** Subprotocols to offer; default `['binary']`. An empty list offers none and checks none. */
  protocols?: readonly string[];
  /** How long to wait for a close to complete before reporting it anyway (default 3000 ms). */
  forceCloseMs?: number;
  /** The WebSocket constructor (tests pass a fake). */
  webSocket?: typeof WebSocket;
  /** Timer functions (tests pass fakes). */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

const DEFAULT_FORCE_CLOSE_MS = 3000;

// WebSocket.readyState values, spelled out so a fake constructor needs no statics.
const WS_CONNECTING = 0;
const WS_OPEN = 1;

/** Reasons we send. Fixed ASCII, far below the 123-byte limit. */
const REASON_MAX_BYTES = 123;

export class WebSocketTransport implements Transport {
  private readonly _ws: WebSocket;
  private readonly _protocols: readonly string[];
  private readonly _forceCloseMs: number;
  private readonly _setTimeout: (fn: () => void, ms: number) => unknown;
  private readonly _clearTimeout: (handle: unknown) => void;
  private readonly _open = new ListenerSet<[]>();
  private readonly _data = new ListenerSet<[Uint8Array]>();
  private readonly _close = new ListenerSet<[TransportCloseInfo]>();
  private _opened = false;
  private _closing = false;
  private _done = false;
  private _forceTimer: unknown = undefined;
  /** Set when we close because of a local failure: reported instead of the echo. */
  private _failure: {code: number; reason: string} | undefined;

  constructor(url: string, options: WebSocketTransportOptions = {}) {
    this._protocols = options.protocols ?? ['binary'];
    this._forceCloseMs = options.forceCloseMs ?? DEFAULT_FORCE_CLOSE_MS;
    this._setTimeout = options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this._clearTimeout =
      options.clearTimeout ??
      ((h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>));
    const Ctor = options.webSocket ?? WebSocket;
    // May throw SyntaxError for a malformed URL; the caller turns that into a
    // failed attempt. The URL (with its ticket) is never part of our messages.
    this._ws = new Ctor(url, [...this._protocols]);
    this._ws.binaryType = 'arraybuffer';
    this._ws.onopen = () => this._handleOpen();
    this._ws.onmessage = (ev: MessageEvent) => this._handleMessage(ev);
    this._ws.onclose = (ev: CloseEvent) => this._handleClose(ev.code, ev.reason, ev.wasClean);
    // 'error' is always followed by 'close'; the close carries the outcome.
    this._ws.onerror = null;
  }

  get bufferedAmount(): number {
    return this._ws.bufferedAmount;
  }

  onOpen(listener: () => void): Disposer {
    return this._open.add(listener);
  }

  onData(listener: (bytes: Uint8Array) => void): Disposer {
    return this._data.add(listener);
  }

  onClose(listener: (info: TransportCloseInfo) => void): Disposer {
    return this._close.add(listener);
  }

  send(bytes: Uint8Array): void {
    if (this._closing || this._done || this._ws.readyState !== WS_OPEN) return;
    this._ws.send(bytes as Uint8Array<ArrayBuffer>);
  }

  close(code: number = CLOSE_CODES.normal, reason = ''): void {
    if (this._closing || this._done) return;
    this._closing = true;
    this._safeClose(code, reason);
    this._forceTimer = this._setTimeout(() => {
      this._forceTimer = undefined;
      this._finish({
        code: CLOSE_CODES.closeTimeout,
        reason: 'close timed out',
        wasClean: false,
        opened: this._opened,
      });
    }, this._forceCloseMs);
  }

  dispose(code: number = CLOSE_CODES.normal, reason = ''): void {
    if (this._done) return;
    if (!this._closing) this._safeClose(code, reason);
    this._closing = true;
    this._done = true;
    this._detach();
  }

  private _handleOpen(): void {
    if (this._closing || this._done) return;
    this._opened = true;
    // An empty list offers nothing, so there is nothing to check.
    if (this._protocols.length > 0 && !this._protocols.includes(this._ws.protocol)) {
      this._fail(CLOSE_CODES.subprotocol, 'subprotocol mismatch');
      return;
    }
    this._open.emit();
  }

  private _handleMessage(ev: MessageEvent): void {
    if (this._closing || this._done) return;
    const data: unknown = ev.data;
    if (data instanceof ArrayBuffer) {
      this._data.emit(new Uint8Array(data));
    } else if (typeof data === 'string') {
      this._fail(CLOSE_CODES.textFrame, 'unexpected text frame');
    } else {
      // A Blob would mean someone changed binaryType; refuse rather than go async.
      this._fail(CLOSE_CODES.protocolError, 'unexpected frame type');
    }
  }

  private _handleClose(code: number, reason: string, wasClean: boolean): void {
    if (this._done) return;
    this._finish({code, reason, wasClean, opened: this._opened});
  }

  private _fail(code: number, reason: string): void {
    this._failure = {code, reason};
    this.close(code, reason);
  }

  private _finish(info: TransportCloseInfo): void {
    if (this._done) return;
    this._done = true;
    this._closing = true;
    const report = this._failure
      ? {
          code: this._failure.code,
          reason: this._failure.reason,
          wasClean: false,
          opened: info.opened,
        }
      : info;
    const listeners = this._close;
    this._detach(false);
    listeners.emit(report);
    listeners.clear();
  }

  private _safeClose(code: number, reason: string): void {
    const safeCode = isSendableCloseCode(code) ? code : CLOSE_CODES.normal;
    let safeReason = reason;
    while (new TextEncoder().encode(safeReason).length > REASON_MAX_BYTES) {
      safeReason = safeReason.slice(0, -1);
    }
    try {
      const rs = this._ws.readyState;
      if (rs === WS_CONNECTING || rs === WS_OPEN) {
        this._ws.close(safeCode, safeReason);
      }
    } catch {
      // close() only throws for bad codes or reasons, which we filtered; if a
      // browser still objects, fall back to the plain close.
      try {
        this._ws.close();
      } catch {
        /* nothing more to do */
      }
    }
  }

  private _detach(clearClose = true): void {
    if (this._forceTimer !== undefined) {
      this._clearTimeout(this._forceTimer);
      this._forceTimer = undefined;
    }
    this._ws.onopen = null;
    this._ws.onmessage = null;
    this._ws.onclose = null;
    this._ws.onerror = null;
    this._open.clear();
    this._data.clear();
    if (clearClose) this._close.clear();
  }
}

/** The default TransportFactory: a WebSocketTransport with default options. */
export function createWebSocketTransport(
  url: string,
  options?: WebSocketTransportOptions,
): WebSocketTransport {
  return new WebSocketTransport(url, options);
}
