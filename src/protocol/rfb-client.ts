/**
 * The sans-I/O RFB/WebMKS session (design.md 3.3): bytes in, typed events and
 * bytes out. The caller does all I/O and timing. One state machine serves
 * ESXi WebMKS and plain VNC servers (webmks-protocol.md §7):
 *
 *   version -> security -> [vnc-auth] -> [security-result] -> server-init -> normal -> closed
 *
 * Mode B streams (ServerInit first, §2.1) skip straight to server-init.
 * receive() never throws: any failure becomes one final {type: 'error'} event
 * carrying a ProtocolError, and the state becomes 'closed'.
 */
import {ByteReader} from './byte-reader.js';
import {
  type Screen,
  clientCutText,
  enableContinuousUpdates,
  fenceAnswer,
  framebufferUpdateRequest,
  pointerEvent,
  setDesktopSize,
  setEncodings,
  setPixelFormat,
} from './client-messages.js';
import {vmwareEncodings, vncEncodings} from './encoding-list.js';
import {LIMITS, ProtocolError} from './errors.js';
import type {RfbEvent, ServerKind} from './events.js';
import {checkFramebufferSize, readServerInit} from './handshake.js';
import {HandshakeFlow} from './handshake-flow.js';
import {
  HeldKeys,
  type InputMode,
  MAX_WHEEL_STEPS,
  keyMessage,
  wheelMessages,
} from './input-messages.js';
import type {RfbClientOptions} from './options.js';
import {CANVAS_PIXEL_FORMAT, type PixelFormat} from './pixel-format.js';
import {usKeysymForCode, vscanForCode} from './key-table.js';
import {
  SERVER_MESSAGE,
  readColourMapHeader,
  readFence,
  readFramebufferUpdateHeader,
  readServerCutText,
} from './server-messages.js';
import type {SessionPort} from './session-port.js';
import {decodeUtf8OrLatin1, encodeLatin1, encodeUtf8} from './text.js';
import {FramebufferUpdateReader, type UpdateHost} from './update-reader.js';
import {SERVER_CAPS, clientCapsFor} from './vmware/caps.js';
import {
  clientCaps,
  keyboardLedState,
  pointerEvent2,
  requestResolution2,
  updateAck,
  vscanKeyEvent,
} from './vmware/client-messages.js';
import {type VmwareServerMessage, readVmwareServerMessage} from './vmware/server-messages.js';
import type {InflaterFactory} from '../decoders/decoder.js';
import type {FrameSink} from '../decoders/frame-sink.js';
import {DecoderRegistry} from '../decoders/registry.js';

export type RfbClientState =
  'version' | 'security' | 'vnc-auth' | 'security-result' | 'server-init' | 'normal' | 'closed';

/** Modifier VScan codes wmks releases after the first update (§4.4.2, §12.8). */
export const CONNECT_MODIFIER_RELEASES = [
  0x15b, 0x15c, 0x01d, 0x11d, 0x02a, 0x036, 0x038, 0x138,
] as const;

/**
 * Smallest receive buffer we accept: Raw is consumed in 256 KiB batches
 * (decoders/raw.ts). Below ~4.2 MiB the largest TightPNG images are refused.
 */
const MIN_RECEIVE_BUFFER = 1024 * 1024;

interface MutableContext {
  pixelFormat: PixelFormat;
  fbWidth: number;
  fbHeight: number;
  readonly inflaterFactory: InflaterFactory | undefined;
  readonly maxCursorSide: number;
  readonly session: SessionPort;
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** A 32 bpp true-colour format with byte-aligned 8-bit channels decodes without SetPixelFormat (§7 step 3). */
function isKeepable(pf: PixelFormat): boolean {
  return (
    pf.trueColour &&
    pf.bitsPerPixel === 32 &&
    pf.redMax === 255 &&
    pf.greenMax === 255 &&
    pf.blueMax === 255 &&
    pf.redShift % 8 === 0 &&
    pf.greenShift % 8 === 0 &&
    pf.blueShift % 8 === 0
  );
}

export class RfbClient {
  private readonly _options: RfbClientOptions;
  private readonly _sink: FrameSink;
  private readonly _reader: ByteReader;
  private readonly _registry = new DecoderRegistry();
  private readonly _maxSide: number;
  private readonly _maxCutText: number;
  private readonly _ctx: MutableContext;
  private readonly _updateHost: UpdateHost;

