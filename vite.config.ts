import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import type {Plugin} from 'vite';
import {defineConfig} from 'vitest/config';

// Vite serves the demo pages (index.html, examples/*.html) and builds them to
// demo-dist/. Vitest runs the DOM-free unit tests in Node (test/unit).
const mockPort = Number(process.env.WEBMKS_MOCK_PORT ?? 8090);
const root = import.meta.dirname;

/**
 * The CSP every built page carries (issue 6). Dev mode cannot use it: Vite's
 * client injects inline styles and scripts. `connect-src ws: wss:` lets the
 * console reach whatever host a ticket names.
 */
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; " +
  "connect-src 'self' ws: wss:; require-trusted-types-for 'script'; trusted-types lit-html";

/**
 * The script-tag bundle: the file `npm run build` just made (it names it in
 * WEBMKS_SCRIPT_BUNDLE), else built from the current source with the same
 * settings (scripts/bundle.js), so a lone `vite build` or `vite` works too.
 */
async function scriptTagBundle(): Promise<Buffer> {
  const prebuilt = process.env.WEBMKS_SCRIPT_BUNDLE;
  if (prebuilt) return readFileSync(resolve(root, prebuilt));
  // A computed specifier: scripts/bundle.js is plain JS without type declarations.
  const bundler = pathToFileURL(join(root, 'scripts/bundle.js')).href;
  const {buildScriptBundle} = (await import(bundler)) as {
    buildScriptBundle(outfile?: string): Promise<{raw: number; gzip: number}>;
  };
  const dir = mkdtempSync(join(tmpdir(), 'webmks-bundle-'));
  try {
    const outfile = join(dir, 'webmks-console.min.js');
    await buildScriptBundle(outfile);
    return readFileSync(outfile);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/**
 * The script-tag example loads `webmks-console.min.js` and its own classic
 * script, which Vite does not bundle (no type="module"): serve them in dev and
 * emit them next to the pages in the build, built from the current source.
 */
function classicScripts(): Plugin {
  return {
    name: 'webmks-classic-scripts',
    configureServer(server) {
      server.middlewares.use('/webmks-console.min.js', (_req, res, next) => {
        scriptTagBundle().then((code) => {
          res.setHeader('content-type', 'text/javascript');
          res.setHeader('cache-control', 'no-store');
          res.end(code);
        }, next);
      });
    },
    async generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'webmks-console.min.js',
        source: await scriptTagBundle(),
      });
      this.emitFile({
        type: 'asset',
        fileName: 'examples/script-tag.js',
        source: readFileSync(join(root, 'examples/script-tag.js')),
      });
    },
  };
}

/** Puts the strict CSP into every built page, first in <head>, so it covers every load. */
function strictCspMeta(): Plugin {
  return {
    name: 'webmks-strict-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const meta = `<meta http-equiv="Content-Security-Policy" content="${STRICT_CSP}" />`;
        // Right after <meta charset>, before any stylesheet or script.
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html)) throw new Error('every page needs <meta charset> first in <head>');
        return html.replace(charset, (m) => `${m}\n    ${meta}`);
      },
    },
  };
}

export default defineConfig({
  // Relative asset URLs, so demo-dist/ works from any path on any static host.
  base: './',
  plugins: [classicScripts(), strictCspMeta()],
  server: {
    host: '127.0.0.1',
    port: Number(process.env.WEBMKS_DEMO_PORT ?? 5173),
    strictPort: false,
    proxy: {
      // The demo asks the mock server for tickets through the dev server, so the
      // page stays same-origin for fetch; the WebSocket goes to the mock directly.
      '/api': {target: `http://127.0.0.1:${mockPort}`},
    },
  },
  // `vite preview` serves demo-dist with the same /api proxy (preview.proxy defaults to server.proxy).
  preview: {host: '127.0.0.1'},
  build: {
    outDir: 'demo-dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: resolve(root, 'index.html'),
        dashboard: resolve(root, 'examples/dashboard.html'),
        'script-tag': resolve(root, 'examples/script-tag.html'),
      },
    },
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60000,
    hookTimeout: 30000,
  },
});
