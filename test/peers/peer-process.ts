/**
 * Starting and stopping peer processes (QEMU, Xvnc, websockify, X clients)
 * by PID, with their output kept for failure messages.
 *
 * Each peer runs in its own process group (spawn `detached`), so stopping it
 * also ends anything it forked (websockify forks a handler per connection)
 * without touching any process the harness did not start. Every live peer
 * is registered, and a process-exit hook kills what a failed test left
 * behind. A peer that cannot start fails the test with its command line and
 * the tail of its output; nothing is ever skipped.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {connect} from 'node:net';

/** How much of a peer's combined stdout/stderr we keep for error messages. */
const OUTPUT_TAIL = 8192;

export interface PeerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const live = new Set<PeerProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous last resort: the test runner is going away with peers still up.
  process.on('exit', () => {
    for (const peer of live) peer.killNow();
  });
}

export class PeerProcess {
  readonly name: string;
  readonly pid: number;
  readonly commandLine: string;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<PeerExit>;
  private _output = '';
  private _outputTotal = 0;
  private _exit: PeerExit | undefined;
  private readonly _child: ChildProcess;

  constructor(name: string, child: ChildProcess, commandLine: string) {
    if (child.pid === undefined) throw new Error(`${name}: no pid`);
    this.name = name;
    this.pid = child.pid;
    this.commandLine = commandLine;
    this._child = child;
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this._outputTotal += text.length;
      this._output = (this._output + text).slice(-OUTPUT_TAIL);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this._exit = {code, signal};
        live.delete(this);
        resolve(this._exit);
      });
    });
    live.add(this);
    installExitHook();
  }

  /** The exit status, or undefined while running. */
  get exit(): PeerExit | undefined {
    return this._exit;
  }

  get running(): boolean {
    return this._exit === undefined;
  }

  /** The last few KiB of what the process printed. */
  get output(): string {
    return this._output;
  }

  /** A mark for outputSince(): how many characters the process has printed so far. */
  get outputMark(): number {
    return this._outputTotal;
  }

  /** What the process printed after `mark` (as much of it as the kept tail still holds). */
  outputSince(mark: number): string {
    const wanted = this._outputTotal - mark;
    return wanted <= 0 ? '' : this._output.slice(-wanted);
  }

  /** A one-paragraph description for error messages. */
  describe(): string {
    const status = this._exit
      ? `exited with ${this._exit.signal ?? `code ${this._exit.code}`}`
      : `running as pid ${this.pid}`;
    const out = this._output.trim();
    return `${this.name} (${this.commandLine}) ${status}${out ? `; output:\n${out}` : ''}`;
  }

  /** SIGKILL to the process group, synchronously (exit hook). */
  killNow(): void {
    if (!this.running) return;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  /** SIGTERM to the process group, then SIGKILL after `graceMs`. Resolves when it has exited. */
  async stop(graceMs = 3000): Promise<PeerExit> {
    if (this._exit) return this._exit;
    try {
      process.kill(-this.pid, 'SIGTERM');
    } catch {
      // Already gone; 'exit' follows.
    }
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.killNow();
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    const result = await this.exited;
    // The leader is gone; end anything left in its group (forked handlers).
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
    this._child.stdout?.destroy();
    this._child.stderr?.destroy();
    return result;
  }
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The Debian package that provides the command, for the "not found" message. */
  debianPackage?: string;
}

/**
 * Spawns a peer in its own process group and resolves once it is running.
 * Rejects (with the package to install) when the command does not exist.
 */
export function startPeerProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: StartOptions = {},
): Promise<PeerProcess> {
  const commandLine = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      const hint =
        err.code === 'ENOENT' && options.debianPackage
          ? ` (install the Debian package ${options.debianPackage})`
          : '';
      reject(new Error(`${name}: cannot start ${commandLine}: ${err.message}${hint}`));
    });
    child.once('spawn', () => resolve(new PeerProcess(name, child, commandLine)));
  });
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Fail at once, with its output, if one of these exits while we wait. */
  peers?: readonly PeerProcess[];
}

/**
 * Polls `probe` until it returns a value other than undefined. Fails after
 * the timeout, or as soon as a watched peer exits, saying what was awaited.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    for (const peer of options.peers ?? []) {
      if (!peer.running) throw new Error(`while waiting for ${what}: ${peer.describe()}`);
    }
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      const peers = (options.peers ?? []).map((p) => `\n${p.describe()}`).join('');
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${what}${detail}${peers}`,
      );
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function canConnectTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({host: '127.0.0.1', port});
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Stops peers in reverse start order (stop() never throws). */
export async function stopAll(peers: readonly (PeerProcess | undefined)[]): Promise<void> {
  for (const peer of [...peers].reverse()) {
    if (peer) await peer.stop();
  }
}

/** PIDs of peers still running (the harness tests check that stop() really stops). */
export function livePeerPids(): number[] {
  return [...live].map((p) => p.pid);
}
