/**
 * The guest's keyboard: turns VScan codes (127/0, §4.4.1) and X11 keysyms
 * (KeyEvent 4) into what a US-layout guest would type, tracking Shift,
 * Ctrl/Alt/Meta and the three lock keys.
 *
 * - VScan codes go through a US layout; Shift and Caps Lock are applied by
 *   the guest (Caps Lock affects letters only; Shift+Caps gives lower case).
 * - Keysyms name the character the client already produced, so they are
 *   typed as they are (Shift/Caps are the client's business in RFB).
 * - While Ctrl, Alt or Meta is held nothing is typed.
 */
import {LED} from '../wire/constants.js';

export type KeyAction =
  | {kind: 'char'; ch: string}
  | {kind: 'enter'}
  | {kind: 'backspace'}
  | {kind: 'tab'}
  | {kind: 'leds'};

// Set-1 make codes -> [unshifted, shifted] on a US keyboard (§4.4.2 table).
const US_LAYOUT = new Map<number, [string, string]>();
function row(start: number, plain: string, shifted: string): void {
  for (let i = 0; i < plain.length; i++) US_LAYOUT.set(start + i, [plain[i]!, shifted[i]!]);
}
row(0x02, '1234567890-=', '!@#$%^&*()_+');
row(0x10, 'qwertyuiop[]', 'QWERTYUIOP{}');
row(0x1e, "asdfghjkl;'`", 'ASDFGHJKL:"~');
row(0x2b, '\\zxcvbnm,./', '|ZXCVBNM<>?');
US_LAYOUT.set(0x39, [' ', ' ']);
US_LAYOUT.set(0x56, ['\\', '|']); // IntlBackslash on a 102-key US board

/** Keypad keys that type with Num Lock on (§4.4.2: Numpad7 0x47 … NumpadDecimal 0x53). */
const KEYPAD_NUM = new Map<number, string>([
  [0x47, '7'],
  [0x48, '8'],
  [0x49, '9'],
  [0x4b, '4'],
  [0x4c, '5'],
  [0x4d, '6'],
  [0x4f, '1'],
  [0x50, '2'],
  [0x51, '3'],
  [0x52, '0'],
  [0x53, '.'],
]);
/** Keypad operators, independent of Num Lock. */
const KEYPAD_OPS = new Map<number, string>([
  [0x37, '*'],
  [0x4a, '-'],
  [0x4e, '+'],
  [0x135, '/'],
]);

const VSCAN = {
  backspace: 0x0e,
  tab: 0x0f,
  enter: 0x1c,
  keypadEnter: 0x11c,
  shiftLeft: 0x2a,
  shiftRight: 0x36,
  capsLock: 0x3a,
  numLock: 0x45,
  scrollLock: 0x46,
} as const;
/** Ctrl, Alt and Meta (left and right). */
const VSCAN_BLOCKING = new Set([0x1d, 0x11d, 0x38, 0x138, 0x15b, 0x15c]);

const KEYSYM = {
  backspace: 0xff08,
  tab: 0xff09,
  returnKey: 0xff0d,
  keypadEnter: 0xff8d,
  keypadSpace: 0xff80,
  capsLock: 0xffe5,
  numLock: 0xff7f,
  scrollLock: 0xff14,
} as const;
const KEYSYM_SHIFT = new Set([0xffe1, 0xffe2]);
/** Control, Meta, Alt, Super, Hyper (left and right). */
const KEYSYM_BLOCKING = new Set([
  0xffe3, 0xffe4, 0xffe7, 0xffe8, 0xffe9, 0xffea, 0xffeb, 0xffec, 0xffed, 0xffee,
]);

/** Keypad keysyms 0xFFAA…0xFFB9 (XK_KP_Multiply … XK_KP_9). */
function keypadKeysymChar(keysym: number): string | undefined {
  if (keysym >= 0xffb0 && keysym <= 0xffb9) return String(keysym - 0xffb0);
  return {0xffaa: '*', 0xffab: '+', 0xffac: ',', 0xffad: '-', 0xffae: '.', 0xffaf: '/'}[keysym];
}

/** The character a keysym names, if it names one (Latin-1 or Unicode keysyms). */
export function keysymChar(keysym: number): string | undefined {
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) {
    return String.fromCharCode(keysym);
  }
  if (keysym >= 0x01000100 && keysym <= 0x0110ffff)
    return String.fromCodePoint(keysym - 0x01000000);
  return keypadKeysymChar(keysym);
}

export class GuestKeyboard {
  /** VMWLEDState mask: bit 0 Scroll, bit 1 Num, bit 2 Caps (§3.3.11). */
  leds = 0;
  private readonly shiftDown = new Set<number>();
  private readonly blockingDown = new Set<number>();

