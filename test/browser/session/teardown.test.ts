import {expect} from '@esm-bundle/chai';
import {ConsoleHarness} from '../helpers/console-harness.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {rawRect} from '../helpers/server-bytes.js';

/** Counts listeners added to and removed from window and document. */
function trackGlobalListeners() {
  const live = new Map<string, number>();
  const originals = new Map<
    EventTarget,
    {add: typeof window.addEventListener; remove: typeof window.removeEventListener}
  >();
  for (const target of [window, document] as EventTarget[]) {
    const name = target === window ? 'window' : 'document';
    const add = target.addEventListener;
    const remove = target.removeEventListener;
    originals.set(target, {add, remove});
    target.addEventListener = function (
      this: EventTarget,

      type: string,
      l: EventListenerOrEventListenerObject | null,
      o?: boolean | AddEventListenerOptions,
    ) {
      live.set(`${name}:${type}`, (live.get(`${name}:${type}`) ?? 0) + 1);
      return add.call(this, type, l, o);
    } as typeof add;
    target.removeEventListener = function (
      this: EventTarget,

      type: string,
      l: EventListenerOrEventListenerObject | null,
      o?: boolean | EventListenerOptions,
    ) {
      live.set(`${name}:${type}`, (live.get(`${name}:${type}`) ?? 0) - 1);
      return remove.call(this, type, l, o);
    } as typeof remove;
  }
  return {
    outstanding: () => [...live].filter(([, n]) => n !== 0),
    restore: () => {
      for (const [t, o] of originals) {
        t.addEventListener = o.add;
        t.removeEventListener = o.remove;
      }
    },
  };
}

describe('<webmks-console> teardown', () => {
  it('leaves no timers, frames or window/document listeners after removal', async () => {
    const tracker = trackGlobalListeners();
    try {
      const clock = new ManualClock();
      const h = await ConsoleHarness.create({
        attributes: {reconnect: '', resize: 'remote'},
        options: {clock},
      });
      const t = await h.connect({width: 32, height: 16});
      await h.update([rawRect(0, 0, 32, 16, () => ({r: 1, g: 2, b: 3}))]);
      h.pointer('pointermove', 3, 3, 0); // a coalesced move waits for a frame
      h.key('keydown', 'ShiftLeft', 'Shift', {shiftKey: true});
      expect(h.scheduler.pending).to.be.greaterThan(0);
      expect(clock.pending).to.be.greaterThan(0); // the remote-resize debounce
      h.remove();
      expect(t.closedWith?.code).to.equal(1000);
      expect(clock.pending).to.equal(0);
      expect(h.scheduler.pending).to.equal(0);
      expect(tracker.outstanding()).to.deep.equal([]);
      expect(h.count('webmks-disconnect')).to.equal(1);
    } finally {
      tracker.restore();
    }
  });

  it('cancels a pending reconnect when removed during backoff', async () => {
    const clock = new ManualClock();
    const h = await ConsoleHarness.create({attributes: {reconnect: ''}, options: {clock}});
    const t = await h.connect();
    t.serverClose(1006, '', false);
    expect(h.el.state).to.equal('reconnecting');
    expect(clock.pending).to.equal(1);
    h.remove();
    expect(clock.pending).to.equal(0);
    clock.advance(60000);
    expect(h.transports.transports).to.have.length(1);
  });

  it('starts a new session with a new ticket when moved in the document', async () => {
    let n = 0;
    const h = await ConsoleHarness.create({
      ticketProvider: () => `wss://esx.test/ticket/move-${++n}`,
    });
    const first = await h.connect();
    const parent = document.createElement('div');
    document.body.append(parent);
    parent.append(h.el); // a move is a removal and an insertion
    expect(first.closedWith?.code).to.equal(1000);
    const second = await h.connect();
    expect(second.url).to.equal('wss://esx.test/ticket/move-2');
    expect(h.el.state).to.equal('connected');
    h.remove();
    parent.remove();
  });

  it('runs many consoles independently on one page', async () => {
    const hs = await Promise.all(
      Array.from({length: 6}, () => ConsoleHarness.create({width: 80, height: 60})),
    );
    await Promise.all(hs.map((h, i) => h.connect({width: 8 + i, height: 4})));
    hs[2]!.transport.serverClose(1006, '', false);
    hs[4]!.remove();
    expect(hs.map((h) => h.el.state)).to.deep.equal([
      'connected',
      'connected',
      'failed',
      'connected',
      'disconnected',
      'connected',
    ]);
    expect(
      hs.map((h) => (h.el.state === 'connected' ? h.el.getImageData().width : 0)),
    ).to.deep.equal([8, 9, 0, 11, 0, 13]);
    for (const h of hs) h.remove();
  });
});
