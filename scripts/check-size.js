// Size budget (issue 6): the script-tag bundle, Lit included, is at most
// 30 KiB gzip. Part of `npm test`, so a change that breaks it fails.
import {BUNDLE_PATH, SIZE_BUDGET_GZIP, buildScriptBundle} from './bundle.js';

const {raw, gzip} = await buildScriptBundle();
const kib = (n) => (n / 1024).toFixed(1) + ' KiB';
console.log(
  `${BUNDLE_PATH}: ${kib(raw)} raw, ${kib(gzip)} gzip (budget ${kib(SIZE_BUDGET_GZIP)} gzip)`,
);
if (gzip > SIZE_BUDGET_GZIP) {
  console.error(
    `FAIL: the script-tag bundle is over its budget by ${kib(gzip - SIZE_BUDGET_GZIP)}`,
  );
  process.exit(1);
}
console.log(`ok: ${((gzip / SIZE_BUDGET_GZIP) * 100).toFixed(0)}% of the budget`);
