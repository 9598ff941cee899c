/**
 * Per-peer scratch directories under the OS temp dir (sockets, dumps, the
 * boot image, logs), removed when the peer stops. Unix socket paths must stay
 * under 108 bytes, so the names are short.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `wmks-${prefix}-`));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, {recursive: true, force: true});
}
