import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMockServer, type MockServer} from '../../../mock-server/server.js';
import {C, WMKS_ENCODINGS} from './helpers/client-bytes.js';
import {TestClient} from './helpers/test-client.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({port: 0});
});
afterAll(() => mock.close());

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('RFB 3.8 handshake (mode A, §2.2, §5.1)', () => {
  it('sends the exact bytes, each server step as its own WebSocket message', async () => {
    const t = mock.issueTicket({
      width: 1032,
      height: 774,
      name: 'Windows XP Professional Without Domain',
    });
    const c = await TestClient.open(t.url);
    await c.until(() => c.frames.length >= 1);
    // "RFB 003.008\n" alone in the first message (§1.3, §12.1).
    expect(hex(c.frames[0]!)).toBe('524642203030332e3030380a');
    c.send(C.version());
    await c.until(() => c.frames.length >= 2);
    expect(hex(c.frames[1]!)).toBe('0101');
    c.send(C.securityChoice(1));
    await c.until(() => c.frames.length >= 3);
    expect(hex(c.frames[2]!)).toBe('00000000');
    c.send(C.clientInit(1));
    await c.until(() => c.frames.length >= 4);
    // ServerInit from VMware's SDK fixture (§5.1), byte for byte.
    expect(hex(c.frames[3]!)).toBe(
      '0408030620180001' +
        '00ff00ff00ff100800000000' +
        '00000026' +
        Buffer.from('Windows XP Professional Without Domain', 'latin1').toString('hex'),
    );
    expect(c.frames).toHaveLength(4);
    const input = mock.inspect(t.ticket)!.input();
    expect(input).toEqual([
      {type: 'version', text: 'RFB 003.008\n'},
      {type: 'security', securityType: 1},
      {type: 'client-init', shared: 1},
    ]);
    c.close();
  });

  it('sends ServerCaps 0x000000A2 when SetEncodings contains VMWServerCaps', async () => {
    const t = mock.issueTicket();
    const c = await TestClient.open(t.url);
    await c.handshake();
    c.send(C.setEncodings(WMKS_ENCODINGS));
    const caps = await c.read(8);
    expect(hex(caps)).toBe('7f000008000000a2');
    c.close();
  });

  it('sends the configured caps value (e.g. with LED sync 0x01000000)', async () => {
    const t = mock.issueTicket({caps: 0x010000a2});
    const c = await TestClient.open(t.url);
    await c.handshake();
    c.send(C.setEncodings([-260, 0x574d567a]));
    expect(hex(await c.read(8))).toBe('7f000008010000a2');
    c.close();
  });

  it('does not send ServerCaps without the pseudo-encoding', async () => {
    const t = mock.issueTicket();
    const c = await TestClient.open(t.url);
    await c.handshake();
    c.send(C.setEncodings([0, 1]), C.fbur(0, 1024, 768));
    const first = await c.next();
    expect(first.type).toBe('update');
    c.close();
  });

  it('closes on any other protocol version', async () => {
    const t = mock.issueTicket();
    const c = await TestClient.open(t.url);
    await c.read(12);
    c.send(C.version('RFB 003.003\n'));
    const closed = await c.closed;
    expect(closed.code).toBe(1002);
    expect(c.received).toBe(12);
  });

  it('answers a security type other than None with SecurityResult failed, then closes', async () => {
    const t = mock.issueTicket();
    const c = await TestClient.open(t.url);
    await c.read(12);
    c.send(C.version());
    await c.read(2);
    c.send(C.securityChoice(2));
    const result = await c.read(8);
    expect(hex(result)).toBe('00000001' + '00000019');
    const reason = await c.read(0x19);
    expect(String.fromCharCode(...reason)).toBe('unsupported security type');
    expect((await c.closed).code).toBe(1002);
  });
});
