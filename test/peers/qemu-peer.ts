/**
 * A real QEMU (qemu-system-x86_64) for the peer tests, serving RFB over
 * WebSocket itself (`-vnc unix:…,websocket=127.0.0.1:PORT`), with a QMP
 * socket for `stop`/`cont`, `screendump` (the exact framebuffer the VNC
 * server serves) and `set_password`.
 *
 * Choices, and why:
 * - `-accel tcg`: KVM is nested on the CI machines and burns a core.
 * - `-display none -nodefaults -vga std`: no local window, one std VGA, no
 *   NIC (so no iPXE option ROM delays the boot).
 * - The plain RFB listener is a Unix socket in the scratch dir, so only the
 *   WebSocket needs a TCP port (picked free on 127.0.0.1, retried if lost).
 * - `-trace vnc_key_event_*` into a log file: QEMU logs each key as either
 *   `vnc_key_event_ext` (QEMU Extended Key Event, a raw scancode) or
 *   `vnc_key_event_map` (a keysym it had to map), which is how the tests
 *   prove the element uses the extended events (issue 7, "Keys").
 */
import {readFileSync, existsSync} from 'node:fs';
import {join} from 'node:path';
import {buildBootFloppy} from './boot/build-boot-image.js';
import {findFreeTcpPort} from './free-port.js';
import {startPeerProcess, waitFor, type PeerProcess} from './peer-process.js';
import {parsePpm} from './ppm.js';
import {QmpClient} from './qmp-client.js';
import type {RgbaImage} from './rgba-image.js';
import {makeTempDir, removeTempDir} from './temp-dir.js';

export const QEMU_COMMAND = 'qemu-system-x86_64';
export const QEMU_PACKAGE = 'qemu-system-x86';

export interface QemuPeerOptions {
  /** Boot the animated test sector from a floppy (default), or nothing (SeaBIOS stays on screen). */
  boot?: 'anim' | 'none';
  /** Start with the CPU stopped (`-S`); call resume(). */
  startPaused?: boolean;
  /** Require VNC Authentication (`password=on`) and set this password through QMP. */
  password?: string;
  /** Show SeaBIOS's "Press ESC for boot menu" prompt for this long (ms). */
  bootMenuMs?: number;
  /** Guest memory in MiB (default 32: SeaBIOS and a boot sector need little). */
  memoryMb?: number;
  /** How long to wait for QEMU to come up (default 15 s). */
  startTimeoutMs?: number;
}

export interface KeyTraceEntry {
  kind: 'ext' | 'map';
  down: boolean;
  keysym: number;
  keycode: number;
  name: string;
}

const TEXT_COLUMNS = 80;
const TEXT_ROWS = 25;

export class QemuPeer {
  private constructor(
    readonly process: PeerProcess,
    readonly qmp: QmpClient,
    readonly dir: string,
    readonly wsPort: number,
  ) {}

