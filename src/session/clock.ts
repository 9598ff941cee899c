/**
 * Time, injectable. Every timeout and backoff delay of the session layer goes
 * through a Clock so tests can drive time by hand and teardown can prove it
 * left nothing scheduled.
 */

/** An opaque timer handle. */
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds, monotonic enough for durations. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `performance.now()` (or `Date.now()`) and the global timers. */
export const systemClock: Clock = {
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** A source of uniform random numbers in [0, 1). */
export type RandomSource = () => number;

/** Whether the browser thinks it is online, and when that changes. */
export interface NetworkStatus {
  readonly online: boolean;
  /** Calls `listener` whenever `online` may have changed; returns an unsubscriber. */
  subscribe(listener: () => void): () => void;
}

/**
 * `navigator.onLine` plus the window `online`/`offline` events. The listener
 * is only attached while someone is subscribed (teardown leaves no listeners).
 * The `offline` event is a hint, not proof (robustness.md F3), so it only ever
 * pauses reconnect attempts; it never fails a live session.
 */
export const browserNetworkStatus: NetworkStatus = {
  get online() {
    return typeof navigator === 'undefined' || navigator.onLine !== false;
  },
  subscribe(listener) {
    if (typeof window === 'undefined') return () => {};
    window.addEventListener('online', listener);
    window.addEventListener('offline', listener);
    return () => {
      window.removeEventListener('online', listener);
      window.removeEventListener('offline', listener);
    };
  },
};
