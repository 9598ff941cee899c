import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMockServer, type MockServer} from '../../../mock-server/server.js';
import {C, SC} from './helpers/client-bytes.js';
import {decodePng} from './helpers/png-decode.js';
import {getJson, postJson, TestClient} from './helpers/test-client.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({port: 0});
});
afterAll(() => mock.close());

interface NovaAnswer {
  remote_console: {protocol: string; type: string; url: string};
}

async function createNova(body: unknown = {remote_console: {protocol: 'mks', type: 'webmks'}}) {
  const res = await postJson<NovaAnswer>(`${mock.baseUrl}/api/nova/remote-consoles`, body);
  expect(res.status).toBe(200);
  const url = new URL(res.body.remote_console.url);
  return {answer: res.body, token: url.searchParams.get('token')!};
}

describe('Nova MKS endpoint (§1.4)', () => {
  it('answers like Nova create-remote-console (mks/webmks, http URL with ?token=)', async () => {
    const {answer, token} = await createNova();
    expect(answer).toEqual({
      remote_console: {
        protocol: 'mks',
        type: 'webmks',
        url: `http://127.0.0.1:${mock.port}/mks.html?token=${token}`,
      },
    });
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const page = await fetch(answer.remote_console.url);
    expect(page.status).toBe(200);
  });

  it('refuses other console types', async () => {
    const res = await postJson(`${mock.baseUrl}/api/nova/remote-consoles`, {
      remote_console: {protocol: 'vnc', type: 'novnc'},
    });
    expect(res.status).toBe(400);
  });

  it('streams from ServerInit with no handshake, on any path carrying ?token=', async () => {
    const {token} = await createNova({width: 800, height: 600, name: 'nova-vm'});
    const c = await TestClient.open(`${mock.wsBaseUrl}/websockify/any/path?token=${token}`);
    await c.until(() => c.frames.length >= 1);
    // The first message is ServerInit itself (mode B, §2.1).
    const first = c.frames[0]!;
    expect(first.length).toBe(24 + 'nova-vm'.length);
    expect(Buffer.from(first.subarray(0, 24)).toString('hex')).toBe(
      '0320025820180001' + '00ff00ff00ff100800000000' + '00000007',
    );
    expect(Buffer.from(first.subarray(24)).toString('latin1')).toBe('nova-vm');
    // Then normal messages straight away: no ProtocolVersion, no ClientInit.
    const init = await c.serverInit();
    expect([init.width, init.height]).toEqual([800, 600]);
    c.send(C.setEncodings([-260]), C.fbur(0, 800, 600));
    const u = await c.nextUpdate();
    expect(u.id).toBe(1);
    c.close();
  });

  it('accepts a WebSocket without subprotocol (websockify) but not one offering only others', async () => {
    const a = await createNova();
    const c = await TestClient.open(`${mock.wsBaseUrl}/?token=${a.token}`, []);
    const init = await c.serverInit();
    expect(init.width).toBe(1024);
    c.close();
    const b = await createNova();
    expect(await TestClient.refusal(`${mock.wsBaseUrl}/?token=${b.token}`, ['base64'])).toBe(400);
    const again = await TestClient.open(`${mock.wsBaseUrl}/?token=${b.token}`, ['binary']);
    again.close();
  });

  it('takes the token from a cookie too', async () => {
    const {token} = await createNova();
    expect(await TestClient.refusal(`${mock.wsBaseUrl}/?x=1`)).toBe(404);
    const {WebSocket} = await import('ws');
    const ws = new WebSocket(`${mock.wsBaseUrl}/websockify`, ['binary'], {
      headers: {cookie: `token=${token}`},
    });
    const first = await new Promise<Buffer>((resolve, reject) => {
      ws.once('message', (d: Buffer) => resolve(d));
      ws.once('error', reject);
    });
    expect(first.readUInt16BE(0)).toBe(1024);
    ws.close();
  });

  it('is single use', async () => {
    const {token} = await createNova();
    const c = await TestClient.open(`${mock.wsBaseUrl}/?token=${token}`);
    expect(await TestClient.refusal(`${mock.wsBaseUrl}/?token=${token}`)).toBe(404);
    expect(await TestClient.refusal(`${mock.wsBaseUrl}/ticket/${token}`)).toBe(404);
    c.close();
  });

  it('serves ground truth for the token', async () => {
    const {token} = await createNova({width: 640, height: 480, animate: false});
    const c = await TestClient.open(`${mock.wsBaseUrl}/mks?token=${token}`);
    await c.serverInit();
    c.send(C.vscan(SC.a, true), C.vscan(SC.a, false));
    const base = `${mock.baseUrl}/api/tickets/${token}`;
    await c.until(() => mock.inspect(token)!.typed() === 'a', 2000, 'typing');
    expect(await getJson(`${base}/typed`)).toEqual({text: 'a'});
    expect(await getJson(`${base}/input`)).toEqual([
      {type: 'key', source: 'vscan', scancode: SC.a, down: true},
      {type: 'key', source: 'vscan', scancode: SC.a, down: false},
    ]);
    const png = decodePng(new Uint8Array(await (await fetch(`${base}/screen.png`)).arrayBuffer()));
    expect([png.width, png.height]).toEqual([640, 480]);
    c.close();
  });

  it('uses https in the Nova URL with TLS', async () => {
    const tlsMock = await startMockServer({port: 0, tls: true});
    try {
      const n = tlsMock.issueNovaConsole();
      expect(n.remote_console.url).toBe(
        `https://127.0.0.1:${tlsMock.port}/mks.html?token=${n.token}`,
      );
      expect(n.websocketUrl).toBe(`wss://127.0.0.1:${tlsMock.port}/?token=${n.token}`);
    } finally {
      await tlsMock.close();
    }
  });
});