  /** 'handshake' defers to HandshakeFlow for the public state. */
  private _state: 'handshake' | 'normal' | 'closed' = 'handshake';
  private readonly _handshake: HandshakeFlow;
  private _serverKind: ServerKind;
  private _width = 0;
  private _height = 0;
  private _name = '';
  private _serverCaps = 0;
  private _capsSeen = false;

  private _events: RfbEvent[] = [];
  private _out: Uint8Array[] = [];
  private _update: FramebufferUpdateReader | undefined;
  /** Bytes of an ignored body still to skip (colour map, audio, unknown 127). */
  private _skip = 0;
  private _pendingAck: {id: number} | undefined;
  private _needFullUpdate = false;
  private _firstUpdateDone = false;
  private _qemuKeys = false;
  private _screens: readonly Screen[] | undefined;
  private _pendingResolution: {width: number; height: number} | undefined;
  private _buttonMask = 0;
  /** We advertised Fence and ContinuousUpdates (the plain-VNC list only). */
  private _extensionsOffered = false;
  /**
   * ContinuousUpdates (rfbproto): 'unknown' until the first
   * EndOfContinuousUpdates, 'on' once we enabled it, 'off' if the server
   * ended it again (we then go back to FramebufferUpdateRequests).
   */
  private _continuous: 'unknown' | 'on' | 'off' = 'unknown';
  /** The server sent a Fence request (so it uses fences). */
  private _fence = false;
  /** Key-up message for every key we sent down, by `c:<code>` or `s:<vscan>`. */
  private readonly _held = new HeldKeys();

  constructor(options: RfbClientOptions, sink: FrameSink) {
    this._options = options;
    this._sink = sink;
    this._serverKind = options.flavor === 'vmware' ? 'vmware' : 'vnc';
    this._maxSide = clampInt(
      options.maxFramebufferSide ?? LIMITS.framebufferSide,
      1,
      LIMITS.framebufferSideCeiling,
    );
    this._maxCutText = clampInt(
      options.maxCutTextBytes ?? LIMITS.cutTextBytes,
      0,
      LIMITS.cutTextBytesCeiling,
    );
    this._reader = new ByteReader(
      Math.max(MIN_RECEIVE_BUFFER, options.receiveBufferBytes ?? LIMITS.receiveBufferBytes),
    );
    this._ctx = {
      pixelFormat: CANVAS_PIXEL_FORMAT,
      fbWidth: 0,
      fbHeight: 0,
      inflaterFactory: options.inflaterFactory,
      maxCursorSide: LIMITS.cursorSide,
      session: {
        emit: (event) => this._events.push(event),
        resizeFramebuffer: (w, h) => this._resize(w, h),
        markVmware: () => {
          this._serverKind = 'vmware';
        },
        setScreens: (screens) => {
          const first = this._screens === undefined;
          this._screens = screens.slice();
          if (first) this._emitCapabilities();
        },
        setName: (name) => {
          this._name = name;
          this._events.push({type: 'name', name});
        },
      },
    };
    this._handshake = new HandshakeFlow(
      {
        reader: this._reader,
        flavor: options.flavor ?? 'auto',
        shared: options.shared !== false,
        send: (bytes) => this._send(bytes),
        emit: (event) => this._events.push(event),
      },
      options.password,
    );
    this._updateHost = {
      registry: this._registry,
      sink,
      ctx: this._ctx,
      qemuKeyEventsAcked: () => {
        if (this._qemuKeys) return;
        this._qemuKeys = true;
        this._emitCapabilities();
      },
    };
  }

  get state(): RfbClientState {
    return this._state === 'handshake' ? this._handshake.state : this._state;
  }
  get serverKind(): ServerKind {
    return this._serverKind;
  }
  get width(): number {
    return this._width;
  }
  get height(): number {
    return this._height;
  }
  get name(): string {
    return this._name;
  }
  get serverCaps(): number {
    return this._serverCaps;
  }
  /** True while a message is partly received (drives the session's message timeout). */
  get midMessage(): boolean {
    if (this._state === 'closed') return false;
    return this._reader.available > 0 || this._update !== undefined || this._skip > 0;
  }

