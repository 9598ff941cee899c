/**
 * Issue 8 "Secrets", in Node: a canary ticket is searched for in everything
 * the session layer produces (every log line at every level, every event,
 * every close reason it sends, every error) across the connect, failure and
 * reconnect paths, and found 0 times. The logger is silent by default.
 */
import {describe, expect, it} from 'vitest';
import {DEFAULT_RECONNECT_POLICY} from '../../../src/session/backoff.js';
import {ConsoleConnection, type ConnectionEvent} from '../../../src/session/console-connection.js';
import {DEFAULT_TIMEOUTS} from '../../../src/session/timeouts.js';
import {LOG_LEVELS, Logger, type LogLevel} from '../../../src/util/log.js';
import {FakeTransportFactory} from '../../browser/helpers/fake-transport.js';
import {ManualClock} from '../../browser/helpers/manual-clock.js';
import {
  framebufferUpdate,
  handshake,
  rawRect,
  serverCutText,
  serverInit,
  securityTypes,
  version,
} from '../../browser/helpers/server-bytes.js';
import {FakeNetwork, IdleSink} from '../session/connection-harness.js';
import {RecordingLogSink, flush} from './support.js';

const CANARY = 'CANARY7f3e9b21d04c';

/** The forms a canary ticket may take in a URL or a message. */
function forms(ticket: string): string[] {
  return [ticket, encodeURIComponent(ticket), ticket.toLowerCase()];
}

type Provide = (n: number) => unknown;

interface Path {
  name: string;
  /** What the provider returns for attempt n (each holds a distinct canary). */
  provide?: Provide;
  /** Plays the server for the newest transport; `n` is the attempt number. */
  play(ctx: Ctx, n: number): Promise<void> | void;
  attempts: number;
}

interface Ctx {
  transports: FakeTransportFactory;
  clock: ManualClock;
  canary(n: number): string;
}

const ticketUrl = (c: string) => `wss://esx.test/ticket/${c}`;

const PATHS: Path[] = [
  {
    name: 'connect, updates, clipboard and name echoing the ticket, server close quoting it',
    attempts: 1,
    play(ctx, n) {
      const t = ctx.transports.last!;
      t.open();
      t.serverSend(...handshake(16, 8, `vm ${ctx.canary(n)}`));
      t.serverSend(framebufferUpdate([rawRect(0, 0, 16, 8, () => ({r: 1, g: 2, b: 3}))]));
      t.serverSend(serverCutText(`clip ${ctx.canary(n)} ${ticketUrl(ctx.canary(n))}`));
      t.serverClose(4100, `bye ${ctx.canary(n)} ${ticketUrl(ctx.canary(n))}`, true);
    },
  },
  {
    name: 'drop and reconnect with fresh tickets',
    attempts: 3,
    play(ctx, n) {
      const t = ctx.transports.last!;
      t.open();
      t.serverSend(...handshake(16, 8, 'vm'));
      t.serverClose(1006, `gone ${ctx.canary(n)}`, false);
    },
  },
  {
    name: 'refused before open (a burned ticket), retried',
    attempts: 3,
    play(ctx) {
      ctx.transports.last!.refuse();
    },
  },
  {
    name: 'protocol error',
    attempts: 1,
    play(ctx) {
      const t = ctx.transports.last!;
      t.open();
      t.serverSend(...handshake(16, 8, 'vm'));
      t.serverSend([200, 1, 2, 3]);
    },
  },
  {
    name: 'security failure whose reason quotes the ticket',
    attempts: 1,
    play(ctx, n) {
      const t = ctx.transports.last!;
      t.open();
      const reason = new TextEncoder().encode(`no ${ticketUrl(ctx.canary(n))} ${ctx.canary(n)}`);
      const len = Uint8Array.of(0, 0, 0, reason.length);
      t.serverSend(version(), securityTypes([]), len, reason);
      t.serverClose(1000, '', true);
    },
  },
  {
    name: 'deadlines: open, handshake and message stall',
    attempts: 3,
    play(ctx, n) {
      const t = ctx.transports.last!;
      if (n === 2) {
        t.open();
        t.serverSend(version());
      }
      if (n === 3) {
        t.open();
        t.serverSend(...handshake(16, 8, 'vm'));
        t.serverSend(
          framebufferUpdate([rawRect(0, 0, 16, 8, () => ({r: 1, g: 2, b: 3}))]).subarray(0, 30),
        );
      }
      ctx.clock.advance(40000);
    },
  },
  {
    name: 'a vSphere ticket object and a Nova console object',
    attempts: 2,
    provide: (n) =>
      n === 1
        ? {host: 'esx.test', port: 443, ticket: `${CANARY}V${n}`}
        : {
            remote_console: {
              protocol: 'mks',
              type: 'webmks',
              url: `https://nova.test:6090/mks.html?token=${CANARY}V${n}`,
            },
          },
    play(ctx) {
      const t = ctx.transports.last!;
      t.open();
      t.serverSend(serverInit(8, 8, 'n'));
      t.serverClose(1006, '', false);
    },
  },
  {
    name: 'a ticket provider that throws an error quoting the ticket',
    attempts: 2,
    provide: (n) => {
      throw new Error(`backend refused ${ticketUrl(`${CANARY}P${n}`)} (${CANARY}P${n})`);
    },
    play() {},
  },
  {
    name: 'unusable ticket values that contain the ticket',
    attempts: 3,
    provide: (n) =>
      [
        {host: 'bad host/x', ticket: `${CANARY}U${n}`},
        `ftp://esx.test/ticket/${CANARY}U${n}`,
        {ticket: `${CANARY}U${n}`, host: 'esx.test', port: 'port-99999'},
      ][n - 1],
    play() {},
  },
];

