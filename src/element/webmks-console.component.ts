/**
 * `<webmks-console>`: the Lit element, on Lit's ReactiveElement base (reactive
 * properties, attributes, controllers, adopted styles). Its shadow tree is
 * fixed, so it needs no template engine and the script-tag bundle carries no
 * lit-html (issue 6 size budget). Thin by design: it owns attributes,
 * events, the shadow DOM and the user's input devices, and delegates each
 * connection attempt to src/session (ConsoleConnection -> ConsoleSession).
 * It never builds protocol bytes. This module has no side effects;
 * src/webmks-console.ts registers the tag.
 */
import {ReactiveElement, type PropertyValues} from '@lit/reactive-element';
import {KEYBOARD_LOCK_CODES} from '../input/keyboard.js';
import {CanvasRenderer} from '../render/canvas-renderer.js';
import type {FrameScheduler} from '../render/frame-scheduler.js';
import type {ScaleMode} from '../render/scaling.js';
import {normalizePolicy, type ReconnectPolicy} from '../session/backoff.js';
import {
  browserNetworkStatus,
  systemClock,
  type Clock,
  type NetworkStatus,
  type RandomSource,
} from '../session/clock.js';
import {ConsoleConnection, type ConnectionEvent} from '../session/console-connection.js';
import type {ConsoleSession} from '../session/console-session.js';
import {loadInflaterFactory} from '../session/inflater-loader.js';
import type {TicketProvider} from '../session/ticket.js';
import {normalizeTimeouts, type SessionTimeouts} from '../session/timeouts.js';
import {typeKeys} from '../session/typing.js';
import {createWebSocketTransport} from '../transport/websocket-transport.js';
import type {TransportFactory} from '../transport/transport.js';
import {Logger, parseLogLevel, type LogLevel, type LogSink} from '../util/log.js';
import {
  createWebmksEvent,
  type WebmksConsoleState,
  type WebmksEventDetails,
  type WebmksEventName,
} from './events.js';
import {KeyboardController, RELEASE_FOCUS_COMBINATION} from './keyboard-controller.js';
import {PointerController} from './pointer-controller.js';
import {statusText} from './status-text.js';
import {ViewController} from './view-controller.js';
import {webmksConsoleStyles} from './webmks-console.styles.js';

/** The `resize` attribute: leave the guest's size alone, or make it follow the element. */
export type ResizeMode = 'none' | 'remote';

/**
 * Advanced settings (the `options` property). Read when each connection
 * attempt starts, so changes apply from the next attempt on.
 */
export interface WebmksConsoleOptions {
  /** Deadlines: open 20 s, open→ServerInit 15 s, message 30 s, forced close 3 s. */
  timeouts?: Partial<SessionTimeouts>;
  /** Reconnect backoff: base 1 s, factor 2, cap 30 s, 6 attempts, reset after 60 s up. */
  reconnectPolicy?: Partial<ReconnectPolicy>;
  /** Uniform [0, 1) source for the backoff jitter (default Math.random). */
  random?: RandomSource;
  /** Time source for every deadline and delay (default: performance.now and setTimeout). */
  clock?: Clock;
  /** Online/offline source that pauses reconnects (default: navigator.onLine and window events). */
  network?: NetworkStatus;
  /** Makes the transport for each attempt (default: a binary WebSocket). */
  transportFactory?: TransportFactory;
  /** Animation frames for drawing and pointer coalescing (default: requestAnimationFrame). Read when the element is connected. */
  frameScheduler?: FrameScheduler;
  /** Pause after each character `typeText()` types, in ms (default 10). */
  typingDelayMs?: number;
  /** VNC Authentication password for plain VNC servers. Never logged. */
  password?: string;
  /** Where log lines go (default: the console). */
  logSink?: LogSink;
}

interface KeyboardLockApi {
  lock?: (codes?: string[]) => Promise<void>;
  unlock?: () => void;
}

