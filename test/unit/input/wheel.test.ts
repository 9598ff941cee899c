import {describe, expect, it} from 'vitest';
import {WheelAccumulator} from '../../../src/input/wheel.js';

const PIXEL = 0;
const LINE = 1;
const PAGE = 2;

describe('WheelAccumulator', () => {
  it('gives one step up per 50 px of negative deltaY and one right per 50 px of deltaX', () => {
    const w = new WheelAccumulator();
    expect(w.add({deltaX: 0, deltaY: -50, deltaMode: PIXEL})).toEqual({x: 0, y: 1});
    expect(w.add({deltaX: 0, deltaY: 100, deltaMode: PIXEL})).toEqual({x: 0, y: -2});
    expect(w.add({deltaX: 50, deltaY: 0, deltaMode: PIXEL})).toEqual({x: 1, y: 0});
    expect(w.add({deltaX: -150, deltaY: 0, deltaMode: PIXEL})).toEqual({x: -3, y: 0});
  });

  it('accumulates small touchpad deltas and keeps the remainder', () => {
    const w = new WheelAccumulator();
    const out = [];
    for (let i = 0; i < 10; i++) out.push(w.add({deltaX: 0, deltaY: 12, deltaMode: PIXEL}).y);
    // 12 px per event: a step at 60 px (5th event), another 48 px later (9th), 20 px left over.
    expect(out).toEqual([0, 0, 0, 0, -1, 0, 0, 0, -1, 0]);
    expect(w.add({deltaX: 0, deltaY: 30, deltaMode: PIXEL}).y).toBe(-1);
  });

  it('counts a line as 19 px (a 3-line notch is one step) and a page as 400 px', () => {
    const w = new WheelAccumulator();
    expect(w.add({deltaX: 0, deltaY: -3, deltaMode: LINE})).toEqual({x: 0, y: 1});
    expect(w.add({deltaX: 0, deltaY: -3, deltaMode: LINE})).toEqual({x: 0, y: 1}); // 7 + 57 = 64 px
    expect(new WheelAccumulator().add({deltaX: 0, deltaY: 1, deltaMode: PAGE})).toEqual({
      x: 0,
      y: -8,
    });
  });

  it('drops a partial step when the direction changes', () => {
    const w = new WheelAccumulator();
    expect(w.add({deltaX: 0, deltaY: 40, deltaMode: PIXEL}).y).toBe(0);
    expect(w.add({deltaX: 0, deltaY: -40, deltaMode: PIXEL}).y).toBe(0);
    expect(w.add({deltaX: 0, deltaY: -10, deltaMode: PIXEL}).y).toBe(1);
  });

  it('drops a partial step after a pause', () => {
    const w = new WheelAccumulator();
    expect(w.add({deltaX: 0, deltaY: 40, deltaMode: PIXEL, timeStamp: 1000}).y).toBe(0);
    expect(w.add({deltaX: 0, deltaY: 40, deltaMode: PIXEL, timeStamp: 1200}).y).toBe(-1);
    expect(w.add({deltaX: 0, deltaY: 40, deltaMode: PIXEL, timeStamp: 1300}).y).toBe(-1); // 30 + 40
    expect(w.add({deltaX: 0, deltaY: 40, deltaMode: PIXEL, timeStamp: 2000}).y).toBe(0); // 20 forgotten
  });

  it('caps the steps of one event and ignores non-finite deltas', () => {
    const w = new WheelAccumulator();
    expect(w.add({deltaX: 10000, deltaY: -10000, deltaMode: PIXEL})).toEqual({x: 8, y: 8});
    expect(w.add({deltaX: 0, deltaY: 10, deltaMode: PIXEL})).toEqual({x: 0, y: 0});
    expect(w.add({deltaX: Number.NaN, deltaY: Infinity, deltaMode: PIXEL})).toEqual({x: 0, y: 0});
  });

  it('takes other step sizes', () => {
    const w = new WheelAccumulator({pixelsPerStep: 100, maxStepsPerEvent: 2});
    expect(w.add({deltaX: 0, deltaY: -99, deltaMode: PIXEL}).y).toBe(0);
    expect(w.add({deltaX: 0, deltaY: -1, deltaMode: PIXEL}).y).toBe(1);
    expect(w.add({deltaX: 0, deltaY: -1000, deltaMode: PIXEL}).y).toBe(2);
  });
});
