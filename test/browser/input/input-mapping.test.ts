import {expect} from '@esm-bundle/chai';
import {keysymFor} from '../../../src/input/keysyms.js';
import {buttonMaskFrom} from '../../../src/input/pointer.js';
import {WheelAccumulator} from '../../../src/input/wheel.js';
import {clientToFramebuffer, computeLayout, type ScaleMode} from '../../../src/render/scaling.js';

// The pure input modules against real browser event objects and real layout.
describe('input mapping in the browser', () => {
  let container: HTMLDivElement;
  let canvas: HTMLCanvasElement;

  beforeEach(() => {
    container = document.createElement('div');
    container.style.setProperty('position', 'relative');
    container.style.setProperty('width', '400px');
    container.style.setProperty('height', '300px');
    canvas = document.createElement('canvas');
    canvas.width = 800;
    canvas.height = 500;
    canvas.style.setProperty('position', 'absolute');
    container.append(canvas);
    document.body.append(container);
  });

  afterEach(() => container.remove());

  function place(mode: ScaleMode): DOMRect {
    const l = computeLayout(mode, 400, 300, canvas.width, canvas.height, window.devicePixelRatio);
    canvas.style.setProperty('width', `${l.width}px`);
    canvas.style.setProperty('height', `${l.height}px`);
    canvas.style.setProperty('left', `${l.left}px`);
    canvas.style.setProperty('top', `${l.top}px`);
    return canvas.getBoundingClientRect();
  }

  it('maps pointer positions through a real fit-scaled canvas', () => {
    const rect = place('fit');
    expect(rect.width).to.equal(400);
    expect(rect.height).to.equal(250);
    expect(rect.top - container.getBoundingClientRect().top).to.equal(25);
    expect(clientToFramebuffer(rect.left + 200, rect.top + 125, rect, 800, 500)).to.deep.equal({
      x: 400,
      y: 250,
    });
    expect(clientToFramebuffer(rect.left, rect.top, rect, 800, 500)).to.deep.equal({x: 0, y: 0});
    expect(clientToFramebuffer(rect.right + 50, rect.bottom + 50, rect, 800, 500)).to.deep.equal({
      x: 799,
      y: 499,
    });
  });

  it('maps pointer positions through integer and 1:1 layouts', () => {
    let rect = place('integer');
    // 800×500 does not fit 400×300 at 1 device px per fb px; 1/n with n = ceil(800 / (400·dpr)).
    const n = Math.ceil(
      Math.max(800 / (400 * window.devicePixelRatio), 500 / (300 * window.devicePixelRatio)),
    );
    expect(rect.width * window.devicePixelRatio).to.be.closeTo(800 / n, 0.01);
    expect(
      clientToFramebuffer(rect.left + rect.width / 2, rect.top + rect.height / 2, rect, 800, 500),
    ).to.deep.equal({x: 400, y: 250});
    rect = place('none');
    expect(rect.width).to.equal(800);
    expect(clientToFramebuffer(rect.left + 123.5, rect.top + 45.5, rect, 800, 500)).to.deep.equal({
      x: 123,
      y: 45,
    });
  });

  it('reads real MouseEvent.buttons', () => {
    expect(buttonMaskFrom(new MouseEvent('mousedown', {buttons: 1}).buttons)).to.equal(1);
    expect(buttonMaskFrom(new MouseEvent('mousedown', {buttons: 2}).buttons)).to.equal(4);
    expect(buttonMaskFrom(new MouseEvent('mousedown', {buttons: 4}).buttons)).to.equal(2);
    expect(buttonMaskFrom(new MouseEvent('mousedown', {buttons: 8 | 16}).buttons)).to.equal(0x180);
  });

  it('reads real WheelEvents in every delta mode', () => {
    const w = new WheelAccumulator();
    expect(
      w.add(new WheelEvent('wheel', {deltaY: -100, deltaMode: WheelEvent.DOM_DELTA_PIXEL})),
    ).to.deep.equal({x: 0, y: 2});
    expect(
      w.add(new WheelEvent('wheel', {deltaX: 3, deltaMode: WheelEvent.DOM_DELTA_LINE})),
    ).to.deep.equal({x: 1, y: 0});
    expect(
      w.add(new WheelEvent('wheel', {deltaY: 1, deltaMode: WheelEvent.DOM_DELTA_PAGE})),
    ).to.deep.equal({x: 0, y: -8});
  });

  it('reads real KeyboardEvents', () => {
    const ev = (init: KeyboardEventInit) => keysymFor(new KeyboardEvent('keydown', init));
    expect(ev({key: 'q', code: 'KeyA'})).to.equal(0x71); // AZERTY: the character, not the position
    expect(
      ev({key: 'Shift', code: 'ShiftRight', location: KeyboardEvent.DOM_KEY_LOCATION_RIGHT}),
    ).to.equal(0xffe2);
    expect(
      ev({key: '7', code: 'Numpad7', location: KeyboardEvent.DOM_KEY_LOCATION_NUMPAD}),
    ).to.equal(0xffb7);
    expect(
      ev({key: 'Home', code: 'Numpad7', location: KeyboardEvent.DOM_KEY_LOCATION_NUMPAD}),
    ).to.equal(0xff95);
    expect(
      ev({key: 'Enter', code: 'NumpadEnter', location: KeyboardEvent.DOM_KEY_LOCATION_NUMPAD}),
    ).to.equal(0xff8d);
  });
});
