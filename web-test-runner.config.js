// @web/test-runner: the element and the renderer in real Chromium (test/browser).
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {playwrightLauncher} from '@web/test-runner-playwright';
import {chromiumArgs, chromiumExecutable} from './scripts/chromium.js';

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  testFramework: {config: {timeout: 20000}},
  testsFinishTimeout: 240000,
  plugins: [esbuildPlugin({ts: true, target: 'es2022', tsconfig: 'tsconfig.json'})],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {executablePath: chromiumExecutable(), headless: true, args: chromiumArgs()},
    }),
  ],
};
