import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CURSOR, startMockServer, type MockServer} from '../../../mock-server/server.js';
import {C, SC, WMKS_ENCODINGS} from './helpers/client-bytes.js';
import {decodePng} from './helpers/png-decode.js';
import {ModelScreen, type ServerRect} from './helpers/server-stream.js';
import {getJson, TestClient} from './helpers/test-client.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({port: 0, defaults: {animate: false, width: 320, height: 240}});
});
afterAll(() => mock.close());

async function session(opts: Record<string, unknown> = {}) {
  const t = mock.issueTicket(opts);
  const c = await TestClient.open(t.url);
  const init = await c.handshake();
  return {t, c, init};
}

async function screen(ticket: string) {
  const res = await fetch(`${mock.baseUrl}/api/tickets/${ticket}/screen.png`);
  expect(res.headers.get('content-type')).toBe('image/png');
  return decodePng(new Uint8Array(await res.arrayBuffer()));
}

const press = (...codes: number[]) => codes.flatMap((k) => [C.vscan(k, true), C.vscan(k, false)]);

/** Receives updates (acknowledging with FBUR or 127/4) until the model equals screen.png. */
async function syncModel(
  c: TestClient,
  ticket: string,
  model: ModelScreen,
  ack: (id: number) => Uint8Array,
) {
  for (let i = 0; i < 200; i++) {
    const png = await screen(ticket);
    if (
      png.width === model.width &&
      png.height === model.height &&
      Buffer.compare(png.rgba, model.rgba) === 0
    ) {
      return;
    }
    const u = await c.nextUpdate(3000);
    model.apply(u.rects);
    c.send(ack(u.id));
  }
  throw new Error('model never matched the screen');
}

