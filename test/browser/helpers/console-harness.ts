/**
 * Drives a real `<webmks-console>` against a FakeTransport (design.md 3.6,
 * after Material's harness.ts): connect, feed server bytes, press keys, click,
 * read pixels and the bytes the element sent. Tests use this instead of
 * reaching into private fields; only the harness looks at the canvas.
 */
import '../../../src/webmks-console.js';
import type {
  WebmksConsole,
  WebmksConsoleOptions,
} from '../../../src/element/webmks-console.component.js';
import type {WebmksEventName} from '../../../src/element/events.js';
import {ManualScheduler} from '../../../src/render/frame-scheduler.js';
import type {TicketProvider} from '../../../src/session/ticket.js';
import {parseClientStream, type ClientMessage} from './client-bytes.js';
import {FakeTransportFactory, type FakeTransport} from './fake-transport.js';
import {
  framebufferUpdate,
  handshake,
  serverCaps,
  serverInit,
  type RectBytes,
} from './server-bytes.js';

export const EVENT_NAMES: readonly WebmksEventName[] = [
  'webmks-connect',
  'webmks-disconnect',
  'webmks-state',
  'webmks-resize',
  'webmks-leds',
  'webmks-clipboard',
  'webmks-bell',
  'webmks-type-progress',
];

export interface HarnessOptions {
  /** Default: a VMware ticket URL (the FakeTransport never dials it). */
  url?: string;
  ticketProvider?: TicketProvider;
  attributes?: Record<string, string | true>;
  /** CSS size of the element (default 320×240). */
  width?: number;
  height?: number;
  options?: WebmksConsoleOptions;
}

export interface RecordedEvent {
  type: string;
  detail: unknown;
  bubbles: boolean;
  composed: boolean;
}

export interface ConnectOptions {
  width?: number;
  height?: number;
  name?: string;
  /** VMware ServerCaps to send after ServerInit (mode A only). */
  caps?: number;
  /** 'handshake' (mode A, default) or 'server-init' (mode B, Nova-style). */
  mode?: 'handshake' | 'server-init';
}

export const HARNESS_URL = 'wss://esx.test/ticket/harness-ticket-0001';

export class ConsoleHarness {
  readonly el: WebmksConsole;
  readonly transports = new FakeTransportFactory();
  readonly scheduler = new ManualScheduler();
  readonly events: RecordedEvent[] = [];
  private _mode: 'handshake' | 'server-init' = 'handshake';
  private _unread = new Map<FakeTransport, number>();

  private constructor(el: WebmksConsole) {
    this.el = el;
  }

  /** Creates, configures and appends an element (it auto-connects unless told not to). */
  static async create(o: HarnessOptions = {}): Promise<ConsoleHarness> {
    const el = document.createElement('webmks-console');
    const h = new ConsoleHarness(el);
    for (const name of EVENT_NAMES) {
      el.addEventListener(name, (e: Event) => {
        h.events.push({
          type: e.type,
          detail: (e as CustomEvent).detail,
          bubbles: e.bubbles,
          composed: e.composed,
        });
      });
    }
    el.options = {
      transportFactory: h.transports.factory,
      frameScheduler: h.scheduler,
      ...o.options,
    };
    for (const [k, v] of Object.entries(o.attributes ?? {})) {
      el.setAttribute(k, v === true ? '' : v);
    }
    if (o.ticketProvider) el.ticketProvider = o.ticketProvider;
    else el.url = o.url ?? HARNESS_URL;
    el.style.setProperty('width', `${o.width ?? 320}px`);
    el.style.setProperty('height', `${o.height ?? 240}px`);
    document.body.append(el);
    await el.updateComplete;
    return h;
  }

  /** The newest transport. */
  get transport(): FakeTransport {
    const t = this.transports.last;
    if (!t) throw new Error('no transport yet');
    return t;
  }

  get canvas(): HTMLCanvasElement {
    return this.el.shadowRoot!.querySelector<HTMLCanvasElement>('[part="canvas"]')!;
  }

  /** Opens the next transport and completes the handshake; resolves after webmks-connect. */
  async connect(o: ConnectOptions = {}): Promise<FakeTransport> {
    const count = this.transports.transports.length;
    const t =
      count > 0 && !this.transports.last!.opened && !this.transports.last!.ended
        ? this.transports.last!
        : await this.transports.waitFor(count + 1);
    this._mode = o.mode ?? 'handshake';
    const connects = this.count('webmks-connect');
    t.open();
    const {width = 64, height = 48, name = 'Test Guest'} = o;
    if (this._mode === 'server-init') t.serverSend(serverInit(width, height, name));
    else t.serverSend(...handshake(width, height, name));
    if (o.caps !== undefined) t.serverSend(serverCaps(o.caps));
    await this.until(() => this.count('webmks-connect') > connects, 'webmks-connect');
    this.takeMessages();
    return t;
  }

