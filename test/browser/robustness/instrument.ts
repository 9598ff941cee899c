/**
 * Instruments the page's globals to see what the console leaves behind
 * (issue 8 "Teardown", robustness.md F6): listeners on window and document,
 * setTimeout/setInterval, requestAnimationFrame, ResizeObservers, and the
 * WebSocket constructor (replaced by a socket the test drives by hand, so the
 * element's real WebSocketTransport runs).
 *
 * Everything is attributed by the creation stack: only what code under /src/
 * created counts, so the test framework's own timers do not.
 */

const FROM_SRC = /\/src\/(?!.*node_modules)/;

function stack(): string {
  return new Error().stack ?? '';
}

/** True when one of the stack's frames is in the component's source (not the test's). */
function fromSrc(s: string): boolean {
  return s.split('\n').some((line) => FROM_SRC.test(line) && !line.includes('/test/'));
}

interface Pending {
  what: string;
  stack: string;
}

/** A WebSocket stand-in: the element's WebSocketTransport drives it, the test plays the server. */
export class InstrumentedSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: InstrumentedSocket[] = [];
  readyState = 0;
  binaryType: BinaryType = 'blob';
  protocol = '';
  bufferedAmount = 0;
  readonly sent: Uint8Array[] = [];
  readonly closeCalls: Array<[number | undefined, string | undefined]> = [];
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    InstrumentedSocket.all.push(this);
  }

  send(data: Uint8Array): void {
    this.sent.push(new Uint8Array(data).slice());
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push([code, reason]);
    if (this.readyState < 2) this.readyState = 2;
  }

  // ---- the server's side ----

  open(): void {
    this.protocol = 'binary';
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  message(...chunks: Uint8Array[]): void {
    for (const c of chunks) {
      this.onmessage?.(new MessageEvent('message', {data: c.slice().buffer}));
    }
  }

  closed(code = 1000, reason = '', wasClean = true): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', {code, reason, wasClean}));
  }

  sentBytes(): Uint8Array {
    const total = this.sent.reduce((n, b) => n + b.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const b of this.sent) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  }
}

export interface Leftovers {
  listeners: string[];
  timers: string[];
  frames: string[];
  observers: string[];
}

export interface Instrumentation {
  /** What code under /src/ created and has not released. */
  leftovers(): Leftovers;
  /** Totals created by /src/ since install (to show the instrumentation saw the element work). */
  created: {listeners: number; timers: number; frames: number; observers: number};
  restore(): void;
}

