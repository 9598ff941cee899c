/**
 * Issue 8 "Timeouts": each deadline is configurable, has the default,
 * and ends the attempt with its own code and reason, exactly at the deadline.
 * The sessions run over the real WebSocketTransport (on a stand-in socket that
 * never answers a close), so the forced close after 3 s is exercised too, on
 * the same ManualClock as every other deadline.
 */
import {describe, expect, it} from 'vitest';
import {
  DEFAULT_TIMEOUTS,
  normalizeTimeouts,
  type SessionTimeouts,
} from '../../../src/session/timeouts.js';
import {
  framebufferUpdate,
  handshake,
  rawRect,
  securityTypes,
  version,
} from '../../browser/helpers/server-bytes.js';
import {disconnectsOf, rig, statesOf, type Rig} from './support.js';

const CUSTOM: SessionTimeouts = {openMs: 500, serverInitMs: 700, messageMs: 900, forceCloseMs: 250};

interface Deadline {
  name: string;
  code: number;
  wireReason: string;
  reason: RegExp;
  /** Starts the attempt and brings it to the point where only the deadline can end it; returns its ms. */
  arm(r: Rig, t: SessionTimeouts): Promise<number>;
}

const DEADLINES: Deadline[] = [
  {
    name: 'WebSocket open',
    code: 4001,
    wireReason: 'open timeout',
    reason: /did not open in time/,
    arm: async (_r, t) => t.openMs,
  },
  {
    name: 'open to ServerInit',
    code: 4002,
    wireReason: 'handshake timeout',
    reason: /did not complete the handshake in time/,
    arm: async (r, t) => {
      // The deadline runs from `open`, not from the socket's creation.
      r.clock.advance(t.openMs - 1);
      r.sockets[0]!.open();
      r.sockets[0]!.message(version(), securityTypes([1]));
      return t.serverInitMs;
    },
  },
  {
    name: 'a started message',
    code: 4003,
    wireReason: 'message stall',
    reason: /did not complete in time/,
    arm: async (r, t) => {
      const ws = r.sockets[0]!;
      ws.open();
      ws.message(...handshake(16, 8, 'vm'));
      r.clock.advance(10 * t.messageMs); // idle between messages: never a timeout
      expect(disconnectsOf(r.events)).toEqual([]);
      const update = framebufferUpdate([rawRect(0, 0, 16, 8, () => ({r: 9, g: 9, b: 9}))]);
      ws.message(update.subarray(0, 25));
      return t.messageMs;
    },
  },
];

describe('session deadlines (issue 8 defaults: 20 s, 15 s, 30 s, forced close 3 s)', () => {
  it('has the defaults of the issue', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({
      openMs: 20000,
      serverInitMs: 15000,
      messageMs: 30000,
      forceCloseMs: 3000,
    });
  });

  it('takes each configured value, and the default for a missing or nonsense one', () => {
    expect(normalizeTimeouts(CUSTOM)).toEqual(CUSTOM);
    expect(
      normalizeTimeouts({openMs: 0, serverInitMs: -5, messageMs: Number.NaN, forceCloseMs: 1 / 0}),
    ).toEqual(DEFAULT_TIMEOUTS);
    expect(normalizeTimeouts({messageMs: 1234})).toEqual({...DEFAULT_TIMEOUTS, messageMs: 1234});
  });

  for (const [label, timeouts] of [
    ['default', DEFAULT_TIMEOUTS],
    ['custom', CUSTOM],
  ] as const) {
    for (const d of DEADLINES) {
      it(`${label}: ${d.name} fails at exactly ${label === 'default' ? 'its default' : 'the configured value'}, then the close is forced`, async () => {
        const r = rig({transport: 'websocket', timeouts});
        r.connection.connect();
        await r.flush();
        const ws = r.sockets[0]!;
        const ms = await d.arm(r, timeouts);
        r.clock.advance(ms - 1);
        expect(ws.closeCalls).toEqual([]);
        r.clock.advance(1);
        // The close frame goes out at the deadline, with a fixed ticket-free reason.
        expect(ws.closeCalls).toEqual([[d.code, d.wireReason]]);
        // The server never answers: the end is reported after forceCloseMs, not before.
        r.clock.advance(timeouts.forceCloseMs - 1);
        expect(disconnectsOf(r.events)).toEqual([]);
        r.clock.advance(1);
        const ds = disconnectsOf(r.events);
        expect(ds).toHaveLength(1);
        expect(ds[0]).toMatchObject({clean: false, code: d.code});
        expect(ds[0]!.reason).toMatch(d.reason);
        expect(statesOf(r.events).at(-1)).toBe('failed');
        expect(r.clock.pending).toBe(0);
      });
    }
  }

  it('reports the failure at once when the server answers the close', async () => {
    const r = rig({transport: 'websocket'});
    r.connection.connect();
    await r.flush();
    r.clock.advance(20000);
    r.sockets[0]!.closed(1006, '', false); // the browser gives up on the CONNECTING socket
    expect(disconnectsOf(r.events)).toEqual([
      {
        type: 'disconnect',
        clean: false,
        code: 4001,
        reason: 'The connection did not open in time.',
      },
    ]);
    expect(r.clock.pending).toBe(0);
  });

  it('keeps no timer at all while a connected session is idle (there is no idle timeout)', async () => {
    const r = rig({transport: 'websocket'});
    r.connection.connect();
    await r.flush();
    r.sockets[0]!.open();
    r.sockets[0]!.message(...handshake(16, 8, 'vm'));
    expect(statesOf(r.events)).toEqual(['connecting', 'connected']);
    expect(r.clock.pending).toBe(0);
    r.clock.advance(24 * 3600 * 1000);
    expect(disconnectsOf(r.events)).toEqual([]);
  });

  it('a byte-by-byte drip that keeps completing messages never trips the message deadline', async () => {
    const r = rig({transport: 'websocket', timeouts: {messageMs: 1000}});
    r.connection.connect();
    await r.flush();
    const ws = r.sockets[0]!;
    ws.open();
    ws.message(...handshake(16, 8, 'vm'));
    const update = framebufferUpdate([rawRect(0, 0, 16, 8, () => ({r: 1, g: 2, b: 3}))]);
    // The deadline is per message: a slow server whose every message completes
    // within it lives for ever (here 36 s of updates against a 1 s deadline);
    // one message that takes longer fails.
    for (let i = 0; i < 20; i++) {
      ws.message(update.subarray(0, 100));
      r.clock.advance(900);
      ws.message(update.subarray(100));
      r.clock.advance(900);
    }
    expect(disconnectsOf(r.events)).toEqual([]);
    ws.message(update.subarray(0, 100));
    r.clock.advance(1000);
    expect(ws.closeCalls).toEqual([[4003, 'message stall']]);
  });

  it('the forced close runs on the session clock, and removal cancels it', async () => {
    const r = rig({transport: 'websocket', reconnect: true, timeouts: {openMs: 100}});
    r.connection.connect();
    await r.flush();
    r.clock.advance(100);
    expect(r.sockets[0]!.closeCalls).toEqual([[4001, 'open timeout']]);
    expect(r.clock.pending).toBe(1); // the forced close, on our clock
    r.connection.dispose();
    expect(r.clock.pending).toBe(0);
    expect(disconnectsOf(r.events)).toHaveLength(1);
    r.clock.advance(10 * 60 * 1000);
    await r.flush();
    expect(r.sockets).toHaveLength(1); // no retry after removal
  });
});
