import {describe, expect, it} from 'vitest';
import {
  BROWSER_SHORTCUTS,
  KEYBOARD_LOCK_CODES,
  MODIFIER_CODES,
  RELEASE_FOCUS,
  isLockCode,
  isModifierCode,
  isReleaseFocusCombo,
  keysymFor,
  shouldCaptureKey,
} from '../../../src/input/keyboard.js';
import {keysymForCodePoint} from '../../../src/input/keysyms.js';

// keysymdef.h
const XK = {
  Shift_L: 0xffe1,
  Shift_R: 0xffe2,
  Control_L: 0xffe3,
  Control_R: 0xffe4,
  Alt_L: 0xffe9,
  Alt_R: 0xffea,
} as const;

describe('keysymFor', () => {
  it('maps printable ASCII and Latin-1 keys to their code point', () => {
    expect(keysymFor({key: 'a', code: 'KeyA'})).toBe(0x61);
    expect(keysymFor({key: 'A', code: 'KeyA'})).toBe(0x41);
    expect(keysymFor({key: '!', code: 'Digit1'})).toBe(0x21);
    expect(keysymFor({key: ' ', code: 'Space'})).toBe(0x20);
    expect(keysymFor({key: 'ß', code: 'Minus'})).toBe(0xdf);
    expect(keysymFor({key: 'é', code: 'Digit2'})).toBe(0xe9);
    expect(keysymFor({key: '£', code: 'Digit3'})).toBe(0xa3);
  });

  it('maps other characters to 0x01000000 + code point, including astral ones', () => {
    expect(keysymFor({key: '€', code: 'KeyE'})).toBe(0x010020ac);
    expect(keysymFor({key: 'ж', code: 'Semicolon'})).toBe(0x01000436);
    expect(keysymFor({key: '😀', code: 'KeyA'})).toBe(0x0101f600);
  });

  it('maps named keys', () => {
    const cases: Array<[string, string, number]> = [
      ['Enter', 'Enter', 0xff0d],
      ['Backspace', 'Backspace', 0xff08],
      ['Tab', 'Tab', 0xff09],
      ['Escape', 'Escape', 0xff1b],
      ['Delete', 'Delete', 0xffff],
      ['Insert', 'Insert', 0xff63],
      ['Home', 'Home', 0xff50],
      ['End', 'End', 0xff57],
      ['PageUp', 'PageUp', 0xff55],
      ['PageDown', 'PageDown', 0xff56],
      ['ArrowLeft', 'ArrowLeft', 0xff51],
      ['ArrowUp', 'ArrowUp', 0xff52],
      ['ArrowRight', 'ArrowRight', 0xff53],
      ['ArrowDown', 'ArrowDown', 0xff54],
      ['ContextMenu', 'ContextMenu', 0xff67],
      ['PrintScreen', 'PrintScreen', 0xff61],
      ['Pause', 'Pause', 0xff13],
      ['AudioVolumeUp', 'AudioVolumeUp', 0x1008ff13],
      ['Convert', 'Convert', 0xff23],
      ['NonConvert', 'NonConvert', 0xff22],
    ];
    for (const [key, code, sym] of cases) expect(keysymFor({key, code}), key).toBe(sym);
  });

  it('maps F1 to F24 to consecutive keysyms', () => {
    for (let n = 1; n <= 24; n++)
      expect(keysymFor({key: `F${n}`, code: `F${n}`})).toBe(0xffbe + n - 1);
    expect(keysymFor({key: 'F12', code: 'F12'})).toBe(0xffc9);
    expect(keysymFor({key: 'F24', code: 'F24'})).toBe(0xffd5);
  });

  it('tells left and right modifiers apart by code', () => {
    expect(keysymFor({key: 'Shift', code: 'ShiftLeft', location: 1})).toBe(XK.Shift_L);
    expect(keysymFor({key: 'Shift', code: 'ShiftRight', location: 2})).toBe(XK.Shift_R);
    expect(keysymFor({key: 'Control', code: 'ControlLeft'})).toBe(XK.Control_L);
    expect(keysymFor({key: 'Control', code: 'ControlRight'})).toBe(XK.Control_R);
    expect(keysymFor({key: 'Alt', code: 'AltLeft'})).toBe(XK.Alt_L);
    expect(keysymFor({key: 'Alt', code: 'AltRight'})).toBe(XK.Alt_R);
    expect(keysymFor({key: 'AltGraph', code: 'AltRight'})).toBe(0xfe03);
    expect(keysymFor({key: 'Meta', code: 'MetaLeft'})).toBe(0xffeb);
    expect(keysymFor({key: 'Meta', code: 'MetaRight'})).toBe(0xffec);
    expect(keysymFor({key: 'CapsLock', code: 'CapsLock'})).toBe(0xffe5);
    expect(keysymFor({key: 'NumLock', code: 'NumLock'})).toBe(0xff7f);
    expect(keysymFor({key: 'ScrollLock', code: 'ScrollLock'})).toBe(0xff14);
    // No code (synthetic events): location decides.
    expect(keysymFor({key: 'Shift', code: '', location: 2})).toBe(XK.Shift_R);
    expect(keysymFor({key: 'Control', code: '', location: 1})).toBe(XK.Control_L);
  });

  it('maps the keypad by code: digits with Num Lock on, navigation with it off', () => {
    for (let n = 0; n <= 9; n++)
      expect(keysymFor({key: `${n}`, code: `Numpad${n}`, location: 3})).toBe(0xffb0 + n);
    expect(keysymFor({key: 'End', code: 'Numpad1', location: 3})).toBe(0xff9c);
    expect(keysymFor({key: 'ArrowDown', code: 'Numpad2', location: 3})).toBe(0xff99);
    expect(keysymFor({key: 'Clear', code: 'Numpad5', location: 3})).toBe(0xff9d);
    expect(keysymFor({key: 'Home', code: 'Numpad7', location: 3})).toBe(0xff95);
    expect(keysymFor({key: 'Insert', code: 'Numpad0', location: 3})).toBe(0xff9e);
    expect(keysymFor({key: '.', code: 'NumpadDecimal', location: 3})).toBe(0xffae);
    expect(keysymFor({key: ',', code: 'NumpadDecimal', location: 3})).toBe(0xffae);
    expect(keysymFor({key: 'Delete', code: 'NumpadDecimal', location: 3})).toBe(0xff9f);
    expect(keysymFor({key: 'Enter', code: 'NumpadEnter', location: 3})).toBe(0xff8d);
    expect(keysymFor({key: '+', code: 'NumpadAdd', location: 3})).toBe(0xffab);
    expect(keysymFor({key: '-', code: 'NumpadSubtract', location: 3})).toBe(0xffad);
    expect(keysymFor({key: '*', code: 'NumpadMultiply', location: 3})).toBe(0xffaa);
    expect(keysymFor({key: '/', code: 'NumpadDivide', location: 3})).toBe(0xffaf);
  });

  it('falls back to the code for Unidentified or Dead keys, else undefined', () => {
    expect(keysymFor({key: 'Unidentified', code: 'F13'})).toBe(0xffca);
    expect(keysymFor({key: 'Unidentified', code: 'ArrowUp'})).toBe(0xff52);
    expect(keysymFor({key: 'Dead', code: 'Equal'})).toBeUndefined();
    expect(keysymFor({key: 'Process', code: 'KeyA'})).toBeUndefined();
    expect(keysymFor({key: 'Unidentified', code: ''})).toBeUndefined();
  });

  it('has no keysym for control characters', () => {
    expect(keysymForCodePoint(0x07)).toBeUndefined();
    expect(keysymForCodePoint(0x85)).toBeUndefined();
    expect(keysymForCodePoint(0x7f)).toBeUndefined();
  });
});

