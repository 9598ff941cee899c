/**
 * Issue 8 "Reconnect policy" at the element: the settings (scale, keyboard
 * layout, view-only) hold across attempts, the browser's own online/offline
 * signal (navigator.onLine and window events, the default NetworkStatus)
 * pauses retries, and `options.timeouts` reaches the session.
 */
import {expect} from '@esm-bundle/chai';
import {ConsoleHarness, settle} from '../helpers/console-harness.js';
import {vscanKey, toHex} from '../helpers/client-bytes.js';
import {ManualClock} from '../helpers/manual-clock.js';

let serial = 0;
const fresh = () => `wss://esx.test/ticket/reconnect-${++serial}`;

/** Runs due retries: advances the clock to the next timer and lets the ticket arrive. */
async function nextRetry(clock: ManualClock): Promise<void> {
  const due = clock.dueTimes();
  expect(due.length).to.equal(1);
  clock.advance(due[0]! - clock.now());
  await settle();
}

function keyMessages(h: ConsoleHarness): string[] {
  return h
    .takeMessages()
    .filter((m) => m.kind === 'key' || (m.kind === 'vmware' && m.subtype === 0))
    .map((m) => toHex(m.bytes));
}

describe('reconnect at the element', function () {
  this.timeout(20000);

  it('keeps scale, keyboard layout and view-only across attempts', async () => {
    const clock = new ManualClock();
    const h = await ConsoleHarness.create({
      width: 320,
      height: 240,
      attributes: {
        reconnect: true,
        scale: 'integer',
        'keyboard-layout': 'de-DE',
        'view-only': true,
      },
      options: {clock, random: () => 0.5, typingDelayMs: 0},
      ticketProvider: fresh,
    });
    try {
      const first = await h.connect({width: 60, height: 40});
      // integer: 5× (fit would give 5.33×, 320 px wide).
      expect(h.canvas.style.getPropertyValue('width')).to.equal('300px');
      h.press('KeyA', 'a');
      expect(keyMessages(h)).to.deep.equal([]);

      first.serverClose(1006, '', false);
      expect(h.el.state).to.equal('reconnecting');
      await nextRetry(clock);
      const second = await h.connect({width: 60, height: 40});
      expect(second).to.not.equal(first);
      expect(second.url).to.not.equal(first.url);

      expect(h.el.scale).to.equal('integer');
      expect(h.el.keyboardLayout).to.equal('de-DE');
      expect(h.el.viewOnly).to.equal(true);
      expect(h.canvas.style.getPropertyValue('width')).to.equal('300px');
      h.press('KeyA', 'a');
      expect(keyMessages(h)).to.deep.equal([]); // still view-only
      let rejected = '';
      await h.el.typeText('z').catch((e: DOMException) => (rejected = e.name));
      expect(rejected).to.equal('InvalidStateError');

      // The layout survived too: on de-DE, "z" is the key at KeyY (VScan 0x15).
      h.el.viewOnly = false;
      await h.el.updateComplete;
      await h.el.typeText('z');
      expect(keyMessages(h)).to.deep.equal([vscanKey(0x15, true), vscanKey(0x15, false)]);
    } finally {
      h.remove();
    }
  });

  it('pauses while navigator.onLine is false and resumes on the window `online` event', async () => {
    let online = true;
    Object.defineProperty(navigator, 'onLine', {configurable: true, get: () => online});
    const clock = new ManualClock();
    const h = await ConsoleHarness.create({
      attributes: {reconnect: true},
      options: {clock, random: () => 0.5},
      ticketProvider: fresh,
    });
    try {
      const t = await h.connect();
      online = false;
      window.dispatchEvent(new Event('offline'));
      t.serverClose(1006, '', false);
      await nextRetry(clock); // the backoff ends while offline
      clock.advance(10 * 60 * 1000);
      await settle();
      expect(h.transports.transports).to.have.length(1);
      expect(h.el.state).to.equal('reconnecting');
      window.dispatchEvent(new Event('offline'));
      await settle();
      expect(h.transports.transports).to.have.length(1);
      online = true;
      window.dispatchEvent(new Event('online'));
      await h.connect();
      expect(h.transports.transports).to.have.length(2);
      expect(h.el.state).to.equal('connected');
    } finally {
      h.remove();
      delete (navigator as unknown as {onLine?: boolean}).onLine;
    }
  });

  it('options.timeouts reaches the session: a 700 ms open deadline fails at 700 ms with 4001', async () => {
    const clock = new ManualClock();
    const h = await ConsoleHarness.create({options: {clock, timeouts: {openMs: 700}}});
    try {
      await h.transports.waitFor(1);
      clock.advance(699);
      await settle();
      expect(h.count('webmks-disconnect')).to.equal(0);
      clock.advance(1);
      await h.until(() => h.count('webmks-disconnect') === 1, 'disconnect');
      expect(h.details('webmks-disconnect')[0]).to.deep.equal({
        clean: false,
        code: 4001,
        reason: 'The connection did not open in time.',
      });
      expect(h.el.state).to.equal('failed');
    } finally {
      h.remove();
    }
  });

  it('a used ticket from a fixed url is not dialed again: the retry stops with a clear reason', async () => {
    const clock = new ManualClock();
    const h = await ConsoleHarness.create({
      attributes: {reconnect: true},
      options: {clock, random: () => 0.5},
    });
    try {
      const t = await h.connect();
      t.serverClose(1006, '', false);
      await nextRetry(clock);
      await h.until(() => h.count('webmks-disconnect') === 2, 'second disconnect');
      expect(h.transports.transports).to.have.length(1);
      const d = h.details<{reason: string; code: number}>('webmks-disconnect')[1]!;
      expect(d.code).to.equal(4007);
      expect(d.reason).to.match(/already used; a ticketProvider is needed/);
      expect(h.el.state).to.equal('failed');
      expect(clock.pending).to.equal(0);
    } finally {
      h.remove();
    }
  });
});
