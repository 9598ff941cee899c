import {describe, expect, it} from 'vitest';
import {canConnectTcp, livePeerPids, startPeerProcess, waitFor} from '../../peers/peer-process.js';
import {findFreeTcpPort, isTcpPortFree} from '../../peers/free-port.js';
import {readFileSync} from 'node:fs';
import {createServer} from 'node:net';

/** Running (a zombie waiting for its reaper counts as gone). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('peer processes', () => {
  it('fails with the command and the package to install when the command is missing', async () => {
    await expect(
      startPeerProcess('QEMU', 'qemu-system-does-not-exist', ['-version'], {
        debianPackage: 'qemu-system-x86',
      }),
    ).rejects.toThrow(
      /QEMU: cannot start qemu-system-does-not-exist -version: .*ENOENT.*\(install the Debian package qemu-system-x86\)/,
    );
  });

  it('stops a peer and everything it forked, by process group', async () => {
    // The shell forks a sleep; both must be gone after stop().
    const peer = await startPeerProcess('sh', 'sh', ['-c', 'sleep 30 & echo child $!; wait']);
    const childPid = await waitFor(
      'the child pid',
      () => {
        const m = /child (\d+)/.exec(peer.output);
        return m ? Number(m[1]) : undefined;
      },
      {timeoutMs: 5000},
    );
    expect(isAlive(peer.pid)).toBe(true);
    expect(isAlive(childPid)).toBe(true);
    expect(livePeerPids()).toContain(peer.pid);
    const exit = await peer.stop();
    expect(exit.signal).toBe('SIGTERM');
    expect(isAlive(peer.pid)).toBe(false);
    await waitFor('the forked child to go', () => (isAlive(childPid) ? undefined : true), {
      timeoutMs: 2000,
    });
    expect(livePeerPids()).not.toContain(peer.pid);
  });

  it('kills a peer that ignores SIGTERM after the grace period', async () => {
    const peer = await startPeerProcess('stubborn', 'sh', [
      '-c',
      'trap "" TERM; echo ready; while :; do sleep 0.1; done',
    ]);
    await waitFor('ready', () => (peer.output.includes('ready') ? true : undefined), {
      timeoutMs: 5000,
    });
    const t0 = Date.now();
    const exit = await peer.stop(300);
    expect(exit.signal).toBe('SIGKILL');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('stops waiting as soon as a watched peer exits, quoting its output', async () => {
    const peer = await startPeerProcess('failing', 'sh', ['-c', 'echo "cannot bind" >&2; exit 3']);
    await expect(
      waitFor('something that never comes', () => undefined, {timeoutMs: 10000, peers: [peer]}),
    ).rejects.toThrow(
      /while waiting for something that never comes: failing .*exited with code 3; output:\ncannot bind/s,
    );
  });

  it('times out naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        'the moon',
        () => {
          throw new Error('not yet');
        },
        {timeoutMs: 150, intervalMs: 50},
      ),
    ).rejects.toThrow('timed out after 150 ms waiting for the moon (last error: not yet)');
  });
});

describe('free ports', () => {
  it('finds a port that is free and sees it taken once bound', async () => {
    const port = await findFreeTcpPort();
    expect(port).toBeGreaterThanOrEqual(26000);
    expect(port).toBeLessThanOrEqual(28999);
    expect(await isTcpPortFree(port)).toBe(true);
    const server = createServer();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      expect(await isTcpPortFree(port)).toBe(false);
      expect(await canConnectTcp(port)).toBe(true);
      expect(
        await findFreeTcpPort(new Set(), {low: port, high: port}).catch((e: Error) => e.message),
      ).toMatch(/no free TCP port/);
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(await canConnectTcp(port)).toBe(false);
  });
});
