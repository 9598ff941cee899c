/**
 * Console options, as POST /api/tickets and POST /api/nova/remote-consoles
 * accept them, and the fault scenarios with their parameters. The body is
 * flat (`{"scenario":"close-at-byte","byte":500}`) or nests the parameters
 * (`{"scenario":{"name":"close-at-byte","byte":500}}`).
 */
import {DEFAULT_SERVER_CAPS} from './wire/constants.js';
import {clampSize} from './guest/guest.js';

export const SCENARIO_NAMES = [
  'none',
  'close-at-byte',
  'drip',
  'stall',
  'rect-outside',
  'huge-cut-text',
  'fragment',
  'heartbeat',
  'session-close',
  'drop',
  'bench',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export type Scenario =
  | {name: 'none'}
  | {name: 'bench'}
  /** Deliver exactly `byte` server bytes (all bytes, handshake included), then close. */
  | {name: 'close-at-byte'; byte: number | undefined; mode: 'close' | 'abrupt'}
  /** From byte offset `from` on, one byte per WebSocket message every `interval` ms. */
  | {name: 'drip'; interval: number; from: number}
  /** Go silent: right after the upgrade, after ServerInit, or halfway through the first update. */
  | {name: 'stall'; at: 'open' | 'server-init' | 'mid-update'}
  /** After `after` normal updates, an update with one Raw rectangle outside the framebuffer. */
  | {
      name: 'rect-outside';
      after: number;
      rectX: number | undefined;
      rectY: number | undefined;
      rectWidth: number;
      rectHeight: number;
    }
  /** After `after` updates, a ServerCutText announcing `length` bytes with `body` bytes following. */
  | {name: 'huge-cut-text'; after: number; length: number; body: number}
  /** Every server byte re-chunked: coalesced over `window` ms, split into odd-sized messages of at most `max`. */
  | {name: 'fragment'; seed: number; max: number; window: number}
  /** 127/4 heartbeat every `interval` ms; after `stopAfter` of them (if set) total silence. */
  | {name: 'heartbeat'; interval: number; stopAfter: number | undefined}
  /** `after` ms after ServerInit: 127/7 SessionClose(`reason`), then close 1000 `closeDelay` ms later. */
  | {name: 'session-close'; after: number; reason: number; closeDelay: number}
  /** `after` ms after ServerInit the server ends a healthy session (abruptly, or with close `code`). */
  | {name: 'drop'; after: number; mode: 'abrupt' | 'close'; code: number};

export interface ConsoleOptions {
  width: number;
  height: number;
  /** ServerInit name and title-bar text. */
  name: string;
  /** Adds the JPEG-encoded region. */
  jpeg: boolean;
  /** False: frozen clock and no motion (exact screen comparisons). */
  animate: boolean;
  /** Guest animation ticks per second. */
  fps: number;
  /** ServerCaps value sent in 127/0 (§8.5). */
  caps: number;
  /** Seconds a ticket/token stays valid before it is first used. */
  lifetimeSeconds: number;
  scenario: Scenario;
}

/** A flat JSON body (or a partial set of defaults). */
export type ConsoleOptionsInput = Record<string, unknown>;

export class OptionsError extends Error {}

const BASE_DEFAULTS = {
  width: 1024,
  height: 768,
  name: 'mock-esxi-vm',
  jpeg: false,
  animate: true,
  fps: 10,
  caps: DEFAULT_SERVER_CAPS,
  lifetimeSeconds: 30,
};

const BENCH_DEFAULTS = {width: 1920, height: 1080, jpeg: true, fps: 15};

class Reader {
  constructor(private readonly src: Record<string, unknown>) {}

  has(key: string): boolean {
    return this.src[key] !== undefined && this.src[key] !== null;
  }

  int(key: string, min: number, max: number, fallback: number): number;
  int(key: string, min: number, max: number, fallback: undefined): number | undefined;
  int(key: string, min: number, max: number, fallback: number | undefined): number | undefined {
    const v = this.src[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new OptionsError(`"${key}" must be an integer in ${min}..${max}`);
    }
    return v;
  }

  num(key: string, min: number, max: number, fallback: number): number {
    const v = this.src[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new OptionsError(`"${key}" must be a number in ${min}..${max}`);
    }
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.src[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') throw new OptionsError(`"${key}" must be true or false`);
    return v;
  }

  str(key: string, fallback: string, maxLength = 256): string {
    const v = this.src[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || v.length > maxLength) {
      throw new OptionsError(`"${key}" must be a string of at most ${maxLength} characters`);
    }
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T {
    const v = this.src[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      throw new OptionsError(`"${key}" must be one of ${values.join(', ')}`);
    }
    return v as T;
  }
}

const U32 = 0xffffffff;

/** A close code a server may send (RFC 6455 §7.4: not 1004–1006 or 1015; 3000–4999 private). */
export function isSendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999)
  );
}