/**
 * A browser console for VMware WebMKS (ESXi, vSphere, Nova `mks`) and plain
 * RFB over WebSocket.
 *
 * Connects when it is in the document and has a `url` or a `ticketProvider`,
 * unless `no-auto-connect` is set. While focused and connected, the keyboard
 * goes to the guest, Tab and the browser's shortcuts included; press
 * **Ctrl+Alt+Shift+F12** to release every key and leave the console with the
 * keyboard. Held keys are also released when the page or element loses focus.
 *
 * @summary VM console: connects to a ticketed WebMKS (or VNC) WebSocket and shows the guest screen.
 *
 * @fires webmks-connect - {width, height, name}: the session is up (ServerInit received).
 * @fires webmks-disconnect - {clean, code, reason}: one per connection attempt, also when refused before the socket opened.
 * @fires webmks-state - {state}: `state` changed.
 * @fires webmks-resize - {width, height}: the guest screen changed size.
 * @fires webmks-leds - {capsLock, numLock, scrollLock}: the guest's lock LEDs.
 * @fires webmks-clipboard - {text}: the guest copied text (plain, untrusted text).
 * @fires webmks-bell - The guest rang the bell.
 * @fires webmks-type-progress - {sent, total}: characters of a typeText() call sent so far.
 * @fires webmks-credentials-required - {types: ['password']}: a plain VNC server asks for a password and none is set; answer with `password` or `sendCredentials()`.
 *
 * @csspart screen - The scroll and scale container around the canvas.
 * @csspart canvas - The canvas showing the remote framebuffer.
 * @csspart status - The connection status overlay; also the polite live region.
 *
 * @cssproperty --webmks-console-background - Background around the screen (default #000).
 * @cssproperty --webmks-console-status-color - Status text colour (default #fff).
 * @cssproperty --webmks-console-status-background - Status overlay background (default rgba(0,0,0,.6)).
 * @cssproperty --webmks-console-status-font - Status text font (default 14px system-ui).
 * @cssproperty --webmks-console-stale-opacity - Opacity of the last frame while disconnected (default 0.5).
 * @cssproperty --webmks-console-focus-outline - Outline when focused from the keyboard (default 2px solid #4d90fe).
 *
 * @slot - Overlays and toolbars drawn over the console. Keys typed into slotted controls stay with them.
 */
export class WebmksConsole extends ReactiveElement {
  static override styles = webmksConsoleStyles;

  static override properties = {
    url: {type: String},
    noAutoConnect: {type: Boolean, attribute: 'no-auto-connect', reflect: true},
    logLevel: {type: String, attribute: 'log-level', reflect: true},
    viewOnly: {type: Boolean, attribute: 'view-only', reflect: true},
    scale: {type: String, reflect: true},
    resize: {type: String, reflect: true},
    reconnect: {type: Boolean, reflect: true},
    keyboardLayout: {type: String, attribute: 'keyboard-layout', reflect: true},
    encodings: {type: String},
    qualityLevel: {type: Number, attribute: 'quality-level'},
    compressionLevel: {type: Number, attribute: 'compression-level'},
    password: {attribute: false},
    ticketProvider: {attribute: false},
    options: {attribute: false},
  };

