// `npm run build`: the package's ES modules and .d.ts (tsc, unbundled), the
// script-tag bundle (esbuild), the custom-elements manifest (CEM analyzer),
// the compiled mock server for the bin, and the demo site (Vite).
import {spawnSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {BUNDLE_PATH, buildScriptBundle} from './bundle.js';

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {stdio: 'inherit'});
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync('dist', {recursive: true, force: true});
rmSync('dist-node', {recursive: true, force: true});
run('npx', ['tsc', '-p', 'tsconfig.json']);
const size = await buildScriptBundle();
console.log(`${BUNDLE_PATH}: ${(size.gzip / 1024).toFixed(1)} KiB gzip`);
run('npx', [
  'cem',
  'analyze',
  '--litelement',
  '--globs',
  'src/element/webmks-console.component.ts',
  'src/element/events.ts',
]);
run('npx', ['tsc', '-p', 'tsconfig.mock.json']);
run('npx', ['vite', 'build']);
