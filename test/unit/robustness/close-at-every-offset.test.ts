/**
 * Issue 8, "Against the session core in Node": the connection is closed at
 * every byte offset of a recorded handshake plus first update (VMware's SDK
 * transcript, webmks-protocol.md §5.1) and of a longer ESXi-like session and a
 * Nova mode-B stream, three ways (a close frame 1000, a drop 1006, a server
 * close 4100 with a reason). Every case must end in exactly one `disconnect`
 * event, with no exception, no timer left, and `clean` only for an orderly
 * close between messages after ServerInit (robustness.md F1).
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {RfbClient} from '../../../src/protocol/rfb-client.js';
import {CheckingSink} from '../helpers/checking-sink.js';
import {ESXI_TRANSCRIPT, esxiFullStream, modeBStream} from '../helpers/fixtures.js';
import {runSessionCase, sessionCaseArb} from './session-model.js';
import {disconnectsOf, microflush, rig, statesOf} from './support.js';

interface Stream {
  name: string;
  bytes: Uint8Array;
  ticket: string;
}

const STREAMS: Stream[] = [
  {
    name: 'ESXi transcript (§5.1)',
    bytes: ESXI_TRANSCRIPT,
    ticket: 'wss://esx.test/ticket/OFFSET-a1',
  },
  {name: 'ESXi full session', bytes: esxiFullStream(), ticket: 'wss://esx.test/ticket/OFFSET-b2'},
  // A Nova mks console: the stream starts at ServerInit.
  {name: 'Nova mode B', bytes: modeBStream(), ticket: 'ws://nova.test:6090/?token=OFFSET-c3'},
];

const CLOSES = [
  {name: 'close frame 1000', code: 1000, reason: '', wasClean: true},
  {name: 'drop 1006', code: 1006, reason: '', wasClean: false},
  {name: 'server close 4100', code: 4100, reason: 'maintenance', wasClean: true},
] as const;

/** Whether the core sits between messages after ServerInit once `prefix` arrived. */
function betweenMessages(prefix: Uint8Array, flavor: 'vmware' | 'auto'): boolean {
  const c = new RfbClient({flavor}, new CheckingSink());
  c.receive(prefix);
  return c.state === 'normal' && !c.midMessage;
}

describe('a session closed at every byte offset', () => {
  for (const s of STREAMS) {
    for (const close of CLOSES) {
      it(`${s.name}, ${close.name}: one disconnect, no exception, no timer (${s.bytes.length + 1} offsets)`, async () => {
        const problems: string[] = [];
        let clean = 0;
        const flavor = s.ticket.includes('/ticket/') ? 'vmware' : 'auto';
        for (let k = 0; k <= s.bytes.length; k++) {
          const r = rig({getTicket: () => s.ticket, logLevel: 'silent'});
          try {
            r.connection.connect();
            await microflush();
            const t = r.fakes.last!;
            t.open();
            t.serverSend(s.bytes.subarray(0, k));
            t.serverClose(close.code, close.reason, close.wasClean);
            await microflush();
          } catch (e) {
            problems.push(`${k}: threw ${String(e)}`);
            continue;
          }
          const ds = disconnectsOf(r.events);
          if (ds.length !== 1) {
            problems.push(`${k}: ${ds.length} disconnect events`);
            continue;
          }
          const d = ds[0]!;
          const expectClean =
            close.code === 1000 && betweenMessages(s.bytes.subarray(0, k), flavor);
          if (d.clean !== expectClean)
            problems.push(`${k}: clean ${d.clean}, expected ${expectClean}`);
          if (d.clean) clean++;
          if (!d.reason) problems.push(`${k}: empty reason`);
          if (d.code !== close.code) problems.push(`${k}: code ${d.code}`);
          const last = statesOf(r.events).at(-1);
          if (last !== (d.clean ? 'disconnected' : 'failed')) problems.push(`${k}: state ${last}`);
          if (r.clock.pending !== 0) problems.push(`${k}: ${r.clock.pending} timers left`);
          if (!r.fakes.last!.ended) problems.push(`${k}: transport not ended`);
        }
        expect(problems).toEqual([]);
        if (close.code === 1000) expect(clean).toBeGreaterThan(0);
      });
    }
  }

  it('cut mid-message, the reason names the truncation; cut before open, the burned ticket', async () => {
    const r = rig({getTicket: () => STREAMS[0]!.ticket});
    r.connection.connect();
    await microflush();
    r.fakes.last!.open();
    r.fakes.last!.serverSend(ESXI_TRANSCRIPT.subarray(0, 50));
    r.fakes.last!.serverClose(1000, '', true);
    expect(disconnectsOf(r.events)[0]!.reason).toMatch(/truncated/);

    const r2 = rig({getTicket: () => STREAMS[0]!.ticket});
    r2.connection.connect();
    await microflush();
    r2.fakes.last!.refuse();
    expect(disconnectsOf(r2.events)[0]!.reason).toMatch(/before it opened/);
  });

  it('with reconnect on, every offset schedules exactly one retry', async () => {
    const problems: string[] = [];
    const bytes = ESXI_TRANSCRIPT;
    for (let k = 0; k <= bytes.length; k++) {
      const r = rig({reconnect: true, logLevel: 'silent'});
      r.connection.connect();
      await microflush();
      r.fakes.last!.open();
      r.fakes.last!.serverSend(bytes.subarray(0, k));
      r.fakes.last!.serverClose(1006, '', false);
      if (r.clock.pending !== 1) problems.push(`${k}: ${r.clock.pending} timers`);
      if (statesOf(r.events).at(-1) !== 'reconnecting') problems.push(`${k}: not reconnecting`);
      r.connection.dispose();
      if (r.clock.pending !== 0) problems.push(`${k}: timer left after dispose`);
    }
    expect(problems).toEqual([]);
  });

  it('mutated streams in random chunks with time passing, closed in random ways (1,000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(sessionCaseArb, (c) => runSessionCase(c)),
      {numRuns: 1000},
    );
  });
});
