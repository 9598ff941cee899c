/**
 * A real TigerVNC X server (Xvnc) for the peer tests, bridged to WebSocket
 * by websockify, with X clients (xterm) drawing on it, xdotool to
 * park the X pointer, and `xwd -root` for the X server's own screen dump.
 *
 * Choices, and why:
 * - Xvnc listens for RFB on a Unix socket in the scratch dir
 *   (`-rfbunixpath`, `-rfbport -1`) and websockify bridges it
 *   (`--unix-target`), so only the WebSocket takes a TCP port.
 * - `-SecurityTypes None`: the auth tests run against QEMU; here we prove
 *   the pixels and the keys.
 * - `-nolisten tcp`: X clients reach the server by its local socket only.
 * - `-retro`: the classic black and white stipple as the root background, a
 *   one-pixel checkerboard that no lossy or off-by-one decoding survives.
 * - Xvnc draws the X pointer into the framebuffer it sends whenever the
 *   pointer is not where this client last put it (VNCSConnectionST
 *   needRenderedCursor), while a screen dump never shows it. So the tests
 *   park the pointer (xdotool) at (0, 0), which is where a client that never
 *   sent a pointer event is deemed to have it.
 */
import {execFile} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {findFreeTcpPort, findFreeXDisplay} from './free-port.js';
import {
  canConnectTcp,
  startPeerProcess,
  stopAll,
  waitFor,
  type PeerProcess,
} from './peer-process.js';
import type {RgbaImage} from './rgba-image.js';
import {makeTempDir, removeTempDir} from './temp-dir.js';
import {parseXwd} from './xwd.js';

const run = promisify(execFile);

export const TIGERVNC_PACKAGES = {
  Xvnc: 'tigervnc-standalone-server',
  websockify: 'websockify',
  xterm: 'xterm',
  xdotool: 'xdotool',
  xwd: 'x11-apps',
} as const;

export interface TigerVncPeerOptions {
  width?: number;
  height?: number;
  startTimeoutMs?: number;
}

export interface XtermOptions {
  /** Geometry in characters and pixels, e.g. "60x12+0+0". */
  geometry?: string;
  /** Command run inside the terminal (argv). */
  command?: string[];
  /** Colours (X colour names or #rrggbb). */
  foreground?: string;
  background?: string;
}

export class TigerVncPeer {
  readonly clients: PeerProcess[] = [];

