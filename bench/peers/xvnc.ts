/**
 * TigerVNC (Xvnc) plus websockify for the benchmark recording, with a
 * desktop-like workload on the X display:
 *  - an xterm printing a directory listing over and over (text, scrolled
 *    with CopyArea: TigerVNC sends CopyRect plus palette/mono Tight rects);
 *  - xclock ticking every second;
 *  - three xwud windows showing photo-like images (many colours: TigerVNC
 *    sends them as Tight JPEG once a quality level is requested), raised in
 *    turn and one of them dragged around (CopyRect + exposed background).
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {
  freeDisplay,
  freePort,
  run,
  sleep,
  startProcess,
  waitForPort,
  type Peer,
} from './processes.js';

export interface XvncSession {
  /** websockify's ws://127.0.0.1:<port> in front of Xvnc. */
  readonly wsUrl: string;
  readonly width: number;
  readonly height: number;
  /** Starts the moving/raising workload (call when the recording begins). */
  startActivity(): void;
  stop(): Promise<void>;
}

/** An XWD (X Window Dump, version 7) ZPixmap, 24-bit TrueColor, 32 bpp, MSB first. */
export function encodeXwd(
  name: string,
  w: number,
  h: number,
  rgb: (x: number, y: number) => number,
): Uint8Array {
  const nameBytes = new TextEncoder().encode(name + '\0');
  const headerSize = 100 + nameBytes.length;
  const out = new Uint8Array(headerSize + w * h * 4);
  const v = new DataView(out.buffer);
  const fields = [
    headerSize,
    7,
    2,
    24,
    w,
    h,
    0,
    1,
    32,
    1,
    32,
    32,
    w * 4,
    4,
    0xff0000,
    0xff00,
    0xff,
    8,
    256,
    0,
    w,
    h,
    0,
    0,
    0,
  ];
  fields.forEach((f, i) => v.setUint32(i * 4, f));
  out.set(nameBytes, 100);
  let o = headerSize;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++, o += 4) v.setUint32(o, rgb(x, y) & 0xffffff);
  }
  return out;
}

/** A photo-like picture: overlapping sine plasmas plus a little deterministic noise. */
function photo(seed: number): (x: number, y: number) => number {
  let s = seed * 2654435761;
  const noise = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return ((s >>> 16) & 15) - 8;
  };
  const c = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  return (x, y) => {
    const a = Math.sin(x / (19 + seed * 3) + seed) + Math.sin(y / 23 - seed);
    const b = Math.sin((x + y) / (31 + seed)) + Math.cos(Math.hypot(x - 160, y - 120) / 17);
    const r = c(128 + 60 * a + 40 * b + noise());
    const g = c(128 + 70 * Math.sin(a + b + seed) + noise());
    const bl = c(128 + 60 * Math.cos(a - b) - 30 * a + noise());
    return (r << 16) | (g << 8) | bl;
  };
}

export async function startXvnc(width = 1280, height = 800): Promise<XvncSession> {
  const dir = mkdtempSync(join(tmpdir(), 'webmks-bench-xvnc-'));
  const display = freeDisplay();
  const rfbPort = await freePort();
  const wsPort = await freePort(new Set([rfbPort]));
  const peers: Peer[] = [];
  const env = {...process.env, DISPLAY: `:${display}`};
  const stopAll = async () => {
    for (const p of peers.reverse()) await p.stop();
    rmSync(dir, {recursive: true, force: true});
  };
  try {
    const xvnc = startProcess('Xvnc', 'Xvnc', [
      `:${display}`,
      '-geometry',
      `${width}x${height}`,
      '-depth',
      '24',
      '-SecurityTypes',
      'None',
      '-rfbport',
      String(rfbPort),
      '-interface',
      '127.0.0.1',
      '-localhost',
      '-nolisten',
      'tcp',
      '-AlwaysShared',
      '-FrameRate',
      '60',
    ]);
    peers.push(xvnc);
    await waitForPort(rfbPort, xvnc);
    const ws = startProcess('websockify', 'websockify', [
      `127.0.0.1:${wsPort}`,
      `127.0.0.1:${rfbPort}`,
    ]);
    peers.push(ws);
    await waitForPort(wsPort, ws);

    await run('xsetroot', ['-solid', '#2a6f7f'], env);
    const script = join(dir, 'scroll.sh');
    writeFileSync(script, 'while :; do ls -l /usr/share/doc | head -400; done\n');
    peers.push(
      startProcess('xterm', 'xterm', ['-geometry', '110x36+0+0', '-e', 'sh', script], env),
      startProcess('xclock', 'xclock', ['-update', '1', '-geometry', '160x160+1100+10'], env),
    );
    const photos: string[] = [];
    for (let i = 0; i < 3; i++) {
      const file = join(dir, `photo${i}.xwd`);
      writeFileSync(file, encodeXwd(`bench-photo-${i}`, 400, 300, photo(i + 1)));
      photos.push(file);
      peers.push(
        startProcess(
          'xwud',
          'xwud',
          ['-noclick', '-in', file, '-geometry', `+${700 + i * 120}+${200 + i * 90}`],
          env,
        ),
      );
    }
    // Let the clients map their windows.
    let ids: string[] = [];
    for (let i = 0; i < 50 && ids.length < 3; i++) {
      await sleep(100);
      ids = (await run('xdotool', ['search', '--name', 'bench-photo-'], env).catch(() => ''))
        .split(/\s+/)
        .filter(Boolean);
    }
    if (ids.length < 3) throw new Error(`xwud windows did not appear (${ids.length} found)`);

    let activity: NodeJS.Timeout | undefined;
    let tick = 0;
    let stopping = false;
    return {
      wsUrl: `ws://127.0.0.1:${wsPort}`,
      width,
      height,
      startActivity() {
        activity ??= setInterval(() => {
          if (stopping) return;
          tick++;
          const id = ids[tick % ids.length]!;
          const x = 600 + Math.round(200 * Math.sin(tick / 7));
          const y = 150 + Math.round(120 * Math.cos(tick / 5));
          const cmds =
            tick % 3 === 0 ? ['windowraise', id] : ['windowmove', ids[0]!, String(x), String(y)];
          void run('xdotool', cmds, env).catch(() => {});
        }, 120);
      },
      async stop() {
        stopping = true;
        if (activity) clearInterval(activity);
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
