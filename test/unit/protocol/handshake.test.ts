import {describe, expect, it} from 'vitest';
import type {RfbClientOptions} from '../../../src/protocol/options.js';
import {RfbClient} from '../../../src/protocol/rfb-client.js';
import * as C from '../helpers/client-wire.js';
import {feed, type PlainEvent} from '../helpers/feed.js';
import {
  modeBStream,
  vnc33AuthStream,
  vnc33NoneStream,
  vnc37NoneStream,
  vnc38AuthFailStream,
} from '../helpers/fixtures.js';
import {RecordingSink} from '../helpers/recording-sink.js';
import * as S from '../helpers/server-wire.js';
import {concat, hex, utf8} from '../helpers/server-wire.js';

function lastError(events: PlainEvent[]): {code: string; message: string} | undefined {
  const last = events[events.length - 1];
  return last?.type === 'error' ? {code: last.code, message: last.message} : undefined;
}

function run(opts: RfbClientOptions, ...parts: Uint8Array[]): ReturnType<typeof feed> {
  return feed(opts, [concat(...parts)]);
}

const CHALLENGE = hex('a1b2c3d4e5f60718293a4b5c6d7e8f90');
// DES vectors computed independently with
//   openssl enc -des-ecb -provider legacy -provider default -K <bit-reversed key> -nopad
// "secret" -> key ce a6 c6 4e a6 2e 00 00;  "password" -> 0e 86 ce ce ee f6 4e 26.
const SECRET_RESPONSE = hex('3b1e1b66111402f97e495d489df8fd48');
const PASSWORD_RESPONSE_0_15 = hex('b866924125c8eebb9debc1db61c538e2');

describe('start-up detection (§2.1)', () => {
  it('mode B: a stream that does not start with "RFB " is a ServerInit (VMware)', () => {
    const o = feed({flavor: 'auto'}, [modeBStream()]);
    expect(o.events[0]).toEqual({
      type: 'connected',
      width: 16,
      height: 16,
      name: 'nova',
      serverKind: 'vmware',
      startMode: 'server-init',
    });
    // No handshake bytes, no SetPixelFormat: SetEncodings (WebMKS list) first.
    expect(new Uint8Array(o.out.slice(0, C.WEBMKS_SET_ENCODINGS.length))).toEqual(
      C.WEBMKS_SET_ENCODINGS,
    );
    expect(o.client.serverKind).toBe('vmware');
  });

  it('waits for 12 bytes before deciding', () => {
    const client = new RfbClient({}, new RecordingSink());
    expect(client.receive(utf8('RFB 003.00'))).toEqual([]);
    expect(client.state).toBe('version');
    expect(client.midMessage).toBe(true);
    client.receive(utf8('8\n'));
    expect(client.state).toBe('security');
    expect(client.drainOutgoing()).toEqual(S.VERSION_38);
  });

  it.each([
    ['RFB 003.003\n', '003.003'],
    ['RFB 003.005\n', '003.003'],
    ['RFB 003.006\n', '003.003'],
    ['RFB 003.007\n', '003.007'],
    ['RFB 003.008\n', '003.008'],
    ['RFB 003.889\n', '003.008'],
    ['RFB 004.001\n', '003.008'],
    ['RFB 005.000\n', '003.008'],
  ])('answers %j with RFB %s', (server, reply) => {
    const o = run({}, utf8(server));
    expect(new Uint8Array(o.out)).toEqual(utf8(`RFB ${reply}\n`));
  });

  it.each([
    ['RFB 003.00X\n', 'bad-version'],
    ['RFB 3.8\n\n\n\n\n', 'bad-version'],
    ['RFB 003.008 ', 'bad-version'],
    ['RFB 002.000\n', 'unsupported-version'],
    ['RFB 003.002\n', 'unsupported-version'],
    ['RFB 006.000\n', 'unsupported-version'],
    ['connect info vmx\n', 'unsupported-version'],
  ])('refuses %j with %s', (server, code) => {
    const o = run({}, utf8(server));
    expect(lastError(o.events)?.code).toBe(code);
    expect(o.state).toBe('closed');
  });
});

