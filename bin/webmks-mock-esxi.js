#!/usr/bin/env node
// The mock ESXi server's command line. Runs the compiled server when the
// package was built, else the TypeScript source through tsx (a checkout).
import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist-node', 'mock-server', 'cli.js');
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  try {
    const {register} = await import('tsx/esm/api');
    register();
  } catch {
    console.error(
      'webmks-mock-esxi: run `npm run build` first, or install tsx to run from source.',
    );
    process.exit(1);
  }
  await import(pathToFileURL(join(root, 'mock-server', 'cli.ts')).href);
}