  /**
   * Sends one FramebufferUpdate and waits until the element acknowledged it
   * (FBUR or 127/4): the acknowledgement goes out only once the update is in
   * the back buffer, images included.
   */
  async update(rects: readonly RectBytes[], updateId = 1): Promise<ClientMessage[]> {
    this.transport.serverSend(framebufferUpdate(rects, updateId));
    const seen: ClientMessage[] = [];
    await this.until(() => {
      seen.push(...this.takeMessages());
      return seen.some((m) => m.kind === 'fbur' || (m.kind === 'vmware' && m.subtype === 4));
    }, 'update acknowledgement');
    // The acknowledgement only means the previous update is drawn (pipelined
    // acks, CanvasRenderer.whenPreviousDrawn): wait for this one's images too.
    await this.drawn();
    return seen;
  }

  /** Resolves once every update received so far is on the back buffer (images decoded). */
  drawn(): Promise<void> {
    const renderer = (this.el as unknown as {_renderer?: {whenIdle(): Promise<void>}})._renderer;
    return renderer ? renderer.whenIdle() : Promise.resolve();
  }

  /** Messages the client sent since the last call (handshake bytes are consumed by connect()). */
  takeMessages(): ClientMessage[] {
    const t = this.transport;
    const all = t.sentBytes();
    const from = this._unread.get(t) ?? 0;
    this._unread.set(t, all.length);
    if (from === 0) return parseClientStream(all, this._mode === 'handshake');
    return parseClientStream(all.slice(from), false);
  }

  /** The RGBA of framebuffer pixel (x, y). */
  pixelAt(x: number, y: number): [number, number, number, number] {
    const img = this.el.getImageData();
    const o = (y * img.width + x) * 4;
    return [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!, img.data[o + 3]!];
  }

  /** Focuses the element and dispatches a keydown/keyup pair (or one of them). */
  key(type: 'keydown' | 'keyup', code: string, key: string, init: KeyboardEventInit = {}): boolean {
    this.el.focus();
    const e = new KeyboardEvent(type, {
      code,
      key,
      bubbles: true,
      composed: true,
      cancelable: true,
      ...init,
    });
    this.el.dispatchEvent(e);
    return e.defaultPrevented;
  }

  press(code: string, key: string, init: KeyboardEventInit = {}): void {
    this.key('keydown', code, key, init);
    this.key('keyup', code, key, init);
  }

  /** Client coordinates of the centre of framebuffer pixel (x, y). */
  clientPoint(x: number, y: number): {clientX: number; clientY: number} {
    const r = this.canvas.getBoundingClientRect();
    const img = this.el.getImageData();
    return {
      clientX: r.left + ((x + 0.5) * r.width) / img.width,
      clientY: r.top + ((y + 0.5) * r.height) / img.height,
    };
  }

  /** Dispatches a pointer event over framebuffer pixel (x, y). */
  pointer(
    type: string,
    x: number,
    y: number,
    buttons: number,
    init: PointerEventInit = {},
  ): boolean {
    const e = new PointerEvent(type, {
      ...this.clientPoint(x, y),
      buttons,
      button: init.button ?? (type === 'pointermove' ? -1 : 0),
      pointerId: 1,
      pointerType: 'mouse',
      isPrimary: true,
      bubbles: true,
      composed: true,
      cancelable: true,
      ...init,
    });
    this.canvas.dispatchEvent(e);
    return e.defaultPrevented;
  }

  /** Dispatches a wheel event over framebuffer pixel (x, y). */
  wheel(x: number, y: number, deltaY: number, deltaX = 0, deltaMode = 0): boolean {
    const e = new WheelEvent('wheel', {
      ...this.clientPoint(x, y),
      deltaX,
      deltaY,
      deltaMode,
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    this.canvas.dispatchEvent(e);
    return e.defaultPrevented;
  }

  /** Runs one animation frame (coalesced pointer moves, presentation). */
  frame(): void {
    this.scheduler.tick();
  }

  count(type: string): number {
    return this.events.filter((e) => e.type === type).length;
  }

  details<T = unknown>(type: string): T[] {
    return this.events.filter((e) => e.type === type).map((e) => e.detail as T);
  }

  /** Polls `cond` every few ms until it holds (fails after `timeoutMs`). */
  async until(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!cond()) {
      if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  remove(): void {
    this.el.remove();
  }
}

/** Waits for the microtask queue and one macrotask. */
export function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}
