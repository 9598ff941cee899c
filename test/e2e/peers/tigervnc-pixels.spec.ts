/**
 * Pixel-exact against a real TigerVNC (issue 7, "Tests"): the element's
 * framebuffer equals the X server's own screen dump (`xwd -root`) once the
 * screen stops changing.
 *
 * The screen: the classic one-pixel stipple root (-retro) and an xterm with
 * coloured text, all static. The X pointer is parked at (0, 0) with xdotool
 * first: Xvnc draws the pointer into the framebuffer for a client whose
 * last pointer position differs from the server's (VNCSConnectionST
 * needRenderedCursor), and a client that never moved the mouse is at
 * (0, 0); xwd never shows the pointer.
 *
 * The first run uses no configuration beyond the URL (issue 7, "Done
 * when"); the others ask for one encoding each.
 */
import {expect, test} from '@playwright/test';
import {
  ConsolePage,
  ENCODING_NUMBERS,
  expectSameImage,
  preferredEncoding,
} from '../../peers/console-page.js';
import {TigerVncPeer} from '../../peers/tigervnc-peer.js';

let xvnc: TigerVncPeer | undefined;

/** Coloured text in SGR colours 0-15 and a few 256-colour cells, so many colours are on screen. */
const COLOUR_TEXT = [
  'printf "webmks-console vs TigerVNC\\n"',
  'for c in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do printf "\\033[48;5;%sm  " $c; done',
  'printf "\\033[0m\\n"',
  'for c in 16 52 88 124 160 196 202 208 214 220 226 190 154 118 82 46; do printf "\\033[38;5;%sm#%s" $c $c; done',
  'printf "\\033[0m\\n"',
  'printf "\\033[1mbold\\033[0m \\033[4munderline\\033[0m \\033[7mreverse\\033[0m\\n"',
  'exec sleep 600',
].join('; ');

test.beforeAll(async () => {
  const p = await TigerVncPeer.start();
  xvnc = p;
  await p.startXterm({geometry: '70x8+40+30', command: ['sh', '-c', COLOUR_TEXT]});
  await p.movePointer(0, 0);
});

test.afterAll(async () => {
  await xvnc?.stop();
  xvnc = undefined;
});

function peer(): TigerVncPeer {
  if (!xvnc) throw new Error('Xvnc did not start');
  return xvnc;
}

test('URL only: the element shows exactly what the X server has', async ({page}, testInfo) => {
  test.setTimeout(30000);
  const p = peer();
  const console = await ConsolePage.open(page, p.url);
  const info = await console.connected();
  expect([info.width, info.height]).toEqual([800, 600]);
  expect(info.name).toContain('webmks-peer');
  await expectSameImage(console, () => p.screendump(), {
    timeoutMs: 10000,
    reportName: 'tigervnc-default',
    testInfo,
  });
});

/** Encodings the element asks for, and the encoder class Xvnc's statistics name for each. */
const RUNS = [
  ['tight', 'Tight'],
  ['zrle', 'ZRLE'],
  ['hextile', 'Hextile'],
  ['raw', 'Raw'],
] as const;

for (const [encoding, encoder] of RUNS) {
  test(`${encoding}: the element shows exactly what the X server has`, async ({page}, testInfo) => {
    test.setTimeout(30000);
    const p = peer();
    const mark = p.xvnc.outputMark;
    const console = await ConsolePage.open(page, p.url, {encodings: encoding});
    await console.connected();
    expect
      .soft(
        preferredEncoding((await console.sentEncodings()) ?? []),
        'the first data encoding asked for',
      )
      .toBe(ENCODING_NUMBERS[encoding]);
    await expectSameImage(console, () => p.screendump(), {
      timeoutMs: 10000,
      reportName: `tigervnc-${encoding}`,
      testInfo,
    });
    // Xvnc's statistics for the connection name the encoder that served it.
    await console.disconnect();
    const used = await p.encodersUsed(mark);
    expect(used, `encoders Xvnc used`).toContain(encoder);
    expect(used).not.toContain('TightJPEG');
  });
}
