/**
 * The element's connection state (issue 5: `state`) and the transitions it
 * may take. Every change goes through `ConnectionStateMachine.set`, so an
 * impossible sequence (say, `connected` while no attempt is running) is a
 * programming error caught in tests, not a silent glitch.
 */

export const CONNECTION_STATES = [
  'disconnected',
  'connecting',
  'connected',
  'reconnecting',
  'failed',
] as const;

/**
 * - `disconnected`: idle; never connected, disconnected on purpose, or the
 *   server ended the session cleanly and no retry follows.
 * - `connecting`: a first attempt is under way (ticket, socket, handshake).
 * - `connected`: ServerInit received; input flows.
 * - `reconnecting`: the session dropped and a retry is waiting or under way.
 * - `failed`: the last attempt failed and no retry follows.
 */
export type ConnectionState = (typeof CONNECTION_STATES)[number];

const TRANSITIONS: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  disconnected: ['connecting'],
  connecting: ['connected', 'disconnected', 'failed', 'reconnecting'],
  connected: ['disconnected', 'failed', 'reconnecting'],
  reconnecting: ['connecting', 'connected', 'disconnected', 'failed'],
  failed: ['connecting', 'disconnected'],
};

/** Whether `from → to` is a legal change (staying put is not a change). */
export function canTransition(from: ConnectionState, to: ConnectionState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Holds the state and reports each change once. */
export class ConnectionStateMachine {
  private _state: ConnectionState = 'disconnected';

  constructor(private readonly _onChange: (state: ConnectionState) => void) {}

  get state(): ConnectionState {
    return this._state;
  }

  /** Moves to `to`; a no-op when already there. Throws on an illegal transition. */
  set(to: ConnectionState): void {
    if (to === this._state) return;
    if (!canTransition(this._state, to)) {
      throw new Error(`illegal connection state change ${this._state} -> ${to}`);
    }
    this._state = to;
    this._onChange(to);
  }
}