  /**
   * The WebSocket URL (`wss://host/ticket/T`, `ws://host:port/?token=T`, or a
   * Nova `http(s)://…/mks.html?token=T` page URL). For demos and tests: it
   * puts the ticket in the DOM. Production code should use `ticketProvider`.
   * Never reflected from the property to the attribute.
   */
  declare url: string;
  /** Do not connect automatically when connected to the document; call `connect()`. */
  declare noAutoConnect: boolean;
  /** `silent` (default), `error`, `warn`, `info` or `debug`. No level prints a ticket. */
  declare logLevel: LogLevel;
  /** Show the screen only: no keyboard, pointer, typing or resize requests reach the guest. */
  declare viewOnly: boolean;
  /** `fit` (default, keeps the aspect ratio), `none` (1:1, scrolls) or `integer` (crisp whole-number scaling). Shown at half the guest's size or less (a thumbnail), the console draws an area-averaged copy into a canvas of its on-screen size, so it costs memory for its own pixels, not the guest's; `getImageData()` and screenshots stay full-size. */
  declare scale: ScaleMode;
  /** `none` (default) or `remote`: ask the guest to match the element's size (debounced 300 ms). */
  declare resize: ResizeMode;
  /**
   * Reconnect automatically after a drop: full-jitter backoff (1 s base, ×2,
   * 30 s cap, 6 attempts, paused while offline) and a fresh ticket from
   * `ticketProvider` per attempt. With only `url`, the same URL is retried,
   * which suits plain VNC but not single-use tickets.
   */
  declare reconnect: boolean;
  /** The guest's keyboard layout for `typeText()` (default `en-US`; also en-GB, de-DE, fr-FR, es-ES, it-IT, ja-JP, …). */
  declare keyboardLayout: string;
  /**
   * Returns a ticket for every attempt (tickets are single-use): a URL string,
   * a vSphere ticket `{host, port, ticket}` or `{url}`, or a Nova
   * `remote_console` object (bare or as `{remote_console}`). Takes precedence over `url`.
   */
  declare ticketProvider: TicketProvider | undefined;
  /**
   * Plain VNC only: the encodings to ask for, best first, as comma-separated
   * names (`tight`, `tightpng`, `zrle`, `hextile`, `rre`, `zlib`, `raw`), e.g.
   * `tight,zrle,hextile,raw`. Unknown names are ignored; CopyRect always
   * comes first and Raw is always accepted last. Empty (default) means
   * `tight,tightpng,zrle,hextile,rre,zlib,raw`, noVNC's order: Tight sends
   * the fewest bytes (JPEG for photos, zlib with palette and gradient filters
   * for the rest), ZRLE is the best lossless choice of TigerVNC and RealVNC,
   * Hextile and RRE need no zlib and suit old servers, and Raw works
   * everywhere. Read when a connection starts.
   */
  declare encodings: string;
  /**
   * JPEG quality 0 (smallest) to 9 (best), sent as a pseudo-encoding to
   * servers that use JPEG (Tight; WebMKS). Unset: 9. Read when a connection starts.
   */
  declare qualityLevel: number | undefined;
  /**
   * Plain VNC zlib compression level 0 (fastest) to 9 (smallest), sent as a
   * pseudo-encoding. Unset: 2, as noVNC. Read when a connection starts.
   */
  declare compressionLevel: number | undefined;
  /**
   * The VNC Authentication password for plain VNC servers. A property only:
   * never written to an attribute, never logged, never in an event. Set it
   * before connecting, or in answer to `webmks-credentials-required`.
   * Takes precedence over `options.password`.
   */
  declare password: string | undefined;
  /** Advanced settings: timeouts, reconnect policy, injectable clock and transport. */
  declare options: WebmksConsoleOptions;

  // Internal render state; changed only through _refreshStatus(), which
  // requests the update (kept out of `properties` so no attribute is implied).
  private _state: WebmksConsoleState = 'disconnected';
  private _status = statusText('disconnected', '', '');
  private _statusEl: HTMLElement | undefined;

  private readonly _internals: ElementInternals | undefined;
  // Lines go to options.logSink when set, else the console; read per line so
  // the sink can be set at any time.
  private readonly _logger = new Logger('silent', {
    error: (...a: unknown[]) => this._logSink().error(...a),
    warn: (...a: unknown[]) => this._logSink().warn(...a),
    info: (...a: unknown[]) => this._logSink().info(...a),
    debug: (...a: unknown[]) => this._logSink().debug(...a),
  });
  private _connection: ConsoleConnection | undefined;
  private _renderer: CanvasRenderer | undefined;
  private _fb = {width: 0, height: 0};
  /** The canvas's on-screen size in device pixels, from the last layout (the renderer may downscale into it). */
  private _displaySize = {width: 0, height: 0};
  private _name = '';
  private _lastReason = '';
  private _typing: Promise<void> = Promise.resolve();
  private _typingAbort = new Set<AbortController>();
  private _keyboardLocked = false;
  /** Answers the session's pending password request (webmks-credentials-required). */
  private _answerPassword: ((password: string | undefined) => void) | undefined;
  private readonly _keyboard: KeyboardController;
  private readonly _pointer: PointerController;
  private readonly _view: ViewController;

