/**
 * Issue 8 "Secrets" in the browser: a canary ticket is searched for in
 * everything captured from a real `<webmks-console>` (every console method at
 * every log level, debug included; every event detail; every attribute; the
 * serialized shadow DOM and document; page errors and rejections; the close
 * reasons it sent) across the connect, failure and reconnect paths, and
 * found 0 times. Without a log-level the element prints nothing at all.
 */
import {expect} from '@esm-bundle/chai';
import type {WebmksConsole} from '../../../src/element/webmks-console.component.js';
import {LOG_LEVELS, type LogLevel} from '../../../src/util/log.js';
import {ConsoleHarness} from '../helpers/console-harness.js';
import {ManualClock} from '../helpers/manual-clock.js';
import {
  framebufferUpdate,
  handshake,
  rawRect,
  serverCutText,
  securityTypes,
  version,
} from '../helpers/server-bytes.js';

const CANARY = 'CANARYb7d91e44a0f2';
const METHODS = ['log', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** Replaces every console method with a recorder (nothing reaches the real console). */
function captureConsole(): {lines: string[]; restore(): void} {
  const lines: string[] = [];
  const originals = METHODS.map((m) => [m, console[m]] as const);
  for (const m of METHODS) {
    console[m] = (...args: unknown[]) => {
      lines.push(
        `${m}: ${args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : safeJson(a))).join(' ')}`,
      );
    };
  }
  return {
    lines,
    restore: () => {
      for (const [m, f] of originals) console[m] = f;
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Everything about the element a page could read or log. */
function snapshot(el: WebmksConsole): string {
  const xml = new XMLSerializer();
  const attrs = [...el.attributes].map((a) => `${a.name}=${a.value}`).join(' ');
  const shadow = [...el.shadowRoot!.childNodes].map((n) => xml.serializeToString(n)).join('');
  return `${attrs}\n${shadow}\n${xml.serializeToString(document)}\n${el.state}`;
}

const leaks = (text: string) =>
  [CANARY, encodeURIComponent(CANARY), CANARY.toLowerCase()].filter((f) => text.includes(f));

async function flush(): Promise<void> {
  for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
}

interface Run {
  captured: string;
  consoleLines: number;
  events: number;
}

/** Connect, echo the ticket everywhere, drop, reconnect, refusals, protocol error, bad provider. */
async function runEverything(level: LogLevel | undefined): Promise<Run> {
  const errors: string[] = [];
  const onError = (e: ErrorEvent) => errors.push(`${e.message} ${e.error?.stack ?? ''}`);
  const onRejection = (e: PromiseRejectionEvent) => errors.push(safeJson(String(e.reason)));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  const cons = captureConsole();
  const clock = new ManualClock();
  let n = 0;
  const ticket = () => `${CANARY}-${n}`;
  const h = await ConsoleHarness.create({
    attributes: {reconnect: true, ...(level ? {'log-level': level} : {})},
    options: {clock, random: () => 0.5, reconnectPolicy: {maxAttempts: 4}},
    ticketProvider: () => {
      n++;
      if (n === 4)
        throw new Error(`provider failed for wss://esx.test/ticket/${ticket()} ${ticket()}`);
      if (n === 5) return {host: 'esx.test', port: 8443, ticket: ticket()};
      return `wss://esx.test/ticket/${ticket()}`;
    },
  });
  const sentReasons: string[] = [];
  const advance = async () => {
    await flush();
    const due = clock.dueTimes();
    if (due.length) clock.advance(due[0]! - clock.now());
    await flush();
  };
  try {
    // 1: connects; name, clipboard and close reason all quote the ticket.
    let t = await h.connect({name: `vm ${ticket()}`});
    await h.update([rawRect(0, 0, 8, 8, () => ({r: 1, g: 2, b: 3}))]);
    t.serverSend(serverCutText(`copied ${ticket()} wss://esx.test/ticket/${ticket()}`));
    t.serverClose(4100, `maintenance for ${ticket()} wss://esx.test/ticket/${ticket()}`, true);
    sentReasons.push(t.closedWith?.reason ?? '');
    await advance();
    // 2: refused before open (the burned-ticket path).
    await h.transports.waitFor(2);
    h.transport.refuse();
    await advance();
    // 3: a security failure whose reason quotes the ticket, then a protocol error.
    await h.transports.waitFor(3);
    t = h.transport;
    t.open();
    const reason = new TextEncoder().encode(`denied ${ticket()}`);
    t.serverSend(version(), securityTypes([]), Uint8Array.of(0, 0, 0, reason.length), reason);
    t.serverClose(1000, '', true);
    await advance();
    // 4: the provider throws (with the ticket in its message); 5: a vSphere object, protocol error.
    await advance();
    await h.transports.waitFor(4);
    t = h.transport;
    t.open();
    t.serverSend(...handshake(8, 8, 'x'));
    t.serverSend(framebufferUpdate([rawRect(30, 30, 8, 8, () => ({r: 0, g: 0, b: 0}))]));
    sentReasons.push(t.closedWith?.reason ?? '');
    await flush();
    // Public API errors while not connected.
    const failures: string[] = [];
    await h.el.typeText('x').catch((e: unknown) => failures.push(String(e)));
    h.el.disconnect();
    h.el.connect();
    await flush();
    h.el.ticketProvider = undefined;
    h.el.url = '';
    h.el.disconnect();
    h.el.connect(); // warns: no source
    expect(h.count('webmks-disconnect')).to.be.greaterThanOrEqual(5);
    // Not vacuous: the canary really was in every URL the element dialed.
    expect(h.transports.transports.every((tr) => tr.url.includes(CANARY))).to.equal(true);
    const captured = [
      cons.lines.join('\n'),
      JSON.stringify(h.events),
      snapshot(h.el),
      errors.join('\n'),
      failures.join('\n'),
      sentReasons.join('\n'),
      h.transports.transports.map((tr) => tr.closedWith?.reason ?? '').join('\n'),
    ].join('\n');
    return {captured, consoleLines: cons.lines.length, events: h.events.length};
  } finally {
    h.remove();
    cons.restore();
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  }
}

describe('the canary ticket appears 0 times', function () {
  this.timeout(30000);

  for (const level of LOG_LEVELS) {
    it(`at log-level="${level}", across connect, failure and reconnect`, async () => {
      const run = await runEverything(level);
      expect(leaks(run.captured)).to.deep.equal([]);
      expect(run.events).to.be.greaterThan(10);
      if (level === 'silent') expect(run.consoleLines).to.equal(0);
      if (level === 'debug' || level === 'info' || level === 'warn') {
        expect(run.consoleLines).to.be.greaterThan(0);
      }
    });
  }

  it('the logger is silent by default: no console output at all without log-level', async () => {
    const run = await runEverything(undefined);
    expect(run.consoleLines).to.equal(0);
    expect(leaks(run.captured)).to.deep.equal([]);
  });

  it('the url property is never reflected to an attribute', async () => {
    const h = await ConsoleHarness.create({url: `wss://esx.test/ticket/${CANARY}`});
    try {
      await h.connect();
      expect(h.el.hasAttribute('url')).to.equal(false);
      expect(leaks(snapshot(h.el))).to.deep.equal([]);
    } finally {
      h.remove();
    }
  });
});
