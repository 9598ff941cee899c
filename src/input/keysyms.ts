/**
 * X11 keysyms for RFB KeyEvent (RFC 6143 §7.5.4), the fallback for servers
 * that take neither VMware VScan codes nor QEMU extended key events
 * (webmks-protocol.md §7): a KeyboardEvent's `key` and `code` -> keysym. The
 * names and values are in the core's key table (protocol/key-table.ts).
 * Pure functions; no DOM.
 */
import {KEYSYM_F1, KEYSYM_KP_0, namedKeysym, usKeysymForCode} from '../protocol/key-table.js';

/** The subset of a KeyboardEvent this module reads. */
export interface KeyLike {
  key: string;
  code: string;
  /** KeyboardEvent.location: 0 standard, 1 left, 2 right, 3 numpad. */
  location?: number;
}

/**
 * Modifier and lock keys, and keypad operators (which do not depend on Num
 * Lock), go by `code`: left/right and which pad is only there.
 */
const BY_CODE =
  /^(Shift|Control|Alt|Meta|OS)(Left|Right)$|^(Caps|Num|Scroll)Lock$|^Numpad(Enter|Multiply|Add|Subtract|Divide|Equal|Comma)$/;

/**
 * Keypad digits when Num Lock is off (`key` is then a navigation name):
 * KP_Insert, KP_End, KP_Down, KP_Next, KP_Left, KP_Begin, KP_Right, KP_Home,
 * KP_Up, KP_Prior for Numpad0…9.
 */
const KEYPAD_NAVIGATION = [
  0xff9e, 0xff9c, 0xff99, 0xff9b, 0xff96, 0xff9d, 0xff98, 0xff95, 0xff97, 0xff9a,
];
const KP_DECIMAL = 0xffae;
const KP_DELETE = 0xff9f;
const ISO_LEVEL3_SHIFT = 0xfe03;
/** Shift_L, Control_L, Alt_L, Super_L: each right-hand keysym is the left one + 1. */
const LEFT_MODIFIERS = [0xffe1, 0xffe3, 0xffe9, 0xffeb];

/** Keysym of a Unicode code point: Latin-1 is itself, the rest 0x01000000 + U (keysymdef.h). */
export function keysymForCodePoint(cp: number): number | undefined {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x10ffff) return undefined;
  if (cp <= 0xff) return cp;
  return 0x01000000 + cp;
}

/** `F1`…`F35` → F1…F35 keysyms, which are consecutive. */
function functionKey(name: string): number | undefined {
  const m = /^F([1-9]|[12][0-9]|3[0-5])$/.exec(name);
  return m ? KEYSYM_F1 + Number(m[1]) - 1 : undefined;
}

/**
 * The X11 keysym for a key event, or undefined when there is none (a dead key
 * with no known code, an IME composition, an unknown name).
 *
 * Order: modifiers, locks and keypad operators by `code` (which side, which
 * pad); keypad digits by `key` (digit with Num Lock on, navigation without);
 * named keys by `key`; a printable `key` by code point; last, named keys by
 * `code` for layouts or platforms that report "Unidentified" or "Dead".
 */
export function keysymFor(event: KeyLike): number | undefined {
  const {key, code} = event;
  if (BY_CODE.test(code)) {
    // AltGr arrives as code AltRight with key "AltGraph" on layouts that have it.
    return code === 'AltRight' && key === 'AltGraph' ? ISO_LEVEL3_SHIFT : usKeysymForCode(code);
  }
  if (code.startsWith('Numpad') || event.location === 3) {
    if (/^[0-9]$/.test(key)) return KEYSYM_KP_0 + Number(key);
    if (code === 'NumpadDecimal') return key === '.' || key === ',' ? KP_DECIMAL : KP_DELETE;
    const digit = /^Numpad([0-9])$/.exec(code);
    if (digit) return KEYPAD_NAVIGATION[Number(digit[1])];
  }
  const named = namedKeysym(key) ?? functionKey(key);
  if (named !== undefined) {
    return event.location === 2 && LEFT_MODIFIERS.includes(named) ? named + 1 : named;
  }
  const cps = [...key];
  if (cps.length === 1) {
    const sym = keysymForCodePoint(cps[0]!.codePointAt(0)!);
    if (sym !== undefined) return sym;
  }
  return code === 'Space' ? 0x20 : (namedKeysym(code) ?? functionKey(code));
}