  // ---- I/O ---------------------------------------------------------------

  receive(chunk: Uint8Array): RfbEvent[] {
    if (this._state !== 'closed') {
      try {
        this._reader.push(chunk);
        this._pump();
      } catch (e) {
        this._fail(e);
      }
    }
    return this._takeEvents();
  }

  drainOutgoing(): Uint8Array | undefined {
    if (this._out.length === 0) return undefined;
    const parts = this._out;
    this._out = [];
    if (parts.length === 1) return parts[0];
    let total = 0;
    for (const p of parts) total += p.length;
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }

  end(): RfbEvent[] {
    if (this._state === 'closed') return this._takeEvents();
    if (this._state !== 'normal' || this.midMessage) {
      const where =
        this._state === 'normal' ? 'in the middle of a message' : `during ${this.state}`;
      this._fail(new ProtocolError('truncated', `connection closed ${where}`));
      return this._takeEvents();
    }
    this._close();
    return [];
  }

  close(): void {
    this._close();
  }

  /**
   * Answers a pending VNC challenge. Anything already buffered behind it is
   * parsed now; its events come with the next receive() or end().
   */
  setPassword(password: string): void {
    if (this._state === 'closed') return;
    try {
      this._handshake.setPassword(password);
      this._pump();
    } catch (e) {
      this._fail(e);
    }
  }

  // ---- input ---------------------------------------------------------------

  sendKey(code: string, down: boolean, keysym?: number): boolean {
    if (this._state !== 'normal') return false;
    return this._sendKey(`c:${code}`, vscanForCode(code), keysym ?? usKeysymForCode(code), down);
  }

  sendScancode(vscan: number, down: boolean, keysym?: number): void {
    if (this._state !== 'normal') return;
    const code = vscan & 0x1ff;
    this._sendKey(`s:${code}`, code, keysym, down);
  }

  releaseAllKeys(): void {
    const ups = this._held.releaseAll();
    if (this._state === 'normal') for (const up of ups) this._send(up);
  }

  sendPointer(x: number, y: number, buttonMask: number): void {
    if (this._state !== 'normal') return;
    const [cx, cy] = this._clampPoint(x, y);
    this._buttonMask = buttonMask & 0xff;
    this._send(pointerEvent(this._buttonMask, cx, cy));
  }

  sendWheel(x: number, y: number, deltaY: number, deltaX: number): void {
    if (this._state !== 'normal') return;
    const [cx, cy] = this._clampPoint(x, y);
    const steps = (d: number): number => clampInt(d, -MAX_WHEEL_STEPS, MAX_WHEEL_STEPS);
    const mode = this._inputMode();
    for (const m of wheelMessages(mode, cx, cy, steps(deltaY), steps(deltaX), this._buttonMask)) {
      this._send(m);
    }
  }

  sendRelativePointer(dx: number, dy: number, buttonMask: number): boolean {
    if (this._state !== 'normal' || this._serverKind !== 'vmware') return false;
    const lim = 0x7fffffff;
    this._send(
      pointerEvent2(
        false,
        clampInt(dx, -lim, lim),
        clampInt(dy, -lim, lim),
        buttonMask >>> 0,
        0,
        0,
      ),
    );
    return true;
  }

  requestResolution(width: number, height: number): boolean {
    if (this._state !== 'normal') return false;
    const w = clampInt(width, 1, this._maxSide);
    const h = clampInt(height, 1, this._maxSide);
    if (this._serverKind === 'vmware' && this._serverCaps & SERVER_CAPS.requestResolution) {
      this._send(requestResolution2(w, h));
      return true;
    }
    if (this._screens) {
      const first = this._screens[0];
      this._send(
        setDesktopSize(w, h, [
          {id: first?.id ?? 0, x: 0, y: 0, width: w, height: h, flags: first?.flags ?? 0},
        ]),
      );
      return true;
    }
    if (this._serverKind === 'vmware' && !this._capsSeen) {
      // wmks remembers requests made before ServerCaps and sends them once
      // the cap is known (§5.5).
      this._pendingResolution = {width: w, height: h};
      return true;
    }
    return false;
  }

