/**
 * Issue 8 "Sanitizing" in the browser: the desktop name (ServerInit and the
 * DesktopName pseudo-encoding), cut text, close reasons and security-failure
 * reasons are text, never HTML. A payload corpus (markup with handlers,
 * script and style breakers, bidi overrides, 1 MB strings) goes through every
 * path; the page gains no element anywhere (document and shadow root), no
 * payload script runs, the status line shows the payload as literal text
 * without control or bidi characters, and event details carry it as data.
 */
import {expect} from '@esm-bundle/chai';
import {ConsoleHarness} from '../helpers/console-harness.js';
import {
  rawRect,
  serverCutText,
  serverInit,
  securityTypes,
  version,
  type RectBytes,
} from '../helpers/server-bytes.js';

type Pwned = Window & {__pwned?: number};

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '</style><script>window.__pwned=2</script>',
  '<svg onload="window.__pwned=3"></svg>',
  '"><iframe srcdoc="<script>parent.__pwned=4</script>"></iframe>',
  "javascript:window.__pwned=5//<a href='javascript:window.__pwned=5'>x</a>",
  '</div><style>*{display:none}</style>',
  '\u202Etxt.exe\u202C \u2066isolate\u2069 \u200Fmark',
  'bell\u0007 nul\u0000 esc\u001b[31m del\u007f c1\u0085 end',
  '${window.__pwned=6}{{constructor.constructor("window.__pwned=7")()}}',
];
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Counts elements added anywhere: the document and the console's shadow root. */
function watchElements(root: ShadowRoot): {added(): string[]; stop(): void} {
  const added: string[] = [];
  const record = (list: MutationRecord[]) => {
    for (const m of list) {
      for (const node of m.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) added.push((node as Element).tagName);
      }
    }
  };
  const a = new MutationObserver(record);
  const b = new MutationObserver(record);
  a.observe(document, {childList: true, subtree: true});
  b.observe(root, {childList: true, subtree: true});
  return {
    added: () => {
      record(a.takeRecords());
      record(b.takeRecords());
      return added;
    },
    stop: () => {
      a.disconnect();
      b.disconnect();
    },
  };
}

/** DesktopName pseudo-rectangle (−307): U32 length, UTF-8 name. */
function desktopName(name: string): RectBytes {
  const bytes = new TextEncoder().encode(name);
  const payload = new Uint8Array(4 + bytes.length);
  new DataView(payload.buffer).setUint32(0, bytes.length);
  payload.set(bytes, 4);
  return {x: 0, y: 0, w: 0, h: 0, encoding: -307, payload};
}

function statusText(h: ConsoleHarness): string {
  return h.el.shadowRoot!.querySelector('[part="status"]')!.textContent ?? '';
}

