import {describe, expect, it} from 'vitest';
import {
  TouchGestureRecognizer,
  type TouchAction,
  type TouchClock,
} from '../../../src/input/touch.js';

/** A clock whose time and single-shot timers move only when told to. */
class FakeClock implements TouchClock {
  t = 0;
  private _timers = new Map<number, {at: number; cb: () => void}>();
  private _next = 1;
  now(): number {
    return this.t;
  }
  setTimeout(cb: () => void, ms: number): unknown {
    const id = this._next++;
    this._timers.set(id, {at: this.t + ms, cb});
    return id;
  }
  clearTimeout(handle: unknown): void {
    this._timers.delete(handle as number);
  }
  get pending(): number {
    return this._timers.size;
  }
  advance(ms: number): void {
    this.t += ms;
    for (const [id, timer] of [...this._timers]) {
      if (timer.at <= this.t) {
        this._timers.delete(id);
        timer.cb();
      }
    }
  }
}

function harness() {
  const clock = new FakeClock();
  const actions: TouchAction[] = [];
  const r = new TouchGestureRecognizer((a) => actions.push(a), {clock});
  const at = (pointerId: number, x: number, y: number) => ({pointerId, x, y, timeStamp: clock.t});
  return {clock, actions, r, at};
}

const ptr = (x: number, y: number, buttons: number): TouchAction => ({
  type: 'pointer',
  x,
  y,
  buttons,
});

describe('TouchGestureRecognizer', () => {
  it('turns a tap into a left click where the finger went down', () => {
    const {clock, actions, r, at} = harness();
    r.down(at(1, 100, 200));
    clock.advance(120);
    r.move(at(1, 104, 203)); // within the 10 px tolerance
    r.up(at(1, 104, 203));
    expect(actions).toEqual([ptr(100, 200, 0), ptr(100, 200, 1), ptr(100, 200, 0)]);
    expect(clock.pending, 'long-press timer cleared').toBe(0);
    expect(r.state).toBe('idle');
  });

  it('turns a long press into a right click after 600 ms, without waiting for release', () => {
    const {clock, actions, r, at} = harness();
    r.down(at(1, 50, 60));
    clock.advance(599);
    expect(actions).toEqual([]);
    clock.advance(1);
    expect(actions).toEqual([ptr(50, 60, 0), ptr(50, 60, 4), ptr(50, 60, 0)]);
    r.move(at(1, 200, 200)); // moving afterwards does nothing
    r.up(at(1, 200, 200));
    expect(actions).toHaveLength(3);
    expect(r.state).toBe('idle');
  });

  it('does not long-press once the finger has moved: it drags with the left button', () => {
    const {clock, actions, r, at} = harness();
    r.down(at(1, 10, 10));
    r.move(at(1, 30, 10));
    clock.advance(1000);
    r.move(at(1, 40, 15));
    r.up(at(1, 45, 20));
    expect(actions).toEqual([
      ptr(10, 10, 0),
      ptr(10, 10, 1),
      ptr(30, 10, 1),
      ptr(40, 15, 1),
      ptr(45, 20, 0),
    ]);
  });

  it('scrolls with a two-finger drag: one wheel step per 50 px, content following the fingers', () => {
    const {actions, r, at} = harness();
    r.down(at(1, 100, 100));
    r.down(at(2, 200, 100));
    // Both fingers down by 120 px, in small moves: midpoint (150, 100) → (150, 220).
    for (let dy = 20; dy <= 120; dy += 20) {
      r.move(at(1, 100, 100 + dy));
      r.move(at(2, 200, 100 + dy));
    }
    const wheels = actions.filter((a) => a.type === 'wheel');
    expect(actions.filter((a) => a.type === 'pointer')).toEqual([]);
    expect(wheels.reduce((s, a) => s + (a.type === 'wheel' ? a.stepsY : 0), 0)).toBe(2); // up
    expect(wheels.every((a) => a.type === 'wheel' && a.stepsX === 0 && a.x === 150)).toBe(true);
    r.up(at(1, 100, 220));
    r.up(at(2, 200, 220));
    expect(r.state).toBe('idle');
    // Fingers moving left by 60 px scroll right by one step.
    actions.length = 0;
    r.down(at(1, 100, 100));
    r.down(at(2, 200, 100));
    r.move(at(1, 40, 100));
    r.move(at(2, 140, 100));
    expect(actions).toEqual([{type: 'wheel', x: 90, y: 100, stepsX: 1, stepsY: 0}]);
  });

  it('turns a quick two-finger tap into a right click', () => {
    const {clock, actions, r, at} = harness();
    r.down(at(1, 10, 20));
    clock.advance(30);
    r.down(at(2, 60, 20));
    clock.advance(100);
    r.up(at(1, 10, 20));
    r.up(at(2, 60, 20));
    expect(actions).toEqual([ptr(10, 20, 0), ptr(10, 20, 4), ptr(10, 20, 0)]);
    expect(clock.pending).toBe(0);
  });

  it('ignores a third finger and waits until every finger is up', () => {
    const {actions, r, at} = harness();
    r.down(at(1, 0, 0));
    r.down(at(2, 50, 0));
    r.down(at(3, 100, 0));
    r.move(at(1, 0, 300));
    r.up(at(1, 0, 300));
    r.up(at(2, 50, 0));
    r.up(at(3, 100, 0));
    expect(actions).toEqual([]);
    r.down(at(4, 5, 5));
    r.up(at(4, 5, 5));
    expect(actions).toEqual([ptr(5, 5, 0), ptr(5, 5, 1), ptr(5, 5, 0)]);
  });

  it('releases the button when a drag is cancelled, and leaves no timer on reset', () => {
    const {clock, actions, r, at} = harness();
    r.down(at(1, 0, 0));
    r.move(at(1, 50, 0));
    r.cancel({pointerId: 1});
    expect(actions[actions.length - 1]).toEqual(ptr(50, 0, 0));
    expect(r.state).toBe('idle');
    r.down(at(2, 0, 0));
    expect(clock.pending).toBe(1);
    r.dispose();
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(actions).toHaveLength(4);
  });
});
