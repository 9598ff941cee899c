/**
 * The ConsoleConnection lifecycle model (robustness.md §4.2 P6): random
 * command sequences (connect, disconnect, dispose, the server's moves, time,
 * the network, the ticket provider) and the invariants checked after each.
 * Used by lifecycle-races.test.ts and by scripts/fuzz.ts.
 */
import fc from 'fast-check';
import {framebufferUpdate, handshake, rawRect} from '../../browser/helpers/server-bytes.js';
import {disconnectsOf, microflush, rig} from './support.js';

export type Cmd =
  | {c: 'connect'}
  | {c: 'disconnect'}
  | {c: 'dispose'}
  | {c: 'open'}
  | {c: 'handshake'}
  | {c: 'half-update'}
  | {c: 'garbage'}
  | {c: 'server-close'; code: number; clean: boolean}
  | {c: 'refuse'}
  | {c: 'no-answer'}
  | {c: 'advance'; ms: number}
  | {c: 'offline'}
  | {c: 'online'}
  | {c: 'reconnect'; on: boolean}
  | {c: 'resolve-ticket'}
  | {c: 'fail-ticket'}
  /** Ticket, open and handshake in one step: reaches `connected` often enough to matter. */
  | {c: 'up'; answer: boolean};

export const commandArb: fc.Arbitrary<Cmd> = fc.oneof(
  {weight: 3, arbitrary: fc.constant({c: 'connect' as const})},
  {weight: 1, arbitrary: fc.constant({c: 'disconnect' as const})},
  {weight: 1, arbitrary: fc.constant({c: 'dispose' as const})},
  {weight: 3, arbitrary: fc.constant({c: 'open' as const})},
  {weight: 3, arbitrary: fc.constant({c: 'handshake' as const})},
  {weight: 1, arbitrary: fc.constant({c: 'half-update' as const})},
  {weight: 2, arbitrary: fc.constant({c: 'garbage' as const})},
  {
    weight: 2,
    arbitrary: fc.record({
      c: fc.constant('server-close' as const),
      code: fc.constantFrom(1000, 1001, 1006, 4100),
      clean: fc.boolean(),
    }),
  },
  {weight: 2, arbitrary: fc.constant({c: 'refuse' as const})},
  {weight: 1, arbitrary: fc.constant({c: 'no-answer' as const})},
  {
    weight: 4,
    arbitrary: fc.record({
      c: fc.constant('advance' as const),
      ms: fc.oneof(fc.nat(2000), fc.constantFrom(3000, 15000, 20000, 30000, 60000)),
    }),
  },
  {weight: 1, arbitrary: fc.constant({c: 'offline' as const})},
  {weight: 1, arbitrary: fc.constant({c: 'online' as const})},
  {weight: 1, arbitrary: fc.record({c: fc.constant('reconnect' as const), on: fc.boolean()})},
  {weight: 2, arbitrary: fc.constant({c: 'resolve-ticket' as const})},
  {weight: 1, arbitrary: fc.constant({c: 'fail-ticket' as const})},
  {weight: 4, arbitrary: fc.record({c: fc.constant('up' as const), answer: fc.boolean()})},
);

/**
 * Runs one command sequence against a ConsoleConnection and throws an Error
 * naming the first broken invariant. Exported for scripts/fuzz.ts.
 */
export async function runLifecycleModel(cmds: readonly Cmd[]): Promise<void> {
  const pending: Array<{resolve: (v: string) => void; reject: (e: Error) => void}> = [];
  let serial = 0;
  let asked = 0;
  const r = rig({
    reconnect: true,
    getTicket: () => {
      asked++;
      return new Promise<string>((resolve, reject) => pending.push({resolve, reject}));
    },
  });
  let disposed = false;
  let afterDispose = {asked: 0, transports: 0};
  const check = (step: string) => {
    const live = r.fakes.transports.filter((t) => !t.ended);
    if (live.length > 1) throw new Error(`${step}: ${live.length} live transports`);
    const urls = r.fakes.transports.map((t) => t.url);
    if (new Set(urls).size !== urls.length) throw new Error(`${step}: a ticket was dialed twice`);
    const ds = disconnectsOf(r.events).length;
    // Attempts: each started attempt asks for a ticket once; one disconnect each.
    if (ds > asked) throw new Error(`${step}: ${ds} disconnects for ${asked} attempts`);
    if (asked - ds > 1) throw new Error(`${step}: ${asked - ds} attempts open at once`);
    if (disposed) {
      if (asked !== afterDispose.asked || r.fakes.transports.length !== afterDispose.transports) {
        throw new Error(`${step}: activity after dispose()`);
      }
      if (r.clock.pending !== 0)
        throw new Error(`${step}: ${r.clock.pending} timers after dispose()`);
      if (r.network.listeners.size !== 0)
        throw new Error(`${step}: network listener after dispose()`);
    }
  };
  for (const [i, cmd] of cmds.entries()) {
    const step = `#${i} ${JSON.stringify(cmd)}`;
    const t = r.fakes.last;
    try {
      switch (cmd.c) {
        case 'connect':
          r.connection.connect();
          break;
        case 'disconnect':
          r.connection.disconnect();
          break;
        case 'dispose':
          r.connection.dispose();
          if (!disposed) {
            disposed = true;
            afterDispose = {asked, transports: r.fakes.transports.length};
          }
          break;
        case 'open':
          t?.open();
          break;
        case 'handshake':
          if (t?.opened) t.serverSend(...handshake(16, 8, 'vm'));
          break;
        case 'half-update':
          t?.serverSend(
            framebufferUpdate([rawRect(0, 0, 4, 4, () => ({r: 1, g: 1, b: 1}))]).subarray(0, 20),
          );
          break;
        case 'garbage':
          t?.serverSend([200, 1, 2]);
          break;
        case 'server-close':
          t?.serverClose(cmd.code, 'bye', cmd.clean);
          break;
        case 'refuse':
          if (t && !t.opened) t.refuse();
          break;
        case 'no-answer':
          if (t) t.answerClose = false;
          break;
        case 'advance':
          r.clock.advance(cmd.ms);
          break;
        case 'offline':
          r.network.set(false);
          break;
        case 'online':
          r.network.set(true);
          break;
        case 'reconnect':
          r.reconnect.value = cmd.on;
          break;
        case 'resolve-ticket':
          pending.shift()?.resolve(`wss://esx.test/ticket/MODEL-${++serial}-c4f1`);
          break;
        case 'fail-ticket':
          pending.shift()?.reject(new Error(`provider broke on wss://esx.test/ticket/X-${serial}`));
          break;
        case 'up': {
          pending.shift()?.resolve(`wss://esx.test/ticket/MODEL-${++serial}-c4f1`);
          await microflush();
          const u = r.fakes.last;
          if (u && !u.ended && !u.opened) {
            u.answerClose = cmd.answer;
            u.open();
            u.serverSend(...handshake(16, 8, 'vm'));
          }
          break;
        }
      }
      await microflush();
    } catch (e) {
      throw new Error(`${step} threw: ${e instanceof Error ? e.message : String(e)}`);
    }
    check(step);
  }
  // Finally remove it: everything must be released.
  r.connection.dispose();
  if (!disposed) afterDispose = {asked, transports: r.fakes.transports.length};
  disposed = true;
  for (const p of pending.splice(0)) p.resolve(`wss://esx.test/ticket/LATE-${++serial}-c4f1`);
  await microflush();
  r.clock.advance(10 * 60 * 1000);
  r.network.set(true);
  await microflush();
  check('after dispose');
  if (r.fakes.transports.some((t) => !t.ended)) throw new Error('a transport outlived dispose()');
}
