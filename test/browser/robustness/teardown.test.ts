/**
 * Issue 8 "Teardown" with the real clock, the real animation frames and the
 * element's real WebSocketTransport (over an instrumented socket): removing
 * or moving the element closes its socket in the same task, and leaves no
 * timers, no frames, no ResizeObservers, no listeners on window or document,
 * and no held keys, whatever phase the console was in.
 */
import {expect} from '@esm-bundle/chai';
import '../../../src/webmks-console.js';
import type {WebmksConsole} from '../../../src/element/webmks-console.component.js';
import {parseClientStream} from '../helpers/client-bytes.js';
import {
  framebufferUpdate,
  handshake,
  rawRect,
  serverCaps,
  tightPngImage,
  version,
} from '../helpers/server-bytes.js';
import {InstrumentedSocket, instrument, NOTHING_LEFT, type Instrumentation} from './instrument.js';

let serial = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

interface Mounted {
  el: WebmksConsole;
  /** The newest socket the element opened. */
  socket(): InstrumentedSocket;
  sockets: InstrumentedSocket[];
}

async function mount(
  setup: (el: WebmksConsole) => void = () => {},
  parent: HTMLElement = document.body,
): Promise<Mounted> {
  const el = document.createElement('webmks-console');
  const first = InstrumentedSocket.all.length;
  el.ticketProvider = () => `wss://esx.test/ticket/teardown-${++serial}`;
  el.style.setProperty('width', '200px');
  el.style.setProperty('height', '150px');
  setup(el);
  parent.append(el);
  await el.updateComplete;
  return {
    el,
    get sockets() {
      return InstrumentedSocket.all.slice(first);
    },
    socket() {
      const all = InstrumentedSocket.all.slice(first);
      if (all.length === 0) throw new Error('no socket yet');
      return all[all.length - 1]!;
    },
  };
}

async function connect(m: Mounted, count = 1): Promise<InstrumentedSocket> {
  await until(() => m.sockets.length >= count, 'a socket');
  const ws = m.socket();
  ws.open();
  ws.message(...handshake(32, 16, 'teardown vm'), serverCaps(0x000000a2));
  await until(() => m.el.state === 'connected', 'connected');
  return ws;
}

/** VScan codes still down on the server, from the bytes the element sent. */
function heldKeys(ws: InstrumentedSocket): number[] {
  const held = new Set<number>();
  for (const msg of parseClientStream(ws.sentBytes())) {
    if (msg.kind !== 'vmware' || msg.subtype !== 0) continue;
    const vscan = (msg.bytes[4]! << 8) | msg.bytes[5]!;
    if (msg.bytes[6]) held.add(vscan);
    else held.delete(vscan);
  }
  return [...held];
}

function key(el: WebmksConsole, type: 'keydown' | 'keyup', code: string, k: string): void {
  el.focus();
  el.dispatchEvent(new KeyboardEvent(type, {code, key: k, bubbles: true, composed: true}));
}

async function pngBytes(w: number, h: number): Promise<Uint8Array> {
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#3a7';
  ctx.fillRect(0, 0, w, h);
  const blob = await c.convertToBlob({type: 'image/png'});
  return new Uint8Array(await blob.arrayBuffer());
}

/** Asserts nothing is left now, and still nothing after timers and frames had a chance to run. */
async function expectNothingLeft(inst: Instrumentation): Promise<void> {
  expect(inst.leftovers()).to.deep.equal(NOTHING_LEFT);
  await sleep(60);
  await new Promise((r) => requestAnimationFrame(r));
  expect(inst.leftovers()).to.deep.equal(NOTHING_LEFT);
}

