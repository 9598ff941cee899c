import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMockServer, type MockServer} from '../../../mock-server/server.js';
import {C, WMKS_ENCODINGS} from './helpers/client-bytes.js';
import {parseServerMessage, type ServerRect} from './helpers/server-stream.js';
import {TestClient} from './helpers/test-client.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({port: 0, defaults: {width: 320, height: 240, animate: false}});
});
afterAll(() => mock.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** Handshake + ServerInit with the default name "mock-esxi-vm": 12 + 2 + 4 + 24 + 12 bytes. */
const HANDSHAKE_BYTES = 54;

async function open(opts: Record<string, unknown>) {
  const t = mock.issueTicket(opts);
  return {t, c: await TestClient.open(t.url)};
}

/** A wmks-like start: handshake, SetEncodings (with ServerCaps), full FBUR. */
async function start(c: TestClient, encodings = WMKS_ENCODINGS) {
  await c.handshake();
  c.send(C.setEncodings(encodings), C.fbur(0, 320, 240));
}

describe('close-at-byte', () => {
  for (const n of [0, 5, 12, 13, HANDSHAKE_BYTES + 8 + 200, HANDSHAKE_BYTES + 8 + 1001]) {
    it(`delivers exactly ${n} bytes, then a normal close`, async () => {
      const {c} = await open({scenario: 'close-at-byte', byte: n});
      // Drive the handshake as far as the bytes allow.
      c.handshake().then(
        () => c.send(C.setEncodings(WMKS_ENCODINGS), C.fbur(0, 320, 240)),
        () => {},
      );
      const closed = await c.closed;
      expect(closed.code).toBe(1000);
      expect(c.received).toBe(n);
      if (n >= 12) expect(hex(c.allBytes().subarray(0, 12))).toBe('524642203030332e3030380a');
    });
  }

  it('"mode": "abrupt" drops the connection after exactly N bytes (no close frame: 1006)', async () => {
    const n = HANDSHAKE_BYTES + 8 + 77;
    const {c} = await open({scenario: 'close-at-byte', byte: n, mode: 'abrupt'});
    await start(c);
    const closed = await c.closed;
    expect(closed.code).toBe(1006);
    expect(c.received).toBe(n);
  });

  it('without "byte" closes halfway through the first FramebufferUpdate (mid-rectangle)', async () => {
    const {c} = await open({scenario: 'close-at-byte'});
    await start(c);
    await c.read(8); // ServerCaps
    const closed = await c.closed;
    expect(closed.code).toBe(1000);
    const rest = c.allBytes().subarray(HANDSHAKE_BYTES + 8);
    expect(rest[0]).toBe(0); // a FramebufferUpdate began…
    expect(rest.length).toBeGreaterThan(16);
    expect(parseServerMessage(rest)).toBeUndefined(); // …and never finished
  });
});

describe('drip', () => {
  it('sends one byte per WebSocket message every `interval` ms', async () => {
    const {c} = await open({scenario: 'drip', interval: 5});
    const t0 = Date.now();
    const init = await c.handshake();
    expect(init.width).toBe(320);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(HANDSHAKE_BYTES * 4);
    expect(c.frames.length).toBe(HANDSHAKE_BYTES);
    expect(c.frames.every((f) => f.length === 1)).toBe(true);
    c.close();
  });

  it('starts dripping at byte offset `from`', async () => {
    const {c} = await open({scenario: 'drip', interval: 5, from: 12});
    await c.handshake();
    expect(c.frames[0]!.length).toBe(12);
    expect(c.frames.slice(1).every((f) => f.length === 1)).toBe(true);
    c.close();
  });
});

describe('stall', () => {
  it('"at": "open" sends nothing at all and keeps the socket open', async () => {
    const {c} = await open({scenario: 'stall', at: 'open'});
    await sleep(300);
    expect(c.received).toBe(0);
    expect(c.isClosed).toBe(false);
    c.close();
  });

  it('"at": "server-init" (default) completes the handshake, then silence', async () => {
    const {t, c} = await open({scenario: 'stall'});
    await start(c);
    await sleep(300);
    expect(c.received).toBe(HANDSHAKE_BYTES);
    expect(c.isClosed).toBe(false);
    // The client is still heard.
    expect(
      mock
        .inspect(t.ticket)!
        .input()
        .some((r) => r.type === 'update-request'),
    ).toBe(true);
    c.close();
  });

  it('"at": "mid-update" stops halfway through the first update', async () => {
    const {c} = await open({scenario: 'stall', at: 'mid-update'});
    await start(c);
    await c.read(8);
    await sleep(300);
    const rest = c.allBytes().subarray(HANDSHAKE_BYTES + 8);
    expect(rest[0]).toBe(0);
    expect(parseServerMessage(rest)).toBeUndefined();
    expect(c.isClosed).toBe(false);
    c.close();
  });
});

describe('rect-outside', () => {
  it('after one normal update, sends a Raw rectangle crossing the framebuffer edge', async () => {
    const {c} = await open({scenario: 'rect-outside'});
    await start(c);
    await c.read(8);
    const first = await c.nextUpdate();
    c.send(C.ack(first.id));
    const bad = await c.nextUpdate();
    expect(bad.id).toBe(2);
    expect(bad.rects).toHaveLength(1);
    const r = bad.rects[0] as Extract<ServerRect, {enc: 'raw'}>;
    expect([r.enc, r.x, r.y, r.w, r.h]).toEqual(['raw', 312, 232, 16, 16]);
    expect(r.x + r.w).toBeGreaterThan(320);
    c.close();
  });

  it('takes the rectangle from rectX/rectY/rectWidth/rectHeight, and `after`', async () => {
    const {c} = await open({
      scenario: 'rect-outside',
      after: 0,
      rectX: 400,
      rectY: 0,
      rectWidth: 2,
      rectHeight: 3,
    });
    await start(c);
    await c.read(8);
    const bad = await c.nextUpdate();
    expect(bad.rects.map((r) => (r.enc === 'raw' ? [r.x, r.y, r.w, r.h] : r.enc))).toEqual([
      [400, 0, 2, 3],
    ]);
    c.close();
  });
});

describe('huge-cut-text', () => {
  it('sends ServerCutText announcing 0xFFFFFFF0 bytes after the first update', async () => {
    const {c} = await open({scenario: 'huge-cut-text'});
    await start(c);
    await c.read(8);
    await c.nextUpdate();
    expect(hex(await c.read(8))).toBe('03000000fffffff0');
    c.close();
  });

  it('can send part of a body, and another length', async () => {
    const {c} = await open({scenario: 'huge-cut-text', body: 5, length: 0x80000000});
    await start(c);
    await c.read(8);
    await c.nextUpdate();
    expect(hex(await c.read(13))).toBe('030000008000000041414141' + '41');
    c.close();
  });
});

describe('fragment', () => {
  it('splits the stream into small odd-sized messages; the bytes are unchanged', async () => {
    const {c} = await open({scenario: 'fragment', max: 7, seed: 3});
    const init = await c.handshake();
    expect(init.width).toBe(320);
    c.send(C.setEncodings(WMKS_ENCODINGS), C.fbur(0, 320, 240));
    expect(hex(await c.read(8))).toBe('7f000008000000a2');
    const u = await c.nextUpdate();
    expect(u.rects.length).toBeGreaterThan(0);
    expect(c.frames.every((f) => f.length <= 7)).toBe(true);
    const odd = c.frames.filter((f) => f.length % 2 === 1).length;
    expect(odd / c.frames.length).toBeGreaterThan(0.8);
    // The version string was not its own 12-byte message.
    expect(c.frames[0]!.length).not.toBe(12);
    c.close();
  });

  it('coalesces messages: message boundaries fall inside WebSocket messages', async () => {
    const {c} = await open({scenario: 'fragment', max: 4095, window: 20});
    await c.handshake();
    c.send(C.setEncodings(WMKS_ENCODINGS), C.fbur(0, 320, 240));
    await c.read(8);
    await c.nextUpdate();
    const ends: number[] = [];
    let o = 0;
    for (const f of c.frames) ends.push((o += f.length));
    // ServerCaps ends at HANDSHAKE_BYTES + 8, inside a message shared with the update.
    expect(ends).not.toContain(HANDSHAKE_BYTES + 8);
    c.close();
  });
});

describe('heartbeat', () => {
  it('sends 127/4 (length 6) every `interval` ms', async () => {
    const {c} = await open({scenario: 'heartbeat', interval: 40});
    await c.handshake();
    await sleep(250);
    const msgs = [];
    while (c.pending > 0) msgs.push(await c.next());
    expect(msgs.length).toBeGreaterThanOrEqual(3);
    for (const m of msgs) {
      expect(m.type).toBe('vmware');
      if (m.type === 'vmware') {
        expect(m.sub).toBe(4);
        expect(m.length).toBe(6);
        expect(hex(m.body)).toBe('0001');
      }
    }
    c.close();
  });

  it('goes totally silent after `stopAfter` heartbeats', async () => {
    const {c} = await open({scenario: 'heartbeat', interval: 30, stopAfter: 2});
    await c.handshake();
    await sleep(150);
    expect(c.received).toBe(HANDSHAKE_BYTES + 12);
    expect(hex(c.allBytes().subarray(HANDSHAKE_BYTES))).toBe('7f04000600017f0400060001');
    // Not even ServerCaps or an update any more.
    c.send(C.setEncodings(WMKS_ENCODINGS), C.fbur(0, 320, 240));
    await sleep(150);
    expect(c.received).toBe(HANDSHAKE_BYTES + 12);
    expect(c.isClosed).toBe(false);
    c.close();
  });
});

describe('session-close', () => {
  it('sends 127/7 SessionClose, then closes with 1000', async () => {
    const {c} = await open({scenario: 'session-close', after: 50, reason: 2, closeDelay: 20});
    await start(c);
    await c.read(8);
    await c.nextUpdate();
    const sc = await c.next(2000);
    expect(sc).toEqual({type: 'vmware', sub: 7, body: Uint8Array.of(0, 0, 0, 2), length: 8});
    const closed = await c.closed;
    expect(closed).toEqual({code: 1000, reason: 'session closed'});
    expect(c.pending).toBe(0);
  });
});

describe('drop', () => {
  it('ends a healthy session abruptly after `after` ms (1006 at the client)', async () => {
    const {t, c} = await open({scenario: 'drop', after: 100});
    await start(c);
    await c.nextUpdate();
    const closed = await c.closed;
    expect(closed.code).toBe(1006);
    await c.until(() => mock.inspect(t.ticket)!.state === 'closed', 2000, 'server-side close');
  });

  it('"mode": "close" closes with `code`', async () => {
    const {c} = await open({scenario: 'drop', after: 50, mode: 'close', code: 4000});
    await start(c);
    expect((await c.closed).code).toBe(4000);
  });

  it('POST /disconnect ends a session on demand', async () => {
    const {t, c} = await open({});
    await start(c);
    const res = await fetch(`${mock.baseUrl}/api/tickets/${t.ticket}/disconnect`, {
      method: 'POST',
      body: JSON.stringify({mode: 'close', code: 4001}),
    });
    expect(res.status).toBe(200);
    expect((await c.closed).code).toBe(4001);
  });
});
