import {describe, expect, it} from 'vitest';
import {
  namedKeysym,
  qemuKeycodeForVscan,
  usKeysymForCode,
  vscanByCode,
  vscanForCode,
} from '../../../src/protocol/key-table.js';

/** The §4.4.2 table rows, copied verbatim from webmks-protocol.md (wmks-2.1 fromKeyCodeToVScanCode). */
const SPEC_TABLE = `
| Escape | 0x001 | Digit1…Digit9 | 0x002…0x00A | Digit0 | 0x00B |
| Minus | 0x00C | Equal | 0x00D | Backspace | 0x00E |
| Tab | 0x00F | KeyQ | 0x010 | KeyW | 0x011 |
| KeyE | 0x012 | KeyR | 0x013 | KeyT | 0x014 |
| KeyY | 0x015 | KeyU | 0x016 | KeyI | 0x017 |
| KeyO | 0x018 | KeyP | 0x019 | BracketLeft | 0x01A |
| BracketRight | 0x01B | Enter | 0x01C | ControlLeft | 0x01D |
| KeyA | 0x01E | KeyS | 0x01F | KeyD | 0x020 |
| KeyF | 0x021 | KeyG | 0x022 | KeyH | 0x023 |
| KeyJ | 0x024 | KeyK | 0x025 | KeyL | 0x026 |
| Semicolon | 0x027 | Quote | 0x028 | Backquote | 0x029 |
| ShiftLeft | 0x02A | Backslash | 0x02B | KeyZ | 0x02C |
| KeyX | 0x02D | KeyC | 0x02E | KeyV | 0x02F |
| KeyB | 0x030 | KeyN | 0x031 | KeyM | 0x032 |
| Comma | 0x033 | Period | 0x034 | Slash | 0x035 |
| ShiftRight | 0x036 | NumpadMultiply | 0x037 | AltLeft | 0x038 |
| Space | 0x039 | CapsLock | 0x03A | F1…F10 | 0x03B…0x044 |
| NumLock | 0x045 | NumpadClear | 0x045 | ScrollLock | 0x046 |
| Numpad7 | 0x047 | Numpad8 | 0x048 | Numpad9 | 0x049 |
| NumpadSubtract | 0x04A | Numpad4 | 0x04B | Numpad5 | 0x04C |
| Numpad6 | 0x04D | NumpadAdd | 0x04E | Numpad1 | 0x04F |
| Numpad2 | 0x050 | Numpad3 | 0x051 | Numpad0 | 0x052 |
| NumpadDecimal | 0x053 | IntlBackslash | 0x056 | F11 | 0x057 |
| F12 | 0x058 | F13…F23 | 0x064…0x06E | F24 | 0x076 |
| KanaMode | 0x070 | Lang2 | 0x071 | Lang1 | 0x072 |
| IntlRo | 0x073 | Convert | 0x079 | NonConvert | 0x07B |
| IntlYen | 0x07D | NumpadComma | 0x07E | NumpadEqual | 0x00D |
| Pause | 0x100 | MediaTrackPrevious | 0x110 | MediaTrackNext | 0x119 |
| NumpadEnter | 0x11C | ControlRight | 0x11D | VolumeMute / AudioVolumeMute | 0x120 |
| LaunchApp2 | 0x121 | MediaPlayPause | 0x122 | MediaStop | 0x124 |
| VolumeDown / AudioVolumeDown | 0x12E | VolumeUp / AudioVolumeUp | 0x130 | BrowserHome | 0x132 |
| NumpadDivide | 0x135 | PrintScreen | 0x137 | AltRight | 0x138 |
| Home | 0x147 | ArrowUp | 0x148 | PageUp | 0x149 |
| ArrowLeft | 0x14B | ArrowRight | 0x14D | End | 0x14F |
| ArrowDown | 0x150 | PageDown | 0x151 | Insert | 0x152 |
| Delete | 0x153 | MetaLeft / OSLeft | 0x15B | MetaRight / OSRight | 0x15C |
| ContextMenu | 0x15D | Power | 0x15E | BrowserSearch | 0x165 |
| BrowserFavorites | 0x166 | BrowserRefresh | 0x167 | BrowserStop | 0x168 |
| BrowserForward | 0x169 | BrowserBack | 0x16A | LaunchApp1 | 0x16B |
| LaunchMail | 0x16C | MediaSelect | 0x16D | | |
`;

