import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QmpClient, QmpError} from '../../peers/qmp-client.js';

/** A scripted QMP server: greeting, then answers by command name. */
function fakeQmp(
  path: string,
  answer: (cmd: {execute: string; arguments?: unknown; id?: string}, socket: Socket) => void,
  received: string[],
): Promise<Server> {
  const server = createServer((socket) => {
    socket.write(
      '{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}}, "capabilities": ["oob"]}}\r\n',
    );
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        received.push(line);
        answer(JSON.parse(line) as {execute: string; id?: string}, socket);
      }
    });
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}

describe('QmpClient', () => {
  let dir = '';
  let server: Server | undefined;
  let client: QmpClient | undefined;
  afterEach(async () => {
    client?.close();
    if (server) await new Promise((r) => server?.close(r));
    rmSync(dir, {recursive: true, force: true});
  });

  it('negotiates capabilities, matches replies by id and keeps events aside', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wmks-qmp-'));
    const path = join(dir, 'qmp.sock');
    const received: string[] = [];
    server = await fakeQmp(
      path,
      (cmd, socket) => {
        const id = JSON.stringify(cmd.id);
        if (cmd.execute === 'stop') {
          // An event first, then the reply, in one write: both must be parsed.
          socket.write(
            `{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "STOP"}\r\n{"return": {}, "id": ${id}}\r\n`,
          );
        } else if (cmd.execute === 'query-status') {
          // Split across writes.
          socket.write(`{"return": {"status": "pau`);
          setTimeout(() => socket.write(`sed", "running": false}, "id": ${id}}\r\n`), 20);
        } else if (cmd.execute === 'nope') {
          socket.write(
            `{"error": {"class": "CommandNotFound", "desc": "The command nope has not been found"}, "id": ${id}}\r\n`,
          );
        } else {
          socket.write(`{"return": {}, "id": ${id}}\r\n`);
        }
      },
      received,
    );
    client = await QmpClient.connect(path);
    await client.execute('stop');
    expect(client.events.map((e) => e.event)).toEqual(['STOP']);
    expect(await client.waitForEvent('STOP', 0, 100)).toMatchObject({event: 'STOP'});
    expect(await client.execute('query-status')).toEqual({status: 'paused', running: false});
    const err = await client.execute('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpError);
    expect((err as QmpError).message).toBe(
      'QMP nope failed: CommandNotFound: The command nope has not been found',
    );
    await client.execute('screendump', {filename: '/tmp/x.ppm'});
    expect(received.map((l) => JSON.parse(l) as unknown)).toEqual([
      {execute: 'qmp_capabilities', id: 't1'},
      {execute: 'stop', id: 't2'},
      {execute: 'query-status', id: 't3'},
      {execute: 'nope', id: 't4'},
      {execute: 'screendump', arguments: {filename: '/tmp/x.ppm'}, id: 't5'},
    ]);
  });

  it('fails pending commands when the socket closes, and times out a silent server', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wmks-qmp-'));
    const path = join(dir, 'qmp.sock');
    server = await fakeQmp(
      path,
      (cmd, socket) => {
        if (cmd.execute === 'qmp_capabilities') socket.write(`{"return": {}, "id": "${cmd.id}"}\n`);
        if (cmd.execute === 'quit') socket.destroy();
      },
      [],
    );
    client = await QmpClient.connect(path);
    await expect(client.execute('silence', undefined, 100)).rejects.toThrow(
      'QMP silence: no reply within 100 ms',
    );
    await expect(client.execute('quit')).rejects.toThrow('QMP quit: QMP socket closed');
    await expect(client.execute('after')).rejects.toThrow('QMP socket closed');
  });

  it('gives up on a server that never greets', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wmks-qmp-'));
    const path = join(dir, 'qmp.sock');
    server = createServer(() => undefined);
    await new Promise<void>((r) => server?.listen(path, r));
    await expect(QmpClient.connect(path, 100)).rejects.toThrow(
      'QMP greeting: nothing within 100 ms',
    );
  });
});
