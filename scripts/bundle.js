// The script-tag bundle: dist/webmks-console.min.js, one classic script
// (IIFE) that defines <webmks-console> when loaded. No top-level await, no eval.
// Shared by `npm run build`, the size check in `npm test` and the e2e test of
// the bundle (test/e2e/bundle.spec.ts).
import {build} from 'esbuild';
import {minify} from 'terser';
import {gzipSync} from 'node:zlib';
import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/** The repository root, so the bundle builds the same from any working directory. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const SIZE_BUDGET_GZIP = 30 * 1024;
export const BUNDLE_PATH = 'dist/webmks-console.min.js';

/**
 * Private members (`_name`, design.md 3.4) are renamed to short names in this
 * bundle. The pattern needs a letter or digit after the underscore, so Lit's
 * `_$…` internals and `__…` names are never touched, and no DOM, JSON or
 * public name starts that way. A private name that also appears as a string
 * literal (a `this[name]` lookup) keeps its name: see reservedPrivateNames().
 */
const PRIVATE_MEMBER = /^_[a-zA-Z0-9]/;

/** `_name` strings quoted anywhere in src/: members looked up by name must not be renamed. */
export function reservedPrivateNames(dir = join(ROOT, 'src')) {
  const names = new Set();
  for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8');
    for (const m of text.matchAll(/['"`](_[a-zA-Z0-9]\w*)['"`]/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/**
 * Minifies the text of Lit `css` (or our `staticCss`) tagged templates (the
 * element's styles) in this bundle: comments and the whitespace around punctuation go. esbuild
 * leaves template text alone. The styles have no `${}` interpolations.
 */
const minifyCssTemplates = {
  name: 'minify-css-templates',
  setup(b) {
    b.onLoad({filter: /\.styles\.ts$/}, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(/\b(css|staticCss)`([^`$]*)`/g, (_, tag, text) => {
        const min = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};,]) ?/g, '$1')
          .replace(/: /g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `${tag}\`${min}\``;
      });
      return {contents, loader: 'ts'};
    });
  },
};

/**
 * In the bundle, src/session/inflater-loader.ts (a lazy import() of zlib for
 * the ES module build) becomes src/session/inflater-bundled.ts (the same API
 * over a static import): the classic script includes zlib either way, and
 * esbuild's wrappers for lazily evaluated modules cost bytes.
 */
const staticInflater = {
  name: 'static-inflater',
  setup(b) {
    // From the build's own source tree (the bench may build a patched copy: BENCH_SRC_ROOT).
    const root = b.initialOptions.absWorkingDir ?? ROOT;
    b.onResolve({filter: /\/inflater-loader\.js$/}, () => ({
      path: join(root, 'src/session/inflater-bundled.ts'),
    }));
  },
};

/** esbuild options of the script-tag bundle (also used to measure per-module sizes). */
export function scriptBundleOptions(outfile = BUNDLE_PATH) {
  const reserved = reservedPrivateNames();
  return {
    absWorkingDir: ROOT,
    entryPoints: ['src/webmks-console.ts'],
    outfile: resolve(ROOT, outfile),
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    sourcemap: false,
    mangleProps: PRIVATE_MEMBER,
    ...(reserved.length > 0 ? {reserveProps: new RegExp(`^(?:${reserved.join('|')})$`)} : {}),
    // Lit's production build (no dev-mode warnings).
    conditions: ['production'],
    define: {'process.env.NODE_ENV': '"production"'},
    plugins: [minifyCssTemplates, staticInflater],
    logLevel: 'warning',
  };
}

/**
 * terser options of the second pass. esbuild bundles, strips the types and
 * renames the private members; terser then compresses further (it inlines
 * and merges more than esbuild, 2 passes) and renames local names by how
 * often they occur, which gzip rewards: 43.5 -> 41.6 K gzip when measured.
 * Only terser's safe transforms: no `unsafe*` option, whose gains (~50 bytes
 * gzip) are not worth their assumptions about the code.
 */
export const TERSER_OPTIONS = {
  ecma: 2022,
  compress: {passes: 2},
  mangle: true,
  format: {comments: false},
};

/** Builds the bundle (`outfile` absolute or relative to the repository root); its raw and gzip sizes in bytes. */
export async function buildScriptBundle(outfile = BUNDLE_PATH) {
  const bundled = await build({...scriptBundleOptions(outfile), write: false});
  const minified = await minify(bundled.outputFiles[0].text, TERSER_OPTIONS);
  const text = minified.code;
  if (/\beval\s*\(/.test(text) || /new Function\s*\(/.test(text)) {
    throw new Error(`${outfile} contains eval or new Function`);
  }
  // One classic script: nothing may be fetched later (esbuild inlines the
  // lazy zlib import of src/session/inflater-loader.ts into the IIFE).
  if (/\bimport\s*\(/.test(text)) throw new Error(`${outfile} contains import()`);
  const path = resolve(ROOT, outfile);
  mkdirSync(dirname(path), {recursive: true});
  writeFileSync(path, text);
  const code = Buffer.from(text, 'utf8');
  return {raw: code.length, gzip: gzipSync(code, {level: 9}).length};
}
