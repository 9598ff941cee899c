import {expect} from '@esm-bundle/chai';
import type {TransportCloseInfo} from '../../../src/transport/transport.js';
import {WebSocketTransport} from '../../../src/transport/websocket-transport.js';
import {ManualClock} from '../helpers/manual-clock.js';

/** A WebSocket stand-in the test drives by hand. */
class FakeSocket {
  static last: FakeSocket | undefined;
  readyState = 0;
  binaryType = 'blob';
  protocol = '';
  bufferedAmount = 0;
  sent: unknown[] = [];
  closeCalls: Array<[number | undefined, string | undefined]> = [];
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.last = this;
  }
  send(data: unknown) {
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.closeCalls.push([code, reason]);
    if (this.readyState < 2) this.readyState = 2;
  }
  // server side
  open(protocol = 'binary') {
    this.protocol = protocol;
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  message(data: unknown) {
    this.onmessage?.(new MessageEvent('message', {data}));
  }
  closed(code: number, reason = '', wasClean = true) {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', {code, reason, wasClean}));
  }
}

function make(protocols?: string[]) {
  const clock = new ManualClock();
  const t = new WebSocketTransport('wss://esx.test/ticket/abc', {
    webSocket: FakeSocket as unknown as typeof WebSocket,
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    clearTimeout: (h) => clock.clearTimeout(h),
    ...(protocols ? {protocols} : {}),
  });
  const ws = FakeSocket.last!;
  const closes: TransportCloseInfo[] = [];
  const data: number[][] = [];
  let opened = 0;
  t.onOpen(() => opened++);
  t.onData((b) => data.push([...b]));
  t.onClose((i) => closes.push(i));
  return {t, ws, clock, closes, data, opened: () => opened};
}

describe('WebSocketTransport', () => {
  it('offers the binary subprotocol and receives ArrayBuffers', () => {
    const {ws, data, opened} = make();
    expect(ws.protocols).to.deep.equal(['binary']);
    expect(ws.binaryType).to.equal('arraybuffer');
    ws.open('binary');
    ws.message(Uint8Array.of(1, 2, 3).buffer);
    expect(opened()).to.equal(1);
    expect(data).to.deep.equal([[1, 2, 3]]);
  });

  it('sends bytes only while open', () => {
    const {t, ws} = make();
    t.send(Uint8Array.of(9));
    ws.open();
    t.send(Uint8Array.of(7, 8));
    expect(ws.sent.map((d) => [...(d as Uint8Array)])).to.deep.equal([[7, 8]]);
  });

  it('fails when the server agrees to no subprotocol (or another one)', () => {
    const {ws, closes, opened} = make();
    ws.open('');
    expect(opened()).to.equal(0);
    expect(ws.closeCalls).to.deep.equal([[4004, 'subprotocol mismatch']]);
    ws.closed(4004, 'subprotocol mismatch', true);
    expect(closes).to.deep.equal([
      {code: 4004, reason: 'subprotocol mismatch', wasClean: false, opened: true},
    ]);
  });

  it('treats a text frame as a protocol failure', () => {
    const {ws, closes, data} = make();
    ws.open();
    ws.message('RFB 003.008\n');
    ws.message(Uint8Array.of(1).buffer); // after the failure: ignored
    expect(data).to.deep.equal([]);
    expect(ws.closeCalls).to.deep.equal([[4005, 'unexpected text frame']]);
    ws.closed(1006, '', false);
    expect(closes[0]).to.deep.include({code: 4005, wasClean: false});
  });

  it('reports a close before open as not opened', () => {
    const {ws, closes} = make();
    ws.closed(1006, '', false);
    expect(closes).to.deep.equal([{code: 1006, reason: '', wasClean: false, opened: false}]);
  });

  it('forces the close after 3 s when the server never answers, exactly once', () => {
    const {t, ws, clock, closes} = make();
    ws.open();
    t.close(1000, 'bye');
    expect(ws.closeCalls).to.deep.equal([[1000, 'bye']]);
    clock.advance(2999);
    expect(closes).to.have.length(0);
    clock.advance(1);
    expect(closes).to.deep.equal([
      {code: 4006, reason: 'close timed out', wasClean: false, opened: true},
    ]);
    ws.closed(1000, 'late');
    expect(closes).to.have.length(1);
    expect(clock.pending).to.equal(0);
  });

  it('only ever sends close codes script may send, with short reasons', () => {
    const {t, ws} = make();
    ws.open();
    t.close(1006, 'x'.repeat(500));
    const [code, reason] = ws.closeCalls[0]!;
    expect(code).to.equal(1000);
    expect(new TextEncoder().encode(reason).length).to.be.at.most(123);
  });

  it('dispose() closes at once and leaves no timer or callback', () => {
    const {t, ws, clock, closes, data} = make();
    ws.open();
    t.dispose();
    expect(ws.closeCalls).to.deep.equal([[1000, '']]);
    expect(ws.onmessage).to.equal(null);
    expect(ws.onclose).to.equal(null);
    expect(clock.pending).to.equal(0);
    expect(closes).to.deep.equal([]);
    expect(data).to.deep.equal([]);
  });
});