  constructor() {
    super();
    this.url = '';
    this.noAutoConnect = false;
    this.logLevel = 'silent';
    this.viewOnly = false;
    this.scale = 'fit';
    this.resize = 'none';
    this.reconnect = false;
    this.keyboardLayout = 'en-US';
    this.ticketProvider = undefined;
    this.encodings = '';
    this.qualityLevel = undefined;
    this.compressionLevel = undefined;
    this.password = undefined;
    this.options = {};
    this._internals = this.attachInternals?.();
    if (this._internals) {
      this._internals.role = 'application';
      this._internals.ariaLabel = 'Remote console';
      this._internals.ariaRoleDescription = 'remote console';
      this._setCustomState('disconnected');
    }
    const session = () => this._connection?.session;
    this._keyboard = new KeyboardController(this, {
      session,
      inputEnabled: () => !this.viewOnly,
    });
    this._pointer = new PointerController(this, {
      session,
      inputEnabled: () => !this.viewOnly,
      screen: () => this._screen,
      canvas: () => this._canvas,
      framebufferSize: () => this._fb,
      scheduler: () => this._scheduler(),
      clock: () => this.options.clock ?? systemClock,
    });
    this._view = new ViewController(this, {
      screen: () => this._screen,
      canvas: () => this._canvas,
      scaleMode: () => this._scaleMode(),
      remoteResize: () => this.resize === 'remote' && !this.viewOnly,
      framebufferSize: () => this._fb,
      session,
      clock: () => this.options.clock ?? systemClock,
      displaySize: (width, height) => {
        this._displaySize = {width, height};
        this._renderer?.setDisplaySize(width, height);
      },
    });
  }