const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('server strings are text, never HTML', function () {
  this.timeout(30000);
  let h: ConsoleHarness;
  let watch: ReturnType<typeof watchElements>;

  beforeEach(async () => {
    delete (window as Pwned).__pwned;
    h = await ConsoleHarness.create();
    watch = watchElements(h.el.shadowRoot!);
  });

  afterEach(() => {
    watch.stop();
    h.remove();
  });

  async function expectInert(): Promise<void> {
    await h.el.updateComplete;
    await settle();
    expect(watch.added()).to.deep.equal([]);
    expect((window as Pwned).__pwned).to.equal(undefined);
    expect(statusText(h)).to.not.match(UNSAFE);
  }

  for (const [i, payload] of PAYLOADS.entries()) {
    it(`payload ${i}: desktop name, renamed desktop, cut text and close reason`, async () => {
      const t = await h.connect({name: payload, width: 16, height: 8});
      const connect = h.details<{name: string}>('webmks-connect')[0]!;
      expect(connect.name).to.not.match(UNSAFE);
      if (!UNSAFE.test(payload)) {
        expect(connect.name).to.equal(payload.replace(/\s+/g, ' ').trim());
        expect(statusText(h)).to.contain(connect.name); // shown literally, as text
      }
      await expectInert();

      const renamed = `${payload} (renamed)`;
      await h.update([desktopName(renamed), rawRect(0, 0, 4, 4, () => ({r: 1, g: 1, b: 1}))]);
      await expectInert();
      expect(statusText(h)).to.contain('(renamed)');

      t.serverSend(serverCutText(payload));
      await settle(5);
      // Cut text is data for the host: exactly what the guest copied.
      expect(h.details<{text: string}>('webmks-clipboard').at(-1)!.text).to.equal(payload);
      await expectInert();

      t.serverClose(4100, payload, true);
      const d = h.details<{reason: string}>('webmks-disconnect').at(-1)!;
      expect(d.reason).to.not.match(UNSAFE);
      expect(d.reason.length).to.be.greaterThan(0);
      await expectInert();
    });
  }

  it('a security-failure reason full of markup ends as plain text', async () => {
    await h.transports.waitFor(1);
    const t = h.transport;
    t.open();
    const reason = new TextEncoder().encode(PAYLOADS.join(' '));
    t.serverSend(
      version(),
      securityTypes([]),
      Uint8Array.of(0, 0, reason.length >> 8, reason.length & 0xff),
      reason,
    );
    t.serverClose(1000, '', true);
    await h.until(() => h.count('webmks-disconnect') === 1, 'disconnect');
    const d = h.details<{reason: string}>('webmks-disconnect')[0]!;
    expect(d.reason).to.contain('<img src=x onerror=');
    expect(d.reason).to.not.match(UNSAFE);
    expect(Array.from(d.reason).length).to.be.at.most(200);
    await expectInert();
    expect(statusText(h)).to.contain('<img src=x onerror=');
  });

  it('1 MB strings: a name and a cut text over their caps fail the session; a 1 MB close reason is cut to 200 characters', async () => {
    const mb = '<b onmouseover=window.__pwned=8>x</b>\u202E'.repeat(27000); // ~1 MB
    // ServerInit name over 4 KiB: name-too-large.
    await h.transports.waitFor(1);
    let t = h.transport;
    t.open();
    t.serverSend(version(), securityTypes([1]), Uint8Array.of(0, 0, 0, 0), serverInit(16, 8, mb));
    await h.until(() => h.count('webmks-disconnect') === 1, 'disconnect');
    expect(h.details<{reason: string}>('webmks-disconnect')[0]!.reason).to.match(/name-too-large/);
    await expectInert();

    // Cut text of 1 MB (over 256 KiB): cut-text-too-large, nothing delivered.
    h.el.connect();
    t = await h.connect({width: 16, height: 8});
    t.serverSend(serverCutText(mb));
    await h.until(() => h.count('webmks-disconnect') === 2, 'disconnect');
    expect(h.details<{reason: string}>('webmks-disconnect')[1]!.reason).to.match(
      /cut-text-too-large/,
    );
    expect(h.count('webmks-clipboard')).to.equal(0);
    await expectInert();

    // A close reason of 1 MB (a real close frame carries ≤ 123 bytes; a broken transport might not).
    h.el.connect();
    t = await h.connect({width: 16, height: 8});
    t.serverClose(4100, mb, true);
    const reason = h.details<{reason: string}>('webmks-disconnect')[2]!.reason;
    expect(Array.from(reason).length).to.equal(200);
    expect(reason).to.not.match(UNSAFE);
    await expectInert();
    expect(statusText(h).length).to.be.below(300);
  });

  it('a 200 KiB cut text (under the cap) reaches the host intact and never the DOM', async () => {
    const t = await h.connect({width: 16, height: 8});
    const big = `<img src=x onerror="window.__pwned=9">${'é'.repeat(100 * 1024)}`;
    t.serverSend(serverCutText(big));
    await h.until(() => h.count('webmks-clipboard') === 1, 'clipboard');
    expect(h.details<{text: string}>('webmks-clipboard')[0]!.text).to.equal(big);
    await expectInert();
    expect(h.el.shadowRoot!.textContent ?? '').to.not.contain('onerror');
  });
});