interface Captured {
  logs: string;
  events: ConnectionEvent[];
  wireReasons: string[];
  errors: string[];
  dialed: string[];
}

async function runPath(path: Path, level: LogLevel, factoryThrows = false): Promise<Captured> {
  const transports = new FakeTransportFactory();
  const clock = new ManualClock();
  const log = new RecordingLogSink();
  const events: ConnectionEvent[] = [];
  const errors: string[] = [];
  let n = 0;
  const ctx: Ctx = {transports, clock, canary: (i) => `${CANARY}N${i}`};
  const connection = new ConsoleConnection({
    getTicket: () => {
      n++;
      return path.provide ? path.provide(n) : Promise.resolve(ticketUrl(ctx.canary(n)));
    },
    renderer: () => new IdleSink(),
    reconnect: () => true,
    settings: () => ({
      policy: {...DEFAULT_RECONNECT_POLICY, maxAttempts: path.attempts - 1},
      random: () => 0.5,
      clock,
      network: new FakeNetwork(),
      timeouts: DEFAULT_TIMEOUTS,
      transportFactory: factoryThrows
        ? (url) => {
            throw new SyntaxError(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`);
          }
        : transports.factory,
    }),
    onEvent: (ev) => events.push(ev),
    logger: new Logger(level, log),
  });
  try {
    connection.connect();
    for (let i = 1; i <= path.attempts; i++) {
      await flush();
      if (transports.transports.length === i && !factoryThrows) await path.play(ctx, i);
      await flush();
      const due = clock.dueTimes();
      if (due.length > 0) clock.advance(due[0]! - clock.now());
    }
    await flush();
    connection.dispose();
  } catch (e) {
    errors.push(e instanceof Error ? `${e.message} ${e.stack}` : String(e));
  }
  return {
    logs: log.text(),
    events,
    wireReasons: transports.transports.map((t) => t.closedWith?.reason ?? ''),
    errors,
    dialed: transports.transports.map((t) => t.url),
  };
}

function leaks(c: Captured): string[] {
  const hay = {
    logs: c.logs,
    events: JSON.stringify(c.events),
    wire: c.wireReasons.join('\n'),
    errors: c.errors.join('\n'),
  };
  const found: string[] = [];
  for (const [where, text] of Object.entries(hay)) {
    for (const f of forms(CANARY)) if (text.includes(f)) found.push(`${where}: ${f}`);
  }
  return found;
}

describe('the canary ticket appears 0 times', () => {
  it('the logger is silent by default', () => {
    const sink = new RecordingLogSink();
    const logger = new Logger(undefined, sink);
    logger.error('e', ticketUrl(CANARY));
    logger.warn('w');
    logger.info('i');
    logger.debug('d');
    expect(logger.level).toBe('silent');
    expect(sink.lines).toEqual([]);
  });

  for (const level of LOG_LEVELS) {
    for (const path of PATHS) {
      it(`log level ${level}: ${path.name}`, async () => {
        const c = await runPath(path, level);
        expect(leaks(c)).toEqual([]);
        expect(c.errors).toEqual([]);
        // The path really ran: every attempt reported its end.
        expect(c.events.filter((e) => e.type === 'disconnect').length).toBeGreaterThanOrEqual(
          path.attempts,
        );
        if (level === 'silent') expect(c.logs).toBe('');
        if (level === 'debug') expect(c.logs).not.toBe('');
      });
    }
    it(`log level ${level}: a transport factory that throws with the URL in its message`, async () => {
      const c = await runPath(PATHS[1]!, level, true);
      expect(leaks(c)).toEqual([]);
      expect(c.events.filter((e) => e.type === 'disconnect')).toHaveLength(3);
    });
  }

  it('the canary did reach the places that could leak it (the check is not vacuous)', async () => {
    const c = await runPath(PATHS[0]!, 'debug');
    expect(c.dialed[0]).toContain(CANARY);
    const clip = c.events.find((e) => e.type === 'clipboard') as {text: string} | undefined;
    expect(clip?.text).toBe(`clip *** wss://esx.test/ticket/***`);
    const connect = c.events.find((e) => e.type === 'connect') as {name: string} | undefined;
    expect(connect?.name).toBe('vm ***');
    const d = c.events.find((e) => e.type === 'disconnect') as {reason: string} | undefined;
    expect(d?.reason).toBe('bye *** wss://esx.test/ticket/***');
  });
});
