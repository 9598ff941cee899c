/**
 * The words in the status overlay (also the polite live region), from the
 * connection state. Plain text: the desktop name and the reason are server or
 * session strings and only ever reach the DOM through a text binding.
 */
import type {WebmksConsoleState} from './events.js';

/**
 * @param state the connection state
 * @param name the desktop name (already sanitized)
 * @param reason the last disconnect reason (already sanitized)
 * @param releaseCombo the key combination that leaves the console, for the connected hint
 */
export function statusText(
  state: WebmksConsoleState,
  name: string,
  reason: string,
  releaseCombo = '',
): string {
  switch (state) {
    case 'connecting':
      return 'Connecting…';
    case 'connected': {
      const who = name ? `Connected to ${name}.` : 'Connected.';
      return releaseCombo ? `${who} Press ${releaseCombo} to leave the console.` : who;
    }
    case 'reconnecting':
      return reason ? `Connection lost (${reason}). Reconnecting…` : 'Reconnecting…';
    case 'failed':
      return reason ? `Connection failed: ${reason}` : 'Connection failed.';
    case 'disconnected':
    default:
      return reason ? `Disconnected: ${reason}` : 'Disconnected.';
  }
}