/** Parses the markdown rows, expanding `Digit1…Digit9 | 0x002…0x00A` ranges and `A / B` aliases. */
function parseSpecTable(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.trim().split('\n')) {
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
    for (let i = 0; i + 1 < cells.length; i += 2) {
      const [code, vscan] = [cells[i]!, cells[i + 1]!];
      if (!code) continue;
      if (code.includes('…')) {
        const [a, b] = code.split('…') as [string, string];
        const [va] = vscan.split('…').map((v) => parseInt(v, 16)) as [number];
        const prefix = a.replace(/\d+$/, '');
        const from = Number(a.slice(prefix.length));
        const to = Number(b.slice(prefix.length));
        for (let k = from; k <= to; k++) out.set(`${prefix}${k}`, va + k - from);
      } else {
        for (const name of code.split('/')) out.set(name.trim(), parseInt(vscan, 16));
      }
    }
  }
  return out;
}

describe('KeyboardEvent.code -> VScan (§4.4.2)', () => {
  it('equals the whole wmks-2.1 table, no more, no less', () => {
    const spec = parseSpecTable(SPEC_TABLE);
    expect(spec.size).toBe(151);
    expect(vscanByCode()).toEqual(spec);
  });

  it.each([
    ['Escape', 0x001],
    ['Digit1', 0x002],
    ['Digit0', 0x00b],
    ['KeyG', 0x022],
    ['Enter', 0x01c],
    ['F10', 0x044],
    ['F11', 0x057],
    ['F13', 0x064],
    ['F23', 0x06e],
    ['F24', 0x076],
    ['NumpadEqual', 0x00d],
    ['NumpadClear', 0x045],
    ['Pause', 0x100],
    ['NumpadEnter', 0x11c],
    ['ControlRight', 0x11d],
    ['AudioVolumeMute', 0x120],
    ['PrintScreen', 0x137],
    ['AltRight', 0x138],
    ['ArrowUp', 0x148],
    ['Delete', 0x153],
    ['OSLeft', 0x15b],
    ['MetaRight', 0x15c],
    ['ContextMenu', 0x15d],
    ['MediaSelect', 0x16d],
  ])('%s -> %i', (code, vscan) => {
    expect(vscanForCode(code)).toBe(vscan);
  });

  it('unknown codes and prototype names give undefined', () => {
    expect(vscanForCode('Fn')).toBeUndefined();
    expect(vscanForCode('toString')).toBeUndefined();
    expect(usKeysymForCode('constructor')).toBeUndefined();
  });

  it('QEMU XT keycodes (§4.4.1)', () => {
    expect(qemuKeycodeForVscan(0x1e)).toBe(0x1e);
    expect(qemuKeycodeForVscan(0x148)).toBe(0xc8);
    expect(qemuKeycodeForVscan(0x11d)).toBe(0x9d);
    expect(qemuKeycodeForVscan(0x100)).toBe(0xc6);
    expect(qemuKeycodeForVscan(0x137)).toBe(0x54);
  });

  it('US keysym fallback', () => {
    expect(usKeysymForCode('KeyZ')).toBe(0x7a);
    expect(usKeysymForCode('F1')).toBe(0xffbe);
    expect(usKeysymForCode('F24')).toBe(0xffd5);
    expect(usKeysymForCode('Numpad0')).toBe(0xffb0);
    expect(usKeysymForCode('Slash')).toBe(0x2f);
    expect(usKeysymForCode('F25')).toBeUndefined();
    // Media and IME keys keep their XF86 / keysymdef.h keysym.
    expect(usKeysymForCode('AudioVolumeMute')).toBe(0x1008ff12);
    expect(usKeysymForCode('Convert')).toBe(0xff23);
    // Key names without a code of their own are not codes.
    expect(usKeysymForCode('Shift')).toBeUndefined();
    expect(vscanForCode('Shift')).toBeUndefined();
  });

  it('named keysyms by KeyboardEvent.key name, never for printable keys', () => {
    expect(namedKeysym('Shift')).toBe(0xffe1);
    expect(namedKeysym('Esc')).toBe(0xff1b);
    expect(namedKeysym('AltGraph')).toBe(0xfe03);
    expect(namedKeysym('ArrowUp')).toBe(0xff52);
    expect(namedKeysym('Minus')).toBeUndefined();
    expect(namedKeysym('Space')).toBeUndefined();
    expect(namedKeysym('constructor')).toBeUndefined();
  });
});
