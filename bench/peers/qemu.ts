/**
 * QEMU for the benchmark recording: the std VGA at 1024x768x32 driven by
 * the boot sector in vbe-anim.S (assembled here with binutils), served by
 * QEMU's own VNC server over WebSocket. `lossy=on` lets QEMU's Tight
 * encoder use JPEG and the gradient filter (without it QEMU never sends
 * JPEG), which both clients decode.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {freePort, run, startProcess, waitForPort, type Peer} from './processes.js';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'vbe-anim.S');
const FLOPPY_BYTES = 1474560;

export interface QemuSession {
  /** ws://127.0.0.1:<port> (QEMU's websocket listener; offer the `binary` subprotocol). */
  readonly wsUrl: string;
  stop(): Promise<void>;
}

async function buildFloppy(dir: string): Promise<string> {
  const obj = join(dir, 'vbe.o');
  const bin = join(dir, 'vbe.bin');
  await run('as', ['--32', '-o', obj, SOURCE]);
  await run('ld', ['-m', 'elf_i386', '-Ttext', '0x7c00', '--oformat', 'binary', '-o', bin, obj]);
  const sector = readFileSync(bin);
  if (sector.length !== 512 || sector[510] !== 0x55 || sector[511] !== 0xaa) {
    throw new Error(
      `vbe-anim.S did not assemble to a 512-byte boot sector (${sector.length} bytes)`,
    );
  }
  const image = new Uint8Array(FLOPPY_BYTES);
  image.set(sector, 0);
  const path = join(dir, 'boot.img');
  writeFileSync(path, image);
  return path;
}

export async function startQemu(): Promise<QemuSession> {
  const dir = mkdtempSync(join(tmpdir(), 'webmks-bench-qemu-'));
  const floppy = await buildFloppy(dir);
  const wsPort = await freePort();
  const peer: Peer = startProcess('qemu-system-x86_64', 'qemu-system-x86_64', [
    '-accel',
    'tcg',
    '-machine',
    'pc',
    '-m',
    '16',
    '-display',
    'none',
    '-nodefaults',
    '-vga',
    'std',
    '-vnc',
    `unix:${join(dir, 'vnc.sock')},websocket=127.0.0.1:${wsPort},lossy=on`,
    '-drive',
    `file=${floppy},format=raw,if=floppy`,
    '-name',
    'bench',
  ]);
  try {
    await waitForPort(wsPort, peer);
  } catch (err) {
    await peer.stop();
    rmSync(dir, {recursive: true, force: true});
    throw err;
  }
  return {
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    async stop() {
      await peer.stop();
      rmSync(dir, {recursive: true, force: true});
    },
  };
}
