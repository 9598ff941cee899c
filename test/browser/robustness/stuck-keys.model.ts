/**
 * The stuck-keys model (issue 8 "Stuck keys", robustness.md F11): random
 * sequences of key downs and ups (with auto-repeat and Shift-dependent key
 * values), window blur, focus loss, the page hidden and shown, view-only on
 * and off, a move (removal and re-insertion, which starts a new session) and
 * a final removal, against a real `<webmks-console>` whose FakeTransports
 * decode every key message the element sent. After every event that must
 * release keys, and at the end, the server believes no key is down: every
 * down was matched by an up. Run by stuck-keys.test.ts (npm test) and
 * long/stuck-keys.long.ts (npm run test:long) with different counts.
 */
import {expect} from '@esm-bundle/chai';
import fc from 'fast-check';
import {ConsoleHarness} from '../helpers/console-harness.js';
import {parseClientStream} from '../helpers/client-bytes.js';
import type {FakeTransport} from '../helpers/fake-transport.js';

/** KeyboardEvent.code and its unshifted / shifted `key`. */
const KEYS: ReadonlyArray<[string, string, string]> = [
  ['ShiftLeft', 'Shift', 'Shift'],
  ['ShiftRight', 'Shift', 'Shift'],
  ['ControlLeft', 'Control', 'Control'],
  ['AltLeft', 'Alt', 'Alt'],
  ['AltRight', 'AltGraph', 'AltGraph'],
  ['MetaLeft', 'Meta', 'Meta'],
  ['KeyA', 'a', 'A'],
  ['KeyZ', 'z', 'Z'],
  ['Digit1', '1', '!'],
  ['Space', ' ', ' '],
  ['Tab', 'Tab', 'Tab'],
  ['Enter', 'Enter', 'Enter'],
  ['ArrowLeft', 'ArrowLeft', 'ArrowLeft'],
  ['F5', 'F5', 'F5'],
  ['Numpad5', '5', '5'],
  ['CapsLock', 'CapsLock', 'CapsLock'],
];

export type Op =
  | {op: 'down' | 'up' | 'repeat'; key: number}
  | {op: 'window-blur' | 'focus-out' | 'hidden' | 'visible' | 'view-only' | 'move'};

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      op: fc.constantFrom('down' as const, 'up' as const, 'repeat' as const),
      key: fc.nat(KEYS.length - 1),
    }),
  },
  {weight: 1, arbitrary: fc.constant({op: 'window-blur' as const})},
  {weight: 1, arbitrary: fc.constant({op: 'focus-out' as const})},
  {weight: 1, arbitrary: fc.constant({op: 'hidden' as const})},
  {weight: 1, arbitrary: fc.constant({op: 'visible' as const})},
  {weight: 1, arbitrary: fc.constant({op: 'view-only' as const})},
  {weight: 1, arbitrary: fc.constant({op: 'move' as const})},
);

export type Flavor = 'vmware' | 'vnc';

/** Keys the server believes are down, from every key message (127/0, 4, 255/0) sent on `t`. */
export function heldOnServer(t: FakeTransport): string[] {
  const held = new Set<string>();
  for (const m of parseClientStream(t.sentBytes())) {
    const b = m.bytes;
    let id: string | undefined;
    let down = false;
    if (m.kind === 'vmware' && m.subtype === 0) {
      id = `vscan:${(b[4]! << 8) | b[5]!}`;
      down = b[6] !== 0;
    } else if (m.kind === 'key') {
      id = `keysym:${((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0}`;
      down = b[1] !== 0;
    } else if (m.kind === 'qemu' && b[1] === 0) {
      id = `qemu:${((b[8]! << 24) | (b[9]! << 16) | (b[10]! << 8) | b[11]!) >>> 0}`;
      down = ((b[2]! << 8) | b[3]!) !== 0;
    }
    if (id === undefined) continue;
    if (down) held.add(id);
    else held.delete(id);
  }
  return [...held];
}

function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', {value: state, configurable: true});
  try {
    document.dispatchEvent(new Event('visibilitychange'));
  } finally {
    delete (document as unknown as {visibilityState?: string}).visibilityState;
  }
}

/** Runs one sequence; throws (via chai) on the first key left down. */
export async function runSequence(ops: readonly Op[], flavor: Flavor): Promise<void> {
  let n = 0;
  const h = await ConsoleHarness.create({
    width: 60,
    height: 40,
    ticketProvider: () =>
      flavor === 'vmware' ? `wss://esx.test/ticket/keys-${++n}` : `ws://vnc.test:5900/?n=${++n}`,
  });
  const noneHeld = (t: FakeTransport, after: string) =>
    expect(heldOnServer(t), `keys held after ${after}`).to.deep.equal([]);
  try {
    let t = await h.connect({width: 8, height: 8});
    let shift = false;
    const pressed = new Set<string>();
    for (const o of ops) {
      switch (o.op) {
        case 'down':
        case 'repeat':
        case 'up': {
          const [code, plain, shifted] = KEYS[o.key]!;
          const key = shift ? shifted : plain;
          const type = o.op === 'up' ? 'keyup' : 'keydown';
          h.key(type, code, key, {repeat: o.op === 'repeat', shiftKey: shift});
          if (code.startsWith('Shift')) shift = type === 'keydown';
          if (type === 'keydown') pressed.add(code);
          else pressed.delete(code);
          break;
        }
        case 'window-blur':
          window.dispatchEvent(new Event('blur'));
          noneHeld(t, 'window blur');
          break;
        case 'focus-out':
          h.el.blur();
          noneHeld(t, 'focus loss');
          break;
        case 'hidden':
          setVisibility('hidden');
          noneHeld(t, 'the page was hidden');
          break;
        case 'visible':
          setVisibility('visible');
          break;
        case 'view-only':
          h.el.viewOnly = true;
          await h.el.updateComplete;
          noneHeld(t, 'view-only');
          h.el.viewOnly = false;
          await h.el.updateComplete;
          break;
        case 'move': {
          const box = document.createElement('div');
          document.body.append(box);
          box.append(h.el); // removal and insertion: a new session with a new ticket
          noneHeld(t, 'a move');
          t = await h.connect({width: 8, height: 8});
          break;
        }
      }
      if (o.op === 'window-blur' || o.op === 'focus-out' || o.op === 'hidden') shift = false;
    }
    h.remove();
    for (const tr of h.transports.transports) noneHeld(tr, 'removal');
  } finally {
    h.remove();
    for (const box of document.querySelectorAll('body > div:empty')) box.remove();
  }
}

/** The property, `numRuns` sequences per flavor. */
export async function checkStuckKeys(numRuns: number, seed: number): Promise<number> {
  let sequences = 0;
  for (const flavor of ['vmware', 'vnc'] as const) {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, {minLength: 1, maxLength: 30}), async (ops) => {
        sequences++;
        await runSequence(ops, flavor);
      }),
      {numRuns, seed: seed + (flavor === 'vnc' ? 1 : 0), endOnFailure: true},
    );
  }
  return sequences;
}
