/**
 * Starting and stopping the benchmark's peer processes (QEMU, Xvnc,
 * websockify, X clients). Each runs in its own process group so stopping it
 * also ends what it forked; only processes started here are ever signalled,
 * by their own pid/pgid, and an exit hook stops anything left behind.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {connect, createServer} from 'node:net';

const live = new Set<ChildProcess>();
let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export interface Peer {
  readonly name: string;
  readonly child: ChildProcess;
  /** The last few KiB of the process's output, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `command` detached (own process group), keeping its output tail. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Peer {
  hook();
  const child = spawn(command, args, {detached: true, stdio: ['ignore', 'pipe', 'pipe'], env});
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (err) => {
    out += `\n[spawn error] ${err.message}`;
  });
  live.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  return {
    name,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a command to completion; rejects with its output on failure. */
export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe'], env});
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${out}`)),
    );
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** True if 127.0.0.1:port can be bound now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({host: '127.0.0.1', port, exclusive: true}, () => s.close(() => resolve(true)));
  });
}

/** A free loopback port in 29000–29999 (clear of the test peers' 26000–28999). */
export async function freePort(avoid: ReadonlySet<number> = new Set()): Promise<number> {
  for (let i = 0; i < 64; i++) {
    const p = 29000 + Math.floor(Math.random() * 1000);
    if (!avoid.has(p) && (await portFree(p))) return p;
  }
  throw new Error('no free port in 29000-29999');
}

/** A free X display number in 100–139. */
export function freeDisplay(): number {
  for (let i = 0; i < 64; i++) {
    const n = 100 + Math.floor(Math.random() * 40);
    if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  }
  throw new Error('no free X display in :100-:139');
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, peer: Peer, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (peer.child.exitCode !== null) {
      throw new Error(`${peer.name} exited (${peer.child.exitCode}):\n${peer.output()}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({host: '127.0.0.1', port}, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(
    `${peer.name} did not listen on ${port} within ${timeoutMs} ms:\n${peer.output()}`,
  );
}
