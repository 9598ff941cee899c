/**
 * Paste-as-typing (issue 5 `typeText`): plans the key presses for the guest's
 * layout (input/type-text.ts) and sends them one character at a time with a
 * pause in between, so a guest that polls its keyboard does not drop keys.
 *
 * Each character's presses (modifiers down, key down, key up, modifiers up)
 * go out together in one task, so cancelling between characters never leaves
 * a key or a Shift held. Caps Lock is read from the guest's LEDs before every
 * character (it can change while typing, e.g. a typed Caps Lock in the guest).
 */
import {isModifierCode} from '../input/keyboard.js';
import {keysymFor} from '../input/keysyms.js';
import {planTyping} from '../input/type-text.js';
import type {Clock} from './clock.js';
import type {LedState} from './console-session.js';

/** What typing needs from a session. */
export interface TypingTarget {
  readonly connected: boolean;
  readonly leds: LedState;
  sendKey(code: string, down: boolean, keysym?: number): boolean;
  releaseAllKeys(): void;
}

export interface TypeKeysOptions {
  text: string;
  /** Guest keyboard layout (input/layouts.ts names); an unknown one rejects with RangeError. */
  layout: string;
  session: TypingTarget;
  clock: Clock;
  /** Pause after each character, ms. */
  delayMs: number;
  signal?: AbortSignal;
  /** Called after each character: (characters sent, characters to send). */
  onProgress?: (sent: number, total: number) => void;
}

function abortError(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('typing was cancelled', 'AbortError');
}

/** Types `text`; resolves when every character was sent. */
export async function typeKeys(o: TypeKeysOptions): Promise<void> {
  const plan = planTyping(o.text, o.layout, o.session.leds.capsLock);
  const total = plan.chars.length;
  for (let i = 0; i < total; i++) {
    if (o.signal?.aborted) throw abortError(o.signal);
    if (!o.session.connected) {
      throw new DOMException('typing stopped: the session ended', 'AbortError');
    }
    const group = plan.chars[i]!;
    // Re-plan with the current Caps Lock state; the grouping stays the same.
    const steps = planTyping(group.text, plan.layout, o.session.leds.capsLock).steps;
    // Plain VNC servers that follow keysyms even in QEMU extended key events
    // (TigerVNC 1.12 does) need the character's own keysym: Shift+`h` sent
    // as keysym `h` types "h" there. So the character's key carries the
    // keysym of the character, and modifiers carry their own.
    const key = keyNameFor(group.text);
    for (const step of steps) {
      const keysym = isModifierCode(step.code)
        ? keysymFor({key: step.code === 'AltRight' ? 'AltGraph' : '', code: step.code})
        : keysymFor({key, code: step.code});
      o.session.sendKey(step.code, step.down, keysym);
    }
    o.onProgress?.(i + 1, total);
    if (i < total - 1 && o.delayMs > 0) await sleep(o.delayMs, o.clock, o.signal);
  }
}

/** The `KeyboardEvent.key` a typed character would have. */
function keyNameFor(text: string): string {
  if (text === '\n' || text === '\r\n' || text === '\r') return 'Enter';
  if (text === '\t') return 'Tab';
  return text;
}

/** A pause that an abort ends early (and that leaves no timer behind). */
function sleep(ms: number, clock: Clock, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(abortError(signal));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, {once: true});
  });
}