  private toggle(bit: number): KeyAction {
    this.leds ^= bit;
    return {kind: 'leds'};
  }

  private get blocked(): boolean {
    return this.blockingDown.size > 0;
  }

  /** A VScan key event (127/0, or a QEMU key converted to VScan). */
  scancode(code: number, down: boolean): KeyAction | undefined {
    if (code === VSCAN.shiftLeft || code === VSCAN.shiftRight) {
      if (down) this.shiftDown.add(code);
      else this.shiftDown.delete(code);
      return undefined;
    }
    if (VSCAN_BLOCKING.has(code)) {
      if (down) this.blockingDown.add(code);
      else this.blockingDown.delete(code);
      return undefined;
    }
    if (!down) return undefined;
    switch (code) {
      case VSCAN.capsLock:
        return this.toggle(LED.caps);
      case VSCAN.numLock:
        return this.toggle(LED.num);
      case VSCAN.scrollLock:
        return this.toggle(LED.scroll);
    }
    if (this.blocked) return undefined;
    switch (code) {
      case VSCAN.enter:
      case VSCAN.keypadEnter:
        return {kind: 'enter'};
      case VSCAN.backspace:
        return {kind: 'backspace'};
      case VSCAN.tab:
        return {kind: 'tab'};
    }
    const op = KEYPAD_OPS.get(code);
    if (op) return {kind: 'char', ch: op};
    const num = KEYPAD_NUM.get(code);
    if (num) return this.leds & LED.num ? {kind: 'char', ch: num} : undefined;
    const pair = US_LAYOUT.get(code);
    if (!pair) return undefined;
    const shift = this.shiftDown.size > 0;
    const [plain, shifted] = pair;
    const isLetter = plain >= 'a' && plain <= 'z';
    const upper = isLetter ? shift !== ((this.leds & LED.caps) !== 0) : shift;
    return {kind: 'char', ch: upper ? shifted : plain};
  }

  /** An X11 keysym key event (RFB KeyEvent, type 4). */
  keysym(keysym: number, down: boolean): KeyAction | undefined {
    if (KEYSYM_SHIFT.has(keysym)) {
      if (down) this.shiftDown.add(keysym);
      else this.shiftDown.delete(keysym);
      return undefined;
    }
    if (KEYSYM_BLOCKING.has(keysym)) {
      if (down) this.blockingDown.add(keysym);
      else this.blockingDown.delete(keysym);
      return undefined;
    }
    if (!down) return undefined;
    switch (keysym) {
      case KEYSYM.capsLock:
        return this.toggle(LED.caps);
      case KEYSYM.numLock:
        return this.toggle(LED.num);
      case KEYSYM.scrollLock:
        return this.toggle(LED.scroll);
    }
    if (this.blocked) return undefined;
    switch (keysym) {
      case KEYSYM.returnKey:
      case KEYSYM.keypadEnter:
        return {kind: 'enter'};
      case KEYSYM.backspace:
        return {kind: 'backspace'};
      case KEYSYM.tab:
        return {kind: 'tab'};
      case KEYSYM.keypadSpace:
        return {kind: 'char', ch: ' '};
    }
    const ch = keysymChar(keysym);
    return ch === undefined ? undefined : {kind: 'char', ch};
  }

  /** A Unicode key event (127/6 with raw = 0). */
  unicode(codePoint: number, down: boolean): KeyAction | undefined {
    if (!down || this.blocked) return undefined;
    if (codePoint === 0x0d || codePoint === 0x0a) return {kind: 'enter'};
    if (codePoint === 0x08) return {kind: 'backspace'};
    if (codePoint === 0x09) return {kind: 'tab'};
    if (codePoint < 0x20 || codePoint > 0x10ffff || (codePoint >= 0x7f && codePoint < 0xa0)) {
      return undefined;
    }
    return {kind: 'char', ch: String.fromCodePoint(codePoint)};
  }

  /** Sets the lock state directly (127/16 KeyboardLEDState); returns true if it changed. */
  setLeds(mask: number): boolean {
    const changed = mask !== this.leds;
    this.leds = mask;
    return changed;
  }
}

/** QEMU extended key code -> VScan (§4.4.1: the inverse of the E0 mapping). */
export function qemuKeycodeToVscan(keycode: number): number {
  if (keycode === 0xc6) return 0x100; // Pause
  if (keycode === 0x54) return 0x54;
  return keycode & 0x80 ? 0x100 | (keycode & 0x7f) : keycode;
}
