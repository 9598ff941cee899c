/**
 * What the demo can ask the mock ESXi server for (mock-server/README.md,
 * "Console options" and "Fault scenarios"). `once`: the fault applies to the
 * first ticket of a connection only, so an automatic reconnect shows the
 * console coming back instead of failing the same way again.
 */
export interface Scenario {
  id: string;
  label: string;
  description: string;
  options: Record<string, unknown>;
  once?: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'default',
    label: 'Default guest',
    description: 'A healthy guest: log in at the prompt, watch the clock and the bouncing square.',
    options: {},
  },
  {
    id: 'jpeg',
    label: 'JPEG region',
    description: 'Adds an animated photo-like region, sent as JPEG rectangles (lossy).',
    options: {jpeg: true},
  },
  {
    id: 'bench',
    label: 'Benchmark load',
    description:
      '1920 × 1080 at 15 fps: a scrolling log and a moving window (CopyRect) plus JPEG video.',
    options: {scenario: 'bench', width: 1920, height: 1080},
  },
  {
    id: 'drop',
    label: 'Connection drop',
    description:
      'The network drops 5 s after connecting. With automatic reconnect the console returns on a fresh ticket.',
    options: {scenario: 'drop', after: 5000, mode: 'abrupt'},
    once: true,
  },
  {
    id: 'session-close',
    label: 'Host ends session',
    description: 'After 4 s the host sends VMware SessionClose (127/7), then closes the socket.',
    options: {scenario: 'session-close', after: 4000},
    once: true,
  },
  {
    id: 'drip',
    label: 'Slow link (drip)',
    description:
      'One byte every 40 ms: the handshake crawls in, then the 30 s message timeout ends the session cleanly.',
    options: {scenario: 'drip', interval: 40},
    once: true,
  },
  {
    id: 'fragment',
    label: 'Fragmented stream',
    description: 'Every message is re-split into odd 1–61 byte WebSocket frames. Renders the same.',
    options: {scenario: 'fragment'},
  },
  {
    id: 'stall',
    label: 'Silent host',
    description: 'The socket opens and then nothing: the handshake timeout fails the attempt.',
    options: {scenario: 'stall', at: 'open'},
    once: true,
  },
  {
    id: 'close-at-byte',
    label: 'Cut mid-rectangle',
    description:
      'The host closes in the middle of the first screen update: a clean "truncated" error.',
    options: {scenario: 'close-at-byte'},
    once: true,
  },
  {
    id: 'rect-outside',
    label: 'Rectangle off screen',
    description:
      'A hostile update draws outside the screen: the console refuses it and ends the session.',
    options: {scenario: 'rect-outside'},
    once: true,
  },
  {
    id: 'huge-cut-text',
    label: '4 GiB clipboard',
    description: 'The host announces a 4 GiB clipboard: refused before anything is allocated.',
    options: {scenario: 'huge-cut-text'},
    once: true,
  },
];

export function findScenario(id: string | null | undefined): Scenario {
  return SCENARIOS.find((s) => s.id === id) ?? SCENARIOS[0]!;
}
