import {describe, expect, it} from 'vitest';
import {
  LAYOUT_NAMES,
  characterMap,
  layoutTable,
  resolveLayout,
} from '../../../src/input/layouts.js';
import {planTyping, type KeyStep} from '../../../src/input/type-text.js';

/** The VScan codes of webmks-protocol.md §4.4.2, for the keys these tests use. */
const VSCAN: Record<string, number> = {
  ShiftLeft: 0x2a,
  KeyH: 0x23,
  KeyE: 0x12,
  KeyL: 0x26,
  KeyO: 0x18,
  Comma: 0x33,
  Space: 0x39,
  KeyW: 0x11,
  KeyR: 0x13,
  KeyD: 0x20,
  Digit1: 0x02,
  KeyA: 0x1e,
  Enter: 0x1c,
};

/** Compact form: "ShiftLeft↓ KeyH↓ KeyH↑ ShiftLeft↑". */
function show(steps: KeyStep[]): string {
  return steps.map((s) => `${s.code}${s.down ? '↓' : '↑'}`).join(' ');
}

/** Shorthand for one character: modifiers around a key. */
function chord(code: string, ...mods: string[]): string {
  return show([
    ...mods.map((m) => ({code: m, down: true})),
    {code, down: true},
    {code, down: false},
    ...[...mods].reverse().map((m) => ({code: m, down: false})),
  ]);
}

describe('planTyping on en-US', () => {
  it('types "Hello, World!" exactly as VMware\'s client does (§12.9)', () => {
    const plan = planTyping('Hello, World!', 'en-US', false);
    // 2a↓ 23↓ 23↑ 2a↑ 12 26 26 18 33 39 2a↓ 11 2a↑ 18 13 26 20 2a↓ 02 2a↑
    const bytes = plan.steps.map(
      (s) => `${VSCAN[s.code]!.toString(16).padStart(2, '0')}${s.down ? 'd' : 'u'}`,
    );
    expect(bytes.join(' ')).toBe(
      [
        '2ad 23d 23u 2au',
        '12d 12u',
        '26d 26u',
        '26d 26u',
        '18d 18u',
        '33d 33u',
        '39d 39u',
        '2ad 11d 11u 2au',
        '18d 18u',
        '13d 13u',
        '26d 26u',
        '20d 20u',
        '2ad 02d 02u 2au',
      ].join(' '),
    );
    expect(plan.untypeable).toEqual([]);
    expect(plan.chars.map((c) => c.text).join('')).toBe('Hello, World!');
    expect(plan.layout).toBe('en-US');
  });

  it('matches the SDK test vector sendInputString("1A") (§4.2)', () => {
    expect(show(planTyping('1A', 'en-US', false).steps)).toBe(
      `${chord('Digit1')} ${chord('KeyA', 'ShiftLeft')}`,
    );
  });

  it('turns \\n, \\r and \\r\\n into one Enter each, and \\t into Tab (sendInputString("1\\n1"))', () => {
    const plan = planTyping('1\n1\r\n2\r3\t', 'en-US', false);
    expect(show(plan.steps)).toBe(
      [
        chord('Digit1'),
        chord('Enter'),
        chord('Digit1'),
        chord('Enter'),
        chord('Digit2'),
        chord('Enter'),
        chord('Digit3'),
        chord('Tab'),
      ].join(' '),
    );
    expect(plan.chars.map((c) => c.text)).toEqual(['1', '\n', '1', '\r\n', '2', '\r', '3', '\t']);
  });

  it('respects Caps Lock for letters only', () => {
    const plan = planTyping('aA1!', 'en-US', true);
    expect(show(plan.steps)).toBe(
      [
        chord('KeyA', 'ShiftLeft'),
        chord('KeyA'),
        chord('Digit1'),
        chord('Digit1', 'ShiftLeft'),
      ].join(' '),
    );
  });

  it('reports and skips characters the layout cannot type', () => {
    const plan = planTyping('a€b😀\u0007', 'en-US', false);
    expect(show(plan.steps)).toBe(`${chord('KeyA')} ${chord('KeyB')}`);
    expect(plan.untypeable).toEqual([
      {char: '€', index: 1},
      {char: '😀', index: 3},
      {char: '\u0007', index: 4},
    ]);
    expect(plan.chars.map((c) => c.index)).toEqual([0, 2]);
  });

  it('normalises decomposed characters before mapping', () => {
    const plan = planTyping('e\u0301', 'fr-FR', false);
    expect(plan.untypeable).toEqual([]);
    expect(show(plan.steps)).toBe(chord('Digit2'));
  });

  it('throws RangeError for an unknown layout', () => {
    expect(() => planTyping('a', 'xx-XX', false)).toThrow(RangeError);
  });
});

