/**
 * Tickets (vSphere `webmks`) and tokens (Nova `mks`): single use, expiring
 * before first use, and kept for a while after their session ended so the
 * ground-truth endpoints still answer.
 */
import {randomBytes, randomUUID} from 'node:crypto';
import {Guest} from './guest/guest.js';
import type {ConsoleOptions} from './options.js';
import {InputLog} from './session/input-records.js';

export type ConsoleKind = 'ticket' | 'nova';
export type ConsoleState = 'issued' | 'connected' | 'closed';

/** What the store needs from a live session. */
export interface SessionHandle {
  readonly bytesSent: number;
  readonly updatesSent: number;
  readonly encodings: readonly number[];
  sendCutText(text: string): void;
  disconnect(mode: 'close' | 'abrupt', code?: number): void;
  dispose(): void;
}

export interface ConsoleRecord {
  id: string;
  kind: ConsoleKind;
  options: ConsoleOptions;
  createdAt: number;
  expiresAt: number;
  state: ConsoleState;
  input: InputLog;
  guest?: Guest;
  session?: SessionHandle;
  closedAt?: number;
  close?: {code: number; reason: string};
  /** Set when the guest of an old closed console was let go (its framebuffer is big). */
  guestReleased?: boolean;
  /** The typed text, kept when the guest was released. */
  releasedTyped?: string;
}

export type ClaimResult =
  {ok: true; record: ConsoleRecord} | {ok: false; why: 'unknown' | 'used' | 'expired'};

/** Closed consoles are forgotten after this long, or when there are too many. */
const CLOSED_RETENTION_MS = 10 * 60_000;
const CLOSED_MAX = 256;
/** Only the newest closed consoles keep their screens (a 1920×1080 guest holds 8 MiB). */
const CLOSED_WITH_SCREEN_MAX = 16;

export class ConsoleStore {
  private readonly records = new Map<string, ConsoleRecord>();

  issue(kind: ConsoleKind, options: ConsoleOptions, now = Date.now()): ConsoleRecord {
    // vSphere tickets are opaque strings; Nova tokens are UUIDs (§1.4).
    const id = kind === 'ticket' ? randomBytes(16).toString('hex') : randomUUID();
    const record: ConsoleRecord = {
      id,
      kind,
      options,
      createdAt: now,
      expiresAt: now + options.lifetimeSeconds * 1000,
      state: 'issued',
      input: new InputLog(),
    };
    this.records.set(id, record);
    return record;
  }

  /** A record for the ground-truth endpoints (any kind, any live state). */
  get(id: string, now = Date.now()): ConsoleRecord | undefined {
    this.sweep(now);
    return this.records.get(id);
  }

  /**
   * Checks whether a WebSocket may use `id`; does NOT use it up (the
   * subprotocol check comes between, and a refused upgrade keeps the ticket).
   */
  check(id: string, kind: ConsoleKind, now = Date.now()): ClaimResult {
    const r = this.records.get(id);
    if (!r || r.kind !== kind) return {ok: false, why: 'unknown'};
    if (r.state !== 'issued') return {ok: false, why: 'used'};
    if (now >= r.expiresAt) return {ok: false, why: 'expired'};
    return {ok: true, record: r};
  }

  /** Uses the ticket up: from now on it is `connected`. */
  claim(record: ConsoleRecord): void {
    record.state = 'connected';
  }

  /** The text typed on a console (also after its guest was released). */
  typedOf(r: ConsoleRecord): string {
    return r.guest?.typed ?? r.releasedTyped ?? '';
  }

  /** The guest of a console, created on first need (undefined once released). */
  guestIfKept(r: ConsoleRecord): Guest | undefined {
    return r.guestReleased ? undefined : this.guestOf(r);
  }

  /** The guest of a console, created on first need. */
  guestOf(r: ConsoleRecord): Guest {
    if (r.guestReleased) throw new Error('the guest of this console was released');
    r.guest ??= new Guest({
      width: r.options.width,
      height: r.options.height,
      name: r.options.name,
      jpeg: r.options.jpeg || r.options.scenario.name === 'bench',
      bench: r.options.scenario.name === 'bench',
      animate: r.options.animate,
      fps: r.options.fps,
    });
    return r.guest;
  }

  markClosed(r: ConsoleRecord, code: number, reason: string, now = Date.now()): void {
    r.state = 'closed';
    r.closedAt = now;
    r.close = {code, reason};
  }

  /** Drops expired unused tickets and old closed consoles. */
  sweep(now = Date.now()): void {
    const closed: ConsoleRecord[] = [];
    for (const r of this.records.values()) {
      if (r.state === 'issued' && now >= r.expiresAt) this.records.delete(r.id);
      else if (r.state === 'closed') {
        if (now - (r.closedAt ?? now) > CLOSED_RETENTION_MS) this.records.delete(r.id);
        else closed.push(r);
      }
    }
    // Newest first.
    closed.sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
    closed.forEach((r, i) => {
      if (i >= CLOSED_MAX) this.records.delete(r.id);
      else if (i >= CLOSED_WITH_SCREEN_MAX && r.guest) {
        r.releasedTyped = r.guest.typed;
        r.guest = undefined;
        r.guestReleased = true;
      }
    });
  }

  /** Every record (for shutdown). */
  all(): ConsoleRecord[] {
    return [...this.records.values()];
  }
}
