/**
 * The byte pipe a console session talks through (design.md 3.3). The session
 * never sees a WebSocket: tests plug in a fake, production a WebSocketTransport.
 * A transport carries opaque bytes; it knows nothing about RFB.
 */

/** Unsubscribes a listener. Calling it twice is harmless. */
export type Disposer = () => void;

/** How the pipe ended. Reported exactly once per transport. */
export interface TransportCloseInfo {
  /** WebSocket close code (1006 when the browser saw no close frame). */
  code: number;
  /** Close reason: server text (untrusted, unsanitized) or one of ours. */
  reason: string;
  /** True when a close handshake completed. */
  wasClean: boolean;
  /**
   * Whether the pipe had opened. A close before open may mean a refused or
   * already used ticket: browsers hide the handshake's HTTP status
   * (robustness.md §3, F4), so the session treats the ticket as burned.
   */
  opened: boolean;
}

export interface Transport {
  /** Queues bytes for the server. Ignored once the transport is closing or closed. */
  send(bytes: Uint8Array): void;
  /**
   * Starts closing. `onClose` still fires exactly once: when the close
   * completes, or after the forced-close timeout if it never does.
   * Codes: 1000, or 4000-4999 (the only ones script may send).
   */
  close(code?: number, reason?: string): void;
  /**
   * Closes at once and forgets every listener: no callback, no timer survives
   * this call. Used on teardown (element removal, a user's disconnect), where
   * nobody waits for the close to complete.
   */
  dispose(code?: number, reason?: string): void;
  /** Bytes queued but not yet sent (WebSocket.bufferedAmount), 0 if unknown. */
  readonly bufferedAmount: number;
  onOpen(listener: () => void): Disposer;
  onData(listener: (bytes: Uint8Array) => void): Disposer;
  onClose(listener: (info: TransportCloseInfo) => void): Disposer;
}

/** Makes one transport per connection attempt. */
export type TransportFactory = (url: string, options: TransportFactoryOptions) => Transport;

/** What the session asks of every transport it makes. */
export interface TransportFactoryOptions {
  /** Report a close that does not complete within this many ms (default 3000). */
  forceCloseMs: number;
  /**
   * The session's timer functions, so the forced close runs on the same
   * (injectable) clock as every other deadline and teardown can account for it.
   */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/** A minimal listener list shared by transport implementations. */
export class ListenerSet<A extends unknown[]> {
  private _listeners: Array<(...args: A) => void> = [];

  add(listener: (...args: A) => void): Disposer {
    this._listeners.push(listener);
    return () => {
      this._listeners = this._listeners.filter((l) => l !== listener);
    };
  }

  emit(...args: A): void {
    // Copy: a listener may dispose itself or others while we iterate.
    for (const l of [...this._listeners]) l(...args);
  }

  clear(): void {
    this._listeners = [];
  }
}
