import {describe, expect, it} from 'vitest';
import {
  PointerCoalescer,
  RFB_BUTTON,
  RelativePointerCoalescer,
  buttonMaskFrom,
} from '../../../src/input/pointer.js';
import {ManualScheduler} from '../../../src/render/frame-scheduler.js';

describe('buttonMaskFrom', () => {
  it('maps MouseEvent.buttons to the RFB mask (middle and right swap)', () => {
    expect(buttonMaskFrom(0)).toBe(0);
    expect(buttonMaskFrom(1)).toBe(0x01);
    expect(buttonMaskFrom(2)).toBe(0x04);
    expect(buttonMaskFrom(4)).toBe(0x02);
    expect(buttonMaskFrom(8)).toBe(0x80);
    expect(buttonMaskFrom(16)).toBe(0x100);
    expect(buttonMaskFrom(1 | 2 | 4)).toBe(0x07);
    expect(buttonMaskFrom(31)).toBe(0x187);
    expect(buttonMaskFrom(32)).toBe(0); // unknown pen eraser etc.
    expect(RFB_BUTTON.back).toBe(1 << 7);
    expect(RFB_BUTTON.forward).toBe(1 << 8);
  });
});

function harness() {
  const sent: Array<[number, number, number]> = [];
  const scheduler = new ManualScheduler();
  const c = new PointerCoalescer((x, y, m) => sent.push([x, y, m]), scheduler);
  return {sent, scheduler, c};
}

describe('PointerCoalescer', () => {
  it('sends at most one move per frame, the latest position', () => {
    const {sent, scheduler, c} = harness();
    c.update(1, 1, 0);
    c.update(2, 2, 0);
    c.update(3, 4, 0);
    expect(sent).toEqual([]);
    expect(scheduler.requests).toBe(1);
    scheduler.tick();
    expect(sent).toEqual([[3, 4, 0]]);
    c.update(5, 5, 0);
    scheduler.tick();
    expect(sent).toEqual([
      [3, 4, 0],
      [5, 5, 0],
    ]);
    expect(scheduler.requests).toBe(2);
  });

  it('requests no frame while the pointer is still, and skips repeats', () => {
    const {sent, scheduler, c} = harness();
    expect(scheduler.tick()).toBe(0);
    c.update(7, 7, 0);
    scheduler.tick();
    c.update(7, 7, 0); // same framebuffer pixel (a scaled-down canvas)
    scheduler.tick();
    expect(sent).toEqual([[7, 7, 0]]);
    expect(scheduler.tick()).toBe(0);
    expect(scheduler.pending).toBe(0);
  });

  it('flushes the pending move before a button change and sends the change at once', () => {
    const {sent, scheduler, c} = harness();
    c.update(10, 10, 0);
    c.update(20, 20, 0);
    c.update(20, 20, 1);
    expect(sent).toEqual([
      [20, 20, 0],
      [20, 20, 1],
    ]);
    expect(scheduler.pending).toBe(0);
    c.update(25, 25, 1); // drag: coalesced again
    c.update(30, 30, 1);
    scheduler.tick();
    c.update(30, 30, 0);
    expect(sent).toEqual([
      [20, 20, 0],
      [20, 20, 1],
      [30, 30, 1],
      [30, 30, 0],
    ]);
  });

  it('moves to a new position with the old buttons before changing them (wmks, §4.1)', () => {
    const {sent, c, scheduler} = harness();
    c.update(1, 1, 0);
    scheduler.tick();
    c.update(9, 9, 4); // button went down somewhere the last move did not report
    expect(sent).toEqual([
      [1, 1, 0],
      [9, 9, 0],
      [9, 9, 4],
    ]);
  });

  it('releaseAll lets go of held buttons at the last position', () => {
    const {sent, c} = harness();
    c.update(4, 5, 0x81);
    c.move(6, 6);
    c.releaseAll();
    expect(sent).toEqual([
      [4, 5, 0],
      [4, 5, 0x81],
      [6, 6, 0x81],
      [6, 6, 0],
    ]);
    expect(c.buttonMask).toBe(0);
    c.releaseAll();
    expect(sent).toHaveLength(4);
  });

  it('dispose cancels the pending frame and sends nothing more', () => {
    const {sent, scheduler, c} = harness();
    c.update(1, 1, 0);
    c.dispose();
    expect(scheduler.pending).toBe(0);
    c.update(2, 2, 1);
    c.releaseAll();
    expect(sent).toEqual([]);
  });
});

describe('RelativePointerCoalescer', () => {
  it('sums motion per frame, keeps fractions and sends buttons after the motion', () => {
    const sent: Array<[number, number, number]> = [];
    const scheduler = new ManualScheduler();
    const r = new RelativePointerCoalescer((dx, dy, m) => sent.push([dx, dy, m]), scheduler);
    r.move(1.5, -2);
    r.move(1, -3.25);
    expect(sent).toEqual([]);
    scheduler.tick();
    expect(sent).toEqual([[2, -5, 0]]);
    r.move(0.5, 0.25);
    r.buttons(1);
    expect(sent).toEqual([
      [2, -5, 0],
      [1, 0, 0], // 0.5 carried over + 0.5; -0.25 + 0.25
      [0, 0, 1],
    ]);
    r.buttons(1);
    expect(sent).toHaveLength(3);
    r.move(-4, 0);
    r.dispose();
    expect(scheduler.pending).toBe(0);
    scheduler.tick();
    expect(sent).toHaveLength(3);
  });
});
