/**
 * A US-layout fallback from `KeyboardEvent.code` to an X11 keysym, used for
 * the standard KeyEvent when the caller gives no keysym (for example a key
 * sent by code only, like Ctrl-Alt-Del). Unshifted symbols: the server
 * applies Shift itself from the Shift key events (RFC 6143 §7.5.4).
 * Values from X11 keysymdef.h.
 */

const NAMED: Readonly<Record<string, number>> = {
  Backspace: 0xff08,
  Tab: 0xff09,
  Enter: 0xff0d,
  Pause: 0xff13,
  ScrollLock: 0xff14,
  Escape: 0xff1b,
  Home: 0xff50,
  ArrowLeft: 0xff51,
  ArrowUp: 0xff52,
  ArrowRight: 0xff53,
  ArrowDown: 0xff54,
  PageUp: 0xff55,
  PageDown: 0xff56,
  End: 0xff57,
  PrintScreen: 0xff61,
  Insert: 0xff63,
  ContextMenu: 0xff67,
  NumLock: 0xff7f,
  NumpadEnter: 0xff8d,
  NumpadMultiply: 0xffaa,
  NumpadAdd: 0xffab,
  NumpadComma: 0xffac,
  NumpadSubtract: 0xffad,
  NumpadDecimal: 0xffae,
  NumpadDivide: 0xffaf,
  NumpadEqual: 0xffbd,
  ShiftLeft: 0xffe1,
  ShiftRight: 0xffe2,
  ControlLeft: 0xffe3,
  ControlRight: 0xffe4,
  CapsLock: 0xffe5,
  MetaLeft: 0xffeb,
  MetaRight: 0xffec,
  OSLeft: 0xffeb,
  OSRight: 0xffec,
  AltLeft: 0xffe9,
  AltRight: 0xffea,
  Delete: 0xffff,
  Space: 0x20,
  Quote: 0x27,
  Comma: 0x2c,
  Minus: 0x2d,
  Period: 0x2e,
  Slash: 0x2f,
  Semicolon: 0x3b,
  Equal: 0x3d,
  BracketLeft: 0x5b,
  Backslash: 0x5c,
  BracketRight: 0x5d,
  Backquote: 0x60,
  IntlBackslash: 0x3c,
};

/** The keysym for a `KeyboardEvent.code` on a US layout, or undefined. */
export function usKeysymForCode(code: string): number | undefined {
  if (Object.prototype.hasOwnProperty.call(NAMED, code)) return NAMED[code];
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return m[1]!.toLowerCase().charCodeAt(0);
  m = /^Digit([0-9])$/.exec(code);
  if (m) return m[1]!.charCodeAt(0);
  m = /^Numpad([0-9])$/.exec(code);
  if (m) return 0xffb0 + Number(m[1]);
  m = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code);
  if (m) return 0xffbe + Number(m[1]) - 1;
  return undefined;
}
