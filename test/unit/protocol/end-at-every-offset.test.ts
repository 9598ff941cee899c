import {describe, expect, it} from 'vitest';
import {ProtocolError} from '../../../src/protocol/errors.js';
import {RfbClient} from '../../../src/protocol/rfb-client.js';
import {
  ESXI_TRANSCRIPT,
  esxiFullStream,
  modeBStream,
  vnc38AuthStream,
} from '../helpers/fixtures.js';
import {CheckingSink} from '../helpers/checking-sink.js';

/**
 * Feeds each prefix, then end(). Problems are collected and asserted once
 * (thousands of expect() calls would dominate the run time).
 */
function endAt(
  stream: Uint8Array,
  options: ConstructorParameters<typeof RfbClient>[0],
  password?: string,
): void {
  const problems: string[] = [];
  let cleanCloses = 0;
  let truncations = 0;
  for (let k = 0; k <= stream.length; k++) {
    const client = new RfbClient(options, new CheckingSink());
    const events = [...client.receive(stream.subarray(0, k))];
    if (password !== undefined && events.some((e) => e.type === 'credentials-required')) {
      client.setPassword(password);
      events.push(...client.receive(new Uint8Array(0)));
    }
    if (events.some((e) => e.type === 'error')) problems.push(`${k}: error before end()`);
    const wasClean = client.state === 'normal' && !client.midMessage;
    let ended: ReturnType<RfbClient['end']>;
    try {
      ended = client.end();
    } catch (e) {
      problems.push(`${k}: end() threw ${String(e)}`);
      continue;
    }
    if (client.state !== 'closed') problems.push(`${k}: state ${client.state}`);
    if (wasClean) {
      if (ended.length !== 0) problems.push(`${k}: events on a clean close`);
      cleanCloses++;
    } else {
      const e = ended[0];
      const ok =
        ended.length === 1 &&
        e?.type === 'error' &&
        e.error instanceof ProtocolError &&
        e.error.code === 'truncated';
      if (!ok) problems.push(`${k}: expected one truncated error, got ${JSON.stringify(ended)}`);
      truncations++;
    }
    if (client.end().length !== 0) problems.push(`${k}: second end() reported events`);
  }
  expect(problems).toEqual([]);
  expect(cleanCloses).toBeGreaterThan(0);
  expect(truncations).toBeGreaterThan(0);
}

describe('end() at every byte offset gives one truncated error or a clean close, never a throw', () => {
  it('ESXi transcript (§5.1)', () => endAt(ESXI_TRANSCRIPT, {flavor: 'vmware'}));
  it('ESXi full session', () => endAt(esxiFullStream(), {flavor: 'vmware'}));
  it('mode B', () => endAt(modeBStream(), {}));
  it('VNC 3.8 with authentication', () => endAt(vnc38AuthStream(), {flavor: 'vnc'}, 'secret'));
});
