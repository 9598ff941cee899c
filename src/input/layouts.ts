/**
 * Guest keyboard layouts for typeText (paste-as-typing): for each layout,
 * which physical key (KeyboardEvent.code, i.e. its US-QWERTY position, which
 * the core turns into a VScan code, webmks-protocol.md §4.4.2) produces which
 * character at which level (plain, Shift, AltGr, Shift+AltGr).
 *
 * Tables follow the Windows layouts of the same name, restricted to what the
 * Linux xkb layout of the same name produces identically, so typing works on
 * either guest. Characters that need a dead key (German ^ ´ `, French ^ ¨ ~
 * `, Spanish ` ^ ´ ¨ ~) are left out on purpose: dead keys are not supported,
 * and planTyping reports such characters as untypeable instead of guessing.
 */

/** Levels of a key: [plain, Shift, AltGr, Shift+AltGr]; '' = nothing (or a dead key). */
export type KeyLevels = readonly [string, string?, string?, string?];

/** A layout: code → levels. Order matters only when two keys give the same character. */
export type LayoutTable = Readonly<Record<string, KeyLevels>>;

/** Level → modifier codes held around the key (AltGr is AltRight, VScan 0x138). */
export const LEVEL_MODIFIERS: readonly (readonly string[])[] = [
  [],
  ['ShiftLeft'],
  ['AltRight'],
  ['ShiftLeft', 'AltRight'],
];

const QWERTY_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** KeyA…KeyZ with their own letters, overridden by `moves` (code → letter). */
function letters(moves: Record<string, string> = {}): Record<string, KeyLevels> {
  const out: Record<string, KeyLevels> = {};
  for (const l of QWERTY_LETTERS) {
    const code = `Key${l.toUpperCase()}`;
    const letter = moves[code] ?? l;
    out[code] = [letter, letter.toUpperCase()];
  }
  for (const [code, letter] of Object.entries(moves)) {
    if (!(code in out)) out[code] = [letter, letter.toUpperCase()];
  }
  return out;
}

/** Keys every layout shares. */
const COMMON: LayoutTable = {
  Space: [' '],
};

const EN_US: LayoutTable = {
  ...letters(),
  Backquote: ['`', '~'],
  Digit1: ['1', '!'],
  Digit2: ['2', '@'],
  Digit3: ['3', '#'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '^'],
  Digit7: ['7', '&'],
  Digit8: ['8', '*'],
  Digit9: ['9', '('],
  Digit0: ['0', ')'],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  ...COMMON,
};

