/**
 * One WebSocket connection to a mock console: the RFB 3.8 handshake (or
 * none, for Nova), strict parsing of client messages, the update loop with
 * one outstanding update, and the ticket's fault scenario.
 *
 * Update flow (§4.3, profile §8.6): nothing is sent until the client asks
 * with a FramebufferUpdateRequest; after each update the next one waits for
 * another request or a 127/4 UpdateAck. Update ids roll 1…255.
 */
import type {WebSocket} from 'ws';
import type {ConsoleRecord, ConsoleStore, SessionHandle} from '../console-store.js';
import {CURSOR} from '../guest/cursor.js';
import {clampSize, type Guest} from '../guest/guest.js';
import type {Scenario} from '../options.js';
import {concatBytes} from '../wire/byte-writer.js';
import {ENC, RFB_VERSION_3_8, SECURITY_NONE} from '../wire/constants.js';
import {
  protocolVersion,
  securityResultFailed,
  securityResultOk,
  securityTypes,
  serverInit,
} from '../wire/handshake.js';
import {
  framebufferUpdate,
  serverCutText,
  serverCutTextHeader,
  vmwHeartbeat,
  vmwServerCaps,
  vmwSessionClose,
} from '../wire/messages.js';
import {
  desktopSize,
  rawRect,
  vmwCursorState,
  vmwDefineCursorAlpha,
  vmwLedState,
  vmwTypematicInfo,
} from '../wire/rects.js';
import {ClientEncodings} from './client-encodings.js';
import {parseClientMessage} from './client-parser.js';
import type {InputRecord} from './input-records.js';
import {Output, type Shaping} from './output.js';
import {encodeDamage} from './update-encoder.js';

export type SessionMode = 'rfb' | 'nova';
type Phase = 'version' | 'security' | 'client-init' | 'normal' | 'closed';

/** VMWTypematicInfo values of the profile (§8.6): client repeats, 33.333 ms, 500 ms. */
const TYPEMATIC = {state: 1, periodUs: 33333, delayUs: 500000};
/** VMWCursorState: visible + absolute (§8.6). */
const CURSOR_STATE_FLAGS = 0x0003;

function shapingFor(s: Scenario): Shaping {
  if (s.name === 'drip') return {kind: 'drip', interval: s.interval, from: s.from};
  if (s.name === 'fragment') return {kind: 'fragment', seed: s.seed, max: s.max, window: s.window};
  return {kind: 'direct'};
}

