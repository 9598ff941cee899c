// `npm run build`: the package's ES modules and .d.ts (tsc, unbundled), the
// script-tag bundle (esbuild), the custom-elements manifest (CEM analyzer) and
// the README's API table made from it, the compiled mock server for the bin,
// and the demo site (Vite: the demo, dashboard and script-tag pages in
// demo-dist/, with the script-tag bundle copied next to them).
import {spawnSync} from 'node:child_process';
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {BUNDLE_PATH, buildScriptBundle} from './bundle.js';
import {apiTable} from './gen-api-table.js';

const MANIFEST = 'custom-elements.json';
const API_TABLE = 'docs/api-table.md';

function run(cmd, args, env = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {stdio: 'inherit', env: {...process.env, ...env}});
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync('dist', {recursive: true, force: true});
rmSync('dist-node', {recursive: true, force: true});
run('npx', ['tsc', '-p', 'tsconfig.json']);
const size = await buildScriptBundle();
console.log(`${BUNDLE_PATH}: ${(size.gzip / 1024).toFixed(1)} KiB gzip`);
// src/webmks-console.ts holds the define() call, which gives the manifest its tag name.
run('npx', [
  'cem',
  'analyze',
  '--litelement',
  '--globs',
  'src/element/webmks-console.component.ts',
  'src/element/events.ts',
  'src/webmks-console.ts',
]);
// The analyzer records source paths (src/…/x.ts, some with a leading slash);
// the package ships dist/…/x.js, which is what tools resolving the manifest need.
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'), (key, value) =>
  (key === 'path' || key === 'module') && typeof value === 'string'
    ? value.replace(/^\/?src\/(.*)\.ts$/, 'dist/$1.js').replace(/^\/?src\/(.*)\.js$/, 'dist/$1.js')
    : value,
);
writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
const table = apiTable(manifest);
writeFileSync(API_TABLE, table);
console.log(`${API_TABLE}: API table from ${MANIFEST}`);
// The README's API section is the same table, between two markers.
const readme = readFileSync('README.md', 'utf8');
const START = '<!-- api-table:start -->';
const END = '<!-- api-table:end -->';
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a >= 0 && b > a) {
  writeFileSync('README.md', readme.slice(0, a + START.length) + '\n' + table + readme.slice(b));
  console.log('README.md: API table updated');
}
run('npx', ['tsc', '-p', 'tsconfig.mock.json']);
// The script-tag example loads the very bundle built above (vite.config.ts copies it).
run('npx', ['vite', 'build'], {WEBMKS_SCRIPT_BUNDLE: BUNDLE_PATH});