const EN_GB: LayoutTable = {
  ...letters(),
  Backquote: ['`', '¬', '¦'],
  Digit1: ['1', '!'],
  Digit2: ['2', '"'],
  Digit3: ['3', '£'],
  Digit4: ['4', '$', '€'],
  Digit5: ['5', '%'],
  Digit6: ['6', '^'],
  Digit7: ['7', '&'],
  Digit8: ['8', '*'],
  Digit9: ['9', '('],
  Digit0: ['0', ')'],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Semicolon: [';', ':'],
  Quote: ["'", '@'],
  // ISO: the key left of Enter reports code Backslash; the one right of Left Shift IntlBackslash.
  Backslash: ['#', '~'],
  IntlBackslash: ['\\', '|'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  ...COMMON,
};

const DE_DE: LayoutTable = {
  // QWERTZ: Y and Z swap places.
  ...letters({KeyY: 'z', KeyZ: 'y'}),
  KeyQ: ['q', 'Q', '@'],
  KeyE: ['e', 'E', '€'],
  KeyM: ['m', 'M', 'µ'],
  Backquote: ['', '°'], // plain: dead ^
  Digit1: ['1', '!'],
  Digit2: ['2', '"', '²'],
  Digit3: ['3', '§', '³'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '&'],
  Digit7: ['7', '/', '{'],
  Digit8: ['8', '(', '['],
  Digit9: ['9', ')', ']'],
  Digit0: ['0', '=', '}'],
  Minus: ['ß', '?', '\\'],
  Equal: [''], // dead ´ and `
  BracketLeft: ['ü', 'Ü'],
  BracketRight: ['+', '*', '~'],
  Semicolon: ['ö', 'Ö'],
  Quote: ['ä', 'Ä'],
  Backslash: ['#', "'"],
  IntlBackslash: ['<', '>', '|'],
  Comma: [',', ';'],
  Period: ['.', ':'],
  Slash: ['-', '_'],
  ...COMMON,
};

const FR_FR: LayoutTable = {
  // AZERTY: A/Q and Z/W swap, M moves to the Semicolon position.
  ...letters({KeyQ: 'a', KeyA: 'q', KeyW: 'z', KeyZ: 'w', Semicolon: 'm'}),
  KeyE: ['e', 'E', '€'],
  KeyM: [',', '?'],
  Backquote: ['²'],
  // The digits are on Shift.
  Digit1: ['&', '1'],
  Digit2: ['é', '2'], // AltGr: dead ~
  Digit3: ['"', '3', '#'],
  Digit4: ["'", '4', '{'],
  Digit5: ['(', '5', '['],
  Digit6: ['-', '6', '|'],
  Digit7: ['è', '7'], // AltGr: dead `
  Digit8: ['_', '8', '\\'],
  Digit9: ['ç', '9', '^'],
  Digit0: ['à', '0', '@'],
  Minus: [')', '°', ']'],
  Equal: ['=', '+', '}'],
  BracketLeft: [''], // dead ^ and ¨
  BracketRight: ['$', '£', '¤'],
  Quote: ['ù', '%'],
  Backslash: ['*', 'µ'],
  IntlBackslash: ['<', '>'],
  Comma: [';', '.'],
  Period: [':', '/'],
  Slash: ['!', '§'],
  ...COMMON,
};

const ES_ES: LayoutTable = {
  ...letters(),
  KeyE: ['e', 'E', '€'],
  Backquote: ['º', 'ª', '\\'],
  Digit1: ['1', '!', '|'],
  Digit2: ['2', '"', '@'],
  Digit3: ['3', '·', '#'],
  Digit4: ['4', '$'], // AltGr: dead ~ on Windows
  Digit5: ['5', '%'],
  Digit6: ['6', '&', '¬'],
  Digit7: ['7', '/'],
  Digit8: ['8', '('],
  Digit9: ['9', ')'],
  Digit0: ['0', '='],
  Minus: ["'", '?'],
  Equal: ['¡', '¿'],
  BracketLeft: ['', '', '['], // dead ` and ^
  BracketRight: ['+', '*', ']'],
  Semicolon: ['ñ', 'Ñ'],
  Quote: ['', '', '{'], // dead ´ and ¨
  Backslash: ['ç', 'Ç', '}'],
  IntlBackslash: ['<', '>'],
  Comma: [',', ';'],
  Period: ['.', ':'],
  Slash: ['-', '_'],
  ...COMMON,
};

const IT_IT: LayoutTable = {
  ...letters(),
  KeyE: ['e', 'E', '€'],
  Backquote: ['\\', '|'],
  Digit1: ['1', '!'],
  Digit2: ['2', '"'],
  Digit3: ['3', '£'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '&'],
  Digit7: ['7', '/'],
  Digit8: ['8', '('],
  Digit9: ['9', ')'],
  Digit0: ['0', '='],
  Minus: ["'", '?'],
  Equal: ['ì', '^'],
  BracketLeft: ['è', 'é', '[', '{'],
  BracketRight: ['+', '*', ']', '}'],
  Semicolon: ['ò', 'ç', '@'],
  Quote: ['à', '°', '#'],
  Backslash: ['ù', '§'],
  IntlBackslash: ['<', '>'],
  Comma: [',', ';'],
  Period: ['.', ':'],
  Slash: ['-', '_'],
  ...COMMON,
};

const JA_JP: LayoutTable = {
  // JIS 106/109 in direct (alphanumeric) input; the IME is the guest's business.
  ...letters(),
  Digit1: ['1', '!'],
  Digit2: ['2', '"'],
  Digit3: ['3', '#'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '&'],
  Digit7: ['7', "'"],
  Digit8: ['8', '('],
  Digit9: ['9', ')'],
  Digit0: ['0'],
  Minus: ['-', '='],
  Equal: ['^', '~'],
  BracketLeft: ['@', '`'],
  BracketRight: ['[', '{'],
  Semicolon: [';', '+'],
  Quote: [':', '*'],
  // On JIS the key left of Enter (code Backslash) is ] }.
  Backslash: [']', '}'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  // Ro (VScan 0x73) and Yen (0x7D) both give a backslash on Windows and xkb "jp";
  // Ro comes first so '\' uses it.
  IntlRo: ['\\', '_'],
  IntlYen: ['\\', '|'],
  ...COMMON,
};

/** Supported layouts, by their canonical (BCP 47) name. */
export const LAYOUTS: Readonly<Record<string, LayoutTable>> = {
  'en-US': EN_US,
  'en-GB': EN_GB,
  'de-DE': DE_DE,
  'fr-FR': FR_FR,
  'es-ES': ES_ES,
  'it-IT': IT_IT,
  'ja-JP': JA_JP,
};

/** The canonical names, for documentation and error messages. */
export const LAYOUT_NAMES: readonly string[] = Object.keys(LAYOUTS);

const ALIASES: Readonly<Record<string, string>> = {
  en: 'en-US',
  us: 'en-US',
  gb: 'en-GB',
  uk: 'en-GB',
  'en-uk': 'en-GB',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  it: 'it-IT',
  ja: 'ja-JP',
  jp: 'ja-JP',
};

/**
 * The canonical layout name for `name` (case-insensitive; `_` accepted for
 * `-`; short forms like `de` or `jp`; wmks-style ids such as `ja-JP_106`
 * resolve by their language-region part), or undefined if unsupported.
 */
export function resolveLayout(name: string): string | undefined {
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  for (const canonical of LAYOUT_NAMES) {
    const c = canonical.toLowerCase();
    if (n === c || n.startsWith(`${c}-`)) return canonical;
  }
  return ALIASES[n];
}

/** Where a character is on a layout: the key and the level (index into LEVEL_MODIFIERS). */
export interface KeyPosition {
  code: string;
  level: 0 | 1 | 2 | 3;
  /** The key's plain and Shift levels are a lower/upper case letter pair (Caps Lock applies). */
  letter: boolean;
}

const reverseCache = new Map<string, ReadonlyMap<string, KeyPosition>>();

/**
 * Character → key position for a canonical layout name. The lowest level
 * wins when several keys give the same character (a plain key is preferred
 * to a shifted one, and any to AltGr); among equal levels, table order.
 */
export function characterMap(layout: string): ReadonlyMap<string, KeyPosition> {
  const cached = reverseCache.get(layout);
  if (cached) return cached;
  const table = LAYOUTS[layout];
  if (!table) throw new RangeError(`unsupported keyboard layout "${layout}"`);
  const map = new Map<string, KeyPosition>();
  for (const level of [0, 1, 2, 3] as const) {
    for (const [code, levels] of Object.entries(table)) {
      const ch = levels[level];
      if (!ch || map.has(ch)) continue;
      map.set(ch, {code, level, letter: isLetterKey(levels)});
    }
  }
  reverseCache.set(layout, map);
  return map;
}

function isLetterKey(levels: KeyLevels): boolean {
  const [plain, shifted] = levels;
  return (
    plain.length === 1 &&
    shifted !== undefined &&
    plain !== shifted &&
    plain.toLowerCase() === plain &&
    plain.toUpperCase() === shifted
  );
}
