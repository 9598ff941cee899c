/**
 * Everything the bench pages load, built fresh for each run into .cache/bench/:
 * our script-tag bundle (scripts/bundle.js, exactly what ships), noVNC 1.7's
 * RFB bundled and minified the same way (ES module: noVNC's browser.js uses
 * top-level await, so it cannot be an IIFE), and the page scripts.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {build, type BuildOptions} from 'esbuild';
import {minify, type MinifyOptions} from 'terser';

/** The parts of scripts/bundle.js (plain JS, no .d.ts) used here. */
interface BundleScript {
  scriptBundleOptions(outfile: string): BuildOptions;
  reservedPrivateNames(dir?: string): string[];
  TERSER_OPTIONS: MinifyOptions;
}
/** A variable, so TypeScript does not look for the .d.ts the JS file lacks. */
const BUNDLE_SCRIPT: string = '../../scripts/bundle.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT = join(ROOT, '.cache', 'bench');
/**
 * Where our bundle is built from: the repository, or (to measure a proposed
 * change before it lands) a copy of it given in $BENCH_SRC_ROOT, a directory
 * holding a patched src/ (node_modules is found by walking up, so a copy
 * under .cache/ works).
 */
export const SRC_ROOT = process.env.BENCH_SRC_ROOT ? resolve(process.env.BENCH_SRC_ROOT) : ROOT;

export interface BundleSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface Built {
  ours: BundleSize;
  novnc: BundleSize;
  novncVersion: string;
  replayPage: string;
  dashboardPage: string;
}

function sizeOf(file: string): BundleSize {
  const code = readFileSync(file);
  return {file, raw: code.length, gzip: gzipSync(code, {level: 9}).length};
}

export async function buildAll(): Promise<Built> {
  mkdirSync(OUT, {recursive: true});
  // Exactly the options of scripts/bundle.js (minify, private-name mangling,
  // Lit's production build, then terser); only the source directory may differ.
  const bundleScript = (await import(BUNDLE_SCRIPT)) as BundleScript;
  const ours = join(OUT, 'webmks-console.min.js');
  const options = bundleScript.scriptBundleOptions(ours);
  const reserved = bundleScript.reservedPrivateNames(join(SRC_ROOT, 'src'));
  const bundled = await build({
    ...options,
    absWorkingDir: SRC_ROOT,
    outfile: ours,
    reserveProps: reserved.length > 0 ? new RegExp(`^(?:${reserved.join('|')})$`) : undefined,
    write: false,
  });
  // The same terser pass as buildScriptBundle() (what ships).
  const minified = await minify(bundled.outputFiles![0]!.text, bundleScript.TERSER_OPTIONS);
  writeFileSync(ours, minified.code!);
  // The package's "exports" hide package.json; its directory is found from node_modules.
  const novncPkg = join(ROOT, 'node_modules', '@novnc', 'novnc', 'package.json');
  const novncVersion = (JSON.parse(readFileSync(novncPkg, 'utf8')) as {version: string}).version;
  const novncFile = join(OUT, 'novnc.min.js');
  await build({
    entryPoints: [join(dirname(novncPkg), 'core', 'rfb.js')],
    outfile: novncFile,
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const page = async (name: string) => {
    const outfile = join(OUT, `${name}.js`);
    await build({
      entryPoints: [join(ROOT, 'bench', 'page', `${name}.ts`)],
      outfile,
      bundle: true,
      format: 'iife',
      target: 'es2022',
      platform: 'browser',
      logLevel: 'warning',
    });
    return outfile;
  };
  return {
    ours: sizeOf(ours),
    novnc: sizeOf(novncFile),
    novncVersion,
    replayPage: await page('replay-page'),
    dashboardPage: await page('dashboard-page'),
  };
}
