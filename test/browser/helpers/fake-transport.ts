/**
 * A scriptable in-memory Transport for tests: the test plays the server
 * (open, send bytes, close, refuse) and reads back every byte the client
 * sent. DOM-free, so unit tests in Node can use it too.
 */
import type {
  Disposer,
  Transport,
  TransportCloseInfo,
  TransportFactory,
  TransportFactoryOptions,
} from '../../../src/transport/transport.js';

type Listener<A extends unknown[]> = (...args: A) => void;

export class FakeTransport implements Transport {
  readonly url: string;
  readonly options: TransportFactoryOptions;
  /** Every chunk the client sent, in order. */
  readonly sent: Uint8Array[] = [];
  /** What the client passed to close() or dispose(), if it did. */
  closedWith:
    {code: number | undefined; reason: string | undefined; how: 'close' | 'dispose'} | undefined;
  /** Set by the test to simulate a stalled socket. */
  bufferedAmount = 0;
  /** When true (default), a client close() is answered (as a real server would) in a microtask. */
  answerClose = true;
  private _opened = false;
  private _ended = false;
  private _open: Array<Listener<[]>> = [];
  private _data: Array<Listener<[Uint8Array]>> = [];
  private _close: Array<Listener<[TransportCloseInfo]>> = [];
  private _read = 0;

  constructor(url: string, options: TransportFactoryOptions) {
    this.url = url;
    this.options = options;
  }

  get opened(): boolean {
    return this._opened;
  }

  /** True once the client closed or disposed it, or the server closed it. */
  get ended(): boolean {
    return this._ended || this.closedWith !== undefined;
  }

  // ---- Transport (client side) ----

  send(bytes: Uint8Array): void {
    if (this.closedWith || this._ended) return;
    this.sent.push(bytes.slice());
  }

  close(code?: number, reason?: string): void {
    if (this.closedWith || this._ended) return;
    this.closedWith = {code, reason, how: 'close'};
    if (this.answerClose) {
      queueMicrotask(() =>
        this._finish({
          code: code ?? 1000,
          reason: reason ?? '',
          wasClean: true,
          opened: this._opened,
        }),
      );
    }
  }

  dispose(code?: number, reason?: string): void {
    if (!this.closedWith && !this._ended) this.closedWith = {code, reason, how: 'dispose'};
    this._ended = true;
    this._open = [];
    this._data = [];
    this._close = [];
  }

  onOpen(listener: () => void): Disposer {
    this._open.push(listener);
    return () => (this._open = this._open.filter((l) => l !== listener));
  }

  onData(listener: (bytes: Uint8Array) => void): Disposer {
    this._data.push(listener);
    return () => (this._data = this._data.filter((l) => l !== listener));
  }

  onClose(listener: (info: TransportCloseInfo) => void): Disposer {
    this._close.push(listener);
    return () => (this._close = this._close.filter((l) => l !== listener));
  }

  // ---- server side (the test) ----

  /** The socket opens. */
  open(): void {
    if (this._ended) return;
    this._opened = true;
    for (const l of [...this._open]) l();
  }

  /** The server sends bytes (one WebSocket message). */
  serverSend(...chunks: Array<Uint8Array | readonly number[]>): void {
    for (const chunk of chunks) {
      if (this._ended) return;
      const bytes = chunk instanceof Uint8Array ? chunk : Uint8Array.from(chunk);
      for (const l of [...this._data]) l(bytes);
    }
  }

  /** The server closes (or the network drops it: wasClean false, code 1006). */
  serverClose(code = 1000, reason = '', wasClean = true): void {
    this._finish({code, reason, wasClean, opened: this._opened});
  }

  /** The upgrade is refused before the socket opens (a used or expired ticket). */
  refuse(): void {
    this._finish({code: 1006, reason: '', wasClean: false, opened: false});
  }

  /** Everything the client sent, as one array. */
  sentBytes(): Uint8Array {
    return concat(this.sent);
  }

  /** The bytes sent since the last takeNew() call. */
  takeNew(): Uint8Array {
    const all = this.sentBytes();
    const out = all.slice(this._read);
    this._read = all.length;
    return out;
  }

  private _finish(info: TransportCloseInfo): void {
    if (this._ended) return;
    this._ended = true;
    const listeners = [...this._close];
    this._open = [];
    this._data = [];
    this._close = [];
    for (const l of listeners) l(info);
  }
}

/** Makes FakeTransports and keeps them, newest last. */
export class FakeTransportFactory {
  readonly transports: FakeTransport[] = [];
  private _waiters: Array<() => void> = [];

  readonly factory: TransportFactory = (url, options) => {
    const t = new FakeTransport(url, options);
    this.transports.push(t);
    for (const w of this._waiters.splice(0)) w();
    return t;
  };

  get last(): FakeTransport | undefined {
    return this.transports[this.transports.length - 1];
  }

  /** Resolves once `count` transports exist (the ticket provider is async). */
  async waitFor(count: number, timeoutMs = 2000): Promise<FakeTransport> {
    const deadline = Date.now() + timeoutMs;
    while (this.transports.length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} transports, have ${this.transports.length}`);
      await new Promise<void>((resolve) => {
        this._waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
    return this.transports[count - 1]!;
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