  /** The connection state: `disconnected`, `connecting`, `connected`, `reconnecting` or `failed`. Also exposed as the CSS custom state `:state(<name>)`. */
  get state(): WebmksConsoleState {
    return this._state;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    this.addEventListener('fullscreenchange', this._onFullscreenChange);
    if (this.hasUpdated) {
      this._ensureRenderer();
      this._autoConnect(false);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Same task as the removal: keys released, socket closed, nothing left scheduled.
    this._cancelTyping();
    this._connection?.dispose();
    this._connection = undefined;
    this._renderer?.dispose();
    this._renderer = undefined;
    this.removeEventListener('fullscreenchange', this._onFullscreenChange);
    this._unlockKeyboard();
  }

  // ---- public methods ----

  /**
   * Connects with a fresh ticket from `ticketProvider` (or the `url`). Does
   * nothing while an attempt is already running; while a reconnect is waiting
   * it tries at once. The element must be in a document.
   */
  connect(): void {
    if (!this.isConnected) return;
    // A level set in the same task as connect() has not reached updated() yet.
    this._logger.level = parseLogLevel(this.logLevel);
    if (!this._hasSource()) {
      this._logger.warn('connect() needs a url or a ticketProvider');
      return;
    }
    this._ensureRenderer();
    this._connection ??= this._createConnection();
    this._connection.connect();
  }

  /** Disconnects (releasing held keys first) and cancels any pending reconnect. */
  disconnect(): void {
    this._cancelTyping();
    this._connection?.disconnect();
  }

  /**
   * Answers `webmks-credentials-required` with a password, without keeping
   * it on the element (unlike setting `password`). Does nothing when no
   * password is being asked for.
   */
  sendCredentials(password: string): void {
    const answer = this._answerPassword;
    this._answerPassword = undefined;
    answer?.(password);
  }

  /** Sends Ctrl+Alt+Del (ControlLeft, AltLeft, Delete down, then up in reverse). */
  sendCtrlAltDel(): void {
    this.sendKeys(['ControlLeft', 'AltLeft', 'Delete']);
  }

  /**
   * Presses the keys in order and releases them in reverse order.
   * @param codes `KeyboardEvent.code` names, e.g. `['ControlLeft', 'KeyC']`.
   */
  sendKeys(codes: string[]): void {
    const session = this._inputSession();
    if (!session) return;
    for (const code of codes) session.sendKey(code, true);
    for (const code of [...codes].reverse()) session.sendKey(code, false);
  }

  /**
   * Types text as key presses on the guest's `keyboard-layout` (paste as
   * typing, for servers without a clipboard), paced, respecting the guest's
   * Caps Lock; newlines become Enter. Fires `webmks-type-progress`. Calls
   * queue behind each other. Rejects with an `AbortError` when the signal
   * aborts or the session ends (held keys are released), and with an
   * `InvalidStateError` when not connected or view-only.
   */
  typeText(text: string, options: {signal?: AbortSignal} = {}): Promise<void> {
    const run = async (): Promise<void> => {
      const session = this._inputSession();
      if (!session) {
        throw new DOMException('the console is not connected for input', 'InvalidStateError');
      }
      const controller = new AbortController();
      this._typingAbort.add(controller);
      const relay = () => controller.abort(options.signal?.reason);
      options.signal?.addEventListener('abort', relay);
      if (options.signal?.aborted) relay();
      try {
        await typeKeys({
          text,
          layout: this.keyboardLayout || 'en-US',
          session,
          clock: this.options.clock ?? systemClock,
          delayMs: this.options.typingDelayMs ?? 10,
          signal: controller.signal,
          onProgress: (sent, total) => this._emit('webmks-type-progress', {sent, total}),
        });
      } finally {
        options.signal?.removeEventListener('abort', relay);
        this._typingAbort.delete(controller);
      }
    };
    const result = this._typing.then(run, run);
    this._typing = result.catch(() => undefined);
    return result;
  }

  /**
   * The remote framebuffer at its native size, with every update received so
   * far applied (images still decoding excepted). Throws an
   * `InvalidStateError` before the first connection.
   */
  getImageData(): ImageData {
    if (!this._renderer)
      throw new DOMException('the console has no screen yet', 'InvalidStateError');
    return this._renderer.getImageData();
  }

  /**
   * The framebuffer as an image file at its native size.
   * @param type MIME type (default `image/png`).
   * @param quality 0..1 for lossy types.
   */
  async screenshot(type = 'image/png', quality?: number): Promise<Blob> {
    await this._renderer?.whenIdle();
    const image = this.getImageData();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new DOMException('no 2d context for the screenshot', 'InvalidStateError');
    ctx.putImageData(image, 0, 0);
    return new Promise((resolve, reject) => {
      canvas.toBlob(
        (blob) =>
          blob ? resolve(blob) : reject(new DOMException('encoding failed', 'EncodingError')),
        type,
        quality,
      );
    });
  }

  /**
   * Shows the console fullscreen and, where the browser offers the Keyboard
   * Lock (Chromium), locks the keys browsers reserve (Ctrl+W, Alt+Tab, Esc …)
   * so they reach the guest. The lock ends with fullscreen.
   */
  override async requestFullscreen(options?: FullscreenOptions): Promise<void> {
    await super.requestFullscreen(options);
    const keyboard = (navigator as Navigator & {keyboard?: KeyboardLockApi}).keyboard;
    if (!keyboard?.lock) return;
    try {
      await keyboard.lock([...KEYBOARD_LOCK_CODES]);
      this._keyboardLocked = true;
    } catch {
      // Not allowed here (a frame without permission): the console works without it.
    }
  }

  /** Focuses the console: keys then go to the guest (Ctrl+Alt+Shift+F12 leaves). */
  override focus(options?: FocusOptions): void {
    super.focus(options);
  }

  // ---- rendering ----

  // The shadow tree never changes shape: the screen with its canvas, the
  // status overlay (whose text and class follow the state) and the slot. It is
  // built once with the DOM API, so no template engine (lit-html) is needed,
  // and server strings only ever reach it as textContent.
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    const screen = document.createElement('div');
    screen.className = 'screen';
    screen.setAttribute('part', 'screen');
    const canvas = document.createElement('canvas');
    canvas.setAttribute('part', 'canvas');
    screen.append(canvas);
    const status = document.createElement('div');
    status.setAttribute('part', 'status');
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    this._statusEl = status;
    root.append(screen, status, document.createElement('slot'));
    return root;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const status = this._statusEl;
    if (!status) return;
    status.className = this._state === 'connected' ? 'status quiet' : 'status';
    if (status.textContent !== this._status) status.textContent = this._status;
  }