  sendLedState(leds: {numLock: boolean; capsLock: boolean; scrollLock: boolean}): boolean {
    if (this._state !== 'normal' || this._serverKind !== 'vmware') return false;
    if (!(this._serverCaps & SERVER_CAPS.keyboardLedStateSync)) return false;
    this._send(keyboardLedState(leds.numLock, leds.capsLock, leds.scrollLock));
    return true;
  }

  sendClientCutText(text: string): void {
    if (this._state !== 'normal') return;
    // RFC 6143 §7.5.6 says Latin-1; VMware's side of the clipboard is UTF-8 (§5.7).
    let bytes = this._serverKind === 'vmware' ? encodeUtf8(text) : encodeLatin1(text);
    if (bytes.length > this._maxCutText) bytes = bytes.subarray(0, this._maxCutText);
    this._send(clientCutText(bytes));
  }

  requestUpdate(incremental: boolean): void {
    if (this._state !== 'normal') return;
    if (!incremental) this._needFullUpdate = false;
    this._send(framebufferUpdateRequest(incremental ? 1 : 0, 0, 0, this._width, this._height));
  }

  acknowledgeUpdate(renderMs: number): void {
    if (this._state !== 'normal') return;
    this._sendAck(renderMs);
  }

  // ---- parsing -------------------------------------------------------------

  /** Parses until more bytes are needed; a failure throws (and closes in the caller). */
  private _pump(): void {
    while (this._step()) {
      // each step consumed bytes or changed state
    }
  }

  /** One unit of work; false when more bytes are needed (or we wait for a password). */
  private _step(): boolean {
    if (this._state === 'closed') return false;
    if (this._state === 'normal') return this._readMessage();
    const hs = this._handshake;
    if (hs.state !== 'server-init') return hs.step();
    if (hs.startMode === 'server-init') this._serverKind = 'vmware'; // mode B is VMware (§2.1)
    return this._readServerInit();
  }

  private _readServerInit(): boolean {
    const init = readServerInit(this._reader, this._maxSide);
    if (!init) return false;
    this._width = this._ctx.fbWidth = init.width;
    this._height = this._ctx.fbHeight = init.height;
    this._name = init.name;
    this._state = 'normal';
    this._sink.resize(init.width, init.height);
    this._events.push({
      type: 'connected',
      width: init.width,
      height: init.height,
      name: init.name,
      serverKind: this._serverKind,
      startMode: this._handshake.startMode,
    });
    this._sendInitialRequests(init.pixelFormat);
    return true;
  }

  /** SetPixelFormat (plain VNC only), SetEncodings, then a full request (§4.3, §7). */
  private _sendInitialRequests(serverFormat: PixelFormat): void {
    const flavor = this._options.flavor ?? 'auto';
    if (flavor === 'vmware' || this._handshake.startMode === 'server-init') {
      this._ctx.pixelFormat = serverFormat; // never SetPixelFormat to VMware (§2.3)
      this._send(setEncodings(vmwareEncodings(this._options.qualityLevel)));
    } else {
      this._extensionsOffered = true;
      if (flavor === 'vnc' || !isKeepable(serverFormat)) {
        this._send(setPixelFormat(CANVAS_PIXEL_FORMAT));
        this._ctx.pixelFormat = CANVAS_PIXEL_FORMAT;
      } else {
        this._ctx.pixelFormat = serverFormat;
      }
      this._send(
        setEncodings(
          vncEncodings({
            names: this._options.encodings,
            hasDecoder: (e) => this._registry.has(e),
            zlib: this._options.inflaterFactory !== undefined,
            qualityLevel: this._options.qualityLevel,
            compressionLevel: this._options.compressionLevel,
          }),
        ),
      );
    }
    this._send(framebufferUpdateRequest(0, 0, 0, this._width, this._height));
  }

