// Which Chromium the test runners and benchmarks launch.
//
// These machines cannot download Playwright's own browsers, so every launcher
// points at a system Chromium: $WEBMKS_CHROMIUM (or $CHROMIUM_PATH) if set,
// else Debian's /usr/bin/chromium. Where neither exists (a developer laptop),
// we fall back to Playwright's bundled browser and say so once.
import {existsSync} from 'node:fs';

const DEFAULT_PATH = '/usr/bin/chromium';

/** @returns {string | undefined} an executable path, or undefined for Playwright's own browser */
export function chromiumExecutable() {
  const fromEnv = process.env.WEBMKS_CHROMIUM || process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`WEBMKS_CHROMIUM/CHROMIUM_PATH points at ${fromEnv}, which does not exist`);
    }
    return fromEnv;
  }
  if (existsSync(DEFAULT_PATH)) return DEFAULT_PATH;
  if (!globalThis.__webmksChromiumWarned) {
    globalThis.__webmksChromiumWarned = true;
    console.warn(
      `[webmks-console] No Chromium at ${DEFAULT_PATH} and WEBMKS_CHROMIUM is not set: ` +
        "using Playwright's own browser (run `npx playwright install chromium` once if it is missing).",
    );
  }
  return undefined;
}

/**
 * Flags for headless Chromium: no sandbox when running as root (CI runs as
 * root), and no outside connections (this machine has no network but loopback).
 */
export function chromiumArgs() {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-gpu',
    '--disable-quic',
    '--disable-dev-shm-usage',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.unshift('--no-sandbox');
  return args;
}
