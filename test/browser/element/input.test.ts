import {expect} from '@esm-bundle/chai';
import {keyEvent, pointerEvent, pointerEvent2, toHex, vscanKey} from '../helpers/client-bytes.js';
import {
  ConsoleHarness,
  type ConnectOptions,
  type HarnessOptions,
} from '../helpers/console-harness.js';
import {ledState} from '../helpers/server-bytes.js';

const live: ConsoleHarness[] = [];
async function connected(o: HarnessOptions = {}, c: ConnectOptions = {}) {
  const h = await ConsoleHarness.create(o);
  live.push(h);
  await h.connect({width: 64, height: 48, ...c});
  return h;
}

/** Hex of every message sent since the last call. */
const sentHex = (h: ConsoleHarness) => h.takeMessages().map((m) => toHex(m.bytes));

const VNC_URL = 'ws://vnc.test:5901/websockify';

describe('<webmks-console> input bytes', () => {
  afterEach(() => {
    for (const h of live.splice(0)) h.remove();
  });

  describe('keyboard', () => {
    it('sends VScan key events to a VMware server and captures the keys', async () => {
      const h = await connected();
      expect(h.key('keydown', 'KeyA', 'a')).to.equal(true);
      expect(h.key('keyup', 'KeyA', 'a')).to.equal(true);
      expect(sentHex(h)).to.deep.equal([vscanKey(0x1e, true), vscanKey(0x1e, false)]);
    });

    it('captures Tab and browser shortcuts while connected', async () => {
      const h = await connected();
      expect(h.key('keydown', 'Tab', 'Tab')).to.equal(true);
      expect(h.key('keydown', 'KeyW', 'w', {ctrlKey: true})).to.equal(true);
      expect(sentHex(h)).to.deep.equal([vscanKey(0x0f, true), vscanKey(0x11, true)]);
    });

    it('sends extended keys with the 0x100 bit (arrows, right Ctrl, Delete)', async () => {
      const h = await connected();
      h.press('ArrowUp', 'ArrowUp');
      h.press('ControlRight', 'Control', {location: 2});
      expect(sentHex(h)).to.deep.equal([
        vscanKey(0x148, true),
        vscanKey(0x148, false),
        vscanKey(0x11d, true),
        vscanKey(0x11d, false),
      ]);
    });

    it('sends keysym KeyEvents to a plain VNC server', async () => {
      const h = await connected({url: VNC_URL});
      h.press('KeyA', 'a');
      h.press('KeyA', 'A', {shiftKey: true});
      expect(sentHex(h)).to.deep.equal([
        keyEvent(0x61, true),
        keyEvent(0x61, false),
        keyEvent(0x41, true),
        keyEvent(0x41, false),
      ]);
    });

    it('leaves keys alone while not connected', async () => {
      const h = await ConsoleHarness.create({attributes: {'no-auto-connect': true}});
      live.push(h);
      expect(h.key('keydown', 'Tab', 'Tab')).to.equal(false);
    });

    it('leaves keys typed into slotted controls alone', async () => {
      const h = await connected();
      const input = document.createElement('input');
      h.el.append(input);
      input.focus();
      const e = new KeyboardEvent('keydown', {
        code: 'KeyQ',
        key: 'q',
        bubbles: true,
        composed: true,
        cancelable: true,
      });
      input.dispatchEvent(e);
      expect(e.defaultPrevented).to.equal(false);
      expect(sentHex(h)).to.deep.equal([]);
    });

    it('Ctrl+Alt+Shift+F12 releases every key, is not sent, and gives focus back', async () => {
      const h = await connected();
      h.key('keydown', 'ControlLeft', 'Control', {ctrlKey: true});
      h.key('keydown', 'AltLeft', 'Alt', {ctrlKey: true, altKey: true});
      h.key('keydown', 'ShiftLeft', 'Shift', {ctrlKey: true, altKey: true, shiftKey: true});
      sentHex(h);
      const e = new KeyboardEvent('keydown', {
        code: 'F12',
        key: 'F12',
        ctrlKey: true,
        altKey: true,
        shiftKey: true,
        bubbles: true,
        composed: true,
        cancelable: true,
      });
      h.el.dispatchEvent(e);
      expect(e.defaultPrevented).to.equal(false);
      const ups = sentHex(h);
      expect(ups).to.have.members([
        vscanKey(0x1d, false),
        vscanKey(0x38, false),
        vscanKey(0x2a, false),
      ]);
      expect(ups).to.have.length(3);
      expect(document.activeElement).not.to.equal(h.el);
    });

    it('releases held keys when the window loses focus', async () => {
      const h = await connected();
      h.key('keydown', 'AltLeft', 'Alt', {altKey: true});
      sentHex(h);
      window.dispatchEvent(new Event('blur'));
      expect(sentHex(h)).to.deep.equal([vscanKey(0x38, false)]);
    });

    it('releases held keys when the page is hidden', async () => {
      const h = await connected();
      h.key('keydown', 'ShiftLeft', 'Shift', {shiftKey: true});
      sentHex(h);
      Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
      try {
        document.dispatchEvent(new Event('visibilitychange'));
      } finally {
        delete (document as unknown as {visibilityState?: string}).visibilityState;
      }
      expect(sentHex(h)).to.deep.equal([vscanKey(0x2a, false)]);
    });

    it('releases held keys when the element loses focus', async () => {
      const h = await connected();
      h.key('keydown', 'KeyS', 's');
      sentHex(h);
      h.el.blur();
      expect(sentHex(h)).to.deep.equal([vscanKey(0x1f, false)]);
    });

    it('releases held keys before closing on removal', async () => {
      const h = await connected();
      const t = h.transport;
      h.key('keydown', 'ControlLeft', 'Control', {ctrlKey: true});
      sentHex(h);
      h.el.remove();
      expect(toHex(t.takeNew()).endsWith(vscanKey(0x1d, false))).to.equal(true);
      expect(t.closedWith?.code).to.equal(1000);
    });

    it('sends lock keys as a 127/16 LED request when the server supports it', async () => {
      const h = await connected({}, {caps: 0x01000000});
      await h.update([ledState({num: true})]);
      h.press('CapsLock', 'CapsLock');
      expect(sentHex(h)).to.deep.equal(['7f 10 00 07 01 01 00']);
    });

    it('sendCtrlAltDel() presses ControlLeft, AltLeft, Delete and releases in reverse', async () => {
      const h = await connected();
      h.el.sendCtrlAltDel();
      expect(sentHex(h)).to.deep.equal([
        vscanKey(0x1d, true),
        vscanKey(0x38, true),
        vscanKey(0x153, true),
        vscanKey(0x153, false),
        vscanKey(0x38, false),
        vscanKey(0x1d, false),
      ]);
    });

    it('sendKeys() presses in order and releases in reverse', async () => {
      const h = await connected({url: VNC_URL});
      h.el.sendKeys(['ShiftLeft', 'KeyB']);
      expect(sentHex(h)).to.deep.equal([
        keyEvent(0xffe1, true),
        keyEvent(0x62, true),
        keyEvent(0x62, false),
        keyEvent(0xffe1, false),
      ]);
    });

    it('view-only sends nothing and captures nothing', async () => {
      const h = await connected({attributes: {'view-only': true}});
      expect(h.key('keydown', 'Tab', 'Tab')).to.equal(false);
      h.el.sendCtrlAltDel();
      h.pointer('pointerdown', 5, 5, 1);
      expect(sentHex(h)).to.deep.equal([]);
    });
  });

  describe('typeText', () => {
    it('types "Hello, World!" as VMware does (§12.9) and reports progress', async () => {
      const h = await connected({options: {typingDelayMs: 0}});
      await h.el.typeText('Hello, World!');
      const seq = h
        .takeMessages()
        .map((m) => `${m.bytes[5]!.toString(16).padStart(2, '0')}${m.bytes[6] ? '↓' : '↑'}`)
        .join(' ');
      expect(seq).to.equal(
        '2a↓ 23↓ 23↑ 2a↑ 12↓ 12↑ 26↓ 26↑ 26↓ 26↑ 18↓ 18↑ 33↓ 33↑ 39↓ 39↑ ' +
          '2a↓ 11↓ 11↑ 2a↑ 18↓ 18↑ 13↓ 13↑ 26↓ 26↑ 20↓ 20↑ 2a↓ 02↓ 02↑ 2a↑',
      );
      const progress = h.details<{sent: number; total: number}>('webmks-type-progress');
      expect(progress).to.have.length(13);
      expect(progress[0]).to.deep.equal({sent: 1, total: 13});
      expect(progress[12]).to.deep.equal({sent: 13, total: 13});
    });

    it('respects the guest Caps Lock and the keyboard layout', async () => {
      const h = await connected({
        options: {typingDelayMs: 0},
        attributes: {'keyboard-layout': 'de-DE'},
      });
      await h.update([ledState({caps: true})]);
      await h.el.typeText('zY');
      // de-DE: z is on KeyY (0x15), y on KeyZ (0x2c); Caps on: lower case needs Shift.
      expect(sentHex(h)).to.deep.equal([
        vscanKey(0x2a, true),
        vscanKey(0x15, true),
        vscanKey(0x15, false),
        vscanKey(0x2a, false),
        vscanKey(0x2c, true),
        vscanKey(0x2c, false),
      ]);
    });

    it('turns newlines into Enter', async () => {
      const h = await connected({options: {typingDelayMs: 0}});
      await h.el.typeText('1\n1');
      expect(sentHex(h)).to.deep.equal([
        vscanKey(0x02, true),
        vscanKey(0x02, false),
        vscanKey(0x1c, true),
        vscanKey(0x1c, false),
        vscanKey(0x02, true),
        vscanKey(0x02, false),
      ]);
    });

    it('paces itself and can be cancelled, leaving no key held', async () => {
      const h = await connected({options: {typingDelayMs: 30}});
      const abort = new AbortController();
      h.el.addEventListener('webmks-type-progress', (e) => {
        if (e.detail.sent === 2) abort.abort();
      });
      let error: unknown;
      const started = performance.now();
      await h.el.typeText('ABCDEFGH', {signal: abort.signal}).catch((e: unknown) => (error = e));
      expect((error as DOMException).name).to.equal('AbortError');
      expect(performance.now() - started).to.be.at.least(25);
      const msgs = h.takeMessages();
      const downs = msgs.filter((m) => m.bytes[6] === 1).length;
      const ups = msgs.filter((m) => m.bytes[6] === 0).length;
      expect(downs).to.equal(4); // 2 characters × (Shift + letter)
      expect(ups).to.equal(downs);
      expect(h.details('webmks-type-progress')).to.have.length(2);
    });

    it('rejects when not connected', async () => {
      const h = await ConsoleHarness.create({attributes: {'no-auto-connect': true}});
      live.push(h);
      let error: unknown;
      await h.el.typeText('x').catch((e: unknown) => (error = e));
      expect((error as DOMException).name).to.equal('InvalidStateError');
    });
  });

  describe('pointer', () => {
    // The harness element is 320×240; a 64×48 framebuffer is shown at scale 5.
    it('maps a click through the scaling and sends buttons at once', async () => {
      const h = await connected();
      h.pointer('pointerdown', 10, 20, 1);
      h.pointer('pointerup', 10, 20, 0);
      expect(sentHex(h)).to.deep.equal([
        pointerEvent(0, 10, 20),
        pointerEvent(1, 10, 20),
        pointerEvent(0, 10, 20),
      ]);
    });

    it('coalesces moves to one per animation frame (the latest wins)', async () => {
      const h = await connected();
      h.pointer('pointermove', 1, 1, 0);
      h.pointer('pointermove', 2, 3, 0);
      h.pointer('pointermove', 40, 30, 0);
      expect(sentHex(h)).to.deep.equal([]);
      h.frame();
      expect(sentHex(h)).to.deep.equal([pointerEvent(0, 40, 30)]);
      h.frame();
      expect(sentHex(h)).to.deep.equal([]);
    });

    it('maps right, middle and back buttons to the RFB mask', async () => {
      const h = await connected({url: VNC_URL});
      h.pointer('pointerdown', 3, 4, 2, {button: 2});
      h.pointer('pointerup', 3, 4, 0, {button: 2});
      h.pointer('pointerdown', 3, 4, 4, {button: 1});
      h.pointer('pointerup', 3, 4, 0, {button: 1});
      const backUp = h.pointer('pointerdown', 3, 4, 8, {button: 3});
      expect(backUp).to.equal(true);
      expect(h.pointer('pointerup', 3, 4, 0, {button: 3})).to.equal(true);
      expect(sentHex(h)).to.deep.equal([
        pointerEvent(0, 3, 4),
        pointerEvent(4, 3, 4),
        pointerEvent(0, 3, 4),
        pointerEvent(2, 3, 4),
        pointerEvent(0, 3, 4),
        pointerEvent(0x80, 3, 4),
        pointerEvent(0, 3, 4),
      ]);
    });

    it('keeps the context menu for the guest', async () => {
      const h = await connected();
      const e = new MouseEvent('contextmenu', {
        ...h.clientPoint(1, 1),
        bubbles: true,
        composed: true,
        cancelable: true,
      });
      h.canvas.dispatchEvent(e);
      expect(e.defaultPrevented).to.equal(true);
    });

    it('sends wheel steps as VMware 127/2 (+1 = up)', async () => {
      const h = await connected();
      expect(h.wheel(7, 9, -120)).to.equal(true);
      expect(sentHex(h)).to.deep.equal([
        pointerEvent2(true, 7, 9, 0, 1, 0),
        pointerEvent2(true, 7, 9, 0, 1, 0),
      ]);
      h.wheel(7, 9, 0, 60);
      expect(sentHex(h)).to.deep.equal([pointerEvent2(true, 7, 9, 0, 0, 1)]);
    });

    it('accumulates small wheel deltas into steps', async () => {
      const h = await connected();
      h.wheel(0, 0, 20);
      h.wheel(0, 0, 20);
      expect(sentHex(h)).to.deep.equal([]);
      h.wheel(0, 0, 20);
      expect(sentHex(h)).to.deep.equal([pointerEvent2(true, 0, 0, 0, -1, 0)]);
    });

    it('sends the wheel as buttons 4/5 to a plain VNC server', async () => {
      const h = await connected({url: VNC_URL});
      h.wheel(5, 6, 50);
      expect(sentHex(h)).to.deep.equal([pointerEvent(0x10, 5, 6), pointerEvent(0, 5, 6)]);
      h.wheel(5, 6, -50);
      expect(sentHex(h)).to.deep.equal([pointerEvent(0x08, 5, 6), pointerEvent(0, 5, 6)]);
    });

    it('sends a touch tap as a left click', async () => {
      const h = await connected();
      const touch = {pointerType: 'touch', pointerId: 7, isPrimary: true};
      h.pointer('pointerdown', 12, 13, 1, touch);
      h.pointer('pointerup', 12, 13, 0, touch);
      expect(sentHex(h)).to.deep.equal([
        pointerEvent(0, 12, 13),
        pointerEvent(1, 12, 13),
        pointerEvent(0, 12, 13),
      ]);
    });

    it('asks the guest to match the element size with resize="remote" (127/5, debounced)', async () => {
      const h = await connected(
        {attributes: {resize: 'remote'}, width: 301, height: 201},
        {caps: 0x80},
      );
      await new Promise((r) => setTimeout(r, 450));
      expect(sentHex(h)).to.deep.equal(['7f 05 00 08 01 2d 00 c8']);
    });
  });
});
