/**
 * The in-page fake WebSocket both clients are fed by. It replays the
 * server -> client frames of a recording and paces on the client: burst k
 * (the server frames the recording has between two client messages) is
 * delivered only after the client under test has sent at least one message
 * since burst k-1 was handed over. That is the rhythm of a live server that
 * answers each FramebufferUpdateRequest (or VMware UpdateAck) with the next
 * update at once: the replay runs as fast as the client consumes it, never
 * faster. Each frame is its own task (as real `message` events are), with a
 * fresh ArrayBuffer, copied before the clock starts.
 */

export interface ReplayFrame {
  fromClient: boolean;
  data: Uint8Array;
}

/** Where each server burst starts/ends in the frame list. */
export function serverBursts(frames: readonly ReplayFrame[]): number[][] {
  const bursts: number[][] = [];
  let current: number[] | undefined;
  frames.forEach((f, i) => {
    if (f.fromClient) {
      current = undefined;
      return;
    }
    if (!current) {
      current = [];
      bursts.push(current);
    }
    current.push(i);
  });
  return bursts;
}

/** setImmediate for the page: a MessageChannel task, without setTimeout's clamping. */
const channel = new MessageChannel();
const immediateQueue: Array<() => void> = [];
channel.port1.onmessage = () => immediateQueue.shift()?.();
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    immediateQueue.push(resolve);
    channel.port2.postMessage(0);
  });
}

type Handler<E> = ((ev: E) => void) | null;

/**
 * Just enough of the WebSocket interface for our WebSocketTransport and for
 * noVNC's Websock.attach() (which checks for send, close, binaryType,
 * onerror, onmessage, onopen, protocol and readyState).
 */
export class ReplaySocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  /** Called with every socket constructed (ours constructs it through window.WebSocket). */
  static created: ((s: ReplaySocket) => void) | undefined;

  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  url: string;
  protocol: string;
  extensions = '';
  binaryType = 'arraybuffer';
  readyState = 0;
  bufferedAmount = 0;
  onopen: Handler<Event> = null;
  onmessage: Handler<MessageEvent> = null;
  onclose: Handler<CloseEvent> = null;
  onerror: Handler<Event> = null;
  /** Client messages so far, and their bytes. */
  sent = 0;
  sentBytes = 0;
  /** performance.now() of the first client message after arm() (0: none yet). */
  gateAt = 0;
  private _gateWaiter: (() => void) | undefined;

  constructor(url: string, protocols?: string | string[]) {
    this.url = url;
    const offered = typeof protocols === 'string' ? [protocols] : (protocols ?? []);
    // A WebMKS/websockify server answers `binary` when it is offered.
    this.protocol = offered.includes('binary') ? 'binary' : '';
    ReplaySocket.created?.(this);
  }

  send(data: ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== 1) return;
    this.sent++;
    this.sentBytes += data.byteLength;
    if (this.gateAt === 0) {
      this.gateAt = performance.now();
      const w = this._gateWaiter;
      this._gateWaiter = undefined;
      w?.();
    }
  }

  /** Starts waiting for the client's next message (call before delivering a burst). */
  arm(): void {
    this.gateAt = 0;
    this._gateWaiter = undefined;
  }

  /** Resolves with the time of the first client message since arm(), or rejects after `ms`. */
  gate(ms: number): Promise<number> {
    if (this.gateAt !== 0) return Promise.resolve(this.gateAt);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._gateWaiter = undefined;
        reject(new Error(`the client sent nothing for ${ms} ms`));
      }, ms);
      this._gateWaiter = () => {
        clearTimeout(timer);
        resolve(this.gateAt);
      };
    });
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.(new CloseEvent('close', {code, reason, wasClean: true})));
  }

  /** Test side: the socket opens. */
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** Test side: one server message. */
  deliver(buffer: ArrayBuffer): void {
    if (this.readyState !== 1) return;
    this.onmessage?.(new MessageEvent('message', {data: buffer}));
  }

  addEventListener(): void {
    // Neither client uses listeners on the socket (both set on* handlers).
  }

  removeEventListener(): void {}
}
