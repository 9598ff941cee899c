/**
 * The one key table: `KeyboardEvent.code` -> VMware VScan code and US-layout
 * X11 keysym, plus the `KeyboardEvent.key` names of non-printing keys.
 *
 * VScan codes (PC/AT set 1 make codes, 0x100 for E0-prefixed keys, Pause the
 * special 0x100) are the complete wmks-2.1 `fromKeyCodeToVScanCode` table
 * (webmks-protocol.md §4.4.2, VMware HTML Console SDK 2.1.0). Keysyms are from
 * X11 keysymdef.h and XF86keysym.h; for printable keys they are the unshifted
 * US symbol, since the server applies Shift itself (RFC 6143 §7.5.4).
 *
 * Kept as text, one key per line, and parsed on first use: the script-tag
 * bundle carries each name once instead of in several object literals.
 */

/**
 * `name VScan keysym`, both hex, `-` for none, in the order of the wmks table.
 * Letters, digits, F1–F24 and Numpad0–9 follow rules (see keyTable()).
 */
const NAMED_KEYS = `
Escape 1 ff1b
Minus c 2d
Equal d 3d
Backspace e ff08
Tab f ff09
BracketLeft 1a 5b
BracketRight 1b 5d
Enter 1c ff0d
ControlLeft 1d ffe3
Semicolon 27 3b
Quote 28 27
Backquote 29 60
ShiftLeft 2a ffe1
Backslash 2b 5c
Comma 33 2c
Period 34 2e
Slash 35 2f
ShiftRight 36 ffe2
NumpadMultiply 37 ffaa
AltLeft 38 ffe9
Space 39 20
CapsLock 3a ffe5
NumLock 45 ff7f
NumpadClear 45 -
ScrollLock 46 ff14
NumpadSubtract 4a ffad
NumpadAdd 4e ffab
NumpadDecimal 53 ffae
IntlBackslash 56 3c
KanaMode 70 ff2d
Lang2 71 ff34
Lang1 72 ff31
IntlRo 73 -
Convert 79 ff23
NonConvert 7b ff22
IntlYen 7d -
NumpadComma 7e ffac
NumpadEqual d ffbd
Pause 100 ff13
MediaTrackPrevious 110 1008ff16
MediaTrackNext 119 1008ff17
NumpadEnter 11c ff8d
ControlRight 11d ffe4
VolumeMute 120 1008ff12
AudioVolumeMute 120 1008ff12
LaunchApp2 121 1008ff1d
MediaPlayPause 122 1008ff14
MediaStop 124 1008ff15
VolumeDown 12e 1008ff11
AudioVolumeDown 12e 1008ff11
VolumeUp 130 1008ff13
AudioVolumeUp 130 1008ff13
BrowserHome 132 1008ff18
NumpadDivide 135 ffaf
PrintScreen 137 ff61
AltRight 138 ffea
Home 147 ff50
ArrowUp 148 ff52
PageUp 149 ff55
ArrowLeft 14b ff51
ArrowRight 14d ff53
End 14f ff57
ArrowDown 150 ff54
PageDown 151 ff56
Insert 152 ff63
Delete 153 ffff
MetaLeft 15b ffeb
OSLeft 15b ffeb
MetaRight 15c ffec
OSRight 15c ffec
ContextMenu 15d ff67
Power 15e 1008ff2a
BrowserSearch 165 1008ff1b
BrowserFavorites 166 1008ff30
BrowserRefresh 167 1008ff29
BrowserStop 168 1008ff28
BrowserForward 169 1008ff27
BrowserBack 16a 1008ff26
LaunchApp1 16b 1008ff33
LaunchMail 16c 1008ff19
MediaSelect 16d -
Clear - ff0b
Esc - ff1b
Del - ffff
Compose - ff20
KanjiMode - ff21
Hiragana - ff25
Katakana - ff26
HiraganaKatakana - ff27
ZenkakuHankaku - ff2a
Zenkaku - ff2a
Hankaku - ff2a
Eisu - ff30
Alphanumeric - ff30
HangulMode - ff31
HanjaMode - ff34
Select - ff60
Execute - ff62
Undo - ff65
Redo - ff66
Find - ff68
Cancel - ff69
Help - ff6a
AltGraph - fe03
Shift - ffe1
Control - ffe3
Alt - ffe9
Meta - ffeb
OS - ffeb
Super - ffeb
LaunchCalculator - 1008ff1d
LaunchApplication2 - 1008ff1d
LaunchMyComputer - 1008ff33
LaunchApplication1 - 1008ff33
WakeUp - 1008ff2b
Standby - 1008ff2f
LaunchMediaPlayer - 1008ff32
`;
// The rows from `Clear` on are KeyboardEvent.key names with no code of their own.

