import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {Damage} from '../../../mock-server/guest/damage.js';
import {hasGlyph, glyphRows} from '../../../mock-server/guest/font.js';
import {Framebuffer, rgb} from '../../../mock-server/guest/framebuffer.js';
import {GuestKeyboard} from '../../../mock-server/guest/keyboard.js';
import {Guest} from '../../../mock-server/guest/guest.js';

describe('built-in font', () => {
  it('has a glyph of its own for every printable ASCII character, all different', () => {
    const seen = new Set<string>();
    for (let c = 0x20; c <= 0x7e; c++) {
      const ch = String.fromCharCode(c);
      expect(hasGlyph(ch)).toBe(true);
      seen.add(Buffer.from(glyphRows(ch)).toString('hex'));
    }
    expect(seen.size).toBe(95);
    expect(hasGlyph('é')).toBe(false);
  });
});

/** Applies an update to a client-side copy the way a client does (§12.12). */
function applyTo(client: Uint8Array, fb: Framebuffer, damage: Damage): void {
  const W = fb.width;
  const {copies, rects} = damage.take();
  for (const c of copies) {
    const tmp = new Uint8Array(c.w * c.h * 4);
    for (let r = 0; r < c.h; r++) {
      tmp.set(
        client.subarray(((c.sy + r) * W + c.sx) * 4, ((c.sy + r) * W + c.sx + c.w) * 4),
        r * c.w * 4,
      );
    }
    for (let r = 0; r < c.h; r++)
      client.set(tmp.subarray(r * c.w * 4, (r + 1) * c.w * 4), ((c.y + r) * W + c.x) * 4);
  }
  for (const d of rects) {
    for (let r = d.y; r < d.y + d.h; r++) {
      client.set(fb.data.subarray((r * W + d.x) * 4, (r * W + d.x + d.w) * 4), (r * W + d.x) * 4);
    }
  }
}

describe('damage tracking', () => {
  const W = 40;
  const H = 30;
  const rectArb = fc
    .record({
      x: fc.nat(W - 1),
      y: fc.nat(H - 1),
      w: fc.integer({min: 1, max: W}),
      h: fc.integer({min: 1, max: H}),
    })
    .map((r) => ({...r, w: Math.min(r.w, W - r.x), h: Math.min(r.h, H - r.y)}));
  const op = fc.oneof(
    fc.record({kind: fc.constant('fill' as const), r: rectArb, color: fc.nat(255)}),
    fc.record({
      kind: fc.constant('copy' as const),
      r: rectArb,
      dx: fc.nat(W - 1),
      dy: fc.nat(H - 1),
    }),
    fc.record({kind: fc.constant('sync' as const)}),
  );

  it('copies + dirty rectangles always reproduce the framebuffer (property)', () => {
    fc.assert(
      fc.property(fc.array(op, {maxLength: 60}), (ops) => {
        const fb = new Framebuffer(W, H);
        const damage = new Damage(W, H);
        const client = fb.data.slice();
        for (const o of ops) {
          if (o.kind === 'fill') {
            fb.fill(o.r.x, o.r.y, o.r.w, o.r.h, rgb(o.color, 255 - o.color, o.color >> 1));
            damage.add(o.r);
          } else if (o.kind === 'copy') {
            const w = Math.min(o.r.w, W - o.dx);
            const h = Math.min(o.r.h, H - o.dy);
            fb.copy(o.r.x, o.r.y, w, h, o.dx, o.dy);
            damage.copy(o.r.x, o.r.y, o.dx, o.dy, w, h);
          } else {
            applyTo(client, fb, damage);
            expect(Buffer.compare(client, fb.data)).toBe(0);
          }
        }
        applyTo(client, fb, damage);
        expect(Buffer.compare(client, fb.data)).toBe(0);
      }),
      {numRuns: 300},
    );
  });
});

describe('guest keyboard (US layout)', () => {
  it('maps VScan codes with Shift and Caps Lock', () => {
    const k = new GuestKeyboard();
    const ch = (code: number) => {
      const a = k.scancode(code, true);
      k.scancode(code, false);
      return a?.kind === 'char' ? a.ch : a?.kind;
    };
    expect(
      [0x10, 0x02, 0x0c, 0x1a, 0x27, 0x28, 0x29, 0x2b, 0x33, 0x35, 0x39].map(ch).join(''),
    ).toBe("q1-[;'`\\,/ ");
    k.scancode(0x2a, true);
    expect([0x10, 0x02, 0x0c, 0x1a, 0x27, 0x28, 0x29, 0x2b, 0x33, 0x35].map(ch).join('')).toBe(
      'Q!_{:"~|<?',
    );
    k.scancode(0x2a, false);
    expect(ch(0x3a)).toBe('leds');
    expect(k.leds).toBe(4);
    expect([0x10, 0x02].map(ch).join('')).toBe('Q1');
    k.scancode(0x2a, true);
    expect([0x10, 0x02].map(ch).join('')).toBe('q!');
  });

  it('reports Enter, Backspace, Tab, keypad Enter', () => {
    const k = new GuestKeyboard();
    expect(k.scancode(0x1c, true)).toEqual({kind: 'enter'});
    expect(k.scancode(0x11c, true)).toEqual({kind: 'enter'});
    expect(k.scancode(0x0e, true)).toEqual({kind: 'backspace'});
    expect(k.scancode(0x0f, true)).toEqual({kind: 'tab'});
    expect(k.scancode(0x1c, false)).toBeUndefined();
  });
});

describe('guest', () => {
  it('clamps its size and lays out the regions inside the screen', () => {
    const g = new Guest({
      width: 10,
      height: 99999,
      name: 'x',
      jpeg: true,
      bench: false,
      animate: false,
      fps: 10,
    });
    expect([g.width, g.height]).toEqual([160, 2400]);
    const inside = (r: {x: number; y: number; w: number; h: number}) =>
      r.x >= 0 && r.y >= 0 && r.x + r.w <= g.width && r.y + r.h <= g.height;
    expect(inside(g.layout.console)).toBe(true);
    expect(inside(g.layout.strip)).toBe(true);
  });

  it('bench: scrolls its log with copies, moves its window, animates the JPEG region', () => {
    const g = new Guest({
      width: 1920,
      height: 1080,
      name: 'b',
      jpeg: true,
      bench: true,
      animate: true,
      fps: 15,
    });
    g.damage.take();
    g.jpegDirty = false;
    for (let i = 0; i < 60; i++) g.tick();
    const {copies, rects} = g.damage.take();
    expect(copies.length + rects.length).toBeGreaterThan(0);
    expect(g.jpegDirty).toBe(true);
    expect(g.layout.jpeg).toBeDefined();
    expect(g.layout.desktop).toBeDefined();
    expect(g.consoleLines().some((l) => l.includes('bench: frame 60'))).toBe(true);
  });
});
