import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMockServer, type MockServer, type TicketInfo} from '../../../mock-server/server.js';
import {getJson, postJson, TestClient} from './helpers/test-client.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({port: 0});
});
afterAll(() => mock.close());

const newTicket = async (body: unknown = {}) =>
  (await postJson<TicketInfo>(`${mock.baseUrl}/api/tickets`, body)).body;

describe('POST /api/tickets', () => {
  it('returns the fields of AcquireTicket("webmks") plus the URL, on the mock own host and port', async () => {
    const res = await fetch(`${mock.baseUrl}/api/tickets`, {method: 'POST', body: '{}'});
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const t = (await res.json()) as TicketInfo;
    expect(Object.keys(t).sort()).toEqual([
      'cfgFile',
      'host',
      'port',
      'thumbprint',
      'ticket',
      'url',
    ]);
    expect(t.host).toBe('127.0.0.1');
    expect(t.port).toBe(mock.port);
    expect(t.url).toBe(`ws://127.0.0.1:${mock.port}/ticket/${t.ticket}`);
    expect(t.thumbprint).toBeNull();
    expect(t.cfgFile).toMatch(/^\[datastore1\] .+\.vmx$/);
    expect(t.ticket).toMatch(/^[0-9a-f]{32}$/);
  });

  it('issues a different ticket every time', async () => {
    const a = await newTicket();
    const b = await newTicket();
    expect(a.ticket).not.toBe(b.ticket);
  });

  it('answers CORS preflights', async () => {
    const res = await fetch(`${mock.baseUrl}/api/tickets`, {
      method: 'OPTIONS',
      headers: {origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST'},
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('rejects bad options with 400 and a message naming the field', async () => {
    for (const [body, field] of [
      [{width: 'wide'}, 'width'],
      [{scenario: 'nope'}, 'scenario'],
      [{scenario: 'close-at-byte', byte: -1}, 'byte'],
      [{scenario: 'drop', mode: 'sideways'}, 'mode'],
      [{jpeg: 'yes'}, 'jpeg'],
    ] as const) {
      const res = await postJson<{error: string}>(`${mock.baseUrl}/api/tickets`, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toContain(field);
    }
    const res = await fetch(`${mock.baseUrl}/api/tickets`, {method: 'POST', body: '{not json'});
    expect(res.status).toBe(400);
  });

  it('keeps GET /api/health', async () => {
    expect(await getJson(`${mock.baseUrl}/api/health`)).toEqual({ok: true});
  });
});

describe('ticket rules on the WebSocket', () => {
  it('answers with the binary subprotocol', async () => {
    const t = await newTicket();
    const c = await TestClient.open(t.url, ['binary']);
    expect(c.ws.protocol).toBe('binary');
    c.close();
  });

  it('is single use: a second upgrade gets 404', async () => {
    const t = await newTicket();
    const c = await TestClient.open(t.url);
    expect(await TestClient.refusal(t.url)).toBe(404);
    c.close();
    await c.closed;
    expect(await TestClient.refusal(t.url)).toBe(404);
  });

  it('refuses an unknown ticket with 404', async () => {
    expect(
      await TestClient.refusal(`${mock.wsBaseUrl}/ticket/0123456789abcdef0123456789abcdef`),
    ).toBe(404);
    expect(await TestClient.refusal(`${mock.wsBaseUrl}/somewhere/else`)).toBe(404);
  });

  it('refuses an upgrade without the binary subprotocol with 400 and keeps the ticket', async () => {
    const t = await newTicket();
    expect(await TestClient.refusal(t.url, [])).toBe(400);
    expect(await TestClient.refusal(t.url, ['base64', 'uint8utf8'])).toBe(400);
    // The ticket was not used up by the refused attempts.
    const c = await TestClient.open(t.url, ['vmware-vvc', 'binary']);
    expect(c.ws.protocol).toBe('binary');
    expect(String.fromCharCode(...(await c.read(12)))).toBe('RFB 003.008\n');
    c.close();
  });

  it('checks the ticket before the subprotocol (unknown + no binary = 404)', async () => {
    expect(await TestClient.refusal(`${mock.wsBaseUrl}/ticket/unknown`, [])).toBe(404);
  });

  it('expires an unused ticket after lifetimeSeconds (default 30 s)', async () => {
    const t = await newTicket({lifetimeSeconds: 0.2});
    const info = await getJson<{expiresAt: number; createdAt: number}>(
      `${mock.baseUrl}/api/tickets/${t.ticket}/info`,
    );
    expect(info.expiresAt - info.createdAt).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await TestClient.refusal(t.url)).toBe(404);
    const dflt = await newTicket();
    const d = await getJson<{expiresAt: number; createdAt: number}>(
      `${mock.baseUrl}/api/tickets/${dflt.ticket}/info`,
    );
    expect(d.expiresAt - d.createdAt).toBe(30_000);
  });

  it('does not expire a ticket once it is in use', async () => {
    const t = await newTicket({lifetimeSeconds: 0.2});
    const c = await TestClient.open(t.url);
    await new Promise((r) => setTimeout(r, 300));
    await c.handshake();
    expect(c.isClosed).toBe(false);
    const res = await fetch(`${mock.baseUrl}/api/tickets/${t.ticket}/typed`);
    expect(res.status).toBe(200);
    c.close();
  });

  it('answers ground truth for unknown tickets with 404', async () => {
    for (const what of ['screen.png', 'input', 'typed', 'info']) {
      const res = await fetch(`${mock.baseUrl}/api/tickets/nope/${what}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });
});

describe('programmatic API', () => {
  it('issues tickets and inspects them in-process', async () => {
    const t = mock.issueTicket({width: 320, height: 240});
    expect(t.url).toBe(`${mock.wsBaseUrl}/ticket/${t.ticket}`);
    const v = mock.inspect(t.ticket)!;
    expect(v.state).toBe('issued');
    expect([v.width, v.height]).toEqual([320, 240]);
    const c = await TestClient.open(t.url);
    await c.handshake();
    expect(v.state).toBe('connected');
    c.close();
    await c.closed;
    await new Promise((r) => setTimeout(r, 20));
    expect(v.state).toBe('closed');
  });

  it('rejects invalid defaults at start-up', async () => {
    await expect(startMockServer({port: 0, defaults: {width: 'x'}})).rejects.toThrow(/width/);
  });
});

describe('retention of closed consoles', () => {
  it('keeps input and typed text for closed consoles; only the newest 16 keep their screen', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 18; i++) {
      const t = mock.issueTicket({width: 160, height: 120, animate: false});
      const c = await TestClient.open(t.url);
      await c.handshake();
      c.send(Uint8Array.of(127, 0, 0, 8, 0, 0x1e, 1, 0));
      await c.until(() => mock.inspect(t.ticket)!.typed() === 'a');
      c.close();
      await c.closed;
      await c.until(() => mock.inspect(t.ticket)!.state === 'closed', 2000, 'closed');
      ids.push(t.ticket);
      await new Promise((r) => setTimeout(r, 2));
    }
    const oldest = `${mock.baseUrl}/api/tickets/${ids[0]}`;
    expect((await fetch(`${oldest}/screen.png`)).status).toBe(410);
    expect(await getJson(`${oldest}/typed`)).toEqual({text: 'a'});
    expect((await getJson<unknown[]>(`${oldest}/input`)).length).toBe(4);
    const newest = `${mock.baseUrl}/api/tickets/${ids[17]}`;
    expect((await fetch(`${newest}/screen.png`)).status).toBe(200);
  });
});
