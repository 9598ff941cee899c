/**
 * Keyboard policy, as pure functions over KeyboardEvent-like objects: which
 * keys are modifiers (released on blur so none stays stuck), which browser
 * shortcuts the focused console takes for the guest, and the documented
 * combination that gives focus back to the page. The mapping itself lives in
 * the core (code → VScan / QEMU key, webmks-protocol.md §4.4.2) and in
 * keysyms.ts (the KeyEvent fallback).
 */
export {keysymFor, keysymForCodePoint, type KeyLike} from './keysyms.js';

/** Held-modifier keys, by KeyboardEvent.code (OSLeft/OSRight: older Firefox). */
export const MODIFIER_CODES: readonly string[] = [
  'ShiftLeft',
  'ShiftRight',
  'ControlLeft',
  'ControlRight',
  'AltLeft',
  'AltRight',
  'MetaLeft',
  'MetaRight',
  'OSLeft',
  'OSRight',
];

const MODIFIERS = new Set(MODIFIER_CODES);

/** True for Shift, Control, Alt (incl. AltGr) and Meta/OS keys, left or right. */
export function isModifierCode(code: string): boolean {
  return MODIFIERS.has(code);
}

/**
 * True for Caps/Num/Scroll Lock. VMware's client never sends these as VScan
 * keys (§12.10); the session sends the desired LED state (127/16) instead
 * when the server has capability 0x01000000.
 */
export function isLockCode(code: string): boolean {
  return code === 'CapsLock' || code === 'NumLock' || code === 'ScrollLock';
}

/** Modifier flags as a KeyboardEvent carries them. */
export interface KeyChord {
  code: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  metaKey?: boolean;
}

/**
 * Browser shortcuts the focused console captures (preventDefault) so they
 * reach the guest instead of the browser. `reserved` ones are handled by the
 * browser before the page sees them, so they reach the guest only while the
 * Keyboard Lock API is active (requestFullscreen() takes it in Chromium;
 * WICG keyboard-lock): the console cannot take them otherwise.
 *
 * In practice the console captures every key it forwards (as wmks's
 * KeyboardManager2 does, §4.4.2), except RELEASE_FOCUS; this table documents
 * what that means for users and which codes to pass to navigator.keyboard.lock().
 */
export const BROWSER_SHORTCUTS: ReadonlyArray<{keys: string; browser: string; reserved: boolean}> =
  [
    {keys: 'Tab, Shift+Tab', browser: 'move focus', reserved: false},
    {keys: 'Backspace', browser: 'history back (older browsers)', reserved: false},
    {keys: 'F1', browser: 'help', reserved: false},
    {keys: 'F3, Ctrl+F, Ctrl+G', browser: 'find', reserved: false},
    {keys: 'F5, Ctrl+R', browser: 'reload', reserved: false},
    {keys: 'F6, Ctrl+L, Alt+D', browser: 'address bar', reserved: false},
    {keys: 'F7', browser: 'caret browsing', reserved: false},
    {keys: 'F10, Alt', browser: 'menu bar', reserved: false},
    {keys: 'F11', browser: 'fullscreen', reserved: false},
    {keys: 'F12, Ctrl+Shift+I', browser: 'developer tools', reserved: false},
    {keys: 'Ctrl+S, Ctrl+O, Ctrl+P', browser: 'save, open, print', reserved: false},
    {keys: 'Ctrl+D, Ctrl+H, Ctrl+J', browser: 'bookmark, history, downloads', reserved: false},
    {keys: 'Ctrl+A, Ctrl+C, Ctrl+V, Ctrl+X, Ctrl+Z', browser: 'page editing', reserved: false},
    {keys: 'Ctrl+U', browser: 'view source', reserved: false},
    {keys: 'Ctrl+Plus, Ctrl+Minus, Ctrl+0', browser: 'zoom', reserved: false},
    {keys: 'Alt+ArrowLeft, Alt+ArrowRight', browser: 'history back/forward', reserved: false},
    {
      keys: 'Space, PageUp, PageDown, Home, End, arrows',
      browser: 'scroll the page',
      reserved: false,
    },
    {keys: 'Ctrl+W, Ctrl+Shift+W', browser: 'close tab/window', reserved: true},
    {keys: 'Ctrl+T, Ctrl+Shift+T', browser: 'new/reopen tab', reserved: true},
    {keys: 'Ctrl+N, Ctrl+Shift+N', browser: 'new window', reserved: true},
    {
      keys: 'Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+PageUp, Ctrl+PageDown',
      browser: 'switch tab',
      reserved: true,
    },
    {
      keys: 'Escape (fullscreen)',
      browser: 'leave fullscreen (hold Esc with Keyboard Lock)',
      reserved: true,
    },
    {keys: 'Alt+Tab, Alt+F4, Meta', browser: 'operating system', reserved: true},
  ];

/**
 * Codes for navigator.keyboard.lock(): the keys of the reserved shortcuts
 * above. Escape is included so the guest gets it in fullscreen; with Escape
 * locked, Chromium leaves fullscreen on a long Esc press instead.
 */
export const KEYBOARD_LOCK_CODES: readonly string[] = [
  'KeyW',
  'KeyT',
  'KeyN',
  'Tab',
  'PageUp',
  'PageDown',
  'F4',
  'Escape',
  'AltLeft',
  'AltRight',
  'MetaLeft',
  'MetaRight',
];

/**
 * The documented combination that releases focus for keyboard-only users:
 * Ctrl+Alt+Shift+F12 (key-down of F12 with the three modifiers held). Chosen
 * because no common guest, desktop or browser binds it, unlike Ctrl+Alt+Left
 * (workspace switch) or Ctrl+Alt+Esc (KDE xkill). It is never sent to the
 * guest; the element releases all held keys and blurs itself.
 */
export const RELEASE_FOCUS = {
  code: 'F12',
  ctrlKey: true,
  altKey: true,
  shiftKey: true,
  label: 'Ctrl+Alt+Shift+F12',
} as const;

/** True for the key-down that should release focus (see RELEASE_FOCUS). */
export function isReleaseFocusCombo(event: KeyChord): boolean {
  return (
    event.code === RELEASE_FOCUS.code &&
    event.ctrlKey === true &&
    event.altKey === true &&
    event.shiftKey === true &&
    event.metaKey !== true
  );
}

/**
 * Whether the focused console should call preventDefault() for this key
 * event: yes for everything it forwards (Tab and the browser shortcuts above
 * included), except the release-focus combination, which must keep its
 * default so focus can move on.
 */
export function shouldCaptureKey(event: KeyChord): boolean {
  return !isReleaseFocusCombo(event);
}
