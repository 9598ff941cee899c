/**
 * Builds the test boot sector from test/peers/boot/anim.S with binutils
 * (`as --32`, `ld -m elf_i386 -Ttext 0x7c00 --oformat binary`) and pads it
 * to a 1.44 MB floppy image, which QEMU's floppy controller recognises by
 * size. The sector is checked (512 bytes, 0x55 0xAA) before use, so a
 * broken toolchain fails here with a clear message rather than as a guest
 * that never draws.
 */
import {execFile} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** The assembly source, next to this file. */
export const BOOT_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'anim.S');

const FLOPPY_BYTES = 1474560;

async function tool(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args, {timeout: 20000});
  } catch (err) {
    const e = err as {code?: string; stderr?: string; message: string};
    const hint = e.code === 'ENOENT' ? ' (install the Debian package binutils)' : '';
    throw new Error(`${command} ${args.join(' ')} failed${hint}: ${e.stderr || e.message}`);
  }
}

/** Assembles the boot sector into `dir` and returns the 512 bytes. */
export async function assembleBootSector(dir: string, source = BOOT_SOURCE): Promise<Uint8Array> {
  const object = join(dir, 'anim.o');
  const binary = join(dir, 'anim.bin');
  await tool('as', ['--32', '-o', object, source]);
  await tool('ld', [
    '-m',
    'elf_i386',
    '-Ttext',
    '0x7c00',
    '--oformat',
    'binary',
    '-o',
    binary,
    object,
  ]);
  const sector = new Uint8Array(readFileSync(binary));
  if (sector.length !== 512) throw new Error(`boot sector is ${sector.length} bytes, not 512`);
  if (sector[510] !== 0x55 || sector[511] !== 0xaa)
    throw new Error('boot sector lacks the 0x55 0xAA signature');
  return sector;
}

/** Builds `dir`/boot.img (a 1.44 MB floppy whose first sector boots) and returns its path. */
export async function buildBootFloppy(dir: string, source = BOOT_SOURCE): Promise<string> {
  const sector = await assembleBootSector(dir, source);
  const image = new Uint8Array(FLOPPY_BYTES);
  image.set(sector, 0);
  const path = join(dir, 'boot.img');
  writeFileSync(path, image);
  return path;
}
