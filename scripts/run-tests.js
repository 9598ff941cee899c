// `npm test`: every gate in order (typechecks, lint, size budget, unit,
// browser, end-to-end). Stops at the first failure and exits non-zero.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';

const steps = [
  ['typecheck (DOM + core without DOM + node)', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  ['unit (vitest, Node)', 'npx', ['vitest', 'run']],
  ['browser (web-test-runner, Chromium)', 'npx', ['web-test-runner']],
  ['e2e (Playwright, demo + mock server)', 'npx', ['playwright', 'test']],
];
if (existsSync('scripts/check-size.js')) {
  steps.splice(2, 0, ['script-tag bundle size', 'node', ['scripts/check-size.js']]);
}

const results = [];
let failed = 0;
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {stdio: 'inherit', env: {...process.env, FORCE_COLOR: '0'}});
  const ok = r.status === 0;
  results.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (!ok) {
    failed++;
    break;
  }
}
console.log('\n=== summary ===\n' + results.join('\n'));
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
