/**
 * The one error type the core ever throws or reports, and the named limits
 * that bound every server-declared size (robustness.md §5, "Per-field caps").
 * A session that meets a ProtocolError stops parsing and closes (fail-closed).
 */

/** Why a session failed. Stable strings: tests and the element match on them. */
export type ProtocolErrorCode =
  | 'bad-version' // first bytes are neither an RFB version nor a ServerInit
  | 'unsupported-version'
  | 'no-security-type' // server offered nothing we can do
  | 'security-failure' // server refused us (reason in the message)
  | 'auth-failed' // SecurityResult != 0
  | 'colour-map-unsupported' // ServerInit true-colour flag 0
  | 'bad-pixel-format'
  | 'framebuffer-too-large'
  | 'rect-out-of-bounds'
  | 'unknown-message-type'
  | 'unknown-encoding'
  | 'bad-length' // a length field out of its allowed range
  | 'cursor-too-large'
  | 'cut-text-too-large'
  | 'name-too-large'
  | 'bad-subencoding' // Tight/TightPNG control byte, Hextile flags, ...
  | 'bad-image' // JPEG/PNG header does not match the rectangle
  | 'zlib-error'
  | 'buffer-overflow' // receive buffer would pass its cap
  | 'truncated' // the stream ended mid-message
  | 'internal';

/** Typed protocol failure. `message` is plain text and never carries secrets. */
export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  constructor(code: ProtocolErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

/**
 * Limits. Each value bounds memory or CPU a server can make us spend; see
 * SECURITY.md for the table with reasons.
 */
export const LIMITS = {
  /** Receive buffer cap. The largest legitimate single blob is a Tight compact
   * length (4,194,303 bytes); Raw is consumed row by row, so 8 MiB is ample and
   * keeps 100 consoles on one page affordable (robustness.md §5). */
  receiveBufferBytes: 8 * 1024 * 1024,
  /** Default max framebuffer side; Chrome's canvas area limit is 16384². */
  framebufferSide: 8192,
  /** Hard ceiling for the configurable framebuffer side. */
  framebufferSideCeiling: 16384,
  /** Cursor side (TigerVNC maxCursorSize). */
  cursorSide: 256,
  /** ServerCutText bytes (TigerVNC MaxCutText). */
  cutTextBytes: 256 * 1024,
  /** Ceiling for a configured cut-text limit (sibson/vncdotool PR #485). */
  cutTextBytesCeiling: 1024 * 1024,
  /** Desktop name bytes (ServerInit, DesktopName). */
  nameBytes: 4096,
  /** Security-failure reason bytes. */
  reasonBytes: 4096,
  /** Tight/TightPNG compact length maximum (rfbproto). */
  compactLength: 4_194_303,
  /** Tight non-fill rectangle width (rfbproto, TigerVNC TIGHT_MAX_WIDTH). */
  tightMaxWidth: 2048,
  /** VMware type-127 message total length we accept for unknown sub-types. */
  vmwareMessageBytes: 64 * 1024,
} as const;
