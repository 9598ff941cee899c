/**
 * Issue 8 "Reconnect policy" through ConsoleConnection on a ManualClock:
 * full jitter (base 1 s, ×2, cap 30 s), at most 6 attempts, paused while
 * offline, a fresh ticket per attempt, a close before open treated as a
 * burned ticket, and 100 consoles dropped at once spread to ≤ 25 attempts in
 * any 100 ms window.
 */
import {describe, expect, it} from 'vitest';
import {
  backoffWindow,
  DEFAULT_RECONNECT_POLICY,
  seededRandom,
} from '../../../src/session/backoff.js';
import {handshake} from '../../browser/helpers/server-bytes.js';
import {ManualClock} from '../../browser/helpers/manual-clock.js';
import {disconnectsOf, flush, microflush, rig, statesOf, type Rig} from './support.js';
import {peakInWindow} from '../helpers/peak-in-window.js';

/** A random source that replays `values` in order (then repeats the last). */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
}

async function connectNow(r: Rig): Promise<void> {
  await flush();
  const t = r.fakes.last!;
  t.open();
  t.serverSend(...handshake(16, 8, 'vm'));
}

/** The delay of the one scheduled retry. */
function scheduledDelay(r: Rig): number {
  const due = r.clock.dueTimes();
  expect(due).toHaveLength(1);
  return due[0]! - r.clock.now();
}

