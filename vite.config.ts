import {resolve} from 'node:path';
import {defineConfig} from 'vitest/config';

// Vite serves the demo (index.html + demo/) and builds it to demo-dist/.
// Vitest runs the DOM-free unit tests in Node (test/unit).
const mockPort = Number(process.env.WEBMKS_MOCK_PORT ?? 8090);

export default defineConfig({
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
  preview: {host: '127.0.0.1'},
  build: {
    outDir: 'demo-dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
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