  private constructor(
    readonly display: number,
    readonly dir: string,
    readonly xvnc: PeerProcess,
    readonly websockify: PeerProcess,
    readonly wsPort: number,
    readonly width: number,
    readonly height: number,
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  /** The environment for X clients of this server. */
  get env(): NodeJS.ProcessEnv {
    return {...process.env, DISPLAY: `:${this.display}`, XAUTHORITY: join(this.dir, 'none')};
  }

  static async start(options: TigerVncPeerOptions = {}): Promise<TigerVncPeer> {
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    const timeoutMs = options.startTimeoutMs ?? 15000;
    const dir = makeTempDir('xvnc');
    const rfbSocket = join(dir, 'rfb.sock');
    const started: PeerProcess[] = [];
    try {
      let xvnc: PeerProcess | undefined;
      let display = -1;
      const tried = new Set<number>();
      // Another server can grab the display between our check and Xvnc's lock: retry.
      for (let attempt = 0; attempt < 3 && !xvnc; attempt++) {
        display = findFreeXDisplay(tried);
        tried.add(display);
        const proc = await startPeerProcess(
          'Xvnc',
          'Xvnc',
          [
            `:${display}`,
            '-rfbunixpath',
            rfbSocket,
            '-rfbport',
            '-1',
            '-SecurityTypes',
            'None',
            '-geometry',
            `${width}x${height}`,
            '-depth',
            '24',
            '-desktop',
            'webmks-peer',
            '-nolisten',
            'tcp',
            '-s',
            '0',
            '-retro',
          ],
          {debianPackage: TIGERVNC_PACKAGES.Xvnc},
        );
        try {
          await waitFor(
            `Xvnc on :${display}`,
            () =>
              existsSync(rfbSocket) && existsSync(`/tmp/.X11-unix/X${display}`) ? true : undefined,
            {timeoutMs, peers: [proc]},
          );
          xvnc = proc;
          started.push(proc);
        } catch (err) {
          await proc.stop();
          if (!/already active|Server is already|lock/i.test(proc.output) || attempt === 2)
            throw err;
        }
      }
      if (!xvnc) throw new Error('Xvnc did not start');

      const wsPort = await findFreeTcpPort();
      const websockify = await startPeerProcess(
        'websockify',
        'websockify',
        [`--unix-target=${rfbSocket}`, `127.0.0.1:${wsPort}`],
        {debianPackage: TIGERVNC_PACKAGES.websockify},
      );
      started.push(websockify);
      await waitFor(
        `websockify on 127.0.0.1:${wsPort}`,
        async () => ((await canConnectTcp(wsPort)) ? true : undefined),
        {timeoutMs, peers: [xvnc, websockify]},
      );
      return new TigerVncPeer(display, dir, xvnc, websockify, wsPort, width, height);
    } catch (err) {
      await stopAll(started);
      removeTempDir(dir);
      throw err;
    }
  }

  /** Runs a short-lived X client to completion (xdotool, xwd), returning its stdout. */
  async x(command: string, args: string[], encoding: 'utf8' | 'buffer' = 'utf8'): Promise<Buffer> {
    try {
      const r = await run(command, args, {
        env: this.env,
        timeout: 15000,
        encoding: 'buffer',
        maxBuffer: 64 << 20,
      });
      return encoding === 'utf8' ? Buffer.from(r.stdout.toString('utf8')) : r.stdout;
    } catch (err) {
      const e = err as {code?: string; stderr?: Buffer; message: string};
      const pkg = TIGERVNC_PACKAGES[command as keyof typeof TIGERVNC_PACKAGES];
      const hint = e.code === 'ENOENT' && pkg ? ` (install the Debian package ${pkg})` : '';
      throw new Error(
        `${command} ${args.join(' ')} on :${this.display} failed${hint}: ${e.stderr?.toString() || e.message}`,
      );
    }
  }

  /**
   * Starts an xterm with the built-in "fixed" font (Xvnc serves it without
   * any font package) and waits until its window is mapped.
   */
  async startXterm(options: XtermOptions = {}): Promise<PeerProcess> {
    const title = `peer-xterm-${this.clients.length + 1}`;
    const args = [
      '-fn',
      'fixed',
      '-geometry',
      options.geometry ?? '60x12+0+0',
      '-fg',
      options.foreground ?? 'black',
      '-bg',
      options.background ?? '#f0f0e0',
      '-cr',
      options.foreground ?? 'black',
      '-T',
      title,
      '+sb',
      '-bw',
      '0',
    ];
    if (options.command) args.push('-e', ...options.command);
    const proc = await startPeerProcess('xterm', 'xterm', args, {
      env: this.env,
      debianPackage: TIGERVNC_PACKAGES.xterm,
    });
    this.clients.push(proc);
    await waitFor(
      `the xterm window "${title}" to be mapped`,
      async () => {
        const out = await this.x('xdotool', ['search', '--onlyvisible', '--name', `^${title}$`]);
        return out.toString().trim() ? true : undefined;
      },
      {timeoutMs: 10000, intervalMs: 200, peers: [this.xvnc, proc]},
    );
    return proc;
  }

  /** Moves the X pointer (xdotool), e.g. to park it out of the way. */
  async movePointer(x: number, y: number): Promise<void> {
    await this.x('xdotool', ['mousemove', '--sync', String(x), String(y)]);
  }

  /** The X server's own picture of its screen (`xwd -root`), without the pointer. */
  async screendump(): Promise<RgbaImage> {
    const out = await this.x('xwd', ['-root', '-silent'], 'buffer');
    return parseXwd(new Uint8Array(out));
  }

  /**
   * The encoders Xvnc used for one connection, from the statistics it logs
   * when the connection closes (rfb/EncodeManager.cxx logStats: one line
   * "EncodeManager:   <Encoder>:" per encoder class used, e.g. Tight,
   * TightJPEG, ZRLE, Hextile, RRE, Raw). Pass an `xvnc.outputMark` taken
   * before connecting; waits up to `timeoutMs` for the statistics.
   */
  async encodersUsed(mark: number, timeoutMs = 5000): Promise<string[]> {
    const text = await waitFor(
      'Xvnc to log its encoder statistics',
      () => {
        const out = this.xvnc.outputSince(mark);
        return /EncodeManager:\s+Total:/.test(out) ? out : undefined;
      },
      {timeoutMs, peers: [this.xvnc]},
    );
    const names = new Set<string>();
    for (const m of text.matchAll(/EncodeManager: {3}(\w+):/g)) names.add(m[1] ?? '');
    names.delete('Total');
    return [...names].sort();
  }

  /** Xvnc's and websockify's output, for failure messages. */
  describe(): string {
    return [this.xvnc, this.websockify, ...this.clients].map((p) => p.describe()).join('\n');
  }

  /** Stops the X clients, websockify and Xvnc by PID, and removes the scratch dir. */
  async stop(): Promise<void> {
    await stopAll([this.xvnc, this.websockify, ...this.clients]);
    removeTempDir(this.dir);
  }
}

/** Reads a file an X client wrote in the scratch dir (empty string if absent). */
export function readPeerFile(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
