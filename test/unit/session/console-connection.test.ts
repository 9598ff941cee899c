import {describe, expect, it} from 'vitest';
import {backoffWindow, DEFAULT_RECONNECT_POLICY} from '../../../src/session/backoff.js';
import {ConsoleConnection} from '../../../src/session/console-connection.js';
import {DEFAULT_TIMEOUTS} from '../../../src/session/timeouts.js';
import {parseClientStream, toHex, vscanKey} from '../../browser/helpers/client-bytes.js';
import {
  framebufferUpdate,
  handshake,
  rawRect,
  serverCaps,
  serverInit,
  securityTypes,
  version,
} from '../../browser/helpers/server-bytes.js';
import {disconnects, setup, states} from './connection-harness.js';

/** Opens the newest transport and plays a full mode-A handshake. */
async function connectNow(s: ReturnType<typeof setup>, w = 16, h = 8) {
  await s.flush();
  const t = s.transports.last!;
  t.open();
  t.serverSend(...handshake(w, h, 'Guest'));
  return t;
}

describe('ConsoleConnection', () => {
  it('connects: ticket, socket, handshake, then connected with the guest size and name', async () => {
    const s = setup();
    s.connection.connect();
    const t = await connectNow(s, 640, 480);
    expect(states(s.events)).toEqual(['connecting', 'connected']);
    expect(s.events.find((e) => e.type === 'connect')).toMatchObject({
      width: 640,
      height: 480,
      name: 'Guest',
    });
    expect(t.url).toBe(s.tickets[0]);
    expect(t.options.forceCloseMs).toBe(3000);
    const sent = parseClientStream(t.sentBytes());
    expect(sent.map((m) => m.kind).slice(0, 5)).toEqual([
      'version',
      'security',
      'client-init',
      'set-encodings',
      'fbur',
    ]);
    expect(s.connection.session).toBeDefined();
  });

  it('reports exactly one disconnect for an attempt refused before the socket opened', async () => {
    const s = setup();
    s.connection.connect();
    await s.flush();
    s.transports.last!.refuse();
    const d = disconnects(s.events);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({clean: false, code: 1006});
    expect(d[0]!.reason).toMatch(/before it opened.*ticket may be invalid, used or expired/);
    expect(states(s.events)).toEqual(['connecting', 'failed']);
  });

  it('asks for a fresh ticket for every reconnect attempt and gives up after 6', async () => {
    const s = setup({reconnect: true});
    s.connection.connect();
    for (let attempt = 0; attempt <= 6; attempt++) {
      await s.flush();
      expect(s.transports.transports).toHaveLength(attempt + 1);
      s.transports.last!.refuse();
      if (attempt < 6) {
        const due = s.clock.dueTimes();
        expect(due).toHaveLength(1);
        expect(due[0]! - s.clock.now()).toBeLessThan(
          backoffWindow(attempt + 1, DEFAULT_RECONNECT_POLICY),
        );
        s.clock.advance(due[0]! - s.clock.now());
      }
    }
    await s.flush();
    expect(s.tickets).toHaveLength(7);
    expect(new Set(s.transports.transports.map((t) => t.url)).size).toBe(7);
    expect(disconnects(s.events)).toHaveLength(7);
    expect(states(s.events).at(-1)).toBe('failed');
    expect(s.clock.pending).toBe(0);
  });

  it('fails an attempt whose socket does not open within 20 s (code 4001)', async () => {
    const s = setup();
    s.connection.connect();
    await s.flush();
    s.clock.advance(19999);
    expect(disconnects(s.events)).toHaveLength(0);
    s.clock.advance(1);
    await s.flush();
    expect(s.transports.last!.closedWith).toMatchObject({code: 4001, reason: 'open timeout'});
    expect(disconnects(s.events)).toEqual([
      {
        type: 'disconnect',
        clean: false,
        code: 4001,
        reason: 'The connection did not open in time.',
      },
    ]);
  });

  it('fails an open socket without ServerInit after 15 s (code 4002)', async () => {
    const s = setup();
    s.connection.connect();
    await s.flush();
    const t = s.transports.last!;
    t.open();
    t.serverSend(version(), securityTypes([1])); // then nothing
    s.clock.advance(15000);
    await s.flush();
    expect(t.closedWith?.code).toBe(4002);
    expect(disconnects(s.events)[0]).toMatchObject({clean: false, code: 4002});
  });

  it('fails a message that started and stalled for 30 s (code 4003), but never an idle session', async () => {
    const s = setup({timeouts: {messageMs: 30000}});
    s.connection.connect();
    const t = await connectNow(s);
    s.clock.advance(10 * 60 * 1000); // idle between messages is normal
    expect(disconnects(s.events)).toHaveLength(0);
    const update = framebufferUpdate([rawRect(0, 0, 16, 8, () => ({r: 1, g: 2, b: 3}))]);
    t.serverSend(update.subarray(0, 30));
    s.clock.advance(29999);
    expect(disconnects(s.events)).toHaveLength(0);
    s.clock.advance(1);
    await s.flush();
    expect(t.closedWith?.code).toBe(4003);
    expect(disconnects(s.events)[0]).toMatchObject({clean: false, code: 4003});
  });

  it('restarts the stall deadline when a message completes', async () => {
    const s = setup();
    s.connection.connect();
    const t = await connectNow(s);
    const update = framebufferUpdate([rawRect(0, 0, 16, 8, () => ({r: 1, g: 2, b: 3}))]);
    t.serverSend(update.subarray(0, 20));
    s.clock.advance(20000);
    t.serverSend(update.subarray(20), update.subarray(0, 20)); // first completes, second starts
    s.clock.advance(20000);
    await s.flush();
    expect(disconnects(s.events)).toHaveLength(0);
    s.clock.advance(10000);
    await s.flush();
    expect(disconnects(s.events)).toHaveLength(1);
  });

  it('closes with 4000 and a protocol reason on a malformed stream', async () => {
    const s = setup();
    s.connection.connect();
    const t = await connectNow(s);
    t.serverSend([200]);
    await s.flush();
    expect(t.closedWith).toMatchObject({code: 4000, reason: 'protocol error'});
    const d = disconnects(s.events)[0]!;
    expect(d.clean).toBe(false);
    expect(d.code).toBe(4000);
    expect(d.reason).toMatch(/^Protocol error \(unknown-message-type\)/);
  });

  it('treats a server close between messages as clean, and reconnects with a new ticket', async () => {
    const s = setup({reconnect: true});
    s.connection.connect();
    const t = await connectNow(s);
    t.serverClose(1000, 'bye');
    expect(disconnects(s.events)).toEqual([
      {type: 'disconnect', clean: true, code: 1000, reason: 'bye'},
    ]);
    expect(states(s.events).at(-1)).toBe('reconnecting');
    s.clock.advance(1000);
    await s.flush();
    expect(s.tickets).toHaveLength(2);
    await connectNow(s);
    expect(states(s.events).slice(-2)).toEqual(['reconnecting', 'connected']);
  });

  it('reports a drop in the middle of a message as unclean (truncated)', async () => {
    const s = setup();
    s.connection.connect();
    const t = await connectNow(s);
    t.serverSend(
      framebufferUpdate([rawRect(0, 0, 16, 8, () => ({r: 0, g: 0, b: 0}))]).subarray(0, 40),
    );
    t.serverClose(1006, '', false);
    const d = disconnects(s.events)[0]!;
    expect(d.clean).toBe(false);
    expect(d.reason).toMatch(/truncated/);
    expect(states(s.events).at(-1)).toBe('failed');
  });

  it('pauses reconnects while offline and resumes on online', async () => {
    const s = setup({reconnect: true});
    s.connection.connect();
    const t = await connectNow(s);
    s.network.online = false;
    t.serverClose(1006, '', false);
    s.clock.advance(60000);
    await s.flush();
    expect(s.transports.transports).toHaveLength(1);
    expect(s.network.listeners.size).toBe(1);
    s.network.set(true);
    await s.flush();
    expect(s.transports.transports).toHaveLength(2);
    expect(s.network.listeners.size).toBe(0);
  });

  it('resets the attempt budget after a minute connected', async () => {
    const s = setup({reconnect: true, policy: {maxAttempts: 1}});
    s.connection.connect();
    let t = await connectNow(s);
    t.serverClose(1006, '', false); // attempt budget 1 used here
    s.clock.advance(1000);
    t = await connectNow(s);
    s.clock.advance(60000);
    t.serverClose(1006, '', false); // stable for 60 s: budget restored
    expect(states(s.events).at(-1)).toBe('reconnecting');
    s.clock.advance(1000);
    t = await connectNow(s);
    t.serverClose(1006, '', false); // dropped at once: no budget left
    expect(states(s.events).at(-1)).toBe('failed');
  });

  it('disconnect(): releases held keys, closes with 1000, one clean disconnect, no timers', async () => {
    const s = setup({reconnect: true});
    s.connection.connect();
    const t = await connectNow(s);
    t.serverSend(serverCaps(0x02));
    t.takeNew();
    s.connection.session!.sendKey('ShiftLeft', true);
    s.connection.disconnect();
    const after = toHex(t.takeNew());
    expect(after).toBe([vscanKey(0x2a, true), vscanKey(0x2a, false)].join(' '));
    expect(t.closedWith).toMatchObject({code: 1000, how: 'dispose'});
    expect(disconnects(s.events)).toEqual([
      {type: 'disconnect', clean: true, code: 1000, reason: 'Disconnected by the client.'},
    ]);
    expect(states(s.events).at(-1)).toBe('disconnected');
    expect(s.clock.pending).toBe(0);
  });

  it('dispose() during the ticket fetch reports the attempt once and ignores the late ticket', async () => {
    let resolveTicket!: (v: string) => void;
    const s = setup({getTicket: () => new Promise<string>((r) => (resolveTicket = r))});
    s.connection.connect();
    s.connection.dispose();
    expect(disconnects(s.events)).toHaveLength(1);
    resolveTicket('wss://esx.test/ticket/LATE-TICKET');
    await s.flush();
    expect(s.transports.transports).toHaveLength(0);
    expect(s.clock.pending).toBe(0);
    s.connection.connect(); // dead
    await s.flush();
    expect(s.transports.transports).toHaveLength(0);
  });

  it('dispose() during backoff cancels the retry and leaves nothing scheduled', async () => {
    const s = setup({reconnect: true});
    s.connection.connect();
    await s.flush();
    s.transports.last!.refuse();
    expect(s.clock.pending).toBe(1);
    s.connection.dispose();
    expect(s.clock.pending).toBe(0);
    expect(s.network.listeners.size).toBe(0);
    expect(disconnects(s.events)).toHaveLength(1);
  });

  it('reports a failing ticket provider as one unclean disconnect without its message', async () => {
    const s = setup({getTicket: () => Promise.reject(new Error('backend said TICKET-XYZ'))});
    s.connection.connect();
    await s.flush();
    expect(disconnects(s.events)).toEqual([
      {type: 'disconnect', clean: false, code: 4007, reason: 'The ticket provider failed.'},
    ]);
  });

  it('fails with 4008 when a plain VNC server wants a password we do not have', async () => {
    const s = setup({getTicket: () => 'ws://vnc.test:5900/'});
    s.connection.connect();
    await s.flush();
    const t = s.transports.last!;
    t.open();
    t.serverSend(version(), securityTypes([2]), new Uint8Array(16));
    await s.flush();
    expect(disconnects(s.events)[0]).toMatchObject({clean: false, code: 4008});
  });

  it('reports a transport the browser refuses to create as one disconnect with fixed text', async () => {
    const s = setup();
    const transportFactory = () => {
      throw new SyntaxError(`The URL '${s.tickets[0]}' is invalid.`);
    };
    const connection = new ConsoleConnection({
      getTicket: () => 'wss://esx.test/ticket/SECRET-TICKET-9',
      renderer: () => s.sink,
      reconnect: () => false,
      settings: () => ({
        policy: DEFAULT_RECONNECT_POLICY,
        random: () => 0,
        clock: s.clock,
        network: s.network,
        timeouts: DEFAULT_TIMEOUTS,
        transportFactory,
      }),
      onEvent: (ev) => s.events.push(ev),
    });
    connection.connect();
    await s.flush();
    expect(disconnects(s.events)).toEqual([
      {
        type: 'disconnect',
        clean: false,
        code: 1006,
        reason: 'The browser refused to open the console connection.',
      },
    ]);
    expect(states(s.events)).toEqual(['connecting', 'failed']);
    expect(s.clock.pending).toBe(0);
  });

  it('starts at ServerInit for a Nova-style stream (no handshake)', async () => {
    const s = setup({
      getTicket: () => ({
        remote_console: {
          protocol: 'mks',
          type: 'webmks',
          url: 'http://nova.test:6090/mks.html?token=abcd1234',
        },
      }),
    });
    s.connection.connect();
    await s.flush();
    const t = s.transports.last!;
    expect(t.url).toBe('ws://nova.test:6090/?token=abcd1234');
    t.open();
    t.serverSend(serverInit(800, 600, 'nova guest'));
    expect(s.events.find((e) => e.type === 'connect')).toMatchObject({width: 800, height: 600});
    expect(parseClientStream(t.sentBytes(), false)[0]!.kind).toBe('set-encodings');
  });

  it('sanitizes the server close reason and never repeats the ticket', async () => {
    const s = setup();
    s.connection.connect();
    const t = await connectNow(s);
    t.serverClose(4100, `gone\u0000\u202E ${s.tickets[0]} TICKET-1-secret`, true);
    const d = disconnects(s.events)[0]!;
    expect(d.reason).not.toContain('TICKET-1-secret');
    expect([...d.reason].filter((c) => c.charCodeAt(0) < 32 || c === '\u202e')).toEqual([]);
    expect(JSON.stringify(s.events)).not.toContain('TICKET-1-secret');
  });

  it('spreads 100 consoles dropped at once: at most 25 attempts in any 100 ms', async () => {
    const crowd = Array.from({length: 100}, (_, i) => setup({reconnect: true, seed: 1000 + i}));
    for (const s of crowd) s.connection.connect();
    for (const s of crowd) await connectNow(s);
    for (const s of crowd) s.transports.last!.serverClose(1006, '', false);
    const attempts: number[] = [];
    for (let t = 0; t <= 2000; t += 10) {
      for (const s of crowd) {
        const before = s.tickets.length;
        s.clock.advance(10);
        await Promise.resolve();
        if (s.tickets.length > before) attempts.push(t + 10);
      }
    }
    expect(attempts).toHaveLength(100);
    attempts.sort((a, b) => a - b);
    let peak = 0;
    for (let i = 0; i < attempts.length; i++) {
      let j = i;
      while (j < attempts.length && attempts[j]! < attempts[i]! + 100) j++;
      peak = Math.max(peak, j - i);
    }
    expect(peak).toBeLessThanOrEqual(25);
  });
});