  override firstUpdated(): void {
    this._ensureRenderer();
  }

  // Auto-connect runs before rendering, so the state change it makes joins
  // this update instead of scheduling another. The renderer is only needed
  // once the ticket arrives (after an await), by which time the canvas exists.
  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('logLevel')) this._logger.level = parseLogLevel(this.logLevel);
    if (changed.has('password') && this.password !== undefined) this.sendCredentials(this.password);
    const sourceChanged = changed.has('url') || changed.has('ticketProvider');
    if (sourceChanged || changed.has('noAutoConnect')) this._autoConnect(sourceChanged);
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('viewOnly') && this.viewOnly) {
      this._keyboard.releaseAll();
      this._pointer.releaseAll();
      this._cancelTyping();
    }
    if (changed.has('resize') && this.resize === 'remote') this._view.scheduleRemoteResize();
  }

  // ---- internals ----

  private get _screen(): HTMLElement | null | undefined {
    return this.renderRoot?.querySelector<HTMLElement>('.screen');
  }

  private get _canvas(): HTMLCanvasElement | null | undefined {
    return this.renderRoot?.querySelector('canvas');
  }

  private _scaleMode(): ScaleMode {
    return this.scale === 'none' || this.scale === 'integer' ? this.scale : 'fit';
  }

  private _logSink(): LogSink {
    return this.options.logSink ?? console;
  }

  private _scheduler(): FrameScheduler | undefined {
    return this.options.frameScheduler;
  }

  private _hasSource(): boolean {
    return typeof this.ticketProvider === 'function' || Boolean(this.url);
  }

  private _inputSession(): ConsoleSession | undefined {
    return this.viewOnly ? undefined : this._connection?.session;
  }

  private _autoConnect(sourceChanged: boolean): void {
    if (!this.isConnected || this.noAutoConnect || !this._hasSource()) return;
    const busy =
      this._state === 'connecting' || this._state === 'connected' || this._state === 'reconnecting';
    // A new source replaces the running session; the old ticket is spent anyway.
    if (sourceChanged && busy) this.disconnect();
    if (this._state === 'disconnected' || (sourceChanged && this._state === 'failed')) {
      this.connect();
    }
  }

  private _ensureRenderer(): void {
    if (this._renderer) return;
    const canvas = this._canvas;
    if (!canvas) return;
    const scheduler = this._scheduler();
    this._renderer = new CanvasRenderer(canvas, {
      ...(scheduler ? {scheduler} : {}),
      onCursor: (cursor) => {
        if (cursor) canvas.style.setProperty('cursor', cursor.css);
        else canvas.style.removeProperty('cursor');
      },
      onError: (error) => this._connection?.session?.reportRenderError(error.message),
    });
    this._renderer.setDisplaySize(this._displaySize.width, this._displaySize.height);
  }

  private _createConnection(): ConsoleConnection {
    return new ConsoleConnection({
      getTicket: () =>
        typeof this.ticketProvider === 'function' ? this.ticketProvider() : this.url,
      renderer: () => this._renderer,
      reconnect: () => this.reconnect,
      settings: () => {
        const o = this.options;
        const password = this.password ?? o.password;
        const encodings = this.encodings
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
        return {
          policy: normalizePolicy(o.reconnectPolicy),
          random: o.random ?? Math.random,
          clock: o.clock ?? systemClock,
          network: o.network ?? browserNetworkStatus,
          timeouts: normalizeTimeouts(o.timeouts),
          transportFactory: o.transportFactory ?? createWebSocketTransport,
          clientOptions: {
            ...(password !== undefined ? {password} : {}),
            ...(encodings.length > 0 ? {encodings} : {}),
            ...(this.qualityLevel != null ? {qualityLevel: this.qualityLevel} : {}),
            ...(this.compressionLevel != null ? {compressionLevel: this.compressionLevel} : {}),
          },
          requestPassword: () => this._requestPassword(),
        };
      },
      onEvent: (ev) => this._handleConnectionEvent(ev),
      logger: this._logger,
      loadInflater: loadInflaterFactory,
    });
  }

  /** The session needs a VNC password: ask the page, and wait for its answer. */
  private _requestPassword(): Promise<string | undefined> {
    this._answerPassword?.(undefined);
    // Set after this attempt started: no need to ask.
    if (this.password !== undefined) return Promise.resolve(this.password);
    return new Promise((resolve) => {
      this._answerPassword = resolve;
      this._emit('webmks-credentials-required', {types: ['password']});
    });
  }

  private _handleConnectionEvent(ev: ConnectionEvent): void {
    switch (ev.type) {
      case 'state':
        this._state = ev.state;
        this._setCustomState(ev.state);
        this._refreshStatus();
        this.requestUpdate();
        this._emit('webmks-state', {state: ev.state});
        break;
      case 'connect':
        this._fb = {width: ev.width, height: ev.height};
        this._name = ev.name;
        this._lastReason = '';
        this._canvas?.classList.remove('stale');
        this._view.relayout();
        this._view.connected();
        this._refreshStatus();
        this._emit('webmks-connect', {width: ev.width, height: ev.height, name: ev.name});
        break;
      case 'disconnect':
        // A password request of the ended attempt is void now.
        this._answerPassword?.(undefined);
        this._answerPassword = undefined;
        this._lastReason = ev.reason;
        this._canvas?.classList.add('stale');
        this._pointer.sessionEnded();
        this._cancelTyping();
        this._refreshStatus();
        this._emit('webmks-disconnect', {clean: ev.clean, code: ev.code, reason: ev.reason});
        break;
      case 'resize':
        this._fb = {width: ev.width, height: ev.height};
        this._view.relayout();
        this._emit('webmks-resize', {width: ev.width, height: ev.height});
        break;
      case 'leds':
        this._emit('webmks-leds', {
          capsLock: ev.capsLock,
          numLock: ev.numLock,
          scrollLock: ev.scrollLock,
        });
        break;
      case 'clipboard':
        this._emit('webmks-clipboard', {text: ev.text});
        break;
      case 'bell':
        this._emit('webmks-bell', {});
        break;
      case 'name':
        this._name = ev.name;
        this._refreshStatus();
        break;
      case 'capabilities':
        this._view.capabilitiesChanged();
        break;
    }
  }

  private _refreshStatus(): void {
    const text = statusText(this._state, this._name, this._lastReason, RELEASE_FOCUS_COMBINATION);
    if (text === this._status) return;
    this._status = text;
    this.requestUpdate();
  }

  private _setCustomState(state: WebmksConsoleState): void {
    const states = this._internals?.states;
    if (!states) return;
    try {
      states.clear();
      states.add(state);
    } catch {
      // Chromium before 125 only accepted the `--name` form.
      try {
        states.add(`--${state}`);
      } catch {
        /* no custom states in this browser */
      }
    }
  }

  private _cancelTyping(): void {
    for (const c of this._typingAbort) {
      c.abort(new DOMException('typing cancelled: the session ended', 'AbortError'));
    }
    this._typingAbort.clear();
  }

  private readonly _onFullscreenChange = (): void => {
    if (document.fullscreenElement !== this) this._unlockKeyboard();
  };

  private _unlockKeyboard(): void {
    if (!this._keyboardLocked) return;
    this._keyboardLocked = false;
    (navigator as Navigator & {keyboard?: KeyboardLockApi}).keyboard?.unlock?.();
  }

  private _emit<K extends WebmksEventName>(name: K, detail: WebmksEventDetails[K]): void {
    this.dispatchEvent(createWebmksEvent(name, detail));
  }
}
