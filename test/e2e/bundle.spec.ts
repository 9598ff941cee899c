/**
 * The script-tag bundle end to end (issue 6 "Builds"): a plain page that
 * loads only the built dist/webmks-console.min.js as a classic script and
 * uses the tag, under the strict CSP, connects to the mock ESXi server and
 * shows exactly the server's screen. This runs the minified, property-mangled
 * build, which the other specs (served from source by Vite) do not.
 */
import {readFileSync} from 'node:fs';
import {expect, test} from '@playwright/test';
import {diffWithServerScreen} from './helpers/screen-diff.js';
import {BUNDLE_PATH, buildScriptBundle} from '../../scripts/bundle.js';

const STILL = {width: 400, height: 300, animate: false, jpeg: false};

interface IssuedTicket {
  ticket: string;
  url: string;
}

test.beforeAll(async () => {
  await buildScriptBundle();
});

test('the script-tag bundle shows the guest pixel-exactly with no errors', async ({page}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto('/test/e2e/pages/script-tag.html');

  // The page runs what was built: Vite's dev server only appends a source map comment.
  const served = await page.request.get(`/${BUNDLE_PATH}`);
  expect(served.status()).toBe(200);
  const built = readFileSync(BUNDLE_PATH, 'utf8');
  const body = await served.text();
  expect(body.startsWith(built)).toBe(true);
  expect(body.slice(built.length).trim()).toMatch(/^(\/\/# sourceMappingURL=\S+)?$/);

  // The classic script defined the element before the tag was parsed.
  const defined = await page.evaluate(() => {
    const el = document.querySelector('webmks-console');
    return Boolean(customElements.get('webmks-console')) && el?.constructor !== HTMLElement;
  });
  expect(defined).toBe(true);

  // A ticket from the mock, through the dev server's /api proxy.
  const res = await page.request.post('/api/tickets', {data: STILL});
  expect(res.status()).toBe(200);
  const ticket = (await res.json()) as IssuedTicket;

  await page.evaluate(() => {
    const el = document.querySelector('webmks-console')!;
    (window as unknown as {violations: string[]}).violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as {violations: string[]}).violations.push(e.violatedDirective),
    );
    el.addEventListener('webmks-disconnect', (e) => {
      throw new Error(`disconnected: ${JSON.stringify(e.detail)}`);
    });
  });
  await page.evaluate((url) => {
    const el = document.querySelector('webmks-console')!;
    el.url = url;
    el.connect();
  }, ticket.url);
  await page.waitForFunction(() => document.querySelector('webmks-console')!.state === 'connected');

  // getImageData() against the server's own framebuffer, every pixel.
  await expect
    .poll(() => page.locator('webmks-console').evaluate(diffWithServerScreen, ticket.ticket), {
      timeout: 10000,
    })
    .toMatchObject({diff: 0});

  const violations = await page.evaluate(
    () => (window as unknown as {violations: string[]}).violations,
  );
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});