describe('keyboard layouts', () => {
  it('offers the seven required layouts, resolvable by common spellings', () => {
    expect(LAYOUT_NAMES).toEqual(['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'ja-JP']);
    expect(resolveLayout('de_de')).toBe('de-DE');
    expect(resolveLayout('DE')).toBe('de-DE');
    expect(resolveLayout('ja-JP_106')).toBe('ja-JP');
    expect(resolveLayout('jp')).toBe('ja-JP');
    expect(resolveLayout('uk')).toBe('en-GB');
    expect(resolveLayout('pt-BR')).toBeUndefined();
  });

  it('types every ASCII letter and digit on every layout', () => {
    for (const layout of LAYOUT_NAMES) {
      const text = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ';
      expect(planTyping(text, layout, false).untypeable, layout).toEqual([]);
    }
  });

  it('types every character of every table with the key and modifiers of its level', () => {
    const levelOf = (mods: string[]) =>
      (mods.includes('ShiftLeft') ? 1 : 0) + (mods.includes('AltRight') ? 2 : 0);
    for (const layout of LAYOUT_NAMES) {
      const table = layoutTable(layout);
      let count = 0;
      for (const ch of characterMap(layout).keys()) {
        const [c] = planTyping(ch, layout, false).chars;
        const downs = c!.steps.filter((s) => s.down).map((s) => s.code);
        const key = downs[downs.length - 1]!;
        expect(table[key]![levelOf(downs.slice(0, -1))], `${layout} ${ch}`).toBe(ch);
        count++;
      }
      expect(count, layout).toBeGreaterThan(60);
    }
  });

  it('uses only codes that have a VScan code (§4.4.2)', () => {
    const known = new Set([
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => `Key${c}`),
      ...'0123456789'.split('').map((c) => `Digit${c}`),
      'Backquote',
      'Minus',
      'Equal',
      'BracketLeft',
      'BracketRight',
      'Backslash',
      'Semicolon',
      'Quote',
      'Comma',
      'Period',
      'Slash',
      'IntlBackslash',
      'IntlRo',
      'IntlYen',
      'Space',
    ]);
    for (const layout of LAYOUT_NAMES)
      for (const code of Object.keys(layoutTable(layout)))
        expect(known.has(code), `${layout} ${code}`).toBe(true);
  });

  // [layout, text, expected chords]
  const cases: Array<[string, string, string[]]> = [
    ['en-GB', '"', [chord('Digit2', 'ShiftLeft')]],
    ['en-GB', '@', [chord('Quote', 'ShiftLeft')]],
    ['en-GB', '£', [chord('Digit3', 'ShiftLeft')]],
    ['en-GB', '#~', [chord('Backslash'), chord('Backslash', 'ShiftLeft')]],
    ['en-GB', '\\|', [chord('IntlBackslash'), chord('IntlBackslash', 'ShiftLeft')]],
    ['en-GB', '€', [chord('Digit4', 'AltRight')]],
    ['de-DE', 'zy', [chord('KeyY'), chord('KeyZ')]],
    ['de-DE', 'Z', [chord('KeyY', 'ShiftLeft')]],
    ['de-DE', 'ß?', [chord('Minus'), chord('Minus', 'ShiftLeft')]],
    ['de-DE', '@', [chord('KeyQ', 'AltRight')]],
    [
      'de-DE',
      '{[]}',
      [
        chord('Digit7', 'AltRight'),
        chord('Digit8', 'AltRight'),
        chord('Digit9', 'AltRight'),
        chord('Digit0', 'AltRight'),
      ],
    ],
    ['de-DE', 'üÖä', [chord('BracketLeft'), chord('Semicolon', 'ShiftLeft'), chord('Quote')]],
    [
      'de-DE',
      '|<>',
      [
        chord('IntlBackslash', 'AltRight'),
        chord('IntlBackslash'),
        chord('IntlBackslash', 'ShiftLeft'),
      ],
    ],
    ['de-DE', '€-_', [chord('KeyE', 'AltRight'), chord('Slash'), chord('Slash', 'ShiftLeft')]],
    [
      'fr-FR',
      'aqzwm',
      [chord('KeyQ'), chord('KeyA'), chord('KeyW'), chord('KeyZ'), chord('Semicolon')],
    ],
    ['fr-FR', '1&', [chord('Digit1', 'ShiftLeft'), chord('Digit1')]],
    ['fr-FR', 'éèçà', [chord('Digit2'), chord('Digit7'), chord('Digit9'), chord('Digit0')]],
    ['fr-FR', '@#', [chord('Digit0', 'AltRight'), chord('Digit3', 'AltRight')]],
    [
      'fr-FR',
      ',?;.:/!',
      [
        chord('KeyM'),
        chord('KeyM', 'ShiftLeft'),
        chord('Comma'),
        chord('Comma', 'ShiftLeft'),
        chord('Period'),
        chord('Period', 'ShiftLeft'),
        chord('Slash'),
      ],
    ],
    ['fr-FR', 'ù%', [chord('Quote'), chord('Quote', 'ShiftLeft')]],
    ['es-ES', 'ñÑ', [chord('Semicolon'), chord('Semicolon', 'ShiftLeft')]],
    ['es-ES', '¡¿', [chord('Equal'), chord('Equal', 'ShiftLeft')]],
    ['es-ES', '@#', [chord('Digit2', 'AltRight'), chord('Digit3', 'AltRight')]],
    [
      'es-ES',
      '[]{}',
      [
        chord('BracketLeft', 'AltRight'),
        chord('BracketRight', 'AltRight'),
        chord('Quote', 'AltRight'),
        chord('Backslash', 'AltRight'),
      ],
    ],
    ['es-ES', "'?", [chord('Minus'), chord('Minus', 'ShiftLeft')]],
    ['it-IT', 'èé', [chord('BracketLeft'), chord('BracketLeft', 'ShiftLeft')]],
    [
      'it-IT',
      '{}',
      [
        chord('BracketLeft', 'ShiftLeft', 'AltRight'),
        chord('BracketRight', 'ShiftLeft', 'AltRight'),
      ],
    ],
    ['it-IT', '@#', [chord('Semicolon', 'AltRight'), chord('Quote', 'AltRight')]],
    ['it-IT', 'òàùì', [chord('Semicolon'), chord('Quote'), chord('Backslash'), chord('Equal')]],
    ['it-IT', '\\|', [chord('Backquote'), chord('Backquote', 'ShiftLeft')]],
    ['ja-JP', '@', [chord('BracketLeft')]],
    ['ja-JP', '"', [chord('Digit2', 'ShiftLeft')]],
    ['ja-JP', ':*', [chord('Quote'), chord('Quote', 'ShiftLeft')]],
    ['ja-JP', '=^~', [chord('Minus', 'ShiftLeft'), chord('Equal'), chord('Equal', 'ShiftLeft')]],
    [
      'ja-JP',
      '\\_|',
      [chord('IntlRo'), chord('IntlRo', 'ShiftLeft'), chord('IntlYen', 'ShiftLeft')],
    ],
    ['ja-JP', '[]', [chord('BracketRight'), chord('Backslash')]],
    [
      'en-US',
      '~`|\\"',
      [
        chord('Backquote', 'ShiftLeft'),
        chord('Backquote'),
        chord('Backslash', 'ShiftLeft'),
        chord('Backslash'),
        chord('Quote', 'ShiftLeft'),
      ],
    ],
  ];
  for (const [layout, text, expected] of cases) {
    it(`${layout}: ${JSON.stringify(text)}`, () => {
      const plan = planTyping(text, layout, false);
      expect(plan.untypeable).toEqual([]);
      expect(plan.chars.map((c) => show(c.steps))).toEqual(expected);
    });
  }

  it('leaves dead-key characters untyped rather than guessing', () => {
    expect(planTyping('^´`', 'de-DE', false).untypeable.map((u) => u.char)).toEqual([
      '^',
      '´',
      '`',
    ]);
    expect(planTyping('~`¨', 'fr-FR', false).untypeable.map((u) => u.char)).toEqual([
      '~',
      '`',
      '¨',
    ]);
    expect(planTyping('´`', 'es-ES', false).untypeable.map((u) => u.char)).toEqual(['´', '`']);
  });

  it('applies Caps Lock to layout-specific letters (ü, ñ) but not to symbols', () => {
    expect(show(planTyping('üÜ', 'de-DE', true).steps)).toBe(
      `${chord('BracketLeft', 'ShiftLeft')} ${chord('BracketLeft')}`,
    );
    expect(show(planTyping('Ññ', 'es-ES', true).steps)).toBe(
      `${chord('Semicolon')} ${chord('Semicolon', 'ShiftLeft')}`,
    );
    // fr-FR: é is not a letter pair on its key (Shift gives 2), so Caps Lock does not flip it.
    expect(show(planTyping('é2', 'fr-FR', true).steps)).toBe(
      `${chord('Digit2')} ${chord('Digit2', 'ShiftLeft')}`,
    );
    // AltGr characters ignore Caps Lock.
    expect(show(planTyping('€', 'de-DE', true).steps)).toBe(chord('KeyE', 'AltRight'));
    // de-DE: Q with Caps on, and q.
    expect(show(planTyping('Qq', 'de-DE', true).steps)).toBe(
      `${chord('KeyQ')} ${chord('KeyQ', 'ShiftLeft')}`,
    );
  });
});
