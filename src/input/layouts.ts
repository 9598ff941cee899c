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
export type KeyLevels = readonly [string, ...string[]];

/** A layout: code → levels. Order matters only when two keys give the same character. */
export type LayoutTable = Readonly<Record<string, KeyLevels>>;

/** Level → modifier codes held around the key (AltGr is AltRight, VScan 0x138). */
export const LEVEL_MODIFIERS: readonly (readonly string[])[] = [
  [],
  ['ShiftLeft'],
  ['AltRight'],
  ['ShiftLeft', 'AltRight'],
];

/**
 * The keys of the layout strings below, in order: KeyA…KeyZ, then
 * ` 1 2 3 4 5 6 7 8 9 0 - = [ ] \ ; ' , . / by their US positions, then the
 * ISO key right of Left Shift (IntlBackslash) and the JIS keys Ro and Yen.
 */
const KEYS = [
  ...[...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((l) => `Key${l}`),
  'Backquote',
  ...[...'1234567890'].map((d) => `Digit${d}`),
  ...'Minus Equal BracketLeft BracketRight Backslash Semicolon Quote Comma Period Slash'.split(' '),
  'IntlBackslash',
  'IntlRo',
  'IntlYen',
];

/**
 * Per layout, the characters of each level (plain, Shift, AltGr,
 * Shift+AltGr) at the positions of KEYS. A space means the key types nothing
 * at that level (a dead key, or no character); every layout adds the Space key.
 *
 * Notes: de-DE is QWERTZ (Y and Z swap). fr-FR is AZERTY (A/Q and Z/W swap, M
 * is on the Semicolon key, the digits are on Shift). On ISO layouts the key
 * left of Enter reports code Backslash; on JIS it is ] }. ja-JP is direct
 * (alphanumeric) input, the IME being the guest's business; Ro and Yen both
 * give a backslash on Windows and xkb "jp", and Ro comes first so '\' uses it.
 */
const LAYOUT_LEVELS: Readonly<Record<string, readonly string[]>> = {
  'en-US': [
    "abcdefghijklmnopqrstuvwxyz`1234567890-=[]\\;',./",
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@#$%^&*()_+{}|:"<>?',
  ],
  'en-GB': [
    "abcdefghijklmnopqrstuvwxyz`1234567890-=[]#;',./\\",
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ¬!"£$%^&*()_+{}~:@<>?|',
    '                          ¦   €',
  ],
  'de-DE': [
    'abcdefghijklmnopqrstuvwxzy 1234567890ß ü+#öä,.-<',
    'ABCDEFGHIJKLMNOPQRSTUVWXZY°!"§$%&/()=? Ü*\'ÖÄ;:_>',
    '    €       µ   @           ²³   {[]}\\  ~      |',
  ],
  'fr-FR': [
    'qbcdefghijkl,noparstuvzxyw²&é"\'(-è_çà)= $*mù;:!<',
    'QBCDEFGHIJKL?NOPARSTUVZXYW 1234567890°+ £µM%./§>',
    '    €                        #{[| \\^@]} ¤',
  ],
  'es-ES': [
    "abcdefghijklmnopqrstuvwxyzº1234567890'¡ +çñ ,.-<",
    'ABCDEFGHIJKLMNOPQRSTUVWXYZª!"·$%&/()=?¿ *ÇÑ ;:_>',
    '    €                     \\|@#  ¬      []} {',
  ],
  'it-IT': [
    "abcdefghijklmnopqrstuvwxyz\\1234567890'ìè+ùòà,.-<",
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ|!"£$%&/()=?^é*§ç°;:_>',
    '    €                                  [] @#',
    '                                       {}',
  ],
  'ja-JP': [
    'abcdefghijklmnopqrstuvwxyz 1234567890-^@[];:,./ \\\\',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ !"#$%&\'() =~`{}+*<>? _|',
  ],
};

/** The canonical (BCP 47) names of the supported layouts. */
export const LAYOUT_NAMES: readonly string[] = Object.keys(LAYOUT_LEVELS);

/** The layout's table: code → levels (throws RangeError for an unknown name). */
export function layoutTable(layout: string): LayoutTable {
  const levels = LAYOUT_LEVELS[layout];
  if (!levels) throw new RangeError(`unsupported keyboard layout "${layout}"`);
  const table: Record<string, KeyLevels> = {};
  KEYS.forEach((code, i) => {
    const [plain = '', ...more] = levels.map((s) => (s[i] ?? ' ').trim());
    if (plain || more.some(Boolean)) table[code] = [plain, ...more];
  });
  table['Space'] = [' '];
  return table;
}

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
  const table = layoutTable(layout);
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
