// Makes the README screenshots of the demo page: docs/demo.png (light) and
// docs/demo-dark.png, against the servers `npm start` runs.
//
//   npm start                        # in one terminal
//   node docs/make-screenshots.js    # in another (DEMO_URL to point elsewhere)
//
// It picks the JPEG scenario (a colourful region on the guest) and logs in with
// the paste box, so the console and the event log show something real.
import {chromium} from 'playwright';
import {chromiumArgs, chromiumExecutable} from '../scripts/chromium.js';

const url = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.WEBMKS_DEMO_PORT ?? 5173}/`;
const browser = await chromium.launch({executablePath: chromiumExecutable(), args: chromiumArgs()});

async function shoot(colorScheme, file) {
  const page = await browser.newPage({
    viewport: {width: 1440, height: 900},
    deviceScaleFactor: 1,
    colorScheme,
  });
  await page.goto(new URL('?scenario=jpeg', url).href);
  await page.waitForFunction(() => document.querySelector('webmks-console')?.state === 'connected');
  await page.fill('#type-text', 'demo\nuname -a\n');
  await page.click('#type-start');
  await page.waitForFunction(
    () => document.querySelector('#type-count')?.textContent === '14 / 14',
  );
  await page.waitForTimeout(1500);
  await page.screenshot({path: file});
  await page.close();
  console.log(`wrote ${file}`);
}

await shoot('light', 'docs/demo.png');
await shoot('dark', 'docs/demo-dark.png');
await browser.close();
