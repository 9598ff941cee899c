/**
 * Runs the project's own RFB core (src/protocol/rfb-client.ts) in Node
 * against a real peer's WebSocket, with zlib from src/decoders/inflate.ts
 * and a ModelSink. This checks the core's decoders against QEMU and
 * TigerVNC byte streams without a browser; the Playwright specs then check
 * the element end to end.
 */
import WebSocket from 'ws';
import {createInflaterFactory} from '../../src/decoders/inflate.js';
import type {RfbEvent} from '../../src/protocol/events.js';
import {RfbClient} from '../../src/protocol/rfb-client.js';
import {ModelSink} from './model-sink.js';

export interface NodeRfbOptions {
  encodings?: readonly string[];
  password?: string;
}

export class NodeRfbSession {
  readonly sink = new ModelSink();
  readonly events: RfbEvent[] = [];
  readonly client: RfbClient;
  /** Every byte sent to the peer (to check the SetEncodings the core chose). */
  sent = new Uint8Array(0);
  private readonly _ws: WebSocket;
  private _closed: {code: number; reason: string} | undefined;

  private constructor(url: string, options: NodeRfbOptions) {
    this.client = new RfbClient(
      {
        flavor: 'vnc',
        inflaterFactory: createInflaterFactory(),
        ...(options.encodings ? {encodings: options.encodings} : {}),
        ...(options.password !== undefined ? {password: options.password} : {}),
      },
      this.sink,
    );
    this._ws = new WebSocket(url, ['binary']);
    this._ws.binaryType = 'nodebuffer';
    this._ws.on('message', (data: Buffer) => {
      this.events.push(...this.client.receive(new Uint8Array(data)));
      this._flush();
    });
    this._ws.on('close', (code, reason) => {
      this._closed = {code, reason: reason.toString()};
      this.events.push(...this.client.end());
    });
    this._ws.on('error', () => undefined);
  }

  /** Opens the session and resolves on `connected` (rejects on an error event or close). */
  static async connect(
    url: string,
    options: NodeRfbOptions = {},
    timeoutMs = 10000,
  ): Promise<NodeRfbSession> {
    const s = new NodeRfbSession(url, options);
    await s.waitForEvent('connected', timeoutMs);
    return s;
  }

  /** Resolves with the first event of `type`; rejects on an error event, close or timeout. */
  async waitForEvent<T extends RfbEvent['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<RfbEvent, {type: T}>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.type === type);
      if (found) return found as Extract<RfbEvent, {type: T}>;
      const error = this.events.find((e) => e.type === 'error');
      if (error && error.type === 'error') {
        throw new Error(
          `the core failed while waiting for ${type}: ${error.error.code}: ${error.error.message}`,
        );
      }
      if (this._closed)
        throw new Error(`the peer closed (${this._closed.code}) while waiting for ${type}`);
      if (Date.now() > deadline) throw new Error(`no ${type} event within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The first error event, if any. */
  error(): string | undefined {
    const e = this.events.find((ev) => ev.type === 'error');
    return e && e.type === 'error' ? `${e.error.code}: ${e.error.message}` : undefined;
  }

  close(): void {
    this.client.close();
    this._ws.terminate();
  }

  private _flush(): void {
    const out = this.client.drainOutgoing();
    if (!out || out.length === 0 || this._ws.readyState !== WebSocket.OPEN) return;
    const all = new Uint8Array(this.sent.length + out.length);
    all.set(this.sent);
    all.set(out, this.sent.length);
    this.sent = all;
    this._ws.send(out);
  }
}
