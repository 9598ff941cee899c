/**
 * Close codes and reasons the client sends or reports. Script may only send
 * 1000 or 3000-4999, with a reason of at most 123 UTF-8 bytes, or `close()`
 * itself throws (MDN WebSocket.close(); robustness.md §3). Reasons here are
 * short, fixed and never carry a ticket.
 */

export const CLOSE_CODES = {
  /** The client ended the session on purpose. */
  normal: 1000,
  /** Browser-reported: the connection dropped without a close frame. Never sent. */
  abnormal: 1006,
  /** The server broke the protocol (a ProtocolError). */
  protocolError: 4000,
  /** The WebSocket did not open in time. */
  openTimeout: 4001,
  /** Open, but no ServerInit in time. */
  handshakeTimeout: 4002,
  /** A message started and did not complete in time. */
  messageStall: 4003,
  /** The server picked a subprotocol we did not offer (or none). */
  subprotocol: 4004,
  /** A text frame arrived on a binary session. */
  textFrame: 4005,
  /** Our close was not answered in time; reported, never sent. */
  closeTimeout: 4006,
  /** No usable ticket (the provider failed or returned something unusable). */
  ticket: 4007,
  /** The server asked for credentials we do not have. */
  credentials: 4008,
  /** Outgoing data piled up past the limit (socket stalled). */
  sendStall: 4009,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** True for codes script may pass to WebSocket.close(). */
export function isSendableCloseCode(code: number): boolean {
  return code === 1000 || (code >= 4000 && code <= 4999);
}