describe('RFB 3.3 / 3.7 / 3.8 handshakes', () => {
  it('3.3 with None: no security reply, no SecurityResult', () => {
    const o = feed({flavor: 'vnc'}, [vnc33NoneStream()]);
    expect(new Uint8Array(o.out.slice(0, 13))).toEqual(concat(utf8('RFB 003.003\n'), hex('01')));
    // then SetPixelFormat (canvas order) for a plain server
    expect(new Uint8Array(o.out.slice(13, 33))).toEqual(C.SET_PIXEL_FORMAT_CANVAS);
    expect(o.events.map((e) => e.type)).toEqual(['connected', 'update']);
    expect(o.sink.pixel(0, 0)).toEqual([255, 0, 0, 255]);
    expect(o.sink.pixel(1, 1)).toEqual([1, 1, 1, 255]);
  });

  it('3.7 with None: picks None, no SecurityResult', () => {
    const o = feed({flavor: 'auto'}, [vnc37NoneStream()]);
    expect(new Uint8Array(o.out.slice(0, 14))).toEqual(concat(utf8('RFB 003.007\n'), hex('01 01')));
    expect(o.events[0]).toMatchObject({type: 'connected', name: 'x11vnc', serverKind: 'vnc'});
    // auto keeps a 32 bpp 8-bit format: pixel decoded from B,G,R,X
    expect(o.sink.pixel(0, 0)).toEqual([9, 8, 7, 255]);
  });

  it('3.8 with None reads SecurityResult then sends ClientInit (shared flag)', () => {
    const o = run({shared: false}, S.VERSION_38, S.securityTypes(1), S.securityResult(0));
    expect(new Uint8Array(o.out)).toEqual(concat(S.VERSION_38, hex('01 00')));
    expect(o.state).toBe('server-init');
  });

  it('3.8 VNC Authentication with the right password (DES vector)', () => {
    const o = run({flavor: 'vnc', password: 'secret'}, S.version(), S.securityTypes(2), CHALLENGE);
    expect(new Uint8Array(o.out)).toEqual(concat(S.VERSION_38, hex('02'), SECRET_RESPONSE));
    expect(o.state).toBe('security-result');
    o.client.receive(S.securityResult(0));
    expect(o.client.drainOutgoing()).toEqual(hex('01'));
    expect(o.client.state).toBe('server-init');
  });

  it('3.3 VNC Authentication (server-chosen type 2)', () => {
    const o = feed({flavor: 'vnc', password: 'password'}, [vnc33AuthStream()]);
    expect(new Uint8Array(o.out.slice(0, 29))).toEqual(
      concat(utf8('RFB 003.003\n'), PASSWORD_RESPONSE_0_15, hex('01')),
    );
    expect(o.events.map((e) => e.type)).toEqual(['connected', 'update']);
  });

  it('asks for credentials when no password is configured, then answers setPassword', () => {
    const sink = new RecordingSink();
    const client = new RfbClient({flavor: 'auto'}, sink);
    expect(client.receive(concat(S.version(), S.securityTypes(16, 2), CHALLENGE))).toEqual([
      {type: 'credentials-required'},
    ]);
    expect(client.state).toBe('vnc-auth');
    expect(client.midMessage).toBe(false); // waiting for the user, not for the server
    expect(client.drainOutgoing()).toEqual(concat(S.VERSION_38, hex('02')));
    client.setPassword('secret');
    expect(client.drainOutgoing()).toEqual(SECRET_RESPONSE);
    expect(client.state).toBe('security-result');
  });

  it('wrong password: auth-failed with the server reason stripped of its NUL (QEMU)', () => {
    const o = feed({flavor: 'vnc', password: 'wrong'}, [vnc38AuthFailStream()]);
    expect(lastError(o.events)).toEqual({code: 'auth-failed', message: 'Authentication failed'});
    expect(o.state).toBe('closed');
    expect(o.events).toHaveLength(1);
  });

  it('3.3 / 3.7 failures carry no reason; result 2 means too many attempts', () => {
    const o = run(
      {flavor: 'vnc', password: 'x'},
      S.version('003.007'),
      S.securityTypes(2),
      CHALLENGE,
      S.securityResult(2),
    );
    expect(lastError(o.events)).toEqual({code: 'auth-failed', message: 'too many attempts'});
  });

  it('caps the failure reason length and strips control characters', () => {
    const long = run({}, S.VERSION_38, S.securityTypes(1), hex('00 00 00 01 7f ff ff ff'));
    expect(lastError(long.events)?.code).toBe('auth-failed');
    expect(lastError(long.events)?.message).toContain('not shown');
    const ctl = run(
      {},
      S.VERSION_38,
      S.securityTypes(1),
      S.securityResult(1, utf8('bad\u0007\u202e!\n')),
    );
    expect(lastError(ctl.events)).toEqual({code: 'auth-failed', message: 'bad!'});
  });

  it('security failure with n = 0 and a reason (3.8) and type 0 (3.3)', () => {
    const a = run({}, S.VERSION_38, S.securityTypesFailure(utf8('Too many connections')));
    expect(lastError(a.events)).toEqual({
      code: 'security-failure',
      message: 'Too many connections',
    });
    const b = run({}, S.version('003.003'), S.securityType33(0), hex('00 00 00 04'), utf8('nope'));
    expect(lastError(b.events)).toEqual({code: 'security-failure', message: 'nope'});
  });

  it('refuses servers without a type we support', () => {
    const a = run({}, S.VERSION_38, S.securityTypes(16, 19));
    expect(lastError(a.events)?.code).toBe('no-security-type');
    const b = run({}, S.version('003.003'), S.securityType33(16));
    expect(lastError(b.events)?.code).toBe('no-security-type');
  });

  it('never offers a password prompt to a WebMKS (vmware flavor) endpoint (B11)', () => {
    const o = run({flavor: 'vmware'}, S.VERSION_38, S.securityTypes(2));
    expect(o.events).toEqual([expect.objectContaining({type: 'error', code: 'no-security-type'})]);
  });
});

