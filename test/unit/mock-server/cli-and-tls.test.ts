import {spawn, type ChildProcess} from 'node:child_process';
import {get as httpsGet} from 'node:https';
import type {TLSSocket} from 'node:tls';
import {afterEach, describe, expect, it} from 'vitest';
import {startMockServer, type TicketInfo} from '../../../mock-server/server.js';
import {TestClient} from './helpers/test-client.js';

const THUMBPRINT = /^([0-9A-F]{2}:){19}[0-9A-F]{2}$/;
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
});

/** Starts the CLI and resolves with its stdout once it printed `until`. */
function runCli(args: string[], until: RegExp): Promise<{child: ChildProcess; out: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/cli.ts', ...args], {
      cwd: new URL('../../../', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}${err}`)), 20000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) {
        clearTimeout(timer);
        resolve({child, out});
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}: ${out}${err}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('CLI (npx tsx mock-server/cli.ts)', () => {
  it('--port 0 prints the URLs it serves and answers /api/health; SIGTERM stops it', async () => {
    const {child, out} = await runCli(['--port', '0', '--quiet'], /api\/health/);
    const base = /mock ESXi server on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)![1]!;
    expect(out).toContain(`POST ${base}/api/tickets`);
    expect(out).toContain(`POST ${base}/api/nova/remote-consoles`);
    expect(out).toMatch(/ws:\/\/127\.0\.0\.1:\d+\/ticket\/<ticket>/);
    const res = await fetch(`${base}/api/health`);
    expect(await res.json()).toEqual({ok: true});
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('--tls prints the certificate SHA-1 thumbprint and wss URLs', async () => {
    const {child, out} = await runCli(['--port=0', '--tls', '--quiet'], /thumbprint: .+\n/);
    const thumb = /thumbprint: (\S+)/.exec(out)![1]!;
    expect(thumb).toMatch(THUMBPRINT);
    expect(out).toMatch(/mock ESXi server on https:\/\/127\.0\.0\.1:\d+\//);
    expect(out).toMatch(/wss:\/\/127\.0\.0\.1:\d+\/ticket\/<ticket>/);
    child.kill('SIGTERM');
    await exited(child);
  });

  it('rejects unknown arguments', async () => {
    await expect(runCli(['--bogus'], /never/)).rejects.toThrow(/exited with 2/);
  });
});

describe('TLS (in-process)', () => {
  it('serves HTTPS/WSS; the ticket carries the thumbprint of the certificate actually served', async () => {
    const mock = await startMockServer({port: 0, tls: true});
    try {
      expect(mock.baseUrl).toBe(`https://127.0.0.1:${mock.port}`);
      const {ticket, peer} = await new Promise<{ticket: TicketInfo; peer: string}>(
        (resolve, reject) => {
          const req = httpsGet(`${mock.baseUrl}/api/health`, {rejectUnauthorized: false}, (res) => {
            const peerFp = (res.socket as TLSSocket).getPeerCertificate().fingerprint;
            res.resume();
            resolve({ticket: mock.issueTicket(), peer: peerFp});
          });
          req.on('error', reject);
        },
      );
      expect(ticket.thumbprint).toMatch(THUMBPRINT);
      expect(ticket.thumbprint).toBe(peer);
      expect(ticket.url).toBe(`wss://127.0.0.1:${mock.port}/ticket/${ticket.ticket}`);
      const c = await TestClient.open(ticket.url);
      const init = await c.handshake();
      expect(init.width).toBe(1024);
      c.close();
    } finally {
      await mock.close();
    }
  });
});