  private _readMessage(): boolean {
    const r = this._reader;
    if (this._update) {
      const step = this._update.step(r, this._updateHost);
      if (step === 'done') this._finishUpdate(this._update);
      return step !== 'more';
    }
    if (this._skip > 0) {
      const n = Math.min(this._skip, r.available);
      if (n === 0) return false;
      r.discard(n);
      this._skip -= n;
      return true;
    }
    if (!r.has(1)) return false;
    const type = r.peekU8();
    switch (type) {
      case SERVER_MESSAGE.framebufferUpdate: {
        const header = readFramebufferUpdateHeader(r);
        if (!header) return false;
        this._update = new FramebufferUpdateReader(header.id, header.rects);
        return true;
      }
      case SERVER_MESSAGE.setColourMapEntries: {
        const skip = readColourMapHeader(r);
        if (skip === undefined) return false;
        this._skip = skip;
        return true;
      }
      case SERVER_MESSAGE.bell:
        r.discard(1);
        this._events.push({type: 'bell'});
        return true;
      case SERVER_MESSAGE.serverCutText: {
        const text = readServerCutText(r, this._maxCutText);
        if (!text) return false;
        // wmks ignores empty cut text (§3.1).
        if (text.length > 0) this._events.push({type: 'clipboard', text: decodeUtf8OrLatin1(text)});
        return true;
      }
      case SERVER_MESSAGE.vmware: {
        const got = readVmwareServerMessage(r);
        if (!got) return false;
        this._skip = got.skip;
        this._onVmwareMessage(got.message);
        return true;
      }
      case SERVER_MESSAGE.endOfContinuousUpdates:
        r.discard(1);
        this._onEndOfContinuousUpdates();
        return true;
      case SERVER_MESSAGE.fence: {
        const fence = readFence(r);
        if (fence) this._onFence(fenceAnswer(fence.flags, fence.payload));
        return fence !== undefined;
      }
      default:
        throw new ProtocolError('unknown-message-type', `server message type ${type}`);
    }
  }

  private _finishUpdate(u: FramebufferUpdateReader): void {
    this._update = undefined;
    this._sink.commit();
    this._events.push({type: 'update', id: u.id, rects: u.count});
    this._pendingAck = {id: u.id};
    if (!this._options.deferAcks) this._sendAck(0);
    if (!this._firstUpdateDone) {
      this._firstUpdateDone = true;
      // wmks releases every modifier once connected (§12.8).
      if (this._serverKind === 'vmware') {
        for (const vscan of CONNECT_MODIFIER_RELEASES) this._send(vscanKeyEvent(vscan, false));
      }
    }
  }

  /**
   * Acknowledges the last update (§4.3): 127/4 with the UpdateAck cap, else a
   * full-screen FBUR whose incremental byte is the update id (at least 1) for
   * VMware and 1 for plain VNC, which after a resize gets a non-incremental
   * request instead (§7); nothing while ContinuousUpdates is on (rfbproto).
   */
  private _sendAck(renderMs: number, pending = this._pendingAck): void {
    if (!pending) return;
    this._pendingAck = undefined;
    const vmware = this._serverKind === 'vmware';
    if (vmware && this._serverCaps & SERVER_CAPS.updateAck) {
      this._send(updateAck(pending.id, renderMs));
    } else if (this._continuous === 'on') {
      // ContinuousUpdates: the server pushes updates unasked (rfbproto), so
      // there is no FramebufferUpdateRequest to send.
    } else if (!vmware && this._needFullUpdate) {
      this._needFullUpdate = false;
      this._send(framebufferUpdateRequest(0, 0, 0, this._width, this._height));
    } else {
      const incremental = vmware ? Math.max(pending.id, 1) : 1;
      this._send(framebufferUpdateRequest(incremental, 0, 0, this._width, this._height));
    }
  }

  /**
   * EndOfContinuousUpdates (rfbproto 150), ours to act on only if we offered
   * −313 to a plain server. The first one is the server's answer to −313:
   * enable continuous updates for the whole framebuffer and stop sending
   * FramebufferUpdateRequests. One while enabled means the server ended them:
   * go back to one outstanding request (a pending deferred ack will send it).
   */
  private _onEndOfContinuousUpdates(): void {
    if (!this._extensionsOffered || this._serverKind === 'vmware') return;
    if (this._continuous === 'unknown') {
      this._continuous = 'on';
      this._send(enableContinuousUpdates(true, 0, 0, this._width, this._height));
      this._emitCapabilities();
    } else if (this._continuous === 'on') {
      this._continuous = 'off';
      this._emitCapabilities();
      if (!this._pendingAck) this._sendAck(0, {id: 0});
    }
  }

