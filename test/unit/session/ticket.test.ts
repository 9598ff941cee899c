import {describe, expect, it} from 'vitest';
import {resolveTicket, TicketError} from '../../../src/session/ticket.js';

const T = 'cst-VCT-52d5-canary-ticket-9f3c';

describe('resolveTicket', () => {
  it('keeps a wss ticket URL and picks the vmware flavor', () => {
    expect(resolveTicket(`wss://esx.example:443/ticket/${T}`)).toEqual({
      url: `wss://esx.example/ticket/${T}`,
      flavor: 'vmware',
    });
  });

  it('treats a ws URL without /ticket/ as plain RFB', () => {
    expect(resolveTicket('ws://127.0.0.1:5901/websockify')).toEqual({
      url: 'ws://127.0.0.1:5901/websockify',
      flavor: 'vnc',
    });
  });

  it('accepts a URL object', () => {
    expect(resolveTicket(new URL(`wss://h:8443/ticket/${T}`)).url).toBe(`wss://h:8443/ticket/${T}`);
  });

  it('builds wss://host/ticket/T from a vSphere ticket, leaving out port 443', () => {
    expect(resolveTicket({host: 'esx1.lab', port: 443, ticket: T})).toEqual({
      url: `wss://esx1.lab/ticket/${T}`,
      flavor: 'vmware',
    });
    expect(resolveTicket({host: 'esx1.lab', ticket: T}).url).toBe(`wss://esx1.lab/ticket/${T}`);
  });

  it('keeps a non-default port and brackets IPv6 hosts', () => {
    expect(resolveTicket({host: '10.0.0.5', port: 9443, ticket: T}).url).toBe(
      `wss://10.0.0.5:9443/ticket/${T}`,
    );
    expect(resolveTicket({host: 'fe80::1', port: '8443', ticket: T}).url).toBe(
      `wss://[fe80::1]:8443/ticket/${T}`,
    );
  });

  it('percent-encodes the ticket into one path segment', () => {
    expect(resolveTicket({host: 'h', ticket: 'a/b?c'}).url).toBe('wss://h/ticket/a%2Fb%3Fc');
  });

  it('prefers a vSphere ticket url when present', () => {
    expect(resolveTicket({url: `wss://vc/ticket/${T}`, host: 'x', ticket: 'other'})).toEqual({
      url: `wss://vc/ticket/${T}`,
      flavor: 'vmware',
    });
  });

  it('turns a Nova mks page URL into the proxy WebSocket URL (vmware flavor)', () => {
    const rc = {protocol: 'mks', type: 'webmks', url: `http://nova.lab:6090/mks.html?token=${T}`};
    const expected = {url: `ws://nova.lab:6090/?token=${T}`, flavor: 'vmware'};
    expect(resolveTicket(rc)).toEqual(expected);
    expect(resolveTicket({remote_console: rc})).toEqual(expected);
  });

  it('keeps the directory path of a Nova page and maps https to wss', () => {
    const rc = {protocol: 'mks', type: 'webmks', url: `https://p.lab/console/mks.html?token=${T}`};
    expect(resolveTicket(rc).url).toBe(`wss://p.lab/console/?token=${T}`);
  });

  it('keeps a Nova URL without a page file as it is', () => {
    const rc = {protocol: 'mks', type: 'webmks', url: `http://p.lab:6090/mks/?token=${T}`};
    expect(resolveTicket(rc).url).toBe(`ws://p.lab:6090/mks/?token=${T}`);
  });

  it('gives a Nova vnc console the plain RFB flavor', () => {
    expect(
      resolveTicket({protocol: 'vnc', type: 'novnc', url: 'http://h:6080/?token=abcd'}),
    ).toEqual({url: 'ws://h:6080/?token=abcd', flavor: 'vnc'});
  });

  it('drops a fragment, which WebSocket URLs may not carry', () => {
    expect(resolveTicket(`wss://h/ticket/${T}#x`).url).toBe(`wss://h/ticket/${T}`);
  });

  const bad: Array<[string, unknown]> = [
    ['a relative URL', `/ticket/${T}`],
    ['an unsupported scheme', `ftp://h/ticket/${T}`],
    ['a javascript: URL', `javascript:alert('${T}')`],
    ['null', null],
    ['a number', 42],
    ['an object without url or ticket', {host: 'h'}],
    ['an empty ticket', {host: 'h', ticket: ''}],
    ['a host with a path', {host: `evil.example/${T}`, ticket: T}],
    ['a host with user info', {host: `u@h`, ticket: T}],
    ['a bad port', {host: 'h', port: 70000, ticket: T}],
    ['a Nova console without url', {remote_console: {protocol: 'mks'}}],
  ];
  for (const [name, value] of bad) {
    it(`rejects ${name} with a TicketError that does not quote the ticket`, () => {
      let error: unknown;
      try {
        resolveTicket(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TicketError);
      expect((error as Error).message).not.toContain(T);
    });
  }
});
