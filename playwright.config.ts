import {defineConfig} from '@playwright/test';
import {chromiumArgs, chromiumExecutable} from './scripts/chromium.js';

// End-to-end: the demo page (Vite) against the mock ESXi server, in system Chromium.
const mockPort = Number(process.env.WEBMKS_E2E_MOCK_PORT ?? 18090);
const demoPort = Number(process.env.WEBMKS_E2E_DEMO_PORT ?? 15173);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  forbidOnly: true,
  use: {
    baseURL: `http://127.0.0.1:${demoPort}`,
    launchOptions: {executablePath: chromiumExecutable(), args: chromiumArgs()},
    trace: 'off',
  },
  webServer: [
    {
      command: `npx tsx mock-server/cli.ts --host 127.0.0.1 --port ${mockPort}`,
      url: `http://127.0.0.1:${mockPort}/api/health`,
      reuseExistingServer: false,
      timeout: 30000,
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${demoPort} --strictPort`,
      url: `http://127.0.0.1:${demoPort}/`,
      env: {WEBMKS_MOCK_PORT: String(mockPort)},
      reuseExistingServer: false,
      timeout: 60000,
    },
  ],
});