describe('updates and flow control (§4.3, §8.6)', () => {
  it('answers the first FBUR with a full update carrying the advertised pseudo-rectangles', async () => {
    const {t, c} = await session();
    c.send(C.setEncodings(WMKS_ENCODINGS), C.fbur(0, 320, 240));
    await c.read(8); // ServerCaps
    const u = await c.nextUpdate();
    expect(u.id).toBe(1);
    const encs = u.rects.map((r) => r.enc);
    expect(encs).toContain('cursor');
    expect(encs).toContain('cursor-state');
    expect(encs).toContain('typematic');
    expect(encs).toContain('leds');
    const cursor = u.rects.find((r) => r.enc === 'cursor') as Extract<ServerRect, {enc: 'cursor'}>;
    expect(cursor.cursorType).toBe(1);
    expect([cursor.x, cursor.y, cursor.w, cursor.h]).toEqual([
      CURSOR.hotX,
      CURSOR.hotY,
      CURSOR.width,
      CURSOR.height,
    ]);
    // B, G, R, A on the wire (§12.14).
    expect(Buffer.from(cursor.pixels).equals(Buffer.from(CURSOR.bgra))).toBe(true);
    const fill = 2 * CURSOR.width + 1; // pixel (1, 2) has the fill colour R 255, G 236, B 160
    expect([...cursor.pixels.subarray(fill * 4, fill * 4 + 4)]).toEqual([160, 236, 255, 255]);
    expect(u.rects.find((r) => r.enc === 'cursor-state')).toEqual({enc: 'cursor-state', flags: 3});
    expect(u.rects.find((r) => r.enc === 'typematic')).toEqual({
      enc: 'typematic',
      state: 1,
      period: 33333,
      delay: 500000,
    });
    // The screen content is the whole framebuffer: the model equals screen.png.
    const model = new ModelScreen(320, 240);
    model.apply(u.rects);
    expect(Buffer.compare((await screen(t.ticket)).rgba, model.rgba)).toBe(0);
    c.close();
  });

  it('keeps one update outstanding: the next waits for an FBUR or a 127/4 ack', async () => {
    const {t, c} = await session();
    c.send(C.setEncodings([-260, 0x574d567a]), C.fbur(0, 320, 240));
    await c.read(8);
    const first = await c.nextUpdate();
    c.send(...press(SC.a));
    await c.until(() => mock.inspect(t.ticket)!.typed() === 'a');
    await new Promise((r) => setTimeout(r, 150));
    expect(c.pending).toBe(0); // changed, but not asked for
    c.send(C.ack(first.id));
    const second = await c.nextUpdate();
    expect(second.id).toBe(2);
    c.send(...press(SC.b));
    await new Promise((r) => setTimeout(r, 150));
    expect(c.pending).toBe(0);
    // wmks without UpdateAck: an FBUR whose incremental byte is the raw id (§12.4).
    c.send(C.fbur(second.id, 320, 240));
    expect((await c.nextUpdate()).id).toBe(3);
    c.close();
  });

  it('rolls update ids 1…255 then back to 1', async () => {
    const {t, c} = await session();
    c.send(C.setEncodings([-260]), C.fbur(0, 320, 240));
    const ids: number[] = [];
    while (ids.length < 258) {
      const u = await c.nextUpdate();
      ids.push(u.id);
      // Something to update: type a character or take it back.
      c.send(...press(ids.length % 2 ? SC.a : SC.backspace), C.fbur(1, 320, 240));
    }
    expect(ids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(ids.slice(253, 258)).toEqual([254, 255, 1, 2, 3]);
    expect(ids.every((id) => id >= 1 && id <= 255)).toBe(true);
    expect(
      mock
        .inspect(t.ticket)!
        .input()
        .filter((r) => r.type === 'update-request'),
    ).toHaveLength(258);
    c.close();
  });

  it('Raw + CopyRect client: the model equals screen.png after typing and scrolling', async () => {
    const {t, c} = await session({width: 320, height: 160});
    c.send(C.setEncodings([1, 0]), C.fbur(0, 320, 160));
    const model = new ModelScreen(320, 160);
    const u = await c.nextUpdate();
    expect(u.rects.every((r) => r.enc === 'raw')).toBe(true);
    model.apply(u.rects);
    c.send(C.fbur(u.id, 320, 160));
    // Enough lines to scroll a 5-row console several times.
    for (let i = 0; i < 8; i++) c.send(...press(SC.a, SC.b, SC.enter));
    await c.until(() => mock.inspect(t.ticket)!.typed().length === 24);
    const rects: ServerRect[] = [];
    const ack = (id: number) => C.fbur(id, 320, 160);
    for (let i = 0; i < 50; i++) {
      const png = await screen(t.ticket);
      if (Buffer.compare(png.rgba, model.rgba) === 0) break;
      const next = await c.nextUpdate();
      rects.push(...next.rects);
      model.apply(next.rects);
      c.send(ack(next.id));
    }
    expect(Buffer.compare((await screen(t.ticket)).rgba, model.rgba)).toBe(0);
    expect(rects.some((r) => r.enc === 'copy')).toBe(true);
    c.close();
  });

  it('TightPNG client (no CopyRect): the model equals screen.png, fills and PNGs only', async () => {
    const {t, c} = await session();
    c.send(C.setEncodings([-260, -223]), C.fbur(0, 320, 240));
    const model = new ModelScreen(320, 240);
    for (let i = 0; i < 12; i++) c.send(...press(SC.c, SC.enter));
    await c.until(() => mock.inspect(t.ticket)!.typed().length === 24);
    const encs = new Set<string>();
    const orig = model.apply.bind(model);
    model.apply = (rects) => {
      for (const r of rects) encs.add(r.enc);
      orig(rects);
    };
    await syncModel(c, t.ticket, model, (id) => C.ack(id));
    expect(encs.has('png')).toBe(true);
    expect([...encs].every((e) => e === 'fill' || e === 'png')).toBe(true);
    c.close();
  });

  it('adds a JPEG region with "jpeg": true (TightPNG JPEG, §3.3.3)', async () => {
    const {t, c} = await session({jpeg: true, width: 640, height: 480});
    c.send(C.setEncodings([-260, -23]), C.fbur(0, 640, 480));
    const u = await c.nextUpdate();
    const info = await getJson<{layout: {jpeg: {x: number; y: number; w: number; h: number}}}>(
      `${mock.baseUrl}/api/tickets/${t.ticket}/info`,
    );
    const j = u.rects.find((r): r is Extract<ServerRect, {file: Uint8Array}> => r.enc === 'jpeg')!;
    expect(j).toBeDefined();
    expect([j.x, j.y, j.w, j.h]).toEqual([
      info.layout.jpeg.x,
      info.layout.jpeg.y,
      info.layout.jpeg.w,
      info.layout.jpeg.h,
    ]);
    // Lossy: compare with the source pixels with a tolerance.
    const model = new ModelScreen(640, 480);
    model.apply(u.rects);
    const png = await screen(t.ticket);
    let maxDiff = 0;
    for (let y = j.y; y < j.y + j.h; y++) {
      for (let x = j.x; x < j.x + j.w; x++) {
        const o = (y * 640 + x) * 4;
        for (let k = 0; k < 3; k++)
          maxDiff = Math.max(maxDiff, Math.abs(png.rgba[o + k]! - model.rgba[o + k]!));
      }
    }
    expect(maxDiff).toBeLessThan(48);
    c.close();
  });

  it('sends the JPEG region losslessly to a client without TightPNG', async () => {
    const {t, c} = await session({jpeg: true, width: 640, height: 480});
    c.send(C.setEncodings([0]), C.fbur(0, 640, 480));
    const model = new ModelScreen(640, 480);
    await syncModel(c, t.ticket, model, (id) => C.fbur(id, 640, 480));
    c.close();
  });
});

describe('resolution requests (127/5, §5.5, §8.7)', () => {
  it('resizes the guest and answers with DesktopSize followed by the full new screen', async () => {
    const {t, c} = await session();
    c.send(C.setEncodings(WMKS_ENCODINGS), C.fbur(0, 320, 240));
    await c.read(8);
    const first = await c.nextUpdate();
    c.send(C.resolution(800, 600), C.ack(first.id));
    const u = await c.nextUpdate();
    expect(u.rects[0]).toEqual({enc: 'desktop-size', x: 0, y: 0, w: 800, h: 600});
    const model = new ModelScreen(320, 240);
    model.apply(u.rects);
    expect([model.width, model.height]).toEqual([800, 600]);
    const png = await screen(t.ticket);
    expect([png.width, png.height]).toEqual([800, 600]);
    expect(Buffer.compare(png.rgba, model.rgba)).toBe(0);
    expect(mock.inspect(t.ticket)!.input()).toContainEqual({
      type: 'resolution',
      width: 800,
      height: 600,
    });
    c.close();
  });

  it('clamps sizes to 160×120…3840×2400 and ignores a request for the current size', async () => {
    const {t, c} = await session();
    c.send(C.setEncodings([-260, -223]), C.fbur(0, 320, 240));
    const first = await c.nextUpdate();
    c.send(C.resolution(20, 10000), C.ack(first.id));
    const u = await c.nextUpdate();
    expect(u.rects[0]).toEqual({enc: 'desktop-size', x: 0, y: 0, w: 160, h: 2400});
    c.send(C.resolution(160, 2400), C.ack(u.id));
    await new Promise((r) => setTimeout(r, 150));
    expect(c.pending).toBe(0);
    expect(mock.inspect(t.ticket)!.width).toBe(160);
    c.close();
  });

  it('does not resize for a client that did not advertise DesktopSize', async () => {
    const {t, c} = await session();
    c.send(C.setEncodings([-260]), C.fbur(0, 320, 240));
    await c.nextUpdate();
    c.send(C.resolution(640, 480));
    await c.until(() =>
      mock
        .inspect(t.ticket)!
        .input()
        .some((r) => r.type === 'resolution'),
    );
    expect(mock.inspect(t.ticket)!.width).toBe(320);
    c.close();
  });
});

describe('client messages: recorded exactly, malformed ones close the session (§4, §8.4)', () => {
  it('records every message kind in /input', async () => {
    const {t, c} = await session();
    c.send(
      C.setPixelFormat(),
      C.setEncodings([-260, 0x574d567a]),
      C.pointer(10, 20, 1),
      C.wheel(100, 200, 1, 0),
      C.cutText('héllo'),
      C.vmware(3, 8, [0, 0, 0x50, 0]),
      C.vmware(16, 7, [1, 0, 1]),
      C.vmware(12, 8, [0, 0, 0, 23]),
      Uint8Array.of(251, 0, 1, 0, 0, 200, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 200, 0, 0, 0, 0),
    );
    await c.until(() => mock.inspect(t.ticket)!.input().length >= 3 + 9);
    const input = await getJson<unknown[]>(`${mock.baseUrl}/api/tickets/${t.ticket}/input`);
    expect(input.slice(3)).toEqual([
      {
        type: 'pixel-format',
        bitsPerPixel: 32,
        depth: 24,
        bigEndian: 0,
        trueColour: 1,
        redMax: 255,
        greenMax: 255,
        blueMax: 255,
        redShift: 0,
        greenShift: 8,
        blueShift: 16,
      },
      {type: 'encodings', list: [-260, 0x574d567a]},
      {type: 'pointer', x: 10, y: 20, buttons: 1},
      {type: 'wheel', x: 100, y: 200, buttons: 0, deltaY: 1, deltaX: 0, absolute: true},
      {type: 'cut-text', text: 'héllo', length: 6},
      {type: 'client-caps', caps: 0x5000},
      {type: 'leds', numLock: true, capsLock: false, scrollLock: true},
      {type: 'session-close', reason: 23},
      {
        type: 'set-desktop-size',
        width: 256,
        height: 200,
        screens: [{id: 1, x: 0, y: 0, width: 256, height: 200, flags: 0}],
      },
    ]);
    c.close();
  });

  it('ignores SetPixelFormat: Raw stays B,G,R,X (§8.4)', async () => {
    const {c} = await session();
    c.send(C.setPixelFormat(), C.setEncodings([0]), C.fbur(0, 320, 240));
    const u = await c.nextUpdate();
    const raw = u.rects[0] as Extract<ServerRect, {enc: 'raw'}>;
    // Top-left pixel is the title bar: R 31, G 58, B 95 -> bytes 5f 3a 1f 00.
    expect([...raw.bgrx.subarray(0, 4)]).toEqual([95, 58, 31, 0]);
    c.close();
  });

  for (const [name, bytes] of [
    ['127/0 with length 9', C.vmware(0, 9, [0, 0x1e, 1, 0, 0])],
    ['127/4 with length 6', C.vmware(4, 6, [1, 0])],
    ['127/16 with length 8', C.vmware(16, 8, [1, 1, 1, 0])],
    ['127/10 with a length that is not 6 + 20n', C.vmware(10, 10, [0, 0, 0, 0, 0, 0])],
    ['127 sub-type 17', C.vmware(17, 4)],
    ['unknown message type 9', Uint8Array.of(9, 0, 0, 0)],
    ['QEMU sub-type 1', Uint8Array.of(255, 1, 0, 0)],
    ['ClientCutText over 1 MiB', Uint8Array.of(6, 0, 0, 0, 0x00, 0x10, 0x00, 0x01)],
  ] as const) {
    it(`closes the session on ${name}`, async () => {
      const {t, c} = await session();
      c.send(bytes);
      const closed = await c.closed;
      expect(closed.code).toBe(1002);
      const last = mock.inspect(t.ticket)!.input().at(-1)!;
      expect(last.type).toBe('protocol-error');
    });
  }

  it('accepts messages split across WebSocket frames and several in one frame', async () => {
    const {t, c} = await session();
    const all = Buffer.concat([
      C.vscan(SC.a, true),
      C.vscan(SC.a, false),
      C.keysym(0x62, true),
      C.keysym(0x62, false),
    ]);
    for (let i = 0; i < all.length; i += 3) c.send(all.subarray(i, i + 3));
    await c.until(() => mock.inspect(t.ticket)!.typed() === 'ab');
    c.close();
  });

  it('sends ServerCutText with UTF-8 text on POST /cut-text', async () => {
    const {t, c} = await session();
    const res = await fetch(`${mock.baseUrl}/api/tickets/${t.ticket}/cut-text`, {
      method: 'POST',
      body: JSON.stringify({text: 'grüße ✓'}),
    });
    expect(res.status).toBe(200);
    const m = await c.next();
    expect(m).toEqual({
      type: 'cut-text',
      text: 'grüße ✓',
      length: 8 + Buffer.byteLength('grüße ✓'),
    });
    c.close();
  });
});
