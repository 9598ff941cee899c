/**
 * Keyboard capture for `<webmks-console>` (issue 5 "Keyboard").
 *
 * While the host is focused and a session is connected, every key goes to the
 * guest: `preventDefault()` keeps Tab and the browser's own shortcuts (those a
 * page may intercept) from acting locally. Keys are sent by
 * `KeyboardEvent.code` (VScan on VMware, QEMU extended key events or keysyms
 * elsewhere; the keysym comes from `key` for plain servers).
 *
 * Held keys are released when the window loses focus, when the host loses
 * focus, when the page becomes hidden, on disconnect and on removal, so no
 * modifier sticks (robustness.md F11).
 *
 * Leaving the console with the keyboard (WCAG 2.1.2 "No Keyboard Trap"):
 * Ctrl+Alt+Shift+F12 (input/keyboard.ts RELEASE_FOCUS) releases every key and blurs the element, after which
 * Tab moves on from it as usual.
 */
import type {ReactiveController, ReactiveControllerHost} from '@lit/reactive-element';
import {
  isLockCode,
  isModifierCode,
  isReleaseFocusCombo,
  keysymFor,
  RELEASE_FOCUS,
} from '../input/keyboard.js';
import type {ConsoleSession} from '../session/console-session.js';
import {toggleListeners, type Listener} from './listeners.js';

/** The key combination that releases keyboard focus, in words (for docs and ARIA). */
export const RELEASE_FOCUS_COMBINATION: string = RELEASE_FOCUS.label;

export interface KeyboardControllerTarget {
  /** The live session, if connected. */
  session(): ConsoleSession | undefined;
  /** False in view-only mode: no capture, nothing sent. */
  inputEnabled(): boolean;
}

export class KeyboardController implements ReactiveController {
  private readonly _host: ReactiveControllerHost & HTMLElement;
  private readonly _target: KeyboardControllerTarget;
  private _attached = false;
  /** Lock keys whose press went out as a 127/16 LED request: their key-up is swallowed. */
  private readonly _ledLocks = new Set<string>();

  constructor(host: ReactiveControllerHost & HTMLElement, target: KeyboardControllerTarget) {
    this._host = host;
    this._target = target;
    host.addController(this);
  }

  hostConnected(): void {
    if (this._attached) return;
    this._attached = true;
    toggleListeners(true, this._listeners());
  }

  hostDisconnected(): void {
    if (!this._attached) return;
    this._attached = false;
    this.releaseAll();
    toggleListeners(false, this._listeners());
  }

  private _listeners(): Listener[] {
    const h = this._host;
    return [
      [h, 'keydown', this._onKeyDown],
      [h, 'keyup', this._onKeyUp],
      [h, 'focusout', this._onFocusOut],
      [window, 'blur', this._onWindowBlur],
      [document, 'visibilitychange', this._onVisibility],
    ];
  }

  /** Key-up for every key the session believes is down. */
  releaseAll(): void {
    this._target.session()?.releaseAllKeys();
  }

  /** The session to send to, or undefined when keys should act locally. */
  private _capturing(e: KeyboardEvent): ConsoleSession | undefined {
    // Only keys aimed at the console itself: slotted toolbars and inputs keep
    // their keys (their events reach the host with themselves as target).
    if (e.target !== this._host) return undefined;
    if (!this._target.inputEnabled()) return undefined;
    return this._target.session();
  }

  private readonly _onKeyDown = (e: KeyboardEvent): void => {
    const session = this._capturing(e);
    if (!session) return;
    if (isReleaseFocusCombo(e)) {
      // Not sent to the guest; default kept so focus can move on (input/keyboard.ts).
      session.releaseAllKeys();
      this._host.blur();
      return;
    }
    e.preventDefault();
    // An IME composition or an unidentified key has no physical position to send.
    if (e.isComposing || e.code === '' || e.key === 'Process') return;
    if (isLockCode(e.code) && this._sendLockAsLed(session, e.code)) return;
    const keysym = keysymFor({key: e.key, code: e.code, location: e.location});
    session.sendKey(e.code, true, keysym);
    // macOS swallows the keyup of any key pressed while Command is held
    // (webmks-protocol.md §4.4.2): release it at once so it cannot stick.
    if (e.metaKey && !isModifierCode(e.code) && /Mac|iPhone|iPad/.test(navigator.platform)) {
      session.sendKey(e.code, false, keysym);
    }
  };

  private readonly _onKeyUp = (e: KeyboardEvent): void => {
    const session = this._capturing(e);
    if (!session) return;
    e.preventDefault();
    if (e.isComposing || e.code === '' || e.key === 'Process') return;
    if (this._ledLocks.delete(e.code)) return;
    session.sendKey(e.code, false, keysymFor({key: e.key, code: e.code, location: e.location}));
  };

  /**
   * VMware's client never sends lock keys as VScan codes: it asks for the
   * toggled LED state with 127/16 (webmks-protocol.md §12.10). Where the
   * server lacks that capability, the lock key goes out as an ordinary key
   * (§4.4.2 recommendation) so Caps Lock still works.
   */
  private _sendLockAsLed(session: ConsoleSession, code: string): boolean {
    const leds = session.leds;
    if (code === 'CapsLock') leds.capsLock = !leds.capsLock;
    else if (code === 'NumLock') leds.numLock = !leds.numLock;
    else leds.scrollLock = !leds.scrollLock;
    if (!session.sendLedState(leds)) return false;
    this._ledLocks.add(code);
    return true;
  }

  private readonly _onFocusOut = (): void => this.releaseAll();

  private readonly _onWindowBlur = (): void => this.releaseAll();

  private readonly _onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.releaseAll();
  };
}
