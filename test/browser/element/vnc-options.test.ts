/**
 * The plain-VNC settings of `<webmks-console>` (issue 7): the `encodings`,
 * `quality-level` and `compression-level` attributes reach SetEncodings, and
 * VNC Authentication is answered from `password`, from a page that answers
 * `webmks-credentials-required`, or from sendCredentials(). The password
 * never shows up in an attribute, an event or a log line.
 */
import {expect} from '@esm-bundle/chai';
import type {WebmksConsole} from '../../../src/element/webmks-console.component.js';
import {ConsoleHarness, settle} from '../helpers/console-harness.js';
import type {FakeTransport} from '../helpers/fake-transport.js';
import {securityResult, serverInit, version} from '../helpers/server-bytes.js';

/** A plain VNC endpoint: no /ticket/ path, so the element speaks standard RFB. */
const VNC_URL = 'ws://127.0.0.1:5901/';

const CHALLENGE = Uint8Array.from({length: 16}, (_, i) => i);
/**
 * The VNC Authentication response to CHALLENGE with password "secret",
 * computed outside this code base: the key is the password padded to 8 bytes
 * with every byte's bits reversed (ce a6 c6 4e a6 2e 00 00), and
 *   printf 000102030405060708090a0b0c0d0e0f | xxd -r -p |
 *     openssl enc -des-ecb -provider legacy -provider default -nopad \
 *       -K cea6c64ea62e0000 | xxd -p
 */
const SECRET_RESPONSE = 'ee22539f33a5983ec12f9c2edbc995dd';

const live: ConsoleHarness[] = [];
async function harness(attributes: Record<string, string> = {}, logLines: string[] = []) {
  const h = await ConsoleHarness.create({
    url: VNC_URL,
    attributes: {'log-level': 'debug', ...attributes},
    options: {
      logSink: {
        error: (...a: unknown[]) => logLines.push(a.map(String).join(' ')),
        warn: (...a: unknown[]) => logLines.push(a.map(String).join(' ')),
        info: (...a: unknown[]) => logLines.push(a.map(String).join(' ')),
        debug: (...a: unknown[]) => logLines.push(a.map(String).join(' ')),
      },
    },
  });
  live.push(h);
  return h;
}

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/** Records every event named `type` on the element (with its detail as JSON). */
function record(el: WebmksConsole, types: readonly string[]): Array<{type: string; json: string}> {
  const seen: Array<{type: string; json: string}> = [];
  for (const type of types) {
    el.addEventListener(type, (e) => {
      seen.push({type, json: JSON.stringify((e as CustomEvent).detail ?? null)});
    });
  }
  return seen;
}

const ALL_EVENTS = [
  'webmks-connect',
  'webmks-disconnect',
  'webmks-state',
  'webmks-resize',
  'webmks-credentials-required',
] as const;

/** Opens the socket and plays a plain RFB 3.8 server up to the VNC challenge. */
async function openWithVncAuth(h: ConsoleHarness): Promise<FakeTransport> {
  const t = await h.transports.waitFor(1);
  t.open();
  t.serverSend(version(), [1, 2], CHALLENGE); // one security type: 2 (VNC Authentication)
  return t;
}

/** The SetEncodings list the client sent (after ServerInit), as signed numbers. */
async function sentEncodings(h: ConsoleHarness): Promise<number[]> {
  const t = await h.transports.waitFor(1);
  t.open();
  t.serverSend(version(), [1, 1], securityResult(true), serverInit(16, 8, 'vnc'));
  await h.until(() => h.el.state === 'connected', 'connected');
  const all = t.sentBytes();
  // version (12), security choice (1), ClientInit (1), SetPixelFormat (20), SetEncodings.
  let at = 12 + 1 + 1;
  expect(all[at], 'SetPixelFormat').to.equal(0);
  at += 20;
  expect(all[at], 'SetEncodings').to.equal(2);
  const view = new DataView(all.buffer, all.byteOffset + at);
  const n = view.getUint16(2);
  return Array.from({length: n}, (_, i) => view.getInt32(4 + 4 * i));
}

