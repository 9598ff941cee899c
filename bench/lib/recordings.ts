/**
 * Loads the recordings under bench/recordings/ (websockify format, gzip)
 * and packs them into the bench page's container: 'WMKR', u32 count, then
 * per frame u8 fromClient, u32 length, bytes (little-endian).
 */
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {parseRecording, type RecordedFrame} from './record-format.js';

export interface RecordingInfo {
  name: string;
  description: string;
  width: number;
  height: number;
  updates: number;
  serverBytes: number;
  frames: RecordedFrame[];
  container: Buffer;
  gzipBytes: number;
}

export function packFrames(frames: readonly RecordedFrame[]): Buffer {
  let size = 8;
  for (const f of frames) size += 5 + f.data.length;
  const out = Buffer.alloc(size);
  out.write('WMKR', 0, 'latin1');
  out.writeUInt32LE(frames.length, 4);
  let o = 8;
  for (const f of frames) {
    out[o] = f.fromClient ? 1 : 0;
    out.writeUInt32LE(f.data.length, o + 1);
    out.set(f.data, o + 5);
    o += 5 + f.data.length;
  }
  return out;
}

export function loadRecordings(dir: string, only?: readonly string[]): RecordingInfo[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.js.gz'))
    .map((f) => f.slice(0, -'.js.gz'.length))
    .filter((n) => !only || only.length === 0 || only.includes(n))
    .sort();
  return names.map((name) => {
    const gz = readFileSync(join(dir, `${name}.js.gz`));
    const frames = parseRecording(gunzipSync(gz).toString('latin1'));
    const metaFile = join(dir, `${name}.json`);
    const meta = existsSync(metaFile)
      ? (JSON.parse(readFileSync(metaFile, 'utf8')) as Partial<RecordingInfo>)
      : {};
    let serverBytes = 0;
    for (const f of frames) if (!f.fromClient) serverBytes += f.data.length;
    return {
      name,
      description: meta.description ?? name,
      width: meta.width ?? 0,
      height: meta.height ?? 0,
      updates: meta.updates ?? 0,
      serverBytes,
      frames,
      container: packFrames(frames),
      gzipBytes: gz.length,
    };
  });
}
