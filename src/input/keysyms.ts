/**
 * X11 keysyms for RFB KeyEvent (RFC 6143 §7.5.4), the fallback for servers
 * that take neither VMware VScan codes nor QEMU extended key events
 * (webmks-protocol.md §7). Values are from X11 keysymdef.h and XF86keysym.h.
 * Pure data and one function; no DOM.
 */

/** The subset of a KeyboardEvent this module reads. */
export interface KeyLike {
  key: string;
  code: string;
  /** KeyboardEvent.location: 0 standard, 1 left, 2 right, 3 numpad. */
  location?: number;
}

/** Named keysyms used across the input layer. */
export const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Clear: 0xff0b,
  Return: 0xff0d,
  Pause: 0xff13,
  Scroll_Lock: 0xff14,
  Sys_Req: 0xff15,
  Escape: 0xff1b,
  Multi_key: 0xff20,
  Kanji: 0xff21,
  Muhenkan: 0xff22,
  Henkan: 0xff23,
  Hiragana: 0xff25,
  Katakana: 0xff26,
  Hiragana_Katakana: 0xff27,
  Zenkaku_Hankaku: 0xff2a,
  Kana_Lock: 0xff2d,
  Eisu_toggle: 0xff30,
  Hangul: 0xff31,
  Hangul_Hanja: 0xff34,
  Home: 0xff50,
  Left: 0xff51,
  Up: 0xff52,
  Right: 0xff53,
  Down: 0xff54,
  Prior: 0xff55,
  Next: 0xff56,
  End: 0xff57,
  Select: 0xff60,
  Print: 0xff61,
  Execute: 0xff62,
  Insert: 0xff63,
  Undo: 0xff65,
  Redo: 0xff66,
  Menu: 0xff67,
  Find: 0xff68,
  Cancel: 0xff69,
  Help: 0xff6a,
  Num_Lock: 0xff7f,
  KP_Enter: 0xff8d,
  KP_Home: 0xff95,
  KP_Left: 0xff96,
  KP_Up: 0xff97,
  KP_Right: 0xff98,
  KP_Down: 0xff99,
  KP_Prior: 0xff9a,
  KP_Next: 0xff9b,
  KP_End: 0xff9c,
  KP_Begin: 0xff9d,
  KP_Insert: 0xff9e,
  KP_Delete: 0xff9f,
  KP_Multiply: 0xffaa,
  KP_Add: 0xffab,
  KP_Separator: 0xffac,
  KP_Subtract: 0xffad,
  KP_Decimal: 0xffae,
  KP_Divide: 0xffaf,
  KP_0: 0xffb0,
  KP_Equal: 0xffbd,
  F1: 0xffbe,
  Shift_L: 0xffe1,
  Shift_R: 0xffe2,
  Control_L: 0xffe3,
  Control_R: 0xffe4,
  Caps_Lock: 0xffe5,
  Meta_L: 0xffe7,
  Meta_R: 0xffe8,
  Alt_L: 0xffe9,
  Alt_R: 0xffea,
  Super_L: 0xffeb,
  Super_R: 0xffec,
  ISO_Level3_Shift: 0xfe03,
  Delete: 0xffff,
  // XF86keysym.h
  XF86AudioLowerVolume: 0x1008ff11,
  XF86AudioMute: 0x1008ff12,
  XF86AudioRaiseVolume: 0x1008ff13,
  XF86AudioPlay: 0x1008ff14,
  XF86AudioStop: 0x1008ff15,
  XF86AudioPrev: 0x1008ff16,
  XF86AudioNext: 0x1008ff17,
  XF86HomePage: 0x1008ff18,
  XF86Mail: 0x1008ff19,
  XF86Search: 0x1008ff1b,
  XF86Calculator: 0x1008ff1d,
  XF86Back: 0x1008ff26,
  XF86Forward: 0x1008ff27,
  XF86Stop: 0x1008ff28,
  XF86Refresh: 0x1008ff29,
  XF86PowerOff: 0x1008ff2a,
  XF86WakeUp: 0x1008ff2b,
  XF86Sleep: 0x1008ff2f,
  XF86Favorites: 0x1008ff30,
  XF86AudioMedia: 0x1008ff32,
  XF86MyComputer: 0x1008ff33,
} as const;