describe('<webmks-console> plain VNC options', () => {
  afterEach(() => {
    for (const h of live.splice(0)) h.remove();
  });

  it('asks for the default encodings in noVNC order', async () => {
    const h = await harness();
    const list = await sentEncodings(h);
    // CopyRect, Tight, TightPNG, ZRLE, Hextile, RRE, Zlib, Raw, quality 9, compression 2, …
    expect(list.slice(0, 10)).to.deep.equal([1, 7, -260, 16, 5, 2, 6, 0, -32 + 9, -256 + 2]);
  });

  it('sends the encodings attribute in its order, Raw last, with the levels', async () => {
    const h = await harness({
      encodings: 'hextile, zrle ,bogus,raw,rre',
      'quality-level': '3',
      'compression-level': '7',
    });
    expect(h.el.encodings).to.equal('hextile, zrle ,bogus,raw,rre');
    expect(h.el.qualityLevel).to.equal(3);
    expect(h.el.compressionLevel).to.equal(7);
    const list = await sentEncodings(h);
    // CopyRect first, then the named ones we decode (bogus dropped), then the levels.
    expect(list.slice(0, 7)).to.deep.equal([1, 5, 16, 0, 2, -32 + 3, -256 + 7]);
    expect(list).to.not.include(7); // Tight was not asked for
  });

  it('takes the encodings and levels from properties too', async () => {
    const h = await harness({'no-auto-connect': ''});
    h.el.encodings = 'raw';
    h.el.qualityLevel = 0;
    h.el.compressionLevel = 9;
    h.el.connect();
    const list = await sentEncodings(h);
    expect(list.slice(0, 4)).to.deep.equal([1, 0, -32, -256 + 9]);
    expect(h.el.hasAttribute('encodings')).to.equal(false);
  });

  it('fires webmks-credentials-required and answers the challenge with the password set then', async () => {
    const logLines: string[] = [];
    const h = await harness({}, logLines);
    const seen = record(h.el, ALL_EVENTS);
    const t = await openWithVncAuth(h);
    await h.until(() => seen.some((e) => e.type === 'webmks-credentials-required'), 'the event');
    const asked = seen.find((e) => e.type === 'webmks-credentials-required')!;
    expect(JSON.parse(asked.json)).to.deep.equal({types: ['password']});
    // Nothing answered yet: only the version and the security choice went out.
    expect(t.sentBytes().length).to.equal(13);
    expect(t.sentBytes()[12]).to.equal(2);

    h.el.password = 'secret';
    await h.until(() => t.sentBytes().length >= 29, 'the DES response');
    expect(hex(t.sentBytes().subarray(13, 29))).to.equal(SECRET_RESPONSE);

    t.serverSend(securityResult(true), serverInit(16, 8, 'vnc'));
    await h.until(() => h.el.state === 'connected', 'connected');
    expect(seen.filter((e) => e.type === 'webmks-credentials-required')).to.have.length(1);

    // The password is in no attribute, no event and no log line.
    expect(
      h.el
        .getAttributeNames()
        .map((n) => h.el.getAttribute(n))
        .join(' '),
    ).to.not.include('secret');
    expect(h.el.shadowRoot!.textContent).to.not.include('secret');
    expect(seen.map((e) => e.json).join(' ')).to.not.include('secret');
    expect(logLines.length).to.be.greaterThan(0);
    expect(logLines.join('\n')).to.not.include('secret');
  });

  it('answers from sendCredentials() without keeping the password', async () => {
    const h = await harness();
    const seen = record(h.el, ALL_EVENTS);
    h.el.addEventListener('webmks-credentials-required', () => h.el.sendCredentials('secret'));
    const t = await openWithVncAuth(h);
    await h.until(() => t.sentBytes().length >= 29, 'the DES response');
    expect(hex(t.sentBytes().subarray(13, 29))).to.equal(SECRET_RESPONSE);
    expect(h.el.password).to.equal(undefined);
    expect(seen.filter((e) => e.type === 'webmks-credentials-required')).to.have.length(1);
  });

  it('uses a password set beforehand, without asking', async () => {
    const h = await harness({'no-auto-connect': ''});
    h.el.password = 'secret';
    const seen = record(h.el, ALL_EVENTS);
    h.el.connect();
    const t = await openWithVncAuth(h);
    await h.until(() => t.sentBytes().length >= 29, 'the DES response');
    expect(hex(t.sentBytes().subarray(13, 29))).to.equal(SECRET_RESPONSE);
    expect(seen.filter((e) => e.type === 'webmks-credentials-required')).to.have.length(0);
    expect(h.el.hasAttribute('password')).to.equal(false);
  });

  it('a wrong password ends in one webmks-disconnect with the server reason', async () => {
    const h = await harness();
    const seen = record(h.el, ALL_EVENTS);
    h.el.addEventListener('webmks-credentials-required', () => h.el.sendCredentials('wrong'));
    const t = await openWithVncAuth(h);
    await h.until(() => t.sentBytes().length >= 29, 'the DES response');
    const reason = [...'Authentication failed\0'].map((c) => c.charCodeAt(0));
    t.serverSend([0, 0, 0, 1, 0, 0, 0, reason.length, ...reason]);
    await h.until(() => seen.some((e) => e.type === 'webmks-disconnect'), 'disconnect');
    const detail = JSON.parse(seen.find((e) => e.type === 'webmks-disconnect')!.json) as {
      clean: boolean;
      reason: string;
    };
    expect(detail.clean).to.equal(false);
    expect(detail.reason).to.include('Authentication failed');
    expect(detail.reason).to.not.include('\0');
    expect(detail.reason).to.not.include('wrong');
  });

  it('disconnect() while the password is asked for ends the attempt', async () => {
    const h = await harness();
    const seen = record(h.el, ALL_EVENTS);
    const t = await openWithVncAuth(h);
    await h.until(() => seen.some((e) => e.type === 'webmks-credentials-required'), 'the event');
    h.el.disconnect();
    await settle();
    expect(seen.filter((e) => e.type === 'webmks-disconnect')).to.have.length(1);
    expect(h.el.state).to.equal('disconnected');
    // A late answer goes nowhere.
    h.el.sendCredentials('secret');
    await settle();
    expect(t.sentBytes().length).to.equal(13);
  });
});