  /** Fence (rfbproto 248): answered (client-messages fenceAnswer) only if we offered −312. */
  private _onFence(answer: Uint8Array | undefined): void {
    if (!answer || !this._extensionsOffered || this._serverKind === 'vmware') return;
    this._send(answer);
    if (this._fence) return;
    this._fence = true;
    this._emitCapabilities();
  }

  private _onVmwareMessage(message: VmwareServerMessage): void {
    switch (message.kind) {
      case 'server-caps': {
        const caps = message.caps;
        this._serverCaps = caps;
        this._capsSeen = true;
        this._serverKind = 'vmware';
        this._events.push({type: 'server-caps', caps});
        if (caps & SERVER_CAPS.clientCaps) this._send(clientCaps(clientCapsFor(caps)));
        const pending = this._pendingResolution;
        this._pendingResolution = undefined;
        if (pending && caps & SERVER_CAPS.requestResolution) {
          this._send(requestResolution2(pending.width, pending.height));
        }
        return;
      }
      case 'heartbeat':
        this._events.push({type: 'heartbeat', interval: message.interval});
        return;
      case 'session-close':
        this._events.push({type: 'session-close', reason: message.reason});
        return;
      case 'ignored':
        return;
    }
  }

  // ---- helpers -------------------------------------------------------------

  private _resize(width: number, height: number): void {
    checkFramebufferSize(width, height, this._maxSide);
    if (width === this._width && height === this._height) return;
    this._width = this._ctx.fbWidth = width;
    this._height = this._ctx.fbHeight = height;
    this._needFullUpdate = true;
    this._sink.resize(width, height);
    this._events.push({type: 'resize', width, height});
    // ContinuousUpdates covers an area: re-enable it for the new size (rfbproto).
    if (this._continuous === 'on') this._send(enableContinuousUpdates(true, 0, 0, width, height));
  }

  private _emitCapabilities(): void {
    this._events.push({
      type: 'capabilities',
      qemuKeyEvents: this._qemuKeys,
      desktopResize: this._screens !== undefined,
      continuousUpdates: this._continuous === 'on',
      fence: this._fence,
    });
  }

  private _inputMode(): InputMode {
    return {vmware: this._serverKind === 'vmware', qemuKeys: this._qemuKeys};
  }

  private _sendKey(
    id: string,
    vscan: number | undefined,
    keysym: number | undefined,
    down: boolean,
  ): boolean {
    const mode = this._inputMode();
    if (down) {
      // Auto-repeat repeats the original press: with keysyms, Shift may have
      // changed since ('a' then 'A'), and only one key-up will follow.
      const repeat = this._held.press(id);
      const msg = repeat ?? keyMessage(mode, vscan, keysym, true);
      if (!msg) return false;
      this._send(msg);
      if (!repeat) this._held.pressed(id, msg, keyMessage(mode, vscan, keysym, false));
      return true;
    }
    // A release goes out the way the key was pressed, even if the mode changed since.
    const msg = this._held.released(id) ?? keyMessage(mode, vscan, keysym, false);
    if (!msg) return false;
    this._send(msg);
    return true;
  }

  private _clampPoint(x: number, y: number): [number, number] {
    return [
      clampInt(x, 0, Math.max(0, this._width - 1)),
      clampInt(y, 0, Math.max(0, this._height - 1)),
    ];
  }

  private _send(bytes: Uint8Array): void {
    this._out.push(bytes);
  }

  private _takeEvents(): RfbEvent[] {
    const events = this._events;
    this._events = [];
    return events;
  }

  private _fail(e: unknown): void {
    if (this._state === 'closed') return;
    const error =
      e instanceof ProtocolError
        ? e
        : new ProtocolError('internal', e instanceof Error ? e.message : String(e));
    this._close();
    this._events.push({type: 'error', error});
  }

  private _close(): void {
    this._state = 'closed';
    this._reader.clear();
    this._update = undefined;
    this._skip = 0;
    this._handshake.clear();
    this._pendingAck = undefined;
  }
}
