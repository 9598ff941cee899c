/**
 * Picks free loopback ports and X display numbers for the peers. Choices are
 * random within a range, so parallel test workers rarely pick the same one,
 * and each is checked by binding it; a peer that still loses a race fails to
 * start and the launcher retries with a fresh choice.
 */
import {existsSync} from 'node:fs';
import {createServer} from 'node:net';

/** Ports the harness picks from: clear of the e2e servers (15173, 18090) and of VNC's 59xx. */
export const PEER_PORT_RANGE = {low: 26000, high: 28999} as const;

/** True when 127.0.0.1:port can be bound right now. */
export function isTcpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({host: '127.0.0.1', port, exclusive: true}, () => {
      server.close(() => resolve(true));
    });
  });
}

function randomIn(low: number, high: number): number {
  return low + Math.floor(Math.random() * (high - low + 1));
}

/** A free loopback TCP port from the range, not in `avoid`. */
export async function findFreeTcpPort(
  avoid: ReadonlySet<number> = new Set(),
  range: {low: number; high: number} = PEER_PORT_RANGE,
): Promise<number> {
  for (let attempt = 0; attempt < 64; attempt++) {
    const port = randomIn(range.low, range.high);
    if (!avoid.has(port) && (await isTcpPortFree(port))) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 in ${range.low}..${range.high} after 64 tries`);
}

/** True when no X server holds display :n (no socket and no lock file). */
export function isXDisplayFree(n: number): boolean {
  return !existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`);
}

/** A free X display number in 40..99 (low numbers are left to people's desktops). */
export function findFreeXDisplay(avoid: ReadonlySet<number> = new Set()): number {
  for (let attempt = 0; attempt < 64; attempt++) {
    const n = randomIn(40, 99);
    if (!avoid.has(n) && isXDisplayFree(n)) return n;
  }
  throw new Error('no free X display number in :40..:99');
}
