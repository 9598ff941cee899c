/**
 * Issue 8 "100 consoles": 100 `<webmks-console>` elements on one page, on one
 * ManualClock, each with a seeded random source, are dropped in the same
 * task. Their reconnect attempts (ticket requests) never exceed 25 in any
 * 100 ms window, every attempt uses a fresh ticket, and all reconnect. Then
 * the host stays down for the whole schedule: the peak still holds and every
 * console gives up after 6 attempts.
 */
import {expect} from '@esm-bundle/chai';
import {seededRandom} from '../../../src/session/backoff.js';
import {ConsoleHarness, settle} from '../helpers/console-harness.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {peakInWindow} from '../../unit/helpers/peak-in-window.js';

const COUNT = 100;
const LIMIT = 25;

describe('100 consoles dropped at once', function () {
  this.timeout(60000);

  it(`reconnect with at most ${LIMIT} attempts in any 100 ms, each with a fresh ticket`, async () => {
    const clock = new ManualClock();
    const attempts: number[] = [];
    const tickets: string[] = [];
    const host = document.createElement('div');
    document.body.append(host);
    const hs: ConsoleHarness[] = [];
    try {
      for (let i = 0; i < COUNT; i++) {
        hs.push(
          await ConsoleHarness.create({
            width: 40,
            height: 30,
            attributes: {reconnect: true},
            options: {clock, random: seededRandom(4242 + i)},
            ticketProvider: () => {
              attempts.push(clock.now());
              const t = `wss://esx.test/ticket/crowd-${i}-${tickets.length}`;
              tickets.push(t);
              return t;
            },
          }),
        );
      }
      for (const h of hs) await h.connect({width: 8, height: 8});
      expect(hs.every((h) => h.el.state === 'connected')).to.equal(true);
      attempts.length = 0;

      // Round 1: the host drops every session in one task, then comes back.
      for (const h of hs) h.transport.serverClose(1006, '', false);
      expect(hs.every((h) => h.el.state === 'reconnecting')).to.equal(true);
      // (Only the backoff timers are due before every console has asked for a ticket.)
      while (attempts.length < COUNT && clock.dueTimes().length > 0) {
        clock.advance(clock.dueTimes()[0]! - clock.now());
        await settle();
      }
      expect(attempts).to.have.length(COUNT);
      expect(Math.max(...attempts)).to.be.below(1000); // all within the first 1 s window
      const peak1 = peakInWindow(attempts, 100);
      expect(peak1).to.be.at.most(LIMIT);
      for (const h of hs) await h.connect({width: 8, height: 8});
      expect(hs.every((h) => h.el.state === 'connected')).to.equal(true);

      // Round 2, after a minute up (which restores each attempt budget): dropped
      // again, and the host stays down through the whole schedule.
      clock.advance(60000);
      attempts.length = 0;
      for (const h of hs) h.transport.serverClose(1006, '', false);
      while (clock.dueTimes().length > 0) {
        clock.advance(clock.dueTimes()[0]! - clock.now());
        await settle();
        for (const h of hs) {
          const t = h.transports.last!;
          if (!t.opened && !t.ended) t.refuse();
        }
      }
      expect(attempts).to.have.length(COUNT * 6);
      expect(peakInWindow(attempts, 100)).to.be.at.most(LIMIT);
      expect(hs.every((h) => h.el.state === 'failed')).to.equal(true);

      // Never a ticket twice.
      const dialed = hs.flatMap((h) => h.transports.transports.map((t) => t.url));
      expect(new Set(dialed).size).to.equal(dialed.length);
      expect(new Set(tickets).size).to.equal(tickets.length);
    } finally {
      for (const h of hs) h.remove();
      host.remove();
    }
  });
});
