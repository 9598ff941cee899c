/**
 * typeText's planner: text → the key presses that type it on the guest's
 * layout (layouts.ts). Pure; pacing, cancellation and progress belong to the
 * caller, which sends each step with RfbClient.sendKey(code, down).
 *
 * Shape of a character, as VMware's sendInputString does it (webmks-protocol.md
 * §12.9, "Hello, World!"): modifiers down, key down, key up, modifiers up in
 * reverse, per character (no Shift held across capitals).
 */
import {LEVEL_MODIFIERS, characterMap, resolveLayout, LAYOUT_NAMES} from './layouts.js';

/** One key event to send: KeyboardEvent.code and down (true) or up. */
export interface KeyStep {
  code: string;
  down: boolean;
}

/** The steps for one typed character ("\r\n" counts as one). */
export interface TypedCharacter {
  /** The character(s) of the text this group types. */
  text: string;
  /** Code-point index in the NFC-normalised text. */
  index: number;
  steps: KeyStep[];
}

export interface TypingPlan {
  /** Canonical layout name used. */
  layout: string;
  /** Every step in order (the concatenation of chars[].steps). */
  steps: KeyStep[];
  /** Per typed character, for pacing and progress ({sent: i + 1, total: chars.length}). */
  chars: TypedCharacter[];
  /** Characters skipped because the layout cannot type them (no dead keys, no IME). */
  untypeable: Array<{char: string; index: number}>;
}

/** Characters typed by a named key on every layout. */
const CONTROL_KEYS: Readonly<Record<string, string>> = {
  '\n': 'Enter',
  '\r': 'Enter',
  '\t': 'Tab',
};

/**
 * Plans the key presses that type `text` on a guest with keyboard `layout`
 * (a name resolveLayout() accepts; throws RangeError otherwise) whose Caps
 * Lock is `capsLock` (from the guest's LEDs).
 *
 * - Shift wraps shifted characters; AltGr (AltRight) wraps AltGr characters.
 * - Caps Lock inverts Shift for letters only (keys whose plain and Shift
 *   levels are a lower/upper case pair): with Caps on, 'A' is typed without
 *   Shift and 'a' with it. Other keys are typed as if Caps Lock did not apply,
 *   which holds for symbols everywhere; fr-FR's accented keys on the digit row
 *   (é è ç à) behave differently under Caps Lock on Windows and on xkb, so
 *   with Caps on they may come out as digits or capitals there.
 * - '\n', '\r' and '\r\n' become one Enter; '\t' becomes Tab.
 * - The text is NFC-normalised first, so a decomposed 'é' is typed as 'é'.
 * - Anything else the layout has no key for is skipped and listed in
 *   `untypeable`; the caller decides whether that is an error.
 */
export function planTyping(text: string, layout: string, capsLock: boolean): TypingPlan {
  const canonical = resolveLayout(layout);
  if (!canonical) {
    throw new RangeError(
      `unsupported keyboard layout "${layout}" (supported: ${LAYOUT_NAMES.join(', ')})`,
    );
  }
  const map = characterMap(canonical);
  const cps = [...text.normalize('NFC')];
  const chars: TypedCharacter[] = [];
  const untypeable: TypingPlan['untypeable'] = [];
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    const control = CONTROL_KEYS[ch];
    if (control !== undefined) {
      const crlf = ch === '\r' && cps[i + 1] === '\n';
      chars.push({text: crlf ? '\r\n' : ch, index: i, steps: press(control, [])});
      if (crlf) i++;
      continue;
    }
    const pos = map.get(ch);
    if (!pos) {
      untypeable.push({char: ch, index: i});
      continue;
    }
    let level = pos.level;
    // Caps Lock swaps the plain and Shift levels of letter keys.
    if (capsLock && pos.letter && (level === 0 || level === 1)) level = level === 0 ? 1 : 0;
    chars.push({text: ch, index: i, steps: press(pos.code, LEVEL_MODIFIERS[level]!)});
  }
  return {layout: canonical, steps: chars.flatMap((c) => c.steps), chars, untypeable};
}

/** Modifiers down, key down, key up, modifiers up in reverse order. */
function press(code: string, modifiers: readonly string[]): KeyStep[] {
  const steps: KeyStep[] = [];
  for (const m of modifiers) steps.push({code: m, down: true});
  steps.push({code, down: true}, {code, down: false});
  for (let j = modifiers.length - 1; j >= 0; j--) steps.push({code: modifiers[j]!, down: false});
  return steps;
}
