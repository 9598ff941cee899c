/**
 * Drives test/e2e/pages/peer-console.html from Playwright: opens the element
 * on a peer's WebSocket URL, reads the events it fired, its framebuffer and
 * the SetEncodings it sent, and waits for its picture to equal a peer's own
 * screen dump (writing a diff report when it never does).
 */
import type {Page, TestInfo} from '@playwright/test';
import {comparePixels, writeDiffReport, type PixelComparison} from './pixel-compare.js';
import {imageFromBase64, type RgbaImage} from './rgba-image.js';

export interface PeerEvent {
  type: string;
  detail: unknown;
}

export interface DisconnectDetail {
  clean: boolean;
  code: number;
  reason: string;
}

export interface ConsolePageOptions {
  /** The element's `encodings` attribute. */
  encodings?: string;
  /** The element's `password` property. */
  password?: string;
}

/** RFB encoding numbers (RFC 6143 §7.7, rfbproto) the specs check for. */
export const ENCODING_NUMBERS = {
  raw: 0,
  copyRect: 1,
  rre: 2,
  hextile: 5,
  zlib: 6,
  tight: 7,
  zrle: 16,
  tightPng: -260,
} as const;

interface PeerWindow {
  peer: {
    events: PeerEvent[];
    sent(): string;
    image(): {width: number; height: number; base64: string};
    el: HTMLElement & {
      sendKeys(codes: string[]): void;
      typeText(text: string): Promise<void>;
      disconnect(): void;
    };
  };
}

export class ConsolePage {
  private constructor(readonly page: Page) {}

  /** Opens the test page; the element starts connecting to `url` at once. */
  static async open(
    page: Page,
    url: string,
    options: ConsolePageOptions = {},
  ): Promise<ConsolePage> {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const query = new URLSearchParams({url});
    if (options.encodings !== undefined) query.set('encodings', options.encodings);
    if (options.password !== undefined) query.set('password', options.password);
    await page.goto(`/test/e2e/pages/peer-console.html?${query.toString()}`);
    try {
      await page.waitForFunction(() => 'peer' in window, undefined, {timeout: 15000});
    } catch (err) {
      throw new Error(
        `the peer page did not start (${errors.join('; ') || String(err)}); ` +
          'is src/webmks-console.ts importable?',
      );
    }
    return new ConsolePage(page);
  }

  async events(): Promise<PeerEvent[]> {
    return this.page.evaluate(() => (window as unknown as PeerWindow).peer.events);
  }

  /**
   * Waits for an event of `type`; fails early, quoting it, if the element
   * disconnects first (unless `type` is webmks-disconnect).
   */
  async waitForEvent(type: string, timeoutMs = 15000): Promise<PeerEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await this.events();
      const found = events.find((e) => e.type === type);
      if (found) return found;
      const gone = events.find((e) => e.type === 'webmks-disconnect');
      if (gone && type !== 'webmks-disconnect') {
        throw new Error(
          `the element disconnected while waiting for ${type}: ${JSON.stringify(gone.detail)}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no ${type} within ${timeoutMs} ms; events so far: ${JSON.stringify(events)}`,
        );
      }
      await this.page.waitForTimeout(50);
    }
  }

  /** Waits for webmks-connect and returns its detail. */
  async connected(timeoutMs = 15000): Promise<{width: number; height: number; name: string}> {
    const e = await this.waitForEvent('webmks-connect', timeoutMs);
    return e.detail as {width: number; height: number; name: string};
  }

  /** The element's framebuffer (getImageData) at native size. */
  async image(): Promise<RgbaImage> {
    const r = await this.page.evaluate(() => (window as unknown as PeerWindow).peer.image());
    return imageFromBase64(r.width, r.height, r.base64);
  }

  /** Every byte the element has sent on its WebSockets. */
  async sentBytes(): Promise<Uint8Array> {
    const b64 = await this.page.evaluate(() => (window as unknown as PeerWindow).peer.sent());
    return new Uint8Array(Buffer.from(b64, 'base64'));
  }

  /**
   * The encoding list of the first SetEncodings the element sent (RFC 6143
   * §7.5.2: u8 2, pad, u16 count, count × s32). Found by its shape: the
   * element always lists CopyRect (1) first.
   */
  async sentEncodings(): Promise<number[] | undefined> {
    return findSetEncodings(await this.sentBytes());
  }

  async sendKeys(codes: string[]): Promise<void> {
    await this.page.evaluate((c) => (window as unknown as PeerWindow).peer.el.sendKeys(c), codes);
  }

  async typeText(text: string): Promise<void> {
    await this.page.evaluate((t) => (window as unknown as PeerWindow).peer.el.typeText(t), text);
  }

  async disconnect(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as PeerWindow).peer.el.disconnect());
  }
}

