import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMockServer, type MockServer} from '../../../mock-server/server.js';
import {C, SC, WMKS_ENCODINGS} from './helpers/client-bytes.js';
import type {ServerMessage} from './helpers/server-stream.js';
import {getJson, TestClient} from './helpers/test-client.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({port: 0, defaults: {animate: false, width: 640, height: 480}});
});
afterAll(() => mock.close());

async function session(opts: Record<string, unknown> = {}) {
  const t = mock.issueTicket(opts);
  const c = await TestClient.open(t.url);
  await c.handshake();
  return {t, c};
}

/** Key down then up for each code, like wmks sendInputString (§12.9). */
function press(...codes: number[]): Uint8Array[] {
  return codes.flatMap((k) => [C.vscan(k, true), C.vscan(k, false)]);
}

async function typed(ticket: string): Promise<string> {
  return (await getJson<{text: string}>(`${mock.baseUrl}/api/tickets/${ticket}/typed`)).text;
}

async function settle(c: TestClient, ticket: string, expected: string): Promise<void> {
  await c.until(() => mock.inspect(ticket)!.typed() === expected, 3000, `typed text "${expected}"`);
}

describe('typing on the guest console', () => {
  it('types "Hello, World!" from the VScan sequence VMware\'s client sends (§12.9)', async () => {
    const {t, c} = await session();
    // 2a↓ 23↓ 23↑ 2a↑ 12 26 26 18 33 39 2a↓ 11 2a↑ 18 13 26 20 2a↓ 02 2a↑
    c.send(
      C.vscan(0x2a, true),
      ...press(0x23),
      C.vscan(0x2a, false),
      ...press(0x12, 0x26, 0x26, 0x18, 0x33, 0x39),
      C.vscan(0x2a, true),
      ...press(0x11),
      C.vscan(0x2a, false),
      ...press(0x18, 0x13, 0x26, 0x20),
      C.vscan(0x2a, true),
      ...press(0x02),
      C.vscan(0x2a, false),
    );
    await settle(c, t.ticket, 'Hello, World!');
    expect(await typed(t.ticket)).toBe('Hello, World!');
    const info = await getJson<{consoleLines: string[]}>(
      `${mock.baseUrl}/api/tickets/${t.ticket}/info`,
    );
    expect(info.consoleLines).toContain('mock-vm login: Hello, World!');
    c.close();
  });

  it('applies Caps Lock to letters only, and Shift inverts it', async () => {
    const {t, c} = await session();
    c.send(
      ...press(SC.caps),
      ...press(SC.a, SC.one),
      C.vscan(SC.shift, true),
      ...press(SC.b, SC.one),
      C.vscan(SC.shift, false),
      ...press(SC.caps, SC.c),
    );
    await settle(c, t.ticket, 'A1b!c');
    expect(await typed(t.ticket)).toBe('A1b!c');
    c.close();
  });

  it('handles Backspace and Enter (the login dialogue), and right Shift', async () => {
    const {t, c} = await session();
    c.send(
      ...press(SC.a, SC.b, SC.backspace, SC.c),
      C.vscan(SC.rshift, true),
      ...press(SC.a),
      C.vscan(SC.rshift, false),
      ...press(SC.enter, SC.b, SC.enter),
    );
    await settle(c, t.ticket, 'acA\nb\n');
    const info = await getJson<{consoleLines: string[]}>(
      `${mock.baseUrl}/api/tickets/${t.ticket}/info`,
    );
    expect(info.consoleLines).toEqual(
      expect.arrayContaining([
        'mock-vm login: acA',
        'Welcome, acA!',
        '[acA@mock-vm ~]$ b',
        '[acA@mock-vm ~]$',
      ]),
    );
    c.close();
  });

  it('does not type while Ctrl is held', async () => {
    const {t, c} = await session();
    c.send(C.vscan(SC.ctrl, true), ...press(SC.c), C.vscan(SC.ctrl, false), ...press(SC.a));
    await settle(c, t.ticket, 'a');
    c.close();
  });

  it('types keypad digits only with Num Lock on', async () => {
    const {t, c} = await session();
    c.send(...press(SC.kp1, SC.num, SC.kp1));
    await settle(c, t.ticket, '1');
    expect(mock.inspect(t.ticket)!.leds).toBe(2);
    c.close();
  });

  it('types keysym KeyEvents as the characters they name', async () => {
    const {t, c} = await session();
    const keys = [0x48, 0x69, 0x21, 0xff0d, 0x7a, 0xff08, 0xffb7];
    c.send(...keys.flatMap((k) => [C.keysym(k, true), C.keysym(k, false)]));
    await settle(c, t.ticket, 'Hi!\n7');
    const input = mock
      .inspect(t.ticket)!
      .input()
      .filter((r) => r.type === 'key');
    expect(input.slice(0, 2)).toEqual([
      {type: 'key', source: 'keysym', keysym: 0x48, down: true},
      {type: 'key', source: 'keysym', keysym: 0x48, down: false},
    ]);
    c.close();
  });

  it('types QEMU extended key events by their key code', async () => {
    const {t, c} = await session();
    c.send(C.qemuKey(0x61, 0x1e, true), C.qemuKey(0x61, 0x1e, false));
    await settle(c, t.ticket, 'a');
    expect(mock.inspect(t.ticket)!.input()[3]).toEqual({
      type: 'key',
      source: 'qemu',
      keysym: 0x61,
      keycode: 0x1e,
      scancode: 0x1e,
      down: true,
    });
    c.close();
  });
});

describe('lock keys and VMWLEDState (§3.3.11, §8.8)', () => {
  const ledsOf = (m: ServerMessage) =>
    m.type === 'update' ? m.rects.find((r) => r.enc === 'leds') : undefined;

  it('sends the LED state in the first update and after every change', async () => {
    const {c} = await session();
    c.send(C.setEncodings(WMKS_ENCODINGS), C.fbur(0, 640, 480));
    const u = await c.nextUpdate();
    expect(ledsOf(u)).toEqual({enc: 'leds', leds: 0});
    // Reads updates (acknowledging each) until one carries `value`.
    let lastId = u.id;
    const untilLeds = async (value: number) => {
      for (;;) {
        c.send(C.ack(lastId));
        const next = await c.nextUpdate();
        lastId = next.id;
        const l = ledsOf(next);
        if (l && l.enc === 'leds' && l.leds === value) return;
      }
    };
    c.send(...press(SC.caps));
    await untilLeds(4);
    c.send(...press(SC.num, SC.scroll));
    await untilLeds(7);
    c.send(...press(SC.caps));
    await untilLeds(3);
    c.close();
  });

  it('sets the LEDs from 127/16 KeyboardLEDState', async () => {
    const {t, c} = await session({caps: 0x010000a2});
    c.send(C.setEncodings(WMKS_ENCODINGS), C.fbur(0, 640, 480), C.leds(true, true, false));
    await c.until(() => mock.inspect(t.ticket)!.leds === 6);
    const info = await getJson<{leds: Record<string, unknown>}>(
      `${mock.baseUrl}/api/tickets/${t.ticket}/info`,
    );
    expect(info.leds).toEqual({mask: 6, scrollLock: false, numLock: true, capsLock: true});
    expect(mock.inspect(t.ticket)!.input()).toContainEqual({
      type: 'leds',
      numLock: true,
      capsLock: true,
      scrollLock: false,
    });
    c.close();
  });
});
