// The script-tag bundle: dist/webmks-console.min.js, one classic script
// (IIFE) that defines <webmks-console> when loaded. No top-level await, no eval.
// Shared by `npm run build` and the size check in `npm test`.
import {build} from 'esbuild';
import {gzipSync} from 'node:zlib';
import {readFileSync} from 'node:fs';

export const SIZE_BUDGET_GZIP = 30 * 1024;
export const BUNDLE_PATH = 'dist/webmks-console.min.js';

/** Builds the bundle and returns its raw and gzip sizes in bytes. */
export async function buildScriptBundle(outfile = BUNDLE_PATH) {
  await build({
    entryPoints: ['src/webmks-console.ts'],
    outfile,
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    sourcemap: false,
    // Lit's production build (no dev-mode warnings).
    conditions: ['production'],
    define: {'process.env.NODE_ENV': '"production"'},
    logLevel: 'warning',
  });
  const code = readFileSync(outfile);
  const text = code.toString('utf8');
  if (/\beval\s*\(/.test(text) || /new Function\s*\(/.test(text)) {
    throw new Error(`${outfile} contains eval or new Function`);
  }
  return {raw: code.length, gzip: gzipSync(code, {level: 9}).length};
}
