/**
 * A WebSocket client for the mock server's tests (Node `ws`, 127.0.0.1
 * only): collects every byte, reads exact counts, parses server messages.
 */
import {WebSocket} from 'ws';
import {C} from './client-bytes.js';
import {parseServerMessage, type ServerMessage} from './server-stream.js';

export interface ServerInitInfo {
  width: number;
  height: number;
  name: string;
  /** The 24 + name bytes as received. */
  bytes: Uint8Array;
}

export class TestClient {
  /** Every binary WebSocket message, in order. */
  readonly frames: Uint8Array[] = [];
  private data = new Uint8Array(1 << 16);
  private length = 0;
  private pos = 0;
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{code: number; reason: string}>;
  isClosed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => {
      const chunk = new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
      this.frames.push(chunk);
      if (this.length + chunk.length > this.data.length) {
        const next = new Uint8Array(Math.max(this.data.length * 2, this.length + chunk.length));
        next.set(this.data.subarray(0, this.length));
        this.data = next;
      }
      this.data.set(chunk, this.length);
      this.length += chunk.length;
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        this.isClosed = true;
        this.wake();
        resolve({code, reason: reason.toString()});
      });
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Opens a WebSocket; rejects with the HTTP status if the upgrade is refused. */
  static open(url: string, protocols: string[] = ['binary']): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, {rejectUnauthorized: false});
      ws.on('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), {status: res.statusCode}));
        res.resume();
        ws.terminate();
      });
      ws.on('error', (e) => reject(e));
      const client = new TestClient(ws);
      ws.on('open', () => resolve(client));
    });
  }

  /** The HTTP status that refused an upgrade (throws if the upgrade succeeded). */
  static async refusal(url: string, protocols: string[] = ['binary']): Promise<number> {
    try {
      const c = await TestClient.open(url, protocols);
      c.ws.terminate();
    } catch (e) {
      const status = (e as {status?: number}).status;
      if (status !== undefined) return status;
      throw e;
    }
    throw new Error('the upgrade was accepted');
  }

  /** Total bytes received so far. */
  get received(): number {
    return this.length;
  }

  /** Bytes received but not yet read. */
  get pending(): number {
    return this.length - this.pos;
  }

  /** All bytes received so far. */
  allBytes(): Uint8Array {
    return this.data.slice(0, this.length);
  }

  send(...msgs: Uint8Array[]): void {
    for (const m of msgs) this.ws.send(m);
  }

  /** Resolves when `pred()` holds, or rejects after `timeoutMs`. */
  async until(pred: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Reads exactly `n` bytes. */
  async read(n: number, timeoutMs = 5000): Promise<Uint8Array> {
    await this.until(() => this.length - this.pos >= n || this.isClosed, timeoutMs, `${n} bytes`);
    if (this.length - this.pos < n)
      throw new Error(`closed with ${this.length - this.pos} of ${n} bytes`);
    const out = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Reads and parses the next server message. */
  async next(timeoutMs = 5000): Promise<ServerMessage> {
    let msg: ServerMessage | undefined;
    await this.until(
      () => {
        msg = parseServerMessage(this.data.subarray(this.pos, this.length));
        return msg !== undefined || this.isClosed;
      },
      timeoutMs,
      'a server message',
    );
    if (!msg) throw new Error('closed before a complete message');
    this.pos += msg.length;
    return msg;
  }

  /** Reads messages until one matches. */
  async nextMatching<T extends ServerMessage>(
    pred: (m: ServerMessage) => m is T,
    timeoutMs = 5000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = await this.next(Math.max(1, deadline - Date.now()));
      if (pred(m)) return m;
    }
  }

  async nextUpdate(timeoutMs = 5000): Promise<Extract<ServerMessage, {type: 'update'}>> {
    return this.nextMatching(
      (m): m is Extract<ServerMessage, {type: 'update'}> => m.type === 'update',
      timeoutMs,
    );
  }

  /** Mode A handshake as wmks does it (§5.1); returns ServerInit. */
  async handshake(): Promise<ServerInitInfo> {
    const version = await this.read(12);
    if (String.fromCharCode(...version) !== 'RFB 003.008\n') throw new Error('bad version');
    this.send(C.version());
    await this.read(2);
    this.send(C.securityChoice(1));
    await this.read(4);
    this.send(C.clientInit(1));
    return this.serverInit();
  }

  /** Reads a ServerInit. */
  async serverInit(): Promise<ServerInitInfo> {
    const head = await this.read(24);
    const v = new DataView(head.buffer);
    const nameLen = v.getUint32(20);
    const name = await this.read(nameLen);
    const bytes = new Uint8Array(24 + nameLen);
    bytes.set(head);
    bytes.set(name, 24);
    return {
      width: v.getUint16(0),
      height: v.getUint16(2),
      name: String.fromCharCode(...name),
      bytes,
    };
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close();
    else this.ws.terminate();
  }
}

/** Fetches JSON from the mock. */
export async function getJson<T = unknown>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return (await res.json()) as T;
}

export async function postJson<T = unknown>(
  url: string,
  body: unknown,
): Promise<{status: number; body: T}> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(body),
  });
  return {status: res.status, body: (await res.json()) as T};
}
