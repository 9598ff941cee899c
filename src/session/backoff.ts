/**
 * Reconnect backoff: "full jitter" exponential backoff (AWS Architecture
 * blog, "Exponential Backoff and Jitter"; robustness.md F5 and §5).
 *
 *   delay(n) = random() × min(cap, base × factor^(n-1))     n = 1, 2, …
 *
 * Full jitter spreads a crowd of consoles dropped at the same moment over the
 * whole window instead of synchronising their retries; noVNC's fixed 5 s retry
 * forever (#1784) is the counter-example.
 */

/** The reconnect policy. Defaults follow issue 8. */
export interface ReconnectPolicy {
  /** First window, ms (default 1000). */
  baseMs: number;
  /** Growth per attempt (default 2). */
  factor: number;
  /** Largest window, ms (default 30000). */
  capMs: number;
  /** Reconnect attempts after a drop before giving up (default 6). */
  maxAttempts: number;
  /**
   * A session that stayed connected this long resets the attempt counter
   * (default 60000 ms), so a flaky link does not exhaust the budget over a day,
   * but a server that accepts and drops at once cannot loop forever.
   */
  resetAfterMs: number;
}

export const DEFAULT_RECONNECT_POLICY: Readonly<ReconnectPolicy> = Object.freeze({
  baseMs: 1000,
  factor: 2,
  capMs: 30000,
  maxAttempts: 6,
  resetAfterMs: 60000,
});

/** The upper bound of the delay window before reconnect attempt `attempt` (1-based). */
export function backoffWindow(attempt: number, policy: ReconnectPolicy): number {
  const n = Math.max(1, Math.floor(attempt));
  const grown = policy.baseMs * Math.pow(policy.factor, n - 1);
  return Math.max(0, Math.min(policy.capMs, Number.isFinite(grown) ? grown : policy.capMs));
}

/** The full-jitter delay before reconnect attempt `attempt` (1-based), in whole ms. */
export function backoffDelay(
  attempt: number,
  policy: ReconnectPolicy,
  random: () => number,
): number {
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * backoffWindow(attempt, policy));
}

/** Fills in defaults and clamps nonsense (negative numbers, a factor below 1). */
export function normalizePolicy(partial: Partial<ReconnectPolicy> = {}): ReconnectPolicy {
  const pick = (v: number | undefined, d: number, min: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.max(min, v) : d;
  const d = DEFAULT_RECONNECT_POLICY;
  return {
    baseMs: pick(partial.baseMs, d.baseMs, 0),
    factor: pick(partial.factor, d.factor, 1),
    capMs: pick(partial.capMs, d.capMs, 0),
    maxAttempts: Math.floor(pick(partial.maxAttempts, d.maxAttempts, 0)),
    resetAfterMs: pick(partial.resetAfterMs, d.resetAfterMs, 0),
  };
}

/**
 * A small seeded PRNG (mulberry32) for tests and reproducible demos: the
 * 100-console test needs the same jitter on every run.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