/** Modifier and lock keys: left/right comes from `code` (KeyboardEvent.key says only "Shift"). */
const BY_CODE: Readonly<Record<string, number>> = {
  ShiftLeft: XK.Shift_L,
  ShiftRight: XK.Shift_R,
  ControlLeft: XK.Control_L,
  ControlRight: XK.Control_R,
  AltLeft: XK.Alt_L,
  AltRight: XK.Alt_R,
  MetaLeft: XK.Super_L,
  MetaRight: XK.Super_R,
  OSLeft: XK.Super_L,
  OSRight: XK.Super_R,
  CapsLock: XK.Caps_Lock,
  NumLock: XK.Num_Lock,
  ScrollLock: XK.Scroll_Lock,
  // Keypad operators do not depend on Num Lock.
  NumpadEnter: XK.KP_Enter,
  NumpadMultiply: XK.KP_Multiply,
  NumpadAdd: XK.KP_Add,
  NumpadSubtract: XK.KP_Subtract,
  NumpadDivide: XK.KP_Divide,
  NumpadEqual: XK.KP_Equal,
  NumpadComma: XK.KP_Separator,
};

/** Keypad digits when Num Lock is off (KeyboardEvent.key is then a navigation name). */
const KEYPAD_NAVIGATION: Readonly<Record<string, number>> = {
  Numpad0: XK.KP_Insert,
  Numpad1: XK.KP_End,
  Numpad2: XK.KP_Down,
  Numpad3: XK.KP_Next,
  Numpad4: XK.KP_Left,
  Numpad5: XK.KP_Begin,
  Numpad6: XK.KP_Right,
  Numpad7: XK.KP_Home,
  Numpad8: XK.KP_Up,
  Numpad9: XK.KP_Prior,
  NumpadDecimal: XK.KP_Delete,
};

/** Non-printing KeyboardEvent.key values (UI Events KeyboardEvent key Values). */
const BY_KEY: Readonly<Record<string, number>> = {
  Backspace: XK.BackSpace,
  Tab: XK.Tab,
  Clear: XK.Clear,
  Enter: XK.Return,
  Pause: XK.Pause,
  ScrollLock: XK.Scroll_Lock,
  Escape: XK.Escape,
  Esc: XK.Escape,
  Compose: XK.Multi_key,
  KanjiMode: XK.Kanji,
  NonConvert: XK.Muhenkan,
  Convert: XK.Henkan,
  Hiragana: XK.Hiragana,
  Katakana: XK.Katakana,
  HiraganaKatakana: XK.Hiragana_Katakana,
  ZenkakuHankaku: XK.Zenkaku_Hankaku,
  Zenkaku: XK.Zenkaku_Hankaku,
  Hankaku: XK.Zenkaku_Hankaku,
  KanaMode: XK.Kana_Lock,
  Eisu: XK.Eisu_toggle,
  Alphanumeric: XK.Eisu_toggle,
  HangulMode: XK.Hangul,
  HanjaMode: XK.Hangul_Hanja,
  Home: XK.Home,
  ArrowLeft: XK.Left,
  ArrowUp: XK.Up,
  ArrowRight: XK.Right,
  ArrowDown: XK.Down,
  PageUp: XK.Prior,
  PageDown: XK.Next,
  End: XK.End,
  Select: XK.Select,
  PrintScreen: XK.Print,
  Execute: XK.Execute,
  Insert: XK.Insert,
  Undo: XK.Undo,
  Redo: XK.Redo,
  ContextMenu: XK.Menu,
  Find: XK.Find,
  Cancel: XK.Cancel,
  Help: XK.Help,
  NumLock: XK.Num_Lock,
  CapsLock: XK.Caps_Lock,
  Delete: XK.Delete,
  Del: XK.Delete,
  AltGraph: XK.ISO_Level3_Shift,
  Shift: XK.Shift_L,
  Control: XK.Control_L,
  Alt: XK.Alt_L,
  Meta: XK.Super_L,
  OS: XK.Super_L,
  Super: XK.Super_L,
  AudioVolumeDown: XK.XF86AudioLowerVolume,
  AudioVolumeMute: XK.XF86AudioMute,
  AudioVolumeUp: XK.XF86AudioRaiseVolume,
  MediaPlayPause: XK.XF86AudioPlay,
  MediaStop: XK.XF86AudioStop,
  MediaTrackPrevious: XK.XF86AudioPrev,
  MediaTrackNext: XK.XF86AudioNext,
  BrowserHome: XK.XF86HomePage,
  LaunchMail: XK.XF86Mail,
  BrowserSearch: XK.XF86Search,
  LaunchCalculator: XK.XF86Calculator,
  LaunchApplication2: XK.XF86Calculator,
  LaunchMyComputer: XK.XF86MyComputer,
  LaunchApplication1: XK.XF86MyComputer,
  BrowserBack: XK.XF86Back,
  BrowserForward: XK.XF86Forward,
  BrowserStop: XK.XF86Stop,
  BrowserRefresh: XK.XF86Refresh,
  BrowserFavorites: XK.XF86Favorites,
  Power: XK.XF86PowerOff,
  WakeUp: XK.XF86WakeUp,
  Standby: XK.XF86Sleep,
  LaunchMediaPlayer: XK.XF86AudioMedia,
};