describe('teardown (real timers, frames and transport)', () => {
  let inst: Instrumentation;
  beforeEach(() => {
    inst = instrument();
  });
  afterEach(() => {
    inst.restore();
  });

  it('removal while connected and busy: socket closed and keys released in the same task, nothing left', async () => {
    const m = await mount((el) => {
      el.setAttribute('resize', 'remote');
      el.reconnect = true;
    });
    const ws = await connect(m);
    const png = await pngBytes(8, 8);
    // Work in flight: an image decoding, a frame requested, a key and a button held,
    // a coalesced pointer move waiting for its frame, the remote-resize debounce.
    ws.message(
      framebufferUpdate(
        [rawRect(0, 0, 32, 16, () => ({r: 1, g: 2, b: 3})), tightPngImage(4, 4, 8, 8, png)],
        1,
      ),
    );
    key(m.el, 'keydown', 'ShiftLeft', 'Shift');
    key(m.el, 'keydown', 'KeyA', 'A');
    const canvas = m.el.shadowRoot!.querySelector('canvas')!;
    const r = canvas.getBoundingClientRect();
    const at = {clientX: r.left + 5, clientY: r.top + 5, bubbles: true, composed: true};
    canvas.dispatchEvent(new PointerEvent('pointerdown', {...at, buttons: 1, pointerId: 1}));
    canvas.dispatchEvent(
      new PointerEvent('pointermove', {...at, clientX: at.clientX + 3, buttons: 1, pointerId: 1}),
    );
    expect(heldKeys(ws)).to.have.length(2);
    expect(inst.created.listeners).to.be.greaterThan(0);
    expect(inst.created.timers).to.be.greaterThan(0);
    expect(inst.created.observers).to.be.greaterThan(0);

    m.el.remove();

    // Same task: the close frame went out after the key-ups.
    expect(ws.closeCalls).to.deep.equal([[1000, 'client disconnect']]);
    expect(ws.readyState).to.equal(InstrumentedSocket.CLOSING);
    expect(heldKeys(ws)).to.deep.equal([]);
    await expectNothingLeft(inst);
    expect(m.sockets).to.have.length(1); // no reconnect after removal
  });

  it('removal during the handshake', async () => {
    const m = await mount();
    await until(() => m.sockets.length === 1, 'a socket');
    m.socket().open();
    m.socket().message(version());
    m.el.remove();
    expect(m.socket().closeCalls).to.deep.equal([[1000, 'client disconnect']]);
    await expectNothingLeft(inst);
  });

  it('removal before the socket opened', async () => {
    const m = await mount();
    await until(() => m.sockets.length === 1, 'a socket');
    m.el.remove();
    expect(m.socket().closeCalls).to.have.length(1);
    await expectNothingLeft(inst);
  });

  it('removal while the ticket is being fetched: no socket, ever', async () => {
    let resolve!: (url: string) => void;
    const m = await mount((el) => {
      el.ticketProvider = () => new Promise<string>((r) => (resolve = r));
    });
    await sleep(5);
    m.el.remove();
    resolve('wss://esx.test/ticket/late-ticket-1');
    await sleep(20);
    expect(m.sockets).to.have.length(0);
    await expectNothingLeft(inst);
  });

  it('removal during the reconnect backoff: the retry never happens', async () => {
    const m = await mount((el) => {
      el.reconnect = true;
      el.options = {reconnectPolicy: {baseMs: 40}, random: () => 0.99};
    });
    const ws = await connect(m);
    ws.closed(1006, '', false);
    expect(m.el.state).to.equal('reconnecting');
    expect(inst.leftovers().timers).to.have.length(1); // the backoff
    m.el.remove();
    await expectNothingLeft(inst);
    await sleep(100);
    expect(m.sockets).to.have.length(1);
  });

  it('removal while a failed session waits for the server to answer its close', async () => {
    const m = await mount((el) => {
      el.reconnect = true;
    });
    const ws = await connect(m);
    ws.message(Uint8Array.of(200)); // protocol error: close frame sent, the answer never comes
    expect(ws.closeCalls).to.deep.equal([[4000, 'protocol error']]);
    expect(inst.leftovers().timers.some((t) => t.includes('3000 ms'))).to.equal(true);
    m.el.remove();
    await expectNothingLeft(inst);
    await sleep(50);
    expect(m.sockets).to.have.length(1);
  });

  it('a move (removal and insertion in one task) closes the old socket in that task and dials a new ticket', async () => {
    const m = await mount();
    const first = await connect(m);
    key(m.el, 'keydown', 'ControlLeft', 'Control');
    const box = document.createElement('div');
    document.body.append(box);
    box.append(m.el);
    expect(first.closeCalls).to.deep.equal([[1000, 'client disconnect']]);
    expect(heldKeys(first)).to.deep.equal([]);
    const second = await connect(m, 2);
    expect(second.url).to.not.equal(first.url);
    m.el.remove();
    box.remove();
    expect(second.closeCalls).to.have.length(1);
    await expectNothingLeft(inst);
  });

  it('60 mount/unmount cycles through every phase leave nothing behind', async () => {
    for (let i = 0; i < 60; i++) {
      const m = await mount((el) => {
        el.reconnect = i % 2 === 0;
        if (i % 3 === 0) el.setAttribute('resize', 'remote');
      });
      const phase = i % 4;
      if (phase >= 1) await until(() => m.sockets.length === 1, 'a socket');
      if (phase >= 2) await connect(m);
      if (phase === 3) {
        m.socket().message(framebufferUpdate([rawRect(0, 0, 8, 8, () => ({r: i, g: 0, b: 0}))]));
        key(m.el, 'keydown', 'AltLeft', 'Alt');
      }
      m.el.remove();
      if (phase >= 1) expect(m.socket().closeCalls.length).to.equal(1);
      if (phase === 3) expect(heldKeys(m.socket())).to.deep.equal([]);
    }
    await expectNothingLeft(inst);
  });
});