  /** The element's `url`. */
  get url(): string {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  private get _logPath(): string {
    return join(this.dir, 'qemu.log');
  }

  /** Starts QEMU; fails with QEMU's own words if it cannot. */
  static async start(options: QemuPeerOptions = {}): Promise<QemuPeer> {
    const dir = makeTempDir('qemu');
    try {
      const floppy = options.boot === 'none' ? undefined : await buildBootFloppy(dir);
      let lastError: unknown;
      const tried = new Set<number>();
      // A port can be taken between the check and QEMU's bind: retry with another.
      for (let attempt = 0; attempt < 3; attempt++) {
        const port = await findFreeTcpPort(tried);
        tried.add(port);
        try {
          return await QemuPeer._launch(dir, port, floppy, options);
        } catch (err) {
          lastError = err;
          if (!/Address already in use|Failed to (find|bind)/i.test(String(err))) break;
        }
      }
      throw lastError;
    } catch (err) {
      removeTempDir(dir);
      throw err;
    }
  }

  private static async _launch(
    dir: string,
    wsPort: number,
    floppy: string | undefined,
    options: QemuPeerOptions,
  ): Promise<QemuPeer> {
    const qmpPath = join(dir, 'qmp.sock');
    const vnc = [`unix:${join(dir, 'vnc.sock')}`, `websocket=127.0.0.1:${wsPort}`];
    if (options.password !== undefined) vnc.push('password=on');
    const args = [
      '-accel',
      'tcg',
      '-machine',
      'pc',
      '-m',
      String(options.memoryMb ?? 32),
      '-display',
      'none',
      '-nodefaults',
      '-vga',
      'std',
      '-vnc',
      vnc.join(','),
      '-qmp',
      `unix:${qmpPath},server=on,wait=off`,
      '-trace',
      'vnc_key_event_*',
      '-D',
      join(dir, 'qemu.log'),
      '-name',
      'webmks-peer',
    ];
    if (floppy) args.push('-drive', `file=${floppy},format=raw,if=floppy`);
    if (options.bootMenuMs !== undefined) {
      args.push('-boot', `menu=on,splash-time=${options.bootMenuMs}`);
    }
    if (options.startPaused) args.push('-S');

    const proc = await startPeerProcess('QEMU', QEMU_COMMAND, args, {debianPackage: QEMU_PACKAGE});
    try {
      // The greeting comes from the main loop, after -vnc has bound its sockets.
      const qmp = await waitFor(
        'the QMP socket',
        async () => (existsSync(qmpPath) ? await QmpClient.connect(qmpPath) : undefined),
        {timeoutMs: options.startTimeoutMs ?? 15000, peers: [proc]},
      );
      const peer = new QemuPeer(proc, qmp, dir, wsPort);
      if (options.password !== undefined) await peer.setVncPassword(options.password);
      return peer;
    } catch (err) {
      await proc.stop();
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${proc.describe()}`);
    }
  }

  /** Sets the VNC password (QEMU keeps the first 8 bytes, as VNC Authentication does). */
  async setVncPassword(password: string): Promise<void> {
    await this.qmp.execute('set_password', {protocol: 'vnc', password});
  }

  /** Pauses the guest CPU (QMP `stop`); the display stays served. */
  async pause(): Promise<void> {
    await this.qmp.execute('stop');
  }

  async resume(): Promise<void> {
    await this.qmp.execute('cont');
  }

  /** `running`, `paused`, `prelaunch`, … */
  async status(): Promise<string> {
    const r = await this.qmp.execute<{status: string}>('query-status');
    return r.status;
  }

  /** The framebuffer QEMU's display holds (and its VNC server serves), via QMP `screendump`. */
  async screendump(): Promise<RgbaImage> {
    const file = join(this.dir, `screen-${Date.now()}.ppm`);
    await this.qmp.execute('screendump', {filename: file});
    return parsePpm(new Uint8Array(readFileSync(file)));
  }

  /**
   * The 80x25 VGA text screen, one string per row, read from guest memory at
   * 0xB8000 (character, attribute pairs) with QMP `pmemsave`. Only
   * meaningful while the guest is in text mode (SeaBIOS).
   */
  async readTextScreen(): Promise<string[]> {
    const file = join(this.dir, `text-${Date.now()}.bin`);
    const size = TEXT_COLUMNS * TEXT_ROWS * 2;
    await this.qmp.execute('pmemsave', {val: 0xb8000, size, filename: file});
    const bytes = readFileSync(file);
    const rows: string[] = [];
    for (let r = 0; r < TEXT_ROWS; r++) {
      let row = '';
      for (let c = 0; c < TEXT_COLUMNS; c++) {
        const ch = bytes[(r * TEXT_COLUMNS + c) * 2] ?? 0x20;
        row += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : ' ';
      }
      rows.push(row.trimEnd());
    }
    return rows;
  }

  /** Every key QEMU's VNC server received so far, from its trace log. */
  keyTrace(): KeyTraceEntry[] {
    if (!existsSync(this._logPath)) return [];
    return parseKeyTrace(readFileSync(this._logPath, 'utf8'));
  }

  /** QEMU's log (traces and errors), for failure messages. */
  log(): string {
    return existsSync(this._logPath) ? readFileSync(this._logPath, 'utf8').slice(-4096) : '';
  }

  /** Quits QEMU (QMP `quit`, then by PID) and removes the scratch dir. */
  async stop(): Promise<void> {
    try {
      if (this.process.running)
        await this.qmp.execute('quit', undefined, 2000).catch(() => undefined);
    } finally {
      this.qmp.close();
      await this.process.stop();
      removeTempDir(this.dir);
    }
  }
}

/**
 * Parses QEMU's `vnc_key_event_ext` / `vnc_key_event_map` trace lines
 * (trace-events: "down %d, sym 0x%x, keycode 0x%x [%s]" and
 * "down %d, sym 0x%x -> keycode 0x%x [%s]"); the log backend may prefix a
 * pid and timestamp.
 */
export function parseKeyTrace(log: string): KeyTraceEntry[] {
  const out: KeyTraceEntry[] = [];
  const re =
    /vnc_key_event_(ext|map) down (\d+), sym 0x([0-9a-f]+)(?:,| ->) keycode 0x([0-9a-f]+) \[([^\]]*)\]/g;
  for (const m of log.matchAll(re)) {
    out.push({
      kind: m[1] === 'ext' ? 'ext' : 'map',
      down: m[2] !== '0',
      keysym: parseInt(m[3] ?? '0', 16),
      keycode: parseInt(m[4] ?? '0', 16),
      name: m[5] ?? '',
    });
  }
  return out;
}
