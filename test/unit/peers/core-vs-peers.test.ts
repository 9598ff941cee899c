/**
 * The project's RFB core (RfbClient and the VNC decoders), run in Node
 * against real peers: its framebuffer model must equal QEMU's screendump
 * (guest paused through QMP) and the X server's xwd dump, pixel for pixel,
 * for each encoding it can ask for. This pins decoder bugs to the core with
 * a real server's byte stream; test/e2e/peers repeats it through the element.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ENCODING_NUMBERS, findSetEncodings, preferredEncoding} from '../../peers/console-page.js';
import {NodeRfbSession} from '../../peers/node-rfb-session.js';
import {comparePixels} from '../../peers/pixel-compare.js';
import {waitFor} from '../../peers/peer-process.js';
import {QemuPeer} from '../../peers/qemu-peer.js';
import {TigerVncPeer} from '../../peers/tigervnc-peer.js';

/** What QEMU 7.2 implements (ui/vnc.c set_encodings; no RRE). */
const QEMU_ENCODINGS = ['tight', 'zrle', 'hextile', 'zlib', 'raw'] as const;
/** What TigerVNC 1.12 implements, with the encoder class its statistics name. */
const TIGERVNC_ENCODINGS = [
  ['tight', 'Tight'],
  ['zrle', 'ZRLE'],
  ['hextile', 'Hextile'],
  ['rre', 'RRE'],
  ['raw', 'Raw'],
] as const;

/** Waits until the model equals the dump, then returns the final comparison summary. */
async function settle(
  session: NodeRfbSession,
  dump: () => Promise<Parameters<typeof comparePixels>[0]>,
) {
  let summary = '';
  await waitFor(
    'the core framebuffer to equal the peer screen dump',
    async () => {
      const expected = await dump();
      const result = comparePixels(expected, session.sink.snapshot());
      summary = result.summary;
      if (session.error()) throw new Error(`core error ${session.error()}`);
      return result.equal ? true : undefined;
    },
    {timeoutMs: 8000, intervalMs: 150},
  ).catch((err: Error) => {
    throw new Error(`${err.message}; last comparison: ${summary}`);
  });
  return summary;
}

describe('the RFB core against QEMU', () => {
  let qemu: QemuPeer | undefined;
  beforeAll(async () => {
    qemu = await QemuPeer.start({boot: 'anim'});
  }, 30000);
  afterAll(async () => {
    await qemu?.stop();
  });

  it.each(QEMU_ENCODINGS)(
    '%s: the model equals the screendump of the paused guest',
    async (encoding) => {
      const q = qemu;
      if (!q) throw new Error('QEMU did not start');
      if ((await q.status()) !== 'running') await q.resume();
      const session = await NodeRfbSession.connect(q.url, {encodings: [encoding]});
      try {
        // QEMU uses the first encoding of the list it implements (ui/vnc.c set_encodings).
        const list = await waitFor(
          'the SetEncodings message',
          () => findSetEncodings(session.sent),
          {
            timeoutMs: 2000,
          },
        );
        expect(preferredEncoding(list)).toBe(ENCODING_NUMBERS[encoding]);
        await new Promise((r) => setTimeout(r, 600)); // some animation frames
        await q.pause();
        expect(await settle(session, () => q.screendump())).toBe('640x400: identical');
        expect(session.sink.images).toBe(0); // no JPEG/PNG: QEMU's Tight is lossless by default
        expect(session.sink.commits).toBeGreaterThan(1);
      } finally {
        session.close();
        await q.resume();
      }
    },
  );
});

describe('the RFB core against TigerVNC', () => {
  let xvnc: TigerVncPeer | undefined;
  beforeAll(async () => {
    const p = await TigerVncPeer.start();
    xvnc = p;
    await p.startXterm({
      geometry: '50x6+30+20',
      command: [
        'sh',
        '-c',
        'printf "\\033[41m red \\033[42m green \\033[44m blue \\033[0m TigerVNC\\n"; exec sleep 600',
      ],
    });
    await p.movePointer(0, 0);
  }, 30000);
  afterAll(async () => {
    await xvnc?.stop();
  });

  it.each(TIGERVNC_ENCODINGS)('%s: the model equals the xwd dump', async (encoding, encoder) => {
    const p = xvnc;
    if (!p) throw new Error('Xvnc did not start');
    const mark = p.xvnc.outputMark;
    const session = await NodeRfbSession.connect(p.url, {encodings: [encoding]});
    try {
      expect(await settle(session, () => p.screendump())).toBe('800x600: identical');
      expect(session.sink.images).toBe(0);
    } finally {
      session.close();
    }
    // Xvnc's own statistics say which encoder served this connection (and that no JPEG was used).
    const used = await p.encodersUsed(mark);
    expect(used).toContain(encoder);
    expect(used).not.toContain('TightJPEG');
  });
});
