/**
 * The built pages (issue 6): the demo, the dashboard example and the
 * script-tag example, as `vite build` emits them, served with the strict CSP
 * of issue 6 by a small static server that also proxies /api to an
 * in-process mock ESXi server. Each page connects, shows exactly the guest's
 * pixels (the mock's screen.png; `animate: false` keeps the screen still), and
 * logs no console error, page error or CSP violation. The demo's toolbar and
 * paste box are checked at the server (/input, /typed).
 *
 * The spec builds the pages itself into a temporary directory (about 10 s);
 * set WEBMKS_PAGES_DIST=demo-dist to test an existing `npm run build` instead.
 */
import {expect, test, type Locator, type Page} from '@playwright/test';
import {diffWithServerScreen} from './helpers/screen-diff.js';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {createServer, request as httpRequest, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {extname, join, resolve, sep} from 'node:path';
import {startMockServer, type MockServer} from '../../mock-server/server.js';

/** Issue 6, verbatim. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; " +
  "connect-src 'self' ws: wss:; require-trusted-types-for 'script'; trusted-types lit-html";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

let mock: MockServer;
let site: Server;
let base = '';
let outDir = '';
let builtHere = false;

/** Serves `root` with the CSP header; /api/* goes to the mock. */
function serve(root: string, apiPort: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      const upstream = httpRequest(
        {host: '127.0.0.1', port: apiPort, path: req.url, method: req.method, headers: req.headers},
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    let file = resolve(root, '.' + decodeURIComponent(url.pathname));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

test.describe.configure({mode: 'serial'});

test.beforeAll(async () => {
  test.setTimeout(240_000);
  if (process.env.WEBMKS_PAGES_DIST) {
    outDir = resolve(process.env.WEBMKS_PAGES_DIST);
  } else {
    outDir = mkdtempSync(join(tmpdir(), 'webmks-pages-'));
    builtHere = true;
    const r = spawnSync(
      process.execPath,
      [
        'node_modules/vite/bin/vite.js',
        'build',
        '--outDir',
        outDir,
        '--emptyOutDir',
        '--logLevel',
        'error',
      ],
      {encoding: 'utf8'},
    );
    if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  }
  for (const page of ['index.html', 'examples/dashboard.html', 'examples/script-tag.html']) {
    expect(existsSync(join(outDir, page)), `${page} was built`).toBe(true);
  }
  mock = await startMockServer({port: 0, defaults: {animate: false}});
  site = await serve(outDir, mock.port);
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((ok) => (site ? site.close(ok) : ok(undefined)));
  await mock?.close();
  if (builtHere) rmSync(outDir, {recursive: true, force: true});
});

// ---- helpers ----

interface Issued {
  /** The `name` the page asked for (the dashboard names its machines). */
  name: string | undefined;
  ticket: string;
}

/** Records problems (console errors, page errors, CSP violations) and issued tickets. */
async function watch(page: Page) {
  const problems: string[] = [];
  const tickets: Issued[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    else if (/content security policy|trusted type/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', async (r) => {
    const req = r.request();
    if (req.method() !== 'POST' || !/\/api\/(tickets|nova\/remote-consoles)$/.test(r.url())) return;
    const body = (await r.json()) as {ticket?: string; remote_console?: {url: string}};
    const sent = req.postDataJSON() as {name?: string} | null;
    const ticket =
      body.ticket ?? new URL(body.remote_console?.url ?? 'x:').searchParams.get('token') ?? '';
    tickets.push({name: sent?.name, ticket});
  });
  await page.exposeFunction('__reportViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    // Capture phase on window: violations in shadow roots and workers' documents bubble here.
    window.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as {__reportViolation(t: string): void})
          .__reportViolation;
        report(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
      },
      true,
    );
  });
  return {problems, tickets};
}

