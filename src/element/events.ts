/**
 * The element's events: detail types and their HTMLElementEventMap entries
 * (issue 5 "Events"), so `el.addEventListener('webmks-connect', e => e.detail.width)`
 * type-checks. Every event is a CustomEvent that bubbles and is composed.
 * Details are plain data; strings from the server are text, never markup.
 */
import type {ConnectionState} from '../session/connection-state.js';

/** The element's connection state (the `state` getter). */
export type WebmksConsoleState = ConnectionState;

/** `webmks-connect`: ServerInit arrived; the guest screen size and desktop name. */
export interface WebmksConnectDetail {
  width: number;
  height: number;
  /** The desktop name: plain text, control characters removed, at most 200 characters. */
  name: string;
}

/**
 * `webmks-disconnect`: exactly one per connection attempt, including an
 * attempt refused before the socket opened.
 */
export interface WebmksDisconnectDetail {
  /** True for an orderly close; false for any failure (timeouts, protocol errors, refusals). */
  clean: boolean;
  /** The WebSocket close code, or one of the element's 4000-4999 codes (CLOSE_CODES, exported). */
  code: number;
  /** Plain text, control characters removed, at most 200 characters, never a ticket. */
  reason: string;
}

/** `webmks-state`: the `state` property changed. */
export interface WebmksStateDetail {
  state: WebmksConsoleState;
}

/** `webmks-resize`: the remote framebuffer changed size. */
export interface WebmksResizeDetail {
  width: number;
  height: number;
}

/** `webmks-leds`: the guest's keyboard lock LEDs. */
export interface WebmksLedsDetail {
  capsLock: boolean;
  numLock: boolean;
  scrollLock: boolean;
}

/** `webmks-clipboard`: the guest put text on its clipboard (ServerCutText). */
export interface WebmksClipboardDetail {
  /** Untrusted text: render it as text only. */
  text: string;
}

/** `webmks-bell`: the guest rang the bell. No data. */
export type WebmksBellDetail = Record<string, never>;

/** `webmks-type-progress`: how many characters of a `typeText()` call were sent. */
export interface WebmksTypeProgressDetail {
  sent: number;
  total: number;
}

/**
 * `webmks-credentials-required`: a plain VNC server asks for VNC
 * Authentication and no `password` is set. Answer by setting `el.password`
 * or calling `el.sendCredentials(password)`; the handshake waits (up to two
 * minutes) meanwhile. The detail never carries a password.
 */
export interface WebmksCredentialsRequiredDetail {
  /** What the server asks for: VNC Authentication needs only a password. */
  types: Array<'password'>;
}

/** Event names mapped to their detail types. */
export interface WebmksEventDetails {
  'webmks-connect': WebmksConnectDetail;
  'webmks-disconnect': WebmksDisconnectDetail;
  'webmks-state': WebmksStateDetail;
  'webmks-resize': WebmksResizeDetail;
  'webmks-leds': WebmksLedsDetail;
  'webmks-clipboard': WebmksClipboardDetail;
  'webmks-bell': WebmksBellDetail;
  'webmks-type-progress': WebmksTypeProgressDetail;
  'webmks-credentials-required': WebmksCredentialsRequiredDetail;
}

export type WebmksEventName = keyof WebmksEventDetails;

/** Builds one of the element's events: bubbling, composed, not cancelable. */
export function createWebmksEvent<K extends WebmksEventName>(
  name: K,
  detail: WebmksEventDetails[K],
): CustomEvent<WebmksEventDetails[K]> {
  return new CustomEvent(name, {detail, bubbles: true, composed: true});
}

declare global {
  interface HTMLElementEventMap {
    'webmks-connect': CustomEvent<WebmksConnectDetail>;
    'webmks-disconnect': CustomEvent<WebmksDisconnectDetail>;
    'webmks-state': CustomEvent<WebmksStateDetail>;
    'webmks-resize': CustomEvent<WebmksResizeDetail>;
    'webmks-leds': CustomEvent<WebmksLedsDetail>;
    'webmks-clipboard': CustomEvent<WebmksClipboardDetail>;
    'webmks-bell': CustomEvent<WebmksBellDetail>;
    'webmks-type-progress': CustomEvent<WebmksTypeProgressDetail>;
    'webmks-credentials-required': CustomEvent<WebmksCredentialsRequiredDetail>;
  }
}