/** F1 (keysym 0xffbe); F1…F35 are consecutive in keysymdef.h. */
export const KEYSYM_F1 = 0xffbe;
/** KP_0; KP_0…KP_9 are consecutive. */
export const KEYSYM_KP_0 = 0xffb0;

/** VScan codes with special meaning (§4.4.1, wmks-2.1 `WMKS.VSCAN_CODES`). */
export const VSCAN = {
  pause: 0x100,
  printScreen: 0x137,
  sysRq: 0x054,
  invalid: 0x1ff,
} as const;

interface KeyEntry {
  vscan: number | undefined;
  keysym: number | undefined;
}

let table: Map<string, KeyEntry> | undefined;

function keyTable(): Map<string, KeyEntry> {
  if (table) return table;
  const t = new Map<string, KeyEntry>();
  const add = (name: string, vscan: number | undefined, keysym: number | undefined) =>
    t.set(name, {vscan, keysym});
  // Letter rows of the PC keyboard: Q…P from 0x10, A…L from 0x1E, Z…M from 0x2C.
  for (const [row, first] of [
    ['QWERTYUIOP', 0x10],
    ['ASDFGHJKL', 0x1e],
    ['ZXCVBNM', 0x2c],
  ] as const) {
    [...row].forEach((l, i) => add(`Key${l}`, first + i, l.toLowerCase().charCodeAt(0)));
  }
  // Digit1…Digit9 are 0x02…0x0A and Digit0 is 0x0B.
  for (let n = 0; n <= 9; n++) add(`Digit${n}`, n === 0 ? 0x0b : n + 1, 0x30 + n);
  // F1–F10 0x3B…, F11/F12 0x57/0x58, F13–F23 0x64…, F24 0x76.
  for (let n = 1; n <= 24; n++) {
    const vscan = n <= 10 ? 0x3a + n : n <= 12 ? 0x4c + n : n <= 23 ? 0x57 + n : 0x76;
    add(`F${n}`, vscan, KEYSYM_F1 + n - 1);
  }
  // Keypad digits by position: 7 8 9 / 4 5 6 / 1 2 3 / 0.
  [0x52, 0x4f, 0x50, 0x51, 0x4b, 0x4c, 0x4d, 0x47, 0x48, 0x49].forEach((vscan, n) =>
    add(`Numpad${n}`, vscan, KEYSYM_KP_0 + n),
  );
  for (const line of NAMED_KEYS.trim().split('\n')) {
    const [name, vscan, keysym] = line.split(' ') as [string, string, string];
    add(
      name,
      vscan === '-' ? undefined : parseInt(vscan, 16),
      keysym === '-' ? undefined : parseInt(keysym, 16),
    );
  }
  table = t;
  return t;
}

/** The VScan code for a `KeyboardEvent.code`, or undefined. */
export function vscanForCode(code: string): number | undefined {
  return keyTable().get(code)?.vscan;
}

/** Every code with a VScan code (the whole §4.4.2 table). */
export function vscanByCode(): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, e] of keyTable()) if (e.vscan !== undefined) out.set(name, e.vscan);
  return out;
}

/**
 * The keysym for a `KeyboardEvent.code` on a US layout, or undefined: the
 * standard KeyEvent fallback when the caller gives no keysym (a key sent by
 * code only, like Ctrl-Alt-Del).
 */
export function usKeysymForCode(code: string): number | undefined {
  const e = keyTable().get(code);
  return e?.vscan === undefined ? undefined : e.keysym;
}

/**
 * The keysym of a non-printing key by its `KeyboardEvent.key` name or its
 * code (`Enter`, `ArrowUp`, `Shift`, `AudioVolumeMute`, …), or undefined.
 */
export function namedKeysym(name: string): number | undefined {
  const keysym = keyTable().get(name)?.keysym;
  return keysym !== undefined && keysym > 0xff ? keysym : undefined;
}

/**
 * QEMU extended key event keycode ("XT keycode") for a VScan code (§4.4.1):
 * E0 keys become 0x80 | low 7 bits; Pause is 0xC6 and PrintScreen 0x54 by the
 * rfbproto QEMU Extended Key Event rules.
 */
export function qemuKeycodeForVscan(vscan: number): number {
  if (vscan === VSCAN.pause) return 0xc6;
  if (vscan === VSCAN.printScreen) return 0x54;
  return vscan & 0x100 ? 0x80 | (vscan & 0x7f) : vscan & 0xff;
}