/** The same names by `code`, for events whose `key` is "Unidentified" or "Dead". */
const NAMED_BY_CODE: Readonly<Record<string, number>> = {
  Backspace: XK.BackSpace,
  Tab: XK.Tab,
  Enter: XK.Return,
  Escape: XK.Escape,
  Space: 0x20,
  Pause: XK.Pause,
  PrintScreen: XK.Print,
  Insert: XK.Insert,
  Delete: XK.Delete,
  Home: XK.Home,
  End: XK.End,
  PageUp: XK.Prior,
  PageDown: XK.Next,
  ArrowLeft: XK.Left,
  ArrowUp: XK.Up,
  ArrowRight: XK.Right,
  ArrowDown: XK.Down,
  ContextMenu: XK.Menu,
  Convert: XK.Henkan,
  NonConvert: XK.Muhenkan,
  KanaMode: XK.Kana_Lock,
  Lang1: XK.Hangul,
  Lang2: XK.Hangul_Hanja,
  AudioVolumeMute: XK.XF86AudioMute,
  VolumeMute: XK.XF86AudioMute,
  AudioVolumeDown: XK.XF86AudioLowerVolume,
  VolumeDown: XK.XF86AudioLowerVolume,
  AudioVolumeUp: XK.XF86AudioRaiseVolume,
  VolumeUp: XK.XF86AudioRaiseVolume,
  MediaPlayPause: XK.XF86AudioPlay,
  MediaStop: XK.XF86AudioStop,
  MediaTrackPrevious: XK.XF86AudioPrev,
  MediaTrackNext: XK.XF86AudioNext,
  BrowserHome: XK.XF86HomePage,
  BrowserSearch: XK.XF86Search,
  BrowserBack: XK.XF86Back,
  BrowserForward: XK.XF86Forward,
  BrowserStop: XK.XF86Stop,
  BrowserRefresh: XK.XF86Refresh,
  BrowserFavorites: XK.XF86Favorites,
  LaunchMail: XK.XF86Mail,
  LaunchApp1: XK.XF86MyComputer,
  LaunchApp2: XK.XF86Calculator,
  Power: XK.XF86PowerOff,
};

/** Keysym of a Unicode code point: Latin-1 is itself, the rest 0x01000000 + U (keysymdef.h). */
export function keysymForCodePoint(cp: number): number | undefined {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x10ffff) return undefined;
  if (cp <= 0xff) return cp;
  return 0x01000000 + cp;
}

/** `F1`…`F35` → F1…F35 keysyms, which are consecutive. */
function functionKey(name: string): number | undefined {
  const m = /^F([1-9]|[12][0-9]|3[0-5])$/.exec(name);
  return m ? XK.F1 + Number(m[1]) - 1 : undefined;
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
  const byCode = BY_CODE[code];
  if (byCode !== undefined) {
    // AltGr arrives as code AltRight with key "AltGraph" on layouts that have it.
    if (code === 'AltRight' && key === 'AltGraph') return XK.ISO_Level3_Shift;
    return byCode;
  }
  if (code.startsWith('Numpad') || event.location === 3) {
    if (/^[0-9]$/.test(key)) return XK.KP_0 + Number(key);
    if (code === 'NumpadDecimal' && (key === '.' || key === ',')) return XK.KP_Decimal;
    const nav = KEYPAD_NAVIGATION[code];
    if (nav !== undefined) return nav;
  }
  const named = BY_KEY[key] ?? functionKey(key);
  if (named !== undefined) {
    if (named === XK.Shift_L && event.location === 2) return XK.Shift_R;
    if (named === XK.Control_L && event.location === 2) return XK.Control_R;
    if (named === XK.Alt_L && event.location === 2) return XK.Alt_R;
    if (named === XK.Super_L && event.location === 2) return XK.Super_R;
    return named;
  }
  const cps = [...key];
  if (cps.length === 1) {
    const sym = keysymForCodePoint(cps[0]!.codePointAt(0)!);
    if (sym !== undefined) return sym;
  }
  return NAMED_BY_CODE[code] ?? functionKey(code);
}
