/**
 * The TigerVNC peer itself, without the element: Xvnc starts on a free
 * display, websockify bridges it, xterm draws, xdotool types and moves the
 * pointer, xwd dumps the screen, and stop() leaves nothing behind. Needs the
 * Debian packages tigervnc-standalone-server, websockify, xterm, xdotool and
 * x11-apps; fails (never skips) when they are missing.
 */
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {comparePixels} from '../../peers/pixel-compare.js';
import {waitFor} from '../../peers/peer-process.js';
import {probeRfb} from '../../peers/rfb-probe.js';
import {pixelAt} from '../../peers/rgba-image.js';
import {readPeerFile, TigerVncPeer} from '../../peers/tigervnc-peer.js';

describe('TigerVNC peer', () => {
  let xvnc: TigerVncPeer | undefined;
  beforeAll(async () => {
    xvnc = await TigerVncPeer.start();
  }, 30000);
  afterAll(async () => {
    await xvnc?.stop();
  });
  const peer = () => {
    if (!xvnc) throw new Error('Xvnc did not start');
    return xvnc;
  };

  it('serves RFB 3.8 through websockify with security type None', async () => {
    expect(await probeRfb(peer().url)).toEqual({
      version: 'RFB 003.008\n',
      securityTypes: [1],
      protocol: 'binary',
    });
  });

  it('dumps the root window: 800x600 with the classic black and white stipple', async () => {
    const img = await peer().screendump();
    expect([img.width, img.height]).toEqual([800, 600]);
    const colours = new Set<string>();
    let changes = 0;
    for (let y = 500; y < 516; y++) {
      for (let x = 700; x < 716; x++) {
        const c = pixelAt(img, x, y).join();
        colours.add(c);
        if (pixelAt(img, x + 1, y).join() !== c) changes++;
        // The X "weave" (-retro) is a tile of 4x4 pixels.
        expect(pixelAt(img, x + 4, y).join()).toBe(c);
        expect(pixelAt(img, x, y + 4).join()).toBe(c);
      }
    }
    expect([...colours].sort()).toEqual(['0,0,0', '255,255,255']);
    expect(changes).toBeGreaterThan(64);
  });

  it('runs an xterm that receives keys typed with xdotool', async () => {
    const p = peer();
    const out = join(p.dir, 'typed.txt');
    const before = await p.screendump();
    await p.startXterm({geometry: '40x5+0+0', command: ['sh', '-c', `cat > ${out}`]});
    await p.movePointer(5, 5); // focus follows the pointer without a window manager
    await p.x('xdotool', ['type', '--delay', '20', 'Hi 42!']);
    await p.x('xdotool', ['key', 'Return']);
    await waitFor(
      'the typed line in the file',
      () => (readPeerFile(out) === 'Hi 42!\n' ? true : undefined),
      {
        timeoutMs: 5000,
        peers: [p.xvnc, ...p.clients],
      },
    );
    const after = await p.screendump();
    const diff = comparePixels(before, after);
    expect(diff.equal).toBe(false);
    // The terminal (40x5 cells of 6x13 pixels at 0,0) is in the top-left corner.
    expect(diff.box?.x).toBe(0);
    expect(diff.box?.y).toBe(0);
    // Its background colour is the one we asked for.
    expect(pixelAt(after, 200, 50)).toEqual([0xf0, 0xf0, 0xe0]);
  });

  it('stops everything it started', async () => {
    const p = peer();
    const pids = [p.xvnc, p.websockify, ...p.clients];
    await p.stop();
    expect(pids.every((proc) => !proc.running)).toBe(true);
    expect(existsSync(p.dir)).toBe(false);
    expect(existsSync(`/tmp/.X11-unix/X${p.display}`)).toBe(false);
    await expect(probeRfb(p.url, 1000)).rejects.toThrow();
    xvnc = undefined;
  });
});