async function api<T>(page: Page, ticket: string, what: string): Promise<T> {
  const res = await page.request.get(`${base}/api/tickets/${encodeURIComponent(ticket)}/${what}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

/** Differing pixels between the console's framebuffer and the server's screen.png. */
function compareWithServer(console: Locator, ticket: string) {
  return console.evaluate(diffWithServerScreen, ticket);
}

function stateOf(console: Locator): Promise<string> {
  return console.evaluate((el) => (el as HTMLElementTagNameMap['webmks-console']).state);
}

type KeyRecord = {type: string; source?: string; scancode?: number; down?: boolean};

/** The VScan key events after the modifier key-ups the client sends once at start (§12.8). */
async function keyEvents(page: Page, ticket: string): Promise<string[]> {
  const input = await api<KeyRecord[]>(page, ticket, 'input');
  return input
    .filter((r) => r.type === 'key' && r.source === 'vscan')
    .map((r) => `${r.scancode!.toString(16)}${r.down ? '↓' : '↑'}`)
    .filter((_k, i, all) => all.slice(0, i + 1).some((x) => x.endsWith('↓')));
}

// ---- the demo page ----

test.describe('demo page (built, strict CSP)', () => {
  test('connects to the mock by itself and shows the guest exactly', async ({page}) => {
    const {problems, tickets} = await watch(page);
    await page.goto(`${base}/`);
    const el = page.locator('webmks-console#console');
    await expect.poll(() => stateOf(el)).toBe('connected');
    await expect(page.locator('#state-text')).toHaveText('Connected');
    await expect(page.locator('#guest-size')).toHaveText('1024 × 768');
    expect(tickets).toHaveLength(1);
    await expect
      .poll(() => compareWithServer(el, tickets[0]!.ticket), {timeout: 10_000})
      .toEqual({diff: 0, width: 1024, height: 768});
    await expect(page.locator('#log')).toContainText('webmks-connect');
    expect(problems).toEqual([]);
  });

  test('Ctrl+Alt+Del and the key menu reach the guest as scancodes', async ({page}) => {
    const {problems, tickets} = await watch(page);
    await page.goto(`${base}/`);
    const el = page.locator('webmks-console#console');
    await expect.poll(() => stateOf(el)).toBe('connected');
    const ticket = tickets[0]!.ticket;
    await page.click('#cad');
    await expect
      .poll(() => keyEvents(page, ticket))
      .toEqual(['1d↓', '38↓', '153↓', '153↑', '38↑', '1d↑']);
    // The menu: Ctrl+Alt+F2 (a Linux virtual console), by keyboard.
    await page.focus('#keys');
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', {name: /Virtual console 2/}).click();
    await expect(page.locator('#keys-menu')).toBeHidden();
    await expect
      .poll(async () => (await keyEvents(page, ticket)).slice(6))
      .toEqual(['1d↓', '38↓', '3c↓', '3c↑', '38↑', '1d↑']);
    // Focus went back to the console, so typing continues there.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('console');
    expect(problems).toEqual([]);
  });

  test('the paste box types into the guest, shows progress and can cancel', async ({page}) => {
    const {problems, tickets} = await watch(page);
    await page.goto(`${base}/`);
    const el = page.locator('webmks-console#console');
    await expect.poll(() => stateOf(el)).toBe('connected');
    const ticket = tickets[0]!.ticket;
    await page.fill('#type-text', 'Hello, World!');
    await page.click('#type-start');
    await expect
      .poll(async () => (await api<{text: string}>(page, ticket, 'typed')).text)
      .toBe('Hello, World!');
    await expect(page.locator('#type-count')).toHaveText('13 / 13');
    await expect(page.locator('#log')).toContainText('typeText done');

    // A long text, cancelled part way: the guest has a prefix of it, no more.
    const long = 'abcdefghij'.repeat(60);
    await page.fill('#type-text', long);
    await page.click('#type-start');
    await expect(page.locator('#type-cancel')).toBeEnabled();
    await expect
      .poll(async () => (await api<{text: string}>(page, ticket, 'typed')).text.length)
      .toBeGreaterThan(13 + 20);
    await page.click('#type-cancel');
    await expect(page.locator('#log')).toContainText('typeText cancelled');
    await expect(page.locator('#type-start')).toBeEnabled();
    const typed = (await api<{text: string}>(page, ticket, 'typed')).text;
    expect(typed.startsWith('Hello, World!')).toBe(true);
    expect(long.startsWith(typed.slice(13))).toBe(true);
    expect(typed.length).toBeLessThan(13 + long.length);
    expect(problems).toEqual([]);
  });

  test('scale, resize, view-only, screenshot, fullscreen and theme work', async ({page}) => {
    const {problems, tickets} = await watch(page);
    await page.setViewportSize({width: 1400, height: 900});
    await page.goto(`${base}/`);
    const el = page.locator('webmks-console#console');
    await expect.poll(() => stateOf(el)).toBe('connected');
    const ticket = tickets[0]!.ticket;

    await page.locator('#scale label', {hasText: 'Integer'}).click();
    await expect(el).toHaveAttribute('scale', 'integer');
    await page.locator('#scale label', {hasText: '1:1'}).click();
    await expect(el).toHaveAttribute('scale', 'none');

    // Match window: the guest takes the console's size (the element rounds it
    // down to an even number of pixels, as guests prefer).
    await page.locator('#resize label', {hasText: 'Match window'}).click();
    await expect(el).toHaveAttribute('resize', 'remote');
    const box = (await el.boundingBox())!;
    await expect
      .poll(async () => {
        const info = await api<{width: number; height: number}>(page, ticket, 'info');
        return [box.width - info.width, box.height - info.height].every((d) => d >= 0 && d < 2);
      })
      .toBe(true);
    const info = await api<{width: number; height: number}>(page, ticket, 'info');
    await expect(page.locator('#guest-size')).toHaveText(`${info.width} × ${info.height}`);

    await page.click('#view-only');
    await expect(el).toHaveAttribute('view-only', '');
    await expect(page.locator('#cad')).toBeDisabled();
    await page.click('#view-only');
    await expect(page.locator('#cad')).toBeEnabled();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#screenshot'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^mock-esxi-vm-\d{8}-\d{6}\.png$/);
    const png = readFileSync(await download.path());
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');

    await page.click('#fullscreen');
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.id)).toBe('console');
    await expect(page.locator('.fs-bar')).toBeVisible();
    await page.click('#fs-exit');
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBe(null);

    const theme = () => page.evaluate(() => document.documentElement.dataset['theme'] ?? 'system');
    expect(await theme()).toBe('system');
    await page.click('#theme');
    expect(await theme()).toBe('light');
    await page.click('#theme');
    expect(await theme()).toBe('dark');
    await page.reload();
    expect(await theme()).toBe('dark');
    await expect.poll(() => stateOf(page.locator('webmks-console#console'))).toBe('connected');
    expect(problems).toEqual([]);
  });

  test('disconnect and connect from the toolbar ask for a fresh ticket', async ({page}) => {
    const {problems, tickets} = await watch(page);
    await page.goto(`${base}/`);
    const el = page.locator('webmks-console#console');
    await expect.poll(() => stateOf(el)).toBe('connected');
    await expect(page.locator('#connect')).toHaveText('Disconnect');
    await page.click('#connect');
    await expect.poll(() => stateOf(el)).toBe('disconnected');
    await expect(page.locator('#connect')).toHaveText('Connect');
    await expect(page.locator('#cad')).toBeDisabled();
    await page.click('#connect');
    await expect.poll(() => stateOf(el)).toBe('connected');
    expect(tickets).toHaveLength(2);
    expect(tickets[1]!.ticket).not.toBe(tickets[0]!.ticket);
    expect(problems).toEqual([]);
  });

  test('connects to a pasted vSphere ticket or Nova console and keeps it out of the DOM', async ({
    page,
  }) => {
    const {problems} = await watch(page);
    await page.goto(`${base}/?connect=0`);
    const el = page.locator('webmks-console#console');
    await page.locator('#source label', {hasText: 'Real host'}).click();
    await expect(page.locator('#real-form')).toBeVisible();

    // What vSphere's AcquireTicket("webmks") returns (the mock's own answer).
    const vsphere = mock.issueTicket({width: 640, height: 480});
    await page.fill('#ticket-input', JSON.stringify(vsphere, null, 2));
    await expect(page.locator('#ticket-kind')).toContainText('vSphere ticket');
    await expect(page.locator('#ticket-kind')).not.toContainText(vsphere.ticket);
    await page.locator('#real-form button[type="submit"]').click();
    await expect.poll(() => stateOf(el)).toBe('connected');
    await expect(page.locator('#ticket-input')).toHaveValue('');
    await expect
      .poll(() => compareWithServer(el, vsphere.ticket), {timeout: 10_000})
      .toEqual({diff: 0, width: 640, height: 480});
    const html = await page.evaluate(() => new XMLSerializer().serializeToString(document));
    expect(html).not.toContain(vsphere.ticket);

    // A Nova remote console (protocol mks: no RFB handshake).
    const nova = mock.issueNovaConsole({width: 800, height: 600});
    await page.fill('#ticket-input', JSON.stringify({remote_console: nova.remote_console}));
    await expect(page.locator('#ticket-kind')).toContainText('Nova remote console (mks)');
    await page.locator('#real-form button[type="submit"]').click();
    await expect(page.locator('#guest-size')).toHaveText('800 × 600');
    await expect.poll(() => stateOf(el)).toBe('connected');
    await expect
      .poll(() => compareWithServer(el, nova.token), {timeout: 10_000})
      .toEqual({diff: 0, width: 800, height: 600});

    // Garbage is refused in the form, without a connection attempt.
    await page.fill('#ticket-input', '{"nothing": true}');
    await page.locator('#real-form button[type="submit"]').click();
    await expect(page.locator('#ticket-kind')).toContainText('No console found');
    expect(await stateOf(el)).toBe('connected');
    expect(problems).toEqual([]);
  });

  test('a dropped session comes back on a fresh ticket (drop scenario)', async ({page}) => {
    const {problems, tickets} = await watch(page);
    await page.goto(`${base}/?connect=0`);
    const el = page.locator('webmks-console#console');
    await page.selectOption('#scenario', 'drop');
    await expect(page.locator('#scenario-help')).toContainText('drops 5 s after');
    await page.locator('#mock-form button[type="submit"]').click();
    await expect.poll(() => stateOf(el)).toBe('connected');
    // `reconnecting` can last only a few ms (full-jitter backoff): the log keeps it.
    await expect.poll(() => tickets.length, {timeout: 15_000}).toBe(2);
    await expect.poll(() => stateOf(el)).toBe('connected');
    await expect(page.locator('#log')).toContainText('webmks-disconnect clean false');
    await expect(page.locator('#log')).toContainText('webmks-state reconnecting');
    await expect(page.locator('#log')).toContainText('fresh vSphere webmks ticket');
    await expect
      .poll(() => compareWithServer(el, tickets[1]!.ticket), {timeout: 10_000})
      .toEqual({diff: 0, width: 1024, height: 768});
    expect(problems).toEqual([]);
  });

  test('the CSP is really enforced (the violation listener sees an inline script)', async ({
    page,
  }) => {
    const {problems} = await watch(page);
    await page.goto(`${base}/?connect=0`);
    const blocked = await page.evaluate(() => {
      const s = document.createElement('script');
      try {
        s.textContent = 'window.__inline = 1';
      } catch {
        return 'trusted-types';
      }
      document.head.append(s);
      return (window as unknown as {__inline?: number}).__inline === 1 ? 'ran' : 'blocked';
    });
    expect(blocked).not.toBe('ran');
    await expect.poll(() => problems.some((p) => p.startsWith('CSP violation'))).toBe(true);
  });
});

// ---- the dashboard example ----

test.describe('dashboard example (built, strict CSP)', () => {
  test('connects only the visible thumbnails, pauses hidden ones, opens one interactive', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const {problems, tickets} = await watch(page);
    await page.setViewportSize({width: 1280, height: 600});
    await page.goto(`${base}/examples/dashboard.html`);
    const tiles = page.locator('.tile');
    await expect(tiles).toHaveCount(16);

    const visible = async () => {
      const names: string[] = [];
      for (const tile of await tiles.all()) {
        const box = await tile.boundingBox();
        const vh = page.viewportSize()!.height;
        if (box && box.y + box.height * 0.15 < vh && box.y + box.height * 0.85 > 0) {
          names.push((await tile.getAttribute('data-vm'))!);
        }
      }
      return names;
    };
    const live = (name: string) => page.locator(`.tile[data-vm="${name}"] webmks-console`);

    const first = await visible();
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(first.length).toBeLessThan(16);
    for (const name of first) await expect.poll(() => stateOf(live(name))).toBe('connected');
    // Only the visible ones asked for a ticket.
    expect(tickets.map((t) => t.name).sort()).toEqual([...first].sort());
    for (const {name, ticket} of tickets) {
      const el = live(name!);
      const size = await el.evaluate((e) => {
        const image = (e as HTMLElementTagNameMap['webmks-console']).getImageData();
        return {width: image.width, height: image.height};
      });
      await expect
        .poll(() => compareWithServer(el, ticket), {timeout: 10_000})
        .toEqual({diff: 0, ...size});
    }
    const hidden = (await tiles.evaluateAll((all) => all.map((t) => t.dataset['vm']!))).filter(
      (n) => !first.includes(n),
    );
    for (const name of hidden) expect(await stateOf(live(name))).toBe('disconnected');
    await expect(page.locator('#count-live')).toHaveText(String(first.length));

    // Scroll to the end: the last machines connect, the first ones pause.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const last = await visible();
    expect(last).toContain('backup-01');
    for (const name of last) await expect.poll(() => stateOf(live(name))).toBe('connected');
    const scrolledAway = first.filter((n) => !last.includes(n));
    expect(scrolledAway.length).toBeGreaterThan(0);
    for (const name of scrolledAway) {
      await expect.poll(() => stateOf(live(name)), {timeout: 5000}).toBe('disconnected');
      const spent = tickets.find((t) => t.name === name)!.ticket;
      await expect
        .poll(async () => (await api<{state: string}>(page, spent, 'info')).state)
        .toBe('closed');
    }

    // Open one: an interactive console in the dialog; the thumbnails pause behind it.
    const before = tickets.length;
    await page.locator('.tile[data-vm="backup-01"] .open').click();
    const dialog = page.locator('dialog#viewer');
    await expect(dialog).toBeVisible();
    const big = dialog.locator('webmks-console');
    await expect.poll(() => stateOf(big)).toBe('connected');
    expect(tickets.length).toBe(before + 1);
    const viewerTicket = tickets.at(-1)!;
    expect(viewerTicket.name).toBe('backup-01');
    await expect
      .poll(() => compareWithServer(big, viewerTicket.ticket), {timeout: 10_000})
      .toEqual({diff: 0, width: 1024, height: 768});
    for (const name of last) await expect.poll(() => stateOf(live(name))).toBe('disconnected');
    await expect(big).toBeFocused();
    await page.keyboard.type('root');
    await expect
      .poll(async () => (await api<{text: string}>(page, viewerTicket.ticket, 'typed')).text)
      .toBe('root');
    // Escape goes to the guest while the console has focus; the close button closes.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeVisible();
    await page.click('#viewer-close');
    await expect(dialog).toBeHidden();
    await expect
      .poll(async () => (await api<{state: string}>(page, viewerTicket.ticket, 'info')).state)
      .toBe('closed');
    for (const name of last) await expect.poll(() => stateOf(live(name))).toBe('connected');
    expect(problems).toEqual([]);
  });
});

// ---- the script-tag example ----

test.describe('script-tag example (built, strict CSP)', () => {
  test('works from one classic <script src> with no modules', async ({page}) => {
    const {problems, tickets} = await watch(page);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${base}/examples/script-tag.html`);
    const el = page.locator('webmks-console#vm');
    await expect.poll(() => stateOf(el)).toBe('connected');
    await expect(page.locator('#state')).toHaveText('connected to script-tag-vm');
    expect(scripts.sort()).toEqual(['/examples/script-tag.js', '/webmks-console.min.js']);
    expect(await page.locator('script[type="module"]').count()).toBe(0);
    const ticket = tickets[0]!.ticket;
    await expect
      .poll(() => compareWithServer(el, ticket), {timeout: 10_000})
      .toEqual({diff: 0, width: 1024, height: 768});
    await page.click('#cad');
    await expect
      .poll(() => keyEvents(page, ticket))
      .toEqual(['1d↓', '38↓', '153↓', '153↑', '38↑', '1d↑']);
    expect(problems).toEqual([]);
  });
});