export class Session implements SessionHandle {
  private phase: Phase;
  private inbuf: Uint8Array = new Uint8Array(0);
  private readonly enc = new ClientEncodings();
  private readonly output: Output;
  private readonly guest: Guest;
  private readonly scenario: Scenario;
  private canSend = false;
  private updateCounter = 0;
  updatesSent = 0;
  private pendingDesktopSize = false;
  /** Pseudo-encodings already sent once (cursor shape, cursor state, typematic). */
  private readonly sentPseudo = new Set<number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private flushScheduled = false;
  private badRectPending = false;
  private heartbeats = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly record: ConsoleRecord,
    private readonly store: ConsoleStore,
    private readonly mode: SessionMode,
  ) {
    this.scenario = record.options.scenario;
    this.output = new Output(ws, shapingFor(this.scenario));
    this.guest = store.guestOf(record);
    this.phase = mode === 'rfb' ? 'version' : 'normal';
  }

  get bytesSent(): number {
    return this.output.delivered;
  }

  get encodings(): readonly number[] {
    return this.enc.list;
  }

  /** Wires the socket and sends the first bytes. */
  start(): void {
    this.ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    this.ws.on('close', (code: number, reason: Buffer) => this.onClose(code, reason.toString()));
    this.ws.on('error', () => {
      /* a 'close' follows */
    });
    const s = this.scenario;
    if (s.name === 'stall' && s.at === 'open') this.output.setCut(0, 'stall');
    if (s.name === 'close-at-byte' && s.byte !== undefined) this.output.setCut(s.byte, s.mode);
    if (this.mode === 'rfb') {
      // Its own WebSocket message: wmks picks mode A only for a 12-byte first message (§12.1).
      this.output.send(protocolVersion());
    } else {
      // Nova MKS proxy after authd: the stream starts at ServerInit (§1.4, §2.1 mode B).
      this.sendServerInit();
    }
  }

  private every(ms: number, f: () => void): NodeJS.Timeout {
    const t = setInterval(f, ms);
    this.timers.add(t);
    return t;
  }

  private after(ms: number, f: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
  }

  private stop(t: NodeJS.Timeout): void {
    clearInterval(t);
    this.timers.delete(t);
  }

  private log(r: InputRecord): void {
    this.record.input.push(r);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.phase === 'closed') return;
    if (!isBinary) {
      this.protocolError('text WebSocket message on a binary session');
      return;
    }
    const chunk = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.inbuf = this.inbuf.length === 0 ? chunk : concatBytes([this.inbuf, chunk]);
    this.guard(() => this.process());
  }

  /** A bug in the mock ends this session (1011), never the whole server. */
  private guard(f: () => void): void {
    try {
      f();
    } catch (e) {
      console.error('mock ESXi session error:', e);
      this.closeWith(1011, 'mock server error');
    }
  }

  private consume(n: number): void {
    this.inbuf = this.inbuf.subarray(n);
  }

  private process(): void {
    for (;;) {
      switch (this.phase) {
        case 'closed':
          return;
        case 'version': {
          if (this.inbuf.length < 12) return;
          const text = String.fromCharCode(...this.inbuf.subarray(0, 12));
          this.consume(12);
          this.log({type: 'version', text});
          // Profile §8.2: 003.008 only.
          if (text !== RFB_VERSION_3_8) return this.protocolError('unsupported RFB version');
          this.output.send(securityTypes([SECURITY_NONE]));
          this.phase = 'security';
          break;
        }
        case 'security': {
          if (this.inbuf.length < 1) return;
          const t = this.inbuf[0]!;
          this.consume(1);
          this.log({type: 'security', securityType: t});
          if (t !== SECURITY_NONE) {
            this.output.send(securityResultFailed('unsupported security type'));
            this.closeWith(1002, 'unsupported security type');
            return;
          }
          this.output.send(securityResultOk());
          this.phase = 'client-init';
          break;
        }
        case 'client-init': {
          if (this.inbuf.length < 1) return;
          this.log({type: 'client-init', shared: this.inbuf[0]!});
          this.consume(1);
          this.sendServerInit();
          break;
        }
        case 'normal': {
          const res = parseClientMessage(this.inbuf);
          if (res.kind === 'more') return;
          if (res.kind === 'error') return this.protocolError(res.message);
          this.consume(res.length);
          this.log(res.record);
          this.handle(res.record);
          break;
        }
      }
    }
  }

  private sendServerInit(): void {
    const g = this.guest;
    const msg = serverInit(g.width, g.height, this.record.options.name);
    const s = this.scenario;
    if (s.name === 'stall' && s.at === 'server-init') {
      this.output.setCut(this.output.offset + msg.length, 'stall');
    }
    this.output.send(msg);
    this.phase = 'normal';
    this.startNormal();
  }

  /** Timers and scenario hooks that begin once ServerInit was sent. */
  private startNormal(): void {
    const o = this.record.options;
    this.every(Math.max(16, Math.round(1000 / o.fps)), () =>
      this.guard(() => {
        this.guest.tick();
        this.trySend();
      }),
    );
    const s = this.scenario;
    switch (s.name) {
      case 'heartbeat': {
        const t = this.every(s.interval, () => {
          // The U16 field carries seconds (unit UNCERTAIN, §3.4), at least 1.
          this.output.send(vmwHeartbeat(Math.max(1, Math.ceil(s.interval / 1000))));
          this.heartbeats++;
          if (s.stopAfter !== undefined && this.heartbeats >= s.stopAfter) {
            this.stop(t);
            this.output.setCut(this.output.offset, 'stall');
          }
        });
        if (s.stopAfter === 0) {
          this.stop(t);
          this.output.setCut(this.output.offset, 'stall');
        }
        break;
      }
      case 'session-close':
        this.after(s.after, () => {
          this.output.send(vmwSessionClose(s.reason));
          this.output.setCut(this.output.offset, 'stall');
          this.output.whenFlushed(() =>
            this.after(s.closeDelay, () => this.closeWith(1000, 'session closed')),
          );
        });
        break;
      case 'drop':
        this.after(s.after, () => this.disconnect(s.mode, s.code));
        break;
      case 'rect-outside':
        if (s.after === 0) this.badRectPending = true;
        break;
      case 'huge-cut-text':
        if (s.after === 0) this.sendHugeCutText();
        break;
    }
  }

  private handle(r: InputRecord): void {
    const g = this.guest;
    switch (r.type) {
      case 'encodings':
        this.enc.update(r.list);
        // ServerCaps is the answer to the VMWServerCaps pseudo-encoding (§3.4, §8.5).
        if (this.enc.has(ENC.vmwServerCaps))
          this.output.send(vmwServerCaps(this.record.options.caps));
        break;
      case 'update-request':
        if (r.incremental === 0) g.damage.all();
        this.canSend = true;
        break;
      case 'ack':
        this.canSend = true;
        break;
      case 'key':
        if (r.source === 'vscan') g.scancode(r.scancode, r.down);
        else if (r.source === 'keysym') g.keysym(r.keysym, r.down);
        else if (r.keycode !== 0) g.scancode(r.scancode, r.down);
        else g.keysym(r.keysym, r.down);
        break;
      case 'key2':
        if (!r.raw) g.unicode(r.key, r.down);
        break;
      case 'leds':
        g.setLeds((r.scrollLock ? 1 : 0) | (r.numLock ? 2 : 0) | (r.capsLock ? 4 : 0));
        break;
      case 'resolution': {
        // The guest follows (VMware Tools) only if the client can hear about it (§5.5, §8.7).
        if (!this.enc.desktopSize || r.width === 0 || r.height === 0) break;
        // A request for the current size (after clamping) changes nothing, as with a real guest.
        const want = clampSize(r.width, r.height);
        if (want.width === g.width && want.height === g.height) break;
        g.resize(want.width, want.height);
        this.pendingDesktopSize = true;
        break;
      }
      default:
        return;
    }
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.guard(() => this.trySend());
    });
  }

  private nextUpdateId(): number {
    const id = (this.updateCounter % 255) + 1;
    this.updateCounter++;
    return id;
  }

  /** Sends one update if the client asked for one and something changed. */
  private trySend(): void {
    if (this.phase !== 'normal' || !this.canSend || this.output.silent) return;
    if (this.badRectPending) {
      this.sendBadRect();
      return;
    }
    const g = this.guest;
    const parts: Uint8Array[] = [];
    if (this.pendingDesktopSize) {
      parts.push(desktopSize(g.width, g.height));
      this.pendingDesktopSize = false;
    }
    parts.push(...encodeDamage(g, this.enc));
    if (this.enc.has(ENC.vmwDefineCursor) && !this.sentPseudo.has(ENC.vmwDefineCursor)) {
      parts.push(
        vmwDefineCursorAlpha(CURSOR.hotX, CURSOR.hotY, CURSOR.width, CURSOR.height, CURSOR.bgra),
      );
      this.sentPseudo.add(ENC.vmwDefineCursor);
    }
    if (this.enc.has(ENC.vmwCursorState) && !this.sentPseudo.has(ENC.vmwCursorState)) {
      parts.push(vmwCursorState(CURSOR_STATE_FLAGS));
      this.sentPseudo.add(ENC.vmwCursorState);
    }
    if (this.enc.has(ENC.vmwTypematicInfo) && !this.sentPseudo.has(ENC.vmwTypematicInfo)) {
      parts.push(vmwTypematicInfo(TYPEMATIC.state, TYPEMATIC.periodUs, TYPEMATIC.delayUs));
      this.sentPseudo.add(ENC.vmwTypematicInfo);
    }
    if (this.enc.has(ENC.vmwLedState) && g.ledsChanged) {
      parts.push(vmwLedState(g.leds));
      g.ledsChanged = false;
    }
    if (parts.length === 0) return;
    this.sendUpdate(parts);
    const s = this.scenario;
    if (s.name === 'rect-outside' && this.updatesSent === s.after) this.badRectPending = true;
    if (s.name === 'huge-cut-text' && this.updatesSent === s.after) this.sendHugeCutText();
  }

  private sendUpdate(parts: Uint8Array[]): void {
    const msg = framebufferUpdate(this.nextUpdateId(), parts);
    const s = this.scenario;
    if (this.updatesSent === 0) {
      // Default cut points fall in the middle of the first update (mid-rectangle).
      const mid = this.output.offset + Math.floor(msg.length / 2);
      if (s.name === 'stall' && s.at === 'mid-update') this.output.setCut(mid, 'stall');
      if (s.name === 'close-at-byte' && s.byte === undefined) this.output.setCut(mid, s.mode);
    }
    this.output.send(msg);
    this.canSend = false;
    this.updatesSent++;
  }

  /** rect-outside: one Raw rectangle that crosses the framebuffer's edge. */
  private sendBadRect(): void {
    this.badRectPending = false;
    const s = this.scenario;
    if (s.name !== 'rect-outside') return;
    const g = this.guest;
    const w = s.rectWidth;
    const h = s.rectHeight;
    const x = s.rectX ?? Math.max(0, g.width - (w >> 1));
    const y = s.rectY ?? Math.max(0, g.height - (h >> 1));
    const pixels = new Uint8Array(w * h * 4);
    for (let i = 0; i < pixels.length; i += 4) {
      pixels[i] = 0xff; // B
      pixels[i + 2] = 0xff; // R: magenta
    }
    this.sendUpdate([rawRect(x, y, w, h, pixels)]);
  }

  private sendHugeCutText(): void {
    const s = this.scenario;
    if (s.name !== 'huge-cut-text') return;
    this.output.send(serverCutTextHeader(s.length, new Uint8Array(s.body).fill(0x41)));
  }

  private protocolError(message: string): void {
    this.log({type: 'protocol-error', message});
    this.closeWith(1002, message);
  }

  private closeWith(code: number, reason: string): void {
    this.phase = 'closed';
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      // A close reason is at most 123 bytes.
      this.ws.close(code, reason.slice(0, 120));
    }
  }

  private onClose(code: number, reason: string): void {
    this.phase = 'closed';
    this.clearTimers();
    this.output.dispose();
    this.store.markClosed(this.record, code, reason);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
  }

  /** Guest-to-browser clipboard: ServerCutText with UTF-8 text (§5.7). */
  sendCutText(text: string): void {
    if (this.phase === 'normal') this.output.send(serverCutText(text));
  }

  /** Ends the session from the server side. */
  disconnect(mode: 'close' | 'abrupt', code = 1000): void {
    if (mode === 'abrupt') {
      this.phase = 'closed';
      this.ws.terminate();
    } else {
      this.closeWith(code, 'server closed the session');
    }
  }

  /** Server shutdown. */
  dispose(): void {
    this.clearTimers();
    this.output.dispose();
    if (this.ws.readyState !== this.ws.CLOSED) this.ws.terminate();
  }
}