/** Finds the first SetEncodings message whose list starts with CopyRect. */
export function findSetEncodings(bytes: Uint8Array): number[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i + 8 <= bytes.length; i++) {
    if (bytes[i] !== 2 || bytes[i + 1] !== 0) continue;
    const count = view.getUint16(i + 2, false);
    if (count === 0 || i + 4 + count * 4 > bytes.length) continue;
    if (view.getInt32(i + 4, false) !== ENCODING_NUMBERS.copyRect) continue;
    const list: number[] = [];
    for (let k = 0; k < count; k++) list.push(view.getInt32(i + 4 + k * 4, false));
    return list;
  }
  return undefined;
}

/** The first data encoding in a SetEncodings list after CopyRect (what QEMU will use). */
export function preferredEncoding(list: readonly number[]): number | undefined {
  return list.find((e) => e !== ENCODING_NUMBERS.copyRect);
}

export interface MatchOptions {
  timeoutMs: number;
  /** Name for the diff report files. */
  reportName: string;
  testInfo: TestInfo;
  /** Poll interval (default 200 ms). */
  intervalMs?: number;
}

/**
 * Polls until the element's framebuffer equals the peer's screen dump
 * (both taken afresh each round, so a screen that is still settling gets
 * the time it needs). On timeout writes expected/actual/diff PNGs into the
 * test's output dir and throws with the comparison summary.
 */
export async function expectSameImage(
  consolePage: ConsolePage,
  peerDump: () => Promise<RgbaImage>,
  options: MatchOptions,
): Promise<RgbaImage> {
  const deadline = Date.now() + options.timeoutMs;
  let last: {expected: RgbaImage; actual: RgbaImage; result: PixelComparison} | undefined;
  for (;;) {
    const expected = await peerDump();
    const actual = await consolePage.image();
    const result = comparePixels(expected, actual);
    if (result.equal) return actual;
    last = {expected, actual, result};
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
  const files = writeDiffReport(
    options.testInfo.outputPath('pixels'),
    options.reportName,
    last.expected,
    last.actual,
  );
  throw new Error(
    `the element's framebuffer never matched the peer's screen dump within ${options.timeoutMs} ms: ` +
      `${last.result.summary}\nreport: ${files.join(', ')}`,
  );
}

/**
 * Key messages in the client's byte stream, for failure messages: KeyEvent
 * (RFC 6143 §7.5.4: u8 4, u8 down, u16 0, u32 keysym) as "down 0x68", and
 * QEMU Extended Key Event (rfbproto: u8 255, u8 0, u16 down, u32 keysym,
 * u32 XT scancode) as "ext down 0x68/0x23". Found by shape, so treat the
 * result as a diagnostic, not as proof.
 */
export function describeKeyEvents(bytes: Uint8Array): string {
  const out: string[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const plausible = (keysym: number) => keysym <= 0xffff || keysym >>> 24 === 0x01;
  for (let i = 0; i + 8 <= bytes.length; i++) {
    if (bytes[i] === 4 && (bytes[i + 1] ?? 2) <= 1 && bytes[i + 2] === 0 && bytes[i + 3] === 0) {
      const keysym = view.getUint32(i + 4, false);
      if (keysym === 0 || !plausible(keysym)) continue;
      out.push(`${bytes[i + 1] ? 'down' : 'up'} 0x${keysym.toString(16)}`);
      i += 7;
    } else if (bytes[i] === 255 && bytes[i + 1] === 0 && i + 12 <= bytes.length) {
      const down = view.getUint16(i + 2, false);
      const keysym = view.getUint32(i + 4, false);
      const keycode = view.getUint32(i + 8, false);
      if (down > 1 || !plausible(keysym) || keycode > 0xffff) continue;
      out.push(`ext ${down ? 'down' : 'up'} 0x${keysym.toString(16)}/0x${keycode.toString(16)}`);
      i += 11;
    }
  }
  return out.join(', ');
}
