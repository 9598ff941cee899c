// Size check for the script-tag bundle (issue 6), part of `npm test`.
//
// Issue 6 sets a budget of 30 KiB gzip, Lit included. The bundle does not meet
// it yet (see the README's "Size" section for where the bytes go), so this
// check does two things:
//  - it reports the gap to the 30 KiB target on every run, loudly;
//  - it FAILS if the bundle grows past REGRESSION_CEILING_GZIP, a ceiling set
//    just above today's size, so no change can make the gap worse unnoticed.
// Lower the ceiling whenever the bundle shrinks; when it reaches the target,
// the ceiling becomes the target and the gate is the issue's own.
import {BUNDLE_PATH, SIZE_BUDGET_GZIP, buildScriptBundle} from './bundle.js';

// Raised on purpose, twice, for issue 9's decode path, each step measured by
// `npm run bench`: from 40.5 to 41.5 KiB for small images through data: URLs
// and downscaled thumbnails (render/downscale.ts, the 50-console memory
// budget), +1.3 KiB; then to 42.5 KiB for JPEGs as planes through WebCodecs
// with libjpeg's own conversion (render/yuv-to-rgb.ts), +1.1 KiB, which took
// the QEMU replay from ~490 to ~340 ms and TigerVNC's from ~530 to ~300 ms.
export const REGRESSION_CEILING_GZIP = 42.5 * 1024;

const {raw, gzip} = await buildScriptBundle();
const kib = (n) => (n / 1024).toFixed(1) + ' KiB';
console.log(`${BUNDLE_PATH}: ${kib(raw)} raw, ${kib(gzip)} gzip`);
if (gzip <= SIZE_BUDGET_GZIP) {
  console.log(
    `ok: within the ${kib(SIZE_BUDGET_GZIP)} budget (${((gzip / SIZE_BUDGET_GZIP) * 100).toFixed(0)}%)`,
  );
} else {
  console.log(
    `NOT MET: the issue-6 budget is ${kib(SIZE_BUDGET_GZIP)}; the bundle is ${kib(gzip - SIZE_BUDGET_GZIP)} over (${(gzip / SIZE_BUDGET_GZIP).toFixed(2)}x)`,
  );
}
if (gzip > REGRESSION_CEILING_GZIP) {
  console.error(
    `FAIL: the bundle grew past its regression ceiling of ${kib(REGRESSION_CEILING_GZIP)} by ${kib(gzip - REGRESSION_CEILING_GZIP)}`,
  );
  process.exit(1);
}
console.log(`ok: under the regression ceiling of ${kib(REGRESSION_CEILING_GZIP)}`);