describe('reconnect policy', () => {
  it('waits random() × min(30 s, 1 s × 2^(n-1)) before attempt n: full jitter', async () => {
    const rs = [0.5, 0.25, 0.999, 0.1, 0.75, 0.6];
    const r = rig({reconnect: true, random: scripted(rs)});
    r.connection.connect();
    const delays: number[] = [];
    for (let n = 1; n <= 6; n++) {
      await flush();
      r.fakes.last!.refuse();
      const d = scheduledDelay(r);
      delays.push(d);
      r.clock.advance(d);
    }
    const windows = [1, 2, 3, 4, 5, 6].map((n) => backoffWindow(n, DEFAULT_RECONNECT_POLICY));
    expect(windows).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
    expect(delays).toEqual(rs.map((x, i) => Math.floor(x * windows[i]!)));
  });

  it('uses the whole window: random() = 0 retries at once, random() → 1 just before the cap', async () => {
    for (const [x, expected] of [
      [0, [0, 0, 0, 0, 0, 0]],
      [0.9999999, [999, 1999, 3999, 7999, 15999, 29999]],
    ] as const) {
      const r = rig({reconnect: true, random: () => x});
      r.connection.connect();
      const delays: number[] = [];
      for (let n = 1; n <= 6; n++) {
        await flush();
        r.fakes.last!.refuse();
        delays.push(scheduledDelay(r));
        r.clock.advance(delays.at(-1)!);
      }
      expect(delays).toEqual(expected);
    }
  });

  it('gives up after 6 reconnect attempts, each with a fresh ticket, also when each attempt connects and drops', async () => {
    const r = rig({reconnect: true});
    r.connection.connect();
    for (let attempt = 0; attempt <= 6; attempt++) {
      await connectNow(r);
      r.fakes.last!.serverClose(1006, '', false);
      if (attempt < 6) r.clock.advance(scheduledDelay(r));
    }
    await flush();
    expect(r.fakes.transports).toHaveLength(7);
    expect(r.fakes.transports.map((t) => t.url)).toEqual(r.tickets);
    expect(new Set(r.tickets).size).toBe(7);
    expect(disconnectsOf(r.events)).toHaveLength(7);
    expect(statesOf(r.events).at(-1)).toBe('failed');
    expect(r.clock.pending).toBe(0);
  });

  it('a close before open is a burned ticket: the reason says so and the retry asks for a new one', async () => {
    const r = rig({reconnect: true});
    r.connection.connect();
    await flush();
    r.fakes.last!.refuse();
    expect(disconnectsOf(r.events)[0]).toMatchObject({clean: false, code: 1006});
    expect(disconnectsOf(r.events)[0]!.reason).toMatch(/ticket may be invalid, used or expired/);
    r.clock.advance(scheduledDelay(r));
    await flush();
    expect(r.tickets).toHaveLength(2);
    expect(r.fakes.last!.url).toBe(r.tickets[1]);
    expect(r.fakes.last!.url).not.toBe(r.tickets[0]);
  });

  it('never dials a ticketed URL twice on retries: a fixed ticket URL stops after the first attempt', async () => {
    const url = 'wss://esx.test/ticket/FIXED-TICKET-77aa';
    let asked = 0;
    const r = rig({
      reconnect: true,
      getTicket: () => {
        asked++;
        return url;
      },
    });
    r.connection.connect();
    await flush();
    r.fakes.last!.refuse();
    r.clock.advance(scheduledDelay(r));
    await flush();
    expect(asked).toBe(2);
    expect(r.fakes.transports).toHaveLength(1); // the burned ticket was not dialed again
    const ds = disconnectsOf(r.events);
    expect(ds).toHaveLength(2);
    expect(ds[1]).toMatchObject({clean: false, code: 4007});
    expect(ds[1]!.reason).toMatch(/already used; a ticketProvider is needed/);
    expect(statesOf(r.events).at(-1)).toBe('failed');
    expect(r.clock.pending).toBe(0);
  });

  it('an older used ticket from a provider is skipped without dialing, and the next retry proceeds', async () => {
    const urls = ['T-one', 'T-two', 'T-one', 'T-three'].map((t) => `wss://esx.test/ticket/${t}-9f`);
    let n = 0;
    const r = rig({reconnect: true, getTicket: () => urls[n++]});
    r.connection.connect();
    for (let i = 0; i < 3; i++) {
      await flush();
      if (i < 2) r.fakes.last!.refuse();
      r.clock.advance(scheduledDelay(r));
    }
    await flush();
    expect(r.fakes.transports.map((t) => t.url)).toEqual([urls[0], urls[1], urls[3]]);
    expect(disconnectsOf(r.events)[2]!.reason).toMatch(/already used/);
    expect(statesOf(r.events).at(-1)).toBe('reconnecting');
  });

  it('the same holds for a Nova mks token and a session that had connected', async () => {
    const nova = {
      protocol: 'mks',
      type: 'webmks',
      url: 'http://nova.test:6090/mks.html?token=9d1e-tok',
    };
    const r = rig({reconnect: true, getTicket: () => nova});
    r.connection.connect();
    await flush();
    r.fakes.last!.open();
    r.fakes.last!.serverSend(...handshake(16, 8, 'vm'));
    r.fakes.last!.serverClose(1006, '', false);
    r.clock.advance(scheduledDelay(r));
    await flush();
    expect(r.fakes.transports).toHaveLength(1);
    expect(statesOf(r.events).at(-1)).toBe('failed');
  });

  it('retries a fixed plain VNC URL (no ticket in it) as often as the policy allows', async () => {
    const r = rig({reconnect: true, getTicket: () => 'ws://vnc.test:5900/'});
    r.connection.connect();
    for (let n = 0; n <= 6; n++) {
      await flush();
      r.fakes.last!.refuse();
      if (n < 6) r.clock.advance(scheduledDelay(r));
    }
    expect(r.fakes.transports).toHaveLength(7);
  });

  it('an explicit connect() dials what it is given (the host decided), even a used ticket', async () => {
    const url = 'wss://esx.test/ticket/USED-ON-PURPOSE-1';
    const r = rig({getTicket: () => url});
    r.connection.connect();
    await flush();
    r.fakes.last!.refuse();
    r.connection.connect();
    await flush();
    expect(r.fakes.transports).toHaveLength(2);
  });

  it('pauses while offline: no attempt and no ticket request until online, then exactly one', async () => {
    const r = rig({reconnect: true});
    r.connection.connect();
    await connectNow(r);
    r.fakes.last!.serverClose(1006, '', false);
    r.network.online = false; // went offline during the backoff
    r.clock.advance(scheduledDelay(r));
    r.clock.advance(60 * 60 * 1000);
    await flush();
    expect(r.tickets).toHaveLength(1);
    expect(r.fakes.transports).toHaveLength(1);
    expect(statesOf(r.events).at(-1)).toBe('reconnecting');
    r.network.set(false); // another `offline` hint changes nothing
    await flush();
    expect(r.tickets).toHaveLength(1);
    r.network.set(true);
    r.network.set(true); // a repeated `online` does not start a second attempt
    await flush();
    expect(r.tickets).toHaveLength(2);
    expect(r.fakes.transports).toHaveLength(2);
    expect(r.network.listeners.size).toBe(0);
  });

  it('coming back online before the backoff ends still waits for the backoff', async () => {
    const r = rig({reconnect: true, random: () => 0.5});
    r.connection.connect();
    await connectNow(r);
    r.network.online = false;
    r.fakes.last!.serverClose(1006, '', false);
    const d = scheduledDelay(r);
    expect(d).toBe(500);
    r.network.set(true);
    r.clock.advance(d - 1);
    await flush();
    expect(r.tickets).toHaveLength(1);
    r.clock.advance(1);
    await flush();
    expect(r.tickets).toHaveLength(2);
  });

  it('a retry waiting for the network is cancelled by disconnect() and leaves no subscription', async () => {
    const r = rig({reconnect: true});
    r.connection.connect();
    await connectNow(r);
    r.network.online = false;
    r.fakes.last!.serverClose(1006, '', false);
    r.clock.advance(scheduledDelay(r));
    expect(r.network.listeners.size).toBe(1);
    r.connection.disconnect();
    expect(r.network.listeners.size).toBe(0);
    r.network.set(true);
    await flush();
    expect(r.fakes.transports).toHaveLength(1);
    expect(statesOf(r.events).at(-1)).toBe('disconnected');
  });

  it('100 consoles on one clock, dropped at once, whose server stays down: ≤ 25 attempts in any 100 ms over the whole schedule', async () => {
    const clock = new ManualClock();
    const attempts: number[] = [];
    let serial = 0;
    const rigs: Rig[] = [];
    for (let i = 0; i < 100; i++) {
      const r: Rig = rig({
        reconnect: true,
        clock,
        random: seededRandom(9000 + i),
        getTicket: () => {
          attempts.push(clock.now());
          return `wss://esx.test/ticket/crowd-${i}-${++serial}`;
        },
      });
      rigs.push(r);
      r.connection.connect();
    }
    await flush();
    for (const r of rigs) {
      r.fakes.last!.open();
      r.fakes.last!.serverSend(...handshake(8, 8, 'vm'));
    }
    attempts.length = 0;
    for (const r of rigs) r.fakes.last!.serverClose(1006, '', false); // the host dies
    for (;;) {
      const due = clock.dueTimes();
      if (due.length === 0) break;
      clock.advance(due[0]! - clock.now());
      await microflush();
      for (const r of rigs) {
        const t = r.fakes.last!;
        if (!t.opened && !t.ended) t.refuse();
      }
    }
    expect(attempts).toHaveLength(600); // 6 retries each, then every console gives up
    expect(rigs.every((r) => statesOf(r.events).at(-1) === 'failed')).toBe(true);
    const peak = peakInWindow(attempts, 100);
    expect(peak).toBeLessThanOrEqual(25);
  });
});