function closeCode(code: number): number {
  if (!isSendableCloseCode(code)) {
    throw new OptionsError('"code" must be 1000–1003, 1007–1014 or 3000–4999');
  }
  return code;
}
const HOUR_MS = 3600_000;

function parseScenario(name: ScenarioName, r: Reader): Scenario {
  switch (name) {
    case 'none':
    case 'bench':
      return {name};
    case 'close-at-byte':
      return {
        name,
        byte: r.int('byte', 0, 1 << 30, undefined),
        mode: r.oneOf('mode', ['close', 'abrupt'] as const, 'close'),
      };
    case 'drip':
      return {
        name,
        interval: r.int('interval', 1, 60_000, 100),
        from: r.int('from', 0, 1 << 30, 0),
      };
    case 'stall':
      return {
        name,
        at: r.oneOf('at', ['open', 'server-init', 'mid-update'] as const, 'server-init'),
      };
    case 'rect-outside':
      return {
        name,
        after: r.int('after', 0, 1000, 1),
        rectX: r.int('rectX', 0, 0xffff, undefined),
        rectY: r.int('rectY', 0, 0xffff, undefined),
        rectWidth: r.int('rectWidth', 1, 1024, 16),
        rectHeight: r.int('rectHeight', 1, 1024, 16),
      };
    case 'huge-cut-text':
      return {
        name,
        after: r.int('after', 0, 1000, 1),
        length: r.int('length', 0, U32, 0xfffffff0),
        body: r.int('body', 0, 16 << 20, 0),
      };
    case 'fragment':
      return {
        name,
        seed: r.int('seed', 0, U32, 1),
        max: r.int('max', 1, 1 << 20, 61),
        window: r.int('window', 0, 1000, 10),
      };
    case 'heartbeat':
      return {
        name,
        interval: r.int('interval', 10, HOUR_MS, 1000),
        stopAfter: r.int('stopAfter', 0, 1 << 30, undefined),
      };
    case 'session-close':
      return {
        name,
        after: r.int('after', 0, HOUR_MS, 1000),
        reason: r.int('reason', 0, U32, 1),
        closeDelay: r.int('closeDelay', 0, 60_000, 100),
      };
    case 'drop':
      return {
        name,
        after: r.int('after', 0, HOUR_MS, 2000),
        mode: r.oneOf('mode', ['abrupt', 'close'] as const, 'abrupt'),
        code: closeCode(r.int('code', 1000, 4999, 1001)),
      };
  }
}

/**
 * Validates a request body against the defaults. Throws OptionsError with a
 * message naming the offending field.
 */
export function parseConsoleOptions(
  body: unknown,
  defaults: ConsoleOptionsInput = {},
): ConsoleOptions {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new OptionsError('the body must be a JSON object');
  }
  const given = (body ?? {}) as Record<string, unknown>;
  let scenarioSrc: Record<string, unknown> = given;
  let scenarioName: unknown = given.scenario ?? defaults.scenario ?? 'none';
  if (typeof scenarioName === 'object' && scenarioName !== null && !Array.isArray(scenarioName)) {
    scenarioSrc = scenarioName as Record<string, unknown>;
    scenarioName = scenarioSrc.name;
  }
  if (
    typeof scenarioName !== 'string' ||
    !(SCENARIO_NAMES as readonly string[]).includes(scenarioName)
  ) {
    throw new OptionsError(`"scenario" must be one of ${SCENARIO_NAMES.join(', ')}`);
  }
  const scenario = parseScenario(scenarioName as ScenarioName, new Reader(scenarioSrc));
  const merged = {
    ...BASE_DEFAULTS,
    ...(scenario.name === 'bench' ? BENCH_DEFAULTS : {}),
    ...stripUndefined(defaults),
    ...stripUndefined(given),
  };
  const r = new Reader(merged);
  const w = r.int('width', 1, 0xffff, BASE_DEFAULTS.width);
  const h = r.int('height', 1, 0xffff, BASE_DEFAULTS.height);
  const size = clampSize(w, h);
  return {
    width: size.width,
    height: size.height,
    name: r.str('name', BASE_DEFAULTS.name),
    jpeg: r.bool('jpeg', false),
    animate: r.bool('animate', true),
    fps: r.num('fps', 1, 60, BASE_DEFAULTS.fps),
    caps: r.int('caps', 0, U32, DEFAULT_SERVER_CAPS),
    lifetimeSeconds: r.num('lifetimeSeconds', 0.001, 86400, BASE_DEFAULTS.lifetimeSeconds),
    scenario,
  };
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && k !== 'scenario') out[k] = v;
  return out;
}
