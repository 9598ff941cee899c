/**
 * A small QMP (QEMU Machine Protocol) client over a Unix socket: JSON
 * objects, one per line. After the greeting we send `qmp_capabilities`;
 * then each command gets an `id` and its reply is matched by that id.
 * Asynchronous events (objects with an "event" member) are kept in
 * `events` so tests can wait for STOP/RESUME.
 */
import {connect, type Socket} from 'node:net';

export interface QmpEvent {
  event: string;
  data?: unknown;
  timestamp?: {seconds: number; microseconds: number};
}

export class QmpError extends Error {
  constructor(
    readonly command: string,
    readonly errorClass: string,
    readonly desc: string,
  ) {
    super(`QMP ${command} failed: ${errorClass}: ${desc}`);
  }
}

interface Pending {
  command: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Longest reply line we accept (screendump and pmemsave answer with `{}`). */
const MAX_LINE = 1 << 20;

export class QmpClient {
  readonly events: QmpEvent[] = [];
  private _socket: Socket;
  private _buffer = '';
  private _nextId = 1;
  private readonly _pending = new Map<string, Pending>();
  private _greeting: ((v: unknown) => void) | undefined;
  private _closedError: Error | undefined;

  private constructor(socket: Socket) {
    this._socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this._onData(text));
    socket.on('close', () => this._fail(new Error('QMP socket closed')));
    socket.on('error', (err) => this._fail(err));
  }

  /** Connects, reads the greeting, and enters command mode. */
  static async connect(path: string, timeoutMs = 5000): Promise<QmpClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({path});
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    const client = new QmpClient(socket);
    const greeting = new Promise((resolve) => (client._greeting = resolve));
    try {
      await withTimeout(greeting, timeoutMs, 'QMP greeting');
      await client.execute('qmp_capabilities', undefined, timeoutMs);
    } catch (err) {
      client.close();
      throw err;
    }
    return client;
  }

  /** Runs one command and resolves with its `return` value. */
  execute<T = unknown>(
    command: string,
    args?: Record<string, unknown>,
    timeoutMs = 10000,
  ): Promise<T> {
    if (this._closedError) return Promise.reject(this._closedError);
    const id = `t${this._nextId++}`;
    const message = JSON.stringify({execute: command, ...(args ? {arguments: args} : {}), id});
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this._pending.delete(id);
        reject(new Error(`QMP ${command}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this._pending.set(id, {command, resolve: resolve as (v: unknown) => void, reject, timer});
      this._socket.write(message + '\n');
    });
  }

  /** Runs an HMP command through QMP and returns its text output. */
  human(commandLine: string): Promise<string> {
    return this.execute<string>('human-monitor-command', {'command-line': commandLine});
  }

  /** Resolves with the first event of that name at or after index `from` in `events`. */
  async waitForEvent(name: string, from: number, timeoutMs: number): Promise<QmpEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find((e) => e.event === name);
      if (found) return found;
      if (this._closedError) throw this._closedError;
      if (Date.now() > deadline)
        throw new Error(`QMP event ${name} not seen within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this._socket.destroy();
  }

  private _onData(text: string): void {
    this._buffer += text;
    if (this._buffer.length > MAX_LINE) {
      this._fail(new Error('QMP reply line too long'));
      this._socket.destroy();
      return;
    }
    let nl: number;
    while ((nl = this._buffer.indexOf('\n')) >= 0) {
      const line = this._buffer.slice(0, nl).trim();
      this._buffer = this._buffer.slice(nl + 1);
      if (line) this._onMessage(line);
    }
  }

  private _onMessage(line: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this._fail(new Error(`QMP sent a line that is not JSON: ${line.slice(0, 200)}`));
      return;
    }
    if ('QMP' in msg) {
      this._greeting?.(msg);
      return;
    }
    if (typeof msg.event === 'string') {
      this.events.push(msg as unknown as QmpEvent);
      return;
    }
    const id = typeof msg.id === 'string' ? msg.id : undefined;
    const pending = id ? this._pending.get(id) : undefined;
    if (!pending || !id) return;
    this._pending.delete(id);
    clearTimeout(pending.timer);
    if ('error' in msg) {
      const err = (msg.error ?? {}) as {class?: string; desc?: string};
      pending.reject(new QmpError(pending.command, err.class ?? '?', err.desc ?? '?'));
    } else {
      pending.resolve(msg.return);
    }
  }

  private _fail(err: Error): void {
    this._closedError ??= err;
    for (const [id, p] of this._pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`QMP ${p.command}: ${err.message}`));
      this._pending.delete(id);
    }
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
