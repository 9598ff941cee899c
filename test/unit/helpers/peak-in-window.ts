/**
 * Peak count of times inside any half-open window [t, t + width): the
 * "attempts in any 100 ms" figure of the reconnect tests (issue 8), shared by
 * the Node, browser and end-to-end versions.
 */
export function peakInWindow(times: readonly number[], width: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + width) j++;
    peak = Math.max(peak, j - i);
  }
  return peak;
}
