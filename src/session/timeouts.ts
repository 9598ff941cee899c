/**
 * Session deadlines (issue 8, robustness.md F2 and §5). Idle time between
 * messages is normal (a still screen sends nothing), so there is no idle
 * timeout: only deadlines for things that have started.
 */

export interface SessionTimeouts {
  /** WebSocket open, from the socket's creation (default 20 s). */
  openMs: number;
  /** Socket open to ServerInit (default 15 s); covers version, security and auth. */
  serverInitMs: number;
  /** A server message whose first byte arrived must complete within this (default 30 s). */
  messageMs: number;
  /** A close the server does not answer is reported anyway after this (default 3 s). */
  forceCloseMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<SessionTimeouts> = Object.freeze({
  openMs: 20000,
  serverInitMs: 15000,
  messageMs: 30000,
  forceCloseMs: 3000,
});

/** Fills in defaults; a non-positive or non-finite value means the default. */
export function normalizeTimeouts(partial: Partial<SessionTimeouts> = {}): SessionTimeouts {
  const pick = (v: number | undefined, d: number) =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d;
  return {
    openMs: pick(partial.openMs, DEFAULT_TIMEOUTS.openMs),
    serverInitMs: pick(partial.serverInitMs, DEFAULT_TIMEOUTS.serverInitMs),
    messageMs: pick(partial.messageMs, DEFAULT_TIMEOUTS.messageMs),
    forceCloseMs: pick(partial.forceCloseMs, DEFAULT_TIMEOUTS.forceCloseMs),
  };
}
