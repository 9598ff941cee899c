import {expect, test} from '@playwright/test';

test('the demo page shows the console element', async ({page}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  const canvas = page.locator('webmks-console').locator('canvas[part="canvas"]');
  await expect(canvas).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('the mock server answers through the demo server', async ({request}) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ok: true});
});