/** Installs the instrumentation; call restore() in a finally block. */
export function instrument(): Instrumentation {
  const restorers: Array<() => void> = [];
  const patch = <T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): void => {
    const original = obj[key];
    obj[key] = value;
    restorers.push(() => {
      obj[key] = original;
    });
  };
  const created = {listeners: 0, timers: 0, frames: 0, observers: 0};

  // ---- window / document listeners ----
  const listeners = new Map<string, Pending>();
  const ids = new WeakMap<object, number>();
  let nextId = 1;
  const idOf = (o: object) => {
    if (!ids.has(o)) ids.set(o, nextId++);
    return ids.get(o)!;
  };
  for (const [name, target] of [
    ['window', window],
    ['document', document],
  ] as const) {
    const add = target.addEventListener;
    const remove = target.removeEventListener;
    // addEventListener ignores a second identical (type, listener, capture).
    const key = (type: string, l: object | null, o: unknown) => {
      const capture = typeof o === 'boolean' ? o : Boolean((o as {capture?: boolean})?.capture);
      return `${name}:${type}:${capture}:${l ? idOf(l) : 0}`;
    };
    patch(target, 'addEventListener', function (
      this: EventTarget,
      type: string,
      l: EventListenerOrEventListenerObject | null,
      o?: boolean | AddEventListenerOptions,
    ) {
      const s = stack();
      if (l && fromSrc(s) && !listeners.has(key(type, l, o))) {
        listeners.set(key(type, l, o), {what: `${name} '${type}'`, stack: s});
        created.listeners++;
      }
      return add.call(this, type, l as EventListenerOrEventListenerObject, o);
    } as typeof add);
    patch(target, 'removeEventListener', function (
      this: EventTarget,
      type: string,
      l: EventListenerOrEventListenerObject | null,
      o?: boolean | EventListenerOptions,
    ) {
      listeners.delete(key(type, l, o));
      return remove.call(this, type, l as EventListenerOrEventListenerObject, o);
    } as typeof remove);
  }

  // ---- timers and frames ----
  const timers = new Map<number, Pending>();
  const frames = new Map<number, Pending>();
  const setT = window.setTimeout;
  const clearT = window.clearTimeout;
  const setI = window.setInterval;
  const clearI = window.clearInterval;
  const raf = window.requestAnimationFrame;
  const caf = window.cancelAnimationFrame;
  patch(window, 'setTimeout', ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
    const s = stack();
    const tracked = fromSrc(s) && typeof fn === 'function';
    const id: number = setT(
      tracked
        ? (...a: unknown[]) => {
            timers.delete(id);
            (fn as (...x: unknown[]) => void)(...a);
          }
        : fn,
      ms,
      ...args,
    );
    if (tracked) {
      timers.set(id, {what: `setTimeout(${ms ?? 0} ms)`, stack: s});
      created.timers++;
    }
    return id;
  }) as typeof window.setTimeout);
  patch(window, 'clearTimeout', ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    clearT(id);
  }) as typeof window.clearTimeout);
  patch(window, 'setInterval', ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
    const s = stack();
    const id: number = setI(fn, ms, ...args);
    if (fromSrc(s)) {
      timers.set(id, {what: `setInterval(${ms ?? 0} ms)`, stack: s});
      created.timers++;
    }
    return id;
  }) as typeof window.setInterval);
  patch(window, 'clearInterval', ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    clearI(id);
  }) as typeof window.clearInterval);
  patch(window, 'requestAnimationFrame', ((cb: FrameRequestCallback) => {
    const s = stack();
    const tracked = fromSrc(s);
    const id: number = raf((t) => {
      frames.delete(id);
      cb(t);
    });
    if (tracked) {
      frames.set(id, {what: 'requestAnimationFrame', stack: s});
      created.frames++;
    }
    return id;
  }) as typeof window.requestAnimationFrame);
  patch(window, 'cancelAnimationFrame', ((id: number) => {
    frames.delete(id);
    caf(id);
  }) as typeof window.cancelAnimationFrame);

  // ---- ResizeObservers that observe something and are never disconnected ----
  const observers = new Map<ResizeObserver, Pending>();
  const RO = window.ResizeObserver;
  class TrackedResizeObserver extends RO {
    private readonly _stack = stack();
    override observe(target: Element, options?: ResizeObserverOptions): void {
      if (fromSrc(this._stack) && !observers.has(this)) {
        observers.set(this, {what: 'ResizeObserver', stack: this._stack});
        created.observers++;
      }
      super.observe(target, options);
    }
    override disconnect(): void {
      observers.delete(this);
      super.disconnect();
    }
  }
  patch(window, 'ResizeObserver', TrackedResizeObserver);

  // ---- WebSocket ----
  patch(window, 'WebSocket', InstrumentedSocket as unknown as typeof WebSocket);

  const describe = (m: Map<unknown, Pending>) =>
    [...m.values()].map((p) => {
      const at = p.stack
        .split('\n')
        .filter((l) => FROM_SRC.test(l))
        .slice(0, 2)
        .map((l) =>
          l
            .trim()
            .replace(/^at /, '')
            .replace(/https?:\/\/[^/]+/, ''),
        )
        .join(' <- ');
      return `${p.what} @ ${at}`;
    });

  return {
    created,
    leftovers: () => ({
      listeners: describe(listeners),
      timers: describe(timers),
      frames: describe(frames),
      observers: describe(observers),
    }),
    restore: () => {
      for (const r of restorers.reverse()) r();
    },
  };
}

/** Nothing left: every list empty. */
export const NOTHING_LEFT: Leftovers = {listeners: [], timers: [], frames: [], observers: []};
