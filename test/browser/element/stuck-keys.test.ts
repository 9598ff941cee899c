import {expect} from '@esm-bundle/chai';
import fc from 'fast-check';
import {ConsoleHarness} from '../helpers/console-harness.js';
import {parseClientStream} from '../helpers/client-bytes.js';

const CODES = ['ShiftLeft', 'ControlLeft', 'AltLeft', 'MetaLeft', 'KeyA', 'Digit1', 'Space', 'Tab'];

type Op =
  {op: 'down' | 'up'; code: string} | {op: 'window-blur'} | {op: 'element-blur'} | {op: 'hidden'};

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constantFrom('down' as const, 'up' as const),
      code: fc.constantFrom(...CODES),
    }),
  },
  {weight: 1, arbitrary: fc.constant({op: 'window-blur' as const})},
  {weight: 1, arbitrary: fc.constant({op: 'element-blur' as const})},
  {weight: 1, arbitrary: fc.constant({op: 'hidden' as const})},
);

/** VScan codes the guest believes are held, from the bytes the element sent. */
function heldOnServer(bytes: Uint8Array): Set<number> {
  const held = new Set<number>();
  for (const m of parseClientStream(bytes)) {
    if (m.kind !== 'vmware' || m.subtype !== 0) continue;
    const vscan = (m.bytes[4]! << 8) | m.bytes[5]!;
    if (m.bytes[6]) held.add(vscan);
    else held.delete(vscan);
  }
  return held;
}

function hide() {
  Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
  try {
    document.dispatchEvent(new Event('visibilitychange'));
  } finally {
    delete (document as unknown as {visibilityState?: string}).visibilityState;
  }
}

describe('<webmks-console> stuck keys', () => {
  it('leaves no key held on the guest after random key, blur, visibility and removal sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, {maxLength: 25}), async (ops) => {
        const h = await ConsoleHarness.create({width: 40, height: 30});
        const t = await h.connect({width: 8, height: 8});
        for (const o of ops) {
          if (o.op === 'down' || o.op === 'up') {
            h.key(o.op === 'down' ? 'keydown' : 'keyup', o.code, o.code);
          } else {
            if (o.op === 'window-blur') window.dispatchEvent(new Event('blur'));
            else if (o.op === 'element-blur') h.el.blur();
            else hide();
            expect([...heldOnServer(t.sentBytes())]).to.deep.equal([]);
          }
        }
        h.remove();
        expect([...heldOnServer(t.sentBytes())]).to.deep.equal([]);
      }),
      {numRuns: 150, seed: 20240611},
    );
  });
});