describe('ServerInit', () => {
  const HS = concat(S.VERSION_38, S.securityTypes(1), S.securityResult(0));

  it('refuses a colour-map server', () => {
    const o = run({}, HS, S.serverInit(8, 8, 'x', {...S.ESXI_PF, trueColour: 0, bpp: 8, depth: 8}));
    expect(lastError(o.events)?.code).toBe('colour-map-unsupported');
  });

  it('refuses a framebuffer over the limit and honours maxFramebufferSide', () => {
    expect(lastError(run({}, HS, S.serverInit(8193, 8, 'x')).events)?.code).toBe(
      'framebuffer-too-large',
    );
    expect(
      lastError(run({maxFramebufferSide: 100}, HS, S.serverInit(101, 8, 'x')).events)?.code,
    ).toBe('framebuffer-too-large');
    expect(run({maxFramebufferSide: 99999}, HS, S.serverInit(16384, 8, 'x')).state).toBe('normal');
  });

  it('checks the name length before waiting for the name', () => {
    const header = S.serverInit(8, 8, 'x').subarray(0, 20);
    const o = run({}, HS, header, hex('00 00 10 01'));
    expect(lastError(o.events)?.code).toBe('name-too-large');
  });

  it('refuses impossible pixel formats', () => {
    const o = run({}, HS, S.serverInit(8, 8, 'x', {...S.ESXI_PF, bpp: 24}));
    expect(lastError(o.events)?.code).toBe('bad-pixel-format');
  });

  it('decodes the name as UTF-8, falling back to Latin-1, without control characters', () => {
    expect(run({}, HS, S.serverInit(8, 8, utf8('Zürich\u0000'))).client.name).toBe('Zürich');
    expect(run({}, HS, S.serverInit(8, 8, Uint8Array.of(0x5a, 0xfc, 0x72))).client.name).toBe(
      'Zür',
    );
  });
});

describe('end() and close()', () => {
  it('end() before ServerInit is one truncated error', () => {
    const client = new RfbClient({}, new RecordingSink());
    client.receive(S.VERSION_38);
    const ev = client.end();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({type: 'error', error: {code: 'truncated'}});
    expect(client.state).toBe('closed');
    expect(client.end()).toEqual([]);
    expect(client.receive(S.securityTypes(1))).toEqual([]);
  });

  it('end() between messages is a clean close; mid-message is truncated', () => {
    const base = concat(S.VERSION_38, S.securityTypes(1), S.securityResult(0), S.serverInit(4, 4));
    const clean = new RfbClient({}, new RecordingSink());
    clean.receive(base);
    expect(clean.midMessage).toBe(false);
    expect(clean.end()).toEqual([]);
    expect(clean.state).toBe('closed');
    const mid = new RfbClient({}, new RecordingSink());
    mid.receive(concat(base, hex('00 00 00 01 00')));
    expect(mid.midMessage).toBe(true);
    expect(mid.end()).toEqual([expect.objectContaining({type: 'error'})]);
  });

  it('close() ends silently and stops all sending', () => {
    const client = new RfbClient({}, new RecordingSink());
    client.receive(
      concat(S.VERSION_38, S.securityTypes(1), S.securityResult(0), S.serverInit(4, 4)),
    );
    client.drainOutgoing();
    client.close();
    expect(client.state).toBe('closed');
    expect(client.sendKey('KeyA', true)).toBe(false);
    client.sendPointer(1, 1, 0);
    expect(client.requestResolution(8, 8)).toBe(false);
    expect(client.drainOutgoing()).toBeUndefined();
    expect(client.end()).toEqual([]);
  });
});