describe('keyboard policy', () => {
  it('knows the modifier and lock keys', () => {
    for (const code of MODIFIER_CODES) expect(isModifierCode(code), code).toBe(true);
    for (const code of ['KeyA', 'CapsLock', 'Tab', 'Space', 'F12', ''])
      expect(isModifierCode(code), code).toBe(false);
    expect(['CapsLock', 'NumLock', 'ScrollLock'].every(isLockCode)).toBe(true);
    expect(isLockCode('ShiftLeft')).toBe(false);
  });

  it('releases focus on exactly Ctrl+Alt+Shift+F12 and captures everything else', () => {
    const combo = {code: 'F12', ctrlKey: true, altKey: true, shiftKey: true, metaKey: false};
    expect(RELEASE_FOCUS.label).toBe('Ctrl+Alt+Shift+F12');
    expect(isReleaseFocusCombo(combo)).toBe(true);
    expect(shouldCaptureKey(combo)).toBe(false);
    expect(isReleaseFocusCombo({...combo, shiftKey: false})).toBe(false);
    expect(isReleaseFocusCombo({...combo, metaKey: true})).toBe(false);
    expect(isReleaseFocusCombo({...combo, code: 'F11'})).toBe(false);
    expect(shouldCaptureKey({code: 'Tab'})).toBe(true);
    expect(shouldCaptureKey({code: 'KeyW', ctrlKey: true})).toBe(true);
    expect(shouldCaptureKey({code: 'F5'})).toBe(true);
  });

  it('lists the reserved browser shortcuts and the codes Keyboard Lock needs for them', () => {
    const reserved = BROWSER_SHORTCUTS.filter((s) => s.reserved)
      .map((s) => s.keys)
      .join(' ');
    expect(reserved).toContain('Ctrl+W');
    expect(reserved).toContain('Ctrl+T');
    expect(reserved).toContain('Ctrl+N');
    for (const code of ['KeyW', 'KeyT', 'KeyN', 'Tab', 'Escape'])
      expect(KEYBOARD_LOCK_CODES).toContain(code);
    expect(BROWSER_SHORTCUTS.some((s) => !s.reserved && s.keys.startsWith('Tab'))).toBe(true);
  });
});
