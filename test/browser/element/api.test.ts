import {expect} from '@esm-bundle/chai';
import {WebmksConsole} from '../../../src/webmks-console.js';
import {ConsoleHarness, EVENT_NAMES, HARNESS_URL, settle} from '../helpers/console-harness.js';
import {bell, desktopSize, ledState, serverCutText} from '../helpers/server-bytes.js';

const live: ConsoleHarness[] = [];
async function harness(...args: Parameters<typeof ConsoleHarness.create>) {
  const h = await ConsoleHarness.create(...args);
  live.push(h);
  return h;
}

describe('<webmks-console> API', () => {
  afterEach(() => {
    for (const h of live.splice(0)) h.remove();
  });

  it('is registered once, by a module that can be imported again', async () => {
    expect(customElements.get('webmks-console')).to.equal(WebmksConsole);
    await import('../../../src/webmks-console.js');
    expect(customElements.get('webmks-console')).to.equal(WebmksConsole);
    expect(document.createElement('webmks-console')).to.be.instanceOf(WebmksConsole);
  });

  it('has the documented defaults', () => {
    const el = new WebmksConsole();
    expect(el.url).to.equal('');
    expect(el.scale).to.equal('fit');
    expect(el.resize).to.equal('none');
    expect(el.keyboardLayout).to.equal('en-US');
    expect(el.logLevel).to.equal('silent');
    expect(el.reconnect).to.equal(false);
    expect(el.viewOnly).to.equal(false);
    expect(el.noAutoConnect).to.equal(false);
    expect(el.ticketProvider).to.equal(undefined);
    expect(el.state).to.equal('disconnected');
  });

  it('reads attributes into properties', async () => {
    const el = document.createElement('webmks-console');
    el.setAttribute('no-auto-connect', '');
    el.setAttribute('view-only', '');
    el.setAttribute('scale', 'integer');
    el.setAttribute('resize', 'remote');
    el.setAttribute('reconnect', '');
    el.setAttribute('keyboard-layout', 'de-DE');
    el.setAttribute('log-level', 'debug');
    el.setAttribute('url', HARNESS_URL);
    document.body.append(el);
    await el.updateComplete;
    expect(el.noAutoConnect).to.equal(true);
    expect(el.viewOnly).to.equal(true);
    expect(el.scale).to.equal('integer');
    expect(el.resize).to.equal('remote');
    expect(el.reconnect).to.equal(true);
    expect(el.keyboardLayout).to.equal('de-DE');
    expect(el.logLevel).to.equal('debug');
    expect(el.url).to.equal(HARNESS_URL);
    el.remove();
  });

  it('reflects properties to attributes, but never the url (it holds the ticket)', async () => {
    const el = document.createElement('webmks-console');
    el.noAutoConnect = true;
    document.body.append(el);
    el.viewOnly = true;
    el.scale = 'none';
    el.resize = 'remote';
    el.reconnect = true;
    el.keyboardLayout = 'fr-FR';
    el.logLevel = 'warn';
    el.url = HARNESS_URL;
    await el.updateComplete;
    expect(el.hasAttribute('view-only')).to.equal(true);
    expect(el.getAttribute('scale')).to.equal('none');
    expect(el.getAttribute('resize')).to.equal('remote');
    expect(el.hasAttribute('reconnect')).to.equal(true);
    expect(el.getAttribute('keyboard-layout')).to.equal('fr-FR');
    expect(el.getAttribute('log-level')).to.equal('warn');
    expect(el.hasAttribute('no-auto-connect')).to.equal(true);
    expect(el.hasAttribute('url')).to.equal(false);
    expect(
      el
        .getAttributeNames()
        .map((n) => el.getAttribute(n))
        .join(' '),
    ).not.to.contain('harness-ticket');
    el.viewOnly = false;
    await el.updateComplete;
    expect(el.hasAttribute('view-only')).to.equal(false);
    el.remove();
  });

  it('keeps ticketProvider and options as properties only', async () => {
    const h = await harness({
      ticketProvider: () => HARNESS_URL,
      attributes: {'no-auto-connect': true},
    });
    expect(h.el.hasAttribute('ticket-provider')).to.equal(false);
    expect(h.el.hasAttribute('ticketprovider')).to.equal(false);
    expect(h.el.hasAttribute('options')).to.equal(false);
  });

  it('has a read-only state', () => {
    const el = new WebmksConsole();
    expect(() => {
      (el as unknown as {state: string}).state = 'connected';
    }).to.throw(TypeError);
  });

  it('renders the parts screen, canvas and status, a live region and a default slot', async () => {
    const h = await harness({attributes: {'no-auto-connect': true}});
    const root = h.el.shadowRoot!;
    expect(root.querySelector('[part="screen"]')).to.be.instanceOf(HTMLElement);
    expect(root.querySelector('[part="screen"] [part="canvas"]')).to.be.instanceOf(
      HTMLCanvasElement,
    );
    const status = root.querySelector('[part="status"]')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(status.textContent!.trim()).to.equal('Disconnected.');
    const slot = root.querySelector('slot')!;
    expect(slot.hasAttribute('name')).to.equal(false);
  });

  it('is focusable and labelled', async () => {
    const h = await harness({attributes: {'no-auto-connect': true}});
    expect(h.el.tabIndex).to.equal(0);
    h.el.focus();
    expect(document.activeElement).to.equal(h.el);
    const el2 = document.createElement('webmks-console');
    el2.setAttribute('tabindex', '-1');
    el2.noAutoConnect = true;
    document.body.append(el2);
    expect(el2.tabIndex).to.equal(-1);
    el2.remove();
  });

  it('shows slotted content', async () => {
    const h = await harness({attributes: {'no-auto-connect': true}});
    const button = document.createElement('button');
    button.textContent = 'CAD';
    h.el.append(button);
    const slot = h.el.shadowRoot!.querySelector('slot')!;
    expect(slot.assignedElements()).to.deep.equal([button]);
  });

  it('connects on its own with a url, and fires connect and state events that bubble and compose', async () => {
    const h = await harness();
    await h.connect({width: 100, height: 50, name: 'Win <b>11</b>'});
    expect(h.el.state).to.equal('connected');
    const connect = h.events.find((e) => e.type === 'webmks-connect')!;
    expect(connect.detail).to.deep.equal({width: 100, height: 50, name: 'Win <b>11</b>'});
    expect(h.details('webmks-state')).to.deep.equal([{state: 'connecting'}, {state: 'connected'}]);
    for (const e of h.events) expect([e.bubbles, e.composed]).to.deep.equal([true, true]);
    expect(h.el.matches(':state(connected)')).to.equal(true);
    expect(h.el.matches(':state(disconnected)')).to.equal(false);
    await h.el.updateComplete;
    const status = h.el.shadowRoot!.querySelector('[part="status"]')!;
    expect(status.textContent).to.contain('Connected to Win <b>11</b>.');
    expect(status.querySelector('b')).to.equal(null);
  });

  it('does not connect with no-auto-connect until connect() is called', async () => {
    const h = await harness({attributes: {'no-auto-connect': true}});
    await settle();
    expect(h.transports.transports).to.have.length(0);
    h.el.connect();
    await h.connect();
    expect(h.el.state).to.equal('connected');
  });

  it('fires webmks-resize, webmks-leds, webmks-clipboard and webmks-bell with their details', async () => {
    const h = await harness();
    await h.connect({width: 32, height: 16});
    await h.update([desktopSize(40, 20), ledState({caps: true, num: true})]);
    h.transport.serverSend(serverCutText('copied <script>x</script> ✓'), bell());
    expect(h.details('webmks-resize')).to.deep.equal([{width: 40, height: 20}]);
    expect(h.details('webmks-leds')).to.deep.equal([
      {capsLock: true, numLock: true, scrollLock: false},
    ]);
    expect(h.details('webmks-clipboard')).to.deep.equal([{text: 'copied <script>x</script> ✓'}]);
    expect(h.details('webmks-bell')).to.deep.equal([{}]);
    expect(h.el.getImageData().width).to.equal(40);
  });

  it('fires exactly one webmks-disconnect for an attempt refused before the socket opened', async () => {
    const h = await harness();
    await h.transports.waitFor(1);
    h.transport.refuse();
    await settle();
    const d = h.details<{clean: boolean; code: number; reason: string}>('webmks-disconnect');
    expect(d).to.have.length(1);
    expect(d[0]!.clean).to.equal(false);
    expect(d[0]!.code).to.equal(1006);
    expect(d[0]!.reason.length).to.be.at.most(200);
    expect(d[0]!.reason).not.to.contain('harness-ticket');
    expect(h.el.state).to.equal('failed');
    expect(h.el.matches(':state(failed)')).to.equal(true);
  });

  it('disconnect() fires one clean webmks-disconnect and closes with 1000', async () => {
    const h = await harness();
    const t = await h.connect();
    h.el.disconnect();
    expect(t.closedWith).to.deep.include({code: 1000});
    expect(h.details('webmks-disconnect')).to.deep.equal([
      {clean: true, code: 1000, reason: 'Disconnected by the client.'},
    ]);
    expect(h.el.state).to.equal('disconnected');
  });

  it('closes the socket in the same task when removed, with one disconnect event', async () => {
    const h = await harness();
    const t = await h.connect();
    h.el.remove();
    expect(t.closedWith).to.deep.include({code: 1000});
    expect(h.count('webmks-disconnect')).to.equal(1);
    expect(h.el.state).to.equal('disconnected');
  });

  it('reconnects with a fresh ticket from ticketProvider after the server drops the session', async () => {
    let n = 0;
    const h = await harness({
      ticketProvider: async () => `wss://esx.test/ticket/fresh-${++n}`,
      attributes: {reconnect: true},
      options: {random: () => 0},
    });
    const first = await h.connect();
    first.serverClose(1006, '', false);
    expect(h.el.state).to.equal('reconnecting');
    const second = await h.connect();
    expect(n).to.equal(2);
    expect([first.url, second.url]).to.deep.equal([
      'wss://esx.test/ticket/fresh-1',
      'wss://esx.test/ticket/fresh-2',
    ]);
    expect(h.details('webmks-state').map((d) => (d as {state: string}).state)).to.deep.equal([
      'connecting',
      'connected',
      'reconnecting',
      'connected',
    ]);
  });

  it('switches to a new url when the url changes', async () => {
    const h = await harness();
    const first = await h.connect();
    h.el.url = 'wss://esx.test/ticket/second-ticket';
    await h.el.updateComplete;
    expect(first.closedWith).to.deep.include({code: 1000});
    const second = await h.connect();
    expect(second.url).to.equal('wss://esx.test/ticket/second-ticket');
  });

  it('takes a vSphere ticket object and a Nova remote console from the provider', async () => {
    const h = await harness({
      ticketProvider: () => ({host: 'esx7.lab', port: 443, ticket: 'vs-ticket'}),
    });
    await h.transports.waitFor(1);
    expect(h.transport.url).to.equal('wss://esx7.lab/ticket/vs-ticket');
    const h2 = await harness({
      ticketProvider: () => ({
        remote_console: {
          protocol: 'mks',
          type: 'webmks',
          url: 'https://nova.lab:6090/mks.html?token=nv-tok',
        },
      }),
    });
    await h2.connect({mode: 'server-init', width: 20, height: 10});
    expect(h2.transport.url).to.equal('wss://nova.lab:6090/?token=nv-tok');
    expect(h2.el.state).to.equal('connected');
  });

  it('returns a screenshot at the native size', async () => {
    const h = await harness();
    await h.connect({width: 30, height: 20});
    const blob = await h.el.screenshot();
    expect(blob.type).to.equal('image/png');
    const bitmap = await createImageBitmap(blob);
    expect([bitmap.width, bitmap.height]).to.deep.equal([30, 20]);
  });

  it('logs nothing by default, and never the ticket at any level', async () => {
    const canary = 'CANARY-7d1e0c-ticket';
    const url = `wss://esx.test/ticket/${canary}`;
    for (const level of ['silent', 'error', 'warn', 'info', 'debug'] as const) {
      const lines: string[] = [];
      const record = (...a: unknown[]) => lines.push(a.map(String).join(' '));
      const h = await harness({
        url,
        attributes: {'log-level': level},
        options: {logSink: {error: record, warn: record, info: record, debug: record}},
      });
      const t = await h.connect();
      t.serverSend([200]); // a protocol error, logged at warn
      await settle();
      h.remove();
      if (level === 'silent') expect(lines).to.deep.equal([]);
      if (level === 'debug') expect(lines.length).to.be.greaterThan(2);
      expect(lines.join('\n')).not.to.contain(canary);
      expect(JSON.stringify(h.events)).not.to.contain(canary);
    }
  });

  it('types every event name in HTMLElementEventMap', () => {
    // Compile-time check: each listener sees its own detail type.
    const el = new WebmksConsole();
    el.addEventListener('webmks-connect', (e) => void e.detail.width);
    el.addEventListener('webmks-disconnect', (e) => void e.detail.reason.length);
    el.addEventListener('webmks-state', (e) => void e.detail.state);
    el.addEventListener('webmks-resize', (e) => void e.detail.height);
    el.addEventListener('webmks-leds', (e) => void e.detail.capsLock);
    el.addEventListener('webmks-clipboard', (e) => void e.detail.text);
    el.addEventListener('webmks-bell', (e) => void e.detail);
    el.addEventListener('webmks-type-progress', (e) => void e.detail.total);
    expect(EVENT_NAMES).to.have.length(8);
  });
});
