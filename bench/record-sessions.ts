/**
 * Makes the benchmark's recordings (bench/recordings/*.js.gz) by driving
 * each server headlessly through the recording proxy (scripts/record.ts):
 *
 *   npx tsx bench/record-sessions.ts [mock] [qemu] [tigervnc]
 *   npx tsx bench/record-sessions.ts --stats   (recount the shipped recordings' .json)
 *
 * The driver (driver/rfb-driver.ts) is neither client under test. It sends
 * the pixel format both clients send (32 bpp, depth 24, little-endian,
 * R,G,B,X with red shift 0) and advertises only encodings both decode, so
 * every byte of the stream means the same to both. One FramebufferUpdate
 * request per update: the replay paces on exactly that rhythm.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {startMockServer} from '../mock-server/server.js';
import {startRecorder} from '../scripts/record.js';
import {
  ENC,
  driveSession,
  setEncodings,
  streamStats,
  type DriveOptions,
  type DriveStats,
} from './driver/rfb-driver.js';
import {startQemu} from './peers/qemu.js';
import {startXvnc} from './peers/xvnc.js';
import {loadRecordings} from './lib/recordings.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const RECORDINGS_DIR = join(HERE, 'recordings');

/** noVNC's default JPEG quality level (rfb.js `_qualityLevel = 6`). */
const QUALITY = ENC.quality0 + 6;
/** noVNC's default compression level (`_compressionLevel = 2`). */
const COMPRESS = ENC.compress0 + 2;

interface Made {
  name: string;
  file: string;
  description: string;
  stats: DriveStats;
  wireBytes: number;
}

async function record(
  name: string,
  upstream: string,
  drive: Omit<DriveOptions, 'url'>,
): Promise<{file: string; stats: DriveStats; wireBytes: number}> {
  const file = join(RECORDINGS_DIR, `${name}.js.gz`);
  const rec = await startRecorder({upstream, file});
  try {
    const stats = await driveSession({...drive, url: rec.url, log: (l) => console.log(`  ${l}`)});
    const summary = await rec.done;
    return {file, stats, wireBytes: summary.serverBytes};
  } finally {
    await rec.close();
  }
}

/**
 * The mock's 1920x1080 bench scenario: TightPNG (JPEG, PNG, fill), CopyRect
 * and the VMware cursor; a few updates in the middle with TightPNG taken
 * out of SetEncodings, so the mock sends Raw (B,G,R,X bytes: the mock ignores
 * SetPixelFormat, so both clients read them as R,G,B,X and show red and
 * blue swapped there, identically). No VMware message the noVNC client
 * lacks (ServerCaps, LED, typematic, cursor state) is requested.
 */
async function recordMock(): Promise<Made> {
  const mock = await startMockServer({port: 0});
  try {
    const ticket = mock.issueTicket({scenario: 'bench', fps: 30});
    const withPng = [ENC.copyRect, ENC.tightPng, QUALITY, ENC.desktopSize, ENC.vmwDefineCursor];
    const rawOnly = [ENC.copyRect, ENC.raw, ENC.desktopSize, ENC.vmwDefineCursor];
    const r = await record('mock-1080p', ticket.url, {
      protocols: ['binary'],
      encodings: withPng,
      updates: 160,
      maxMs: 120_000,
      onUpdate: (n) => {
        if (n === 100) return [setEncodings(rawOnly)];
        if (n === 102) return [setEncodings(withPng)];
        return undefined;
      },
    });
    return {
      name: 'mock-1080p',
      ...r,
      description:
        'mock ESXi bench scenario 1920x1080: TightPNG JPEG/PNG/fill, CopyRect, Raw, VMware cursor',
    };
  } finally {
    await mock.close();
  }
}

