/**
 * Lifecycle races (robustness.md F9, P6): removal or disconnect() at awkward
 * moments, and listeners that call connect()/disconnect() from inside an
 * event. Then a model-based property over random command sequences checks
 * the invariants after every step: nothing throws, at most one live
 * transport, one `disconnect` per attempt, a fresh ticket per dial, and after
 * dispose() nothing scheduled, subscribed or dialed ever again.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {ConnectionEvent} from '../../../src/session/console-connection.js';
import {framebufferUpdate, handshake, rawRect} from '../../browser/helpers/server-bytes.js';
import {commandArb, runLifecycleModel} from './lifecycle-model.js';
import {disconnectsOf, flush, rig, statesOf, type Rig} from './support.js';

async function connected(r: Rig) {
  r.connection.connect();
  await flush();
  const t = r.fakes.last!;
  t.open();
  t.serverSend(...handshake(16, 8, 'vm'));
  return t;
}

/** Wraps the rig's event log so a test can react to events as a listener would. */
function onEvent(r: Rig, fn: (ev: ConnectionEvent) => void): void {
  const push = r.events.push.bind(r.events);
  r.events.push = (...evs: ConnectionEvent[]) => {
    const n = push(...evs);
    for (const ev of evs) fn(ev);
    return n;
  };
}

describe('lifecycle races', () => {
  it('removal while a failed session waits for its close handshake schedules no retry', async () => {
    const r = rig({reconnect: true});
    const t = await connected(r);
    t.answerClose = false; // the server never answers our close
    t.serverSend([200]); // protocol error: the session starts closing
    expect(t.closedWith).toMatchObject({code: 4000, how: 'close'});
    r.connection.dispose();
    expect(t.closedWith?.code).toBe(4000);
    expect(disconnectsOf(r.events)).toHaveLength(1);
    expect(disconnectsOf(r.events)[0]).toMatchObject({clean: false, code: 4000});
    expect(r.clock.pending).toBe(0);
    expect(() => r.clock.advance(10 * 60 * 1000)).not.toThrow();
    await flush();
    expect(r.fakes.transports).toHaveLength(1);
    expect(statesOf(r.events).at(-1)).toBe('disconnected');
  });

  it('disconnect() while a failed session waits for its close handshake ends in disconnected', async () => {
    const r = rig({reconnect: true});
    const t = await connected(r);
    t.answerClose = false;
    r.clock.advance(1);
    t.serverSend(
      framebufferUpdate([rawRect(0, 0, 16, 8, () => ({r: 0, g: 0, b: 0}))]).subarray(0, 9),
    );
    r.clock.advance(30000); // message stall: closing
    r.connection.disconnect();
    expect(r.clock.pending).toBe(0);
    expect(statesOf(r.events).at(-1)).toBe('disconnected');
    r.connection.connect(); // and it can connect again
    await flush();
    expect(r.fakes.transports).toHaveLength(2);
  });

  it('a disconnect listener that calls connect() gets one new attempt, not two', async () => {
    const r = rig({reconnect: true});
    const t = await connected(r);
    let once = true;
    onEvent(r, (ev) => {
      if (ev.type === 'disconnect' && once) {
        once = false;
        r.connection.connect();
      }
    });
    t.serverClose(1006, '', false);
    expect(r.clock.pending).toBe(0); // no backoff retry on top of the listener's attempt
    await flush();
    expect(r.fakes.transports).toHaveLength(2);
    expect(r.tickets).toHaveLength(2);
    expect(statesOf(r.events)).toEqual(['connecting', 'connected', 'disconnected', 'connecting']);
  });

  it('a disconnect listener that calls disconnect() stops the retry', async () => {
    const r = rig({reconnect: true});
    const t = await connected(r);
    onEvent(r, (ev) => {
      if (ev.type === 'disconnect') r.connection.disconnect();
    });
    t.serverClose(1006, '', false);
    expect(r.clock.pending).toBe(0);
    expect(statesOf(r.events).at(-1)).toBe('disconnected');
    expect(() => r.clock.advance(60000)).not.toThrow();
  });

  it('a state listener that calls disconnect() on `reconnecting` cancels the retry it announced', async () => {
    const r = rig({reconnect: true});
    const t = await connected(r);
    onEvent(r, (ev) => {
      if (ev.type === 'state' && ev.state === 'reconnecting') r.connection.disconnect();
    });
    t.serverClose(1006, '', false);
    expect(r.clock.pending).toBe(0);
    expect(() => r.clock.advance(60000)).not.toThrow();
    await flush();
    expect(r.fakes.transports).toHaveLength(1);
    expect(statesOf(r.events).at(-1)).toBe('disconnected');
  });

  it('a state listener that calls disconnect() on `connecting` means no ticket is fetched', async () => {
    const r = rig();
    onEvent(r, (ev) => {
      if (ev.type === 'state' && ev.state === 'connecting') r.connection.disconnect();
    });
    r.connection.connect();
    await flush();
    expect(r.tickets).toHaveLength(0);
    expect(disconnectsOf(r.events)).toHaveLength(1);
  });

  it('a state listener that calls disconnect() on `connected` gets no connect event after it', async () => {
    const r = rig();
    onEvent(r, (ev) => {
      if (ev.type === 'state' && ev.state === 'connected') r.connection.disconnect();
    });
    await connected(r);
    const types = r.events.filter((e) => e.type !== 'state').map((e) => e.type);
    expect(types).toEqual(['disconnect']);
  });
});

describe('ConsoleConnection model (fast-check commands)', () => {
  it('keeps its invariants over 400 random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, {maxLength: 50}), (cmds) => runLifecycleModel(cmds)),
      {numRuns: 400},
    );
  });
});