/** QEMU 7.2, std VGA 1024x768x32 (vbe-anim.S), Tight with JPEG and the gradient filter. */
async function recordQemu(): Promise<Made> {
  const qemu = await startQemu();
  try {
    // Let the guest boot and set its video mode first.
    await new Promise((r) => setTimeout(r, 1500));
    const r = await record('qemu-1024x768', qemu.wsUrl, {
      protocols: ['binary'],
      encodings: [
        ENC.copyRect,
        ENC.tight,
        QUALITY,
        COMPRESS,
        ENC.desktopSize,
        ENC.lastRect,
        ENC.raw,
      ],
      updates: 250,
      maxMs: 120_000,
    });
    return {
      name: 'qemu-1024x768',
      ...r,
      description: 'QEMU 1024x768: Tight (JPEG, gradient, palette, fill)',
    };
  } finally {
    await qemu.stop();
  }
}

/** TigerVNC Xvnc 1280x800 desktop (xterm, xclock, photo windows): Tight + JPEG, CopyRect, cursor. */
async function recordTigervnc(): Promise<Made> {
  const x = await startXvnc(1280, 800);
  try {
    x.startActivity();
    const r = await record('tigervnc-1280x800', x.wsUrl, {
      protocols: ['binary'],
      encodings: [
        ENC.copyRect,
        ENC.tight,
        QUALITY,
        COMPRESS,
        ENC.desktopSize,
        ENC.lastRect,
        ENC.cursor,
        ENC.raw,
      ],
      updates: 300,
      maxMs: 120_000,
      // A client that asks about 40 times a second, so the desktop moves between updates.
      requestGapMs: 25,
    });
    return {
      name: 'tigervnc-1280x800',
      ...r,
      description:
        'TigerVNC 1.12 Xvnc 1280x800: Tight (JPEG, palette, fill), CopyRect, rich cursor',
    };
  } finally {
    await x.stop();
  }
}

const MAKERS: Record<string, () => Promise<Made>> = {
  mock: recordMock,
  qemu: recordQemu,
  tigervnc: recordTigervnc,
};

/**
 * Recounts rectangles and Tight sub-types of every shipped recording from
 * its server bytes and rewrites those fields of its .json (the rest, such
 * as when it was recorded, stays).
 */
function recount(): void {
  for (const rec of loadRecordings(RECORDINGS_DIR)) {
    const server = Buffer.concat(rec.frames.filter((f) => !f.fromClient).map((f) => f.data));
    const s = streamStats(server);
    const file = join(RECORDINGS_DIR, `${rec.name}.json`);
    const meta = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    Object.assign(meta, {
      updates: s.updates,
      serverBytes: s.serverBytes,
      rects: s.rects,
      tight: s.tight,
    });
    writeFileSync(file, JSON.stringify(meta, null, 2) + '\n');
    console.log(
      `${rec.name}: ${s.updates} updates, rects ${JSON.stringify(s.rects)}, tight ${JSON.stringify(s.tight)}`,
    );
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--stats')) return recount();
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(MAKERS);
  for (const n of names) {
    const make = MAKERS[n];
    if (!make) throw new Error(`unknown recording "${n}" (use ${Object.keys(MAKERS).join(', ')})`);
    console.log(`recording ${n} ...`);
    const made = await make();
    const s = made.stats;
    console.log(
      `  ${made.file}: ${s.width}x${s.height}, ${s.updates} updates, ${(made.wireBytes / 1e6).toFixed(2)} MB from the server`,
    );
    console.log(`  rects: ${JSON.stringify(s.rects)}  tight: ${JSON.stringify(s.tight)}`);
    writeFileSync(
      join(RECORDINGS_DIR, `${made.name}.json`),
      JSON.stringify(
        {
          name: made.name,
          description: made.description,
          width: s.width,
          height: s.height,
          updates: s.updates,
          serverBytes: made.wireBytes,
          rects: s.rects,
          tight: s.tight,
          recordedAt: new Date().toISOString(),
        },
        null,
        2,
      ) + '\n',
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
