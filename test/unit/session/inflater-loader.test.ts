import {describe, expect, it} from 'vitest';
import {loadInflaterFactory as bundled} from '../../../src/session/inflater-bundled.js';
import {loadInflaterFactory as lazy} from '../../../src/session/inflater-loader.js';
import {zlibOnce} from '../decoders/vnc/support/encoders.js';

// The ES module build loads zlib lazily; the script-tag bundle swaps in the
// static loader (scripts/bundle.js). Both must hand out working zlib streams.
describe.each([
  ['inflater-loader (lazy import)', lazy],
  ['inflater-bundled (static import)', bundled],
])('%s', (_, load) => {
  it('resolves to a factory of independent zlib streams', async () => {
    const factory = await load();
    expect(factory).toBeTypeOf('function');
    const data = new TextEncoder().encode('webmks '.repeat(200));
    const a = factory!();
    const b = factory!();
    expect(Array.from(a.inflate(zlibOnce(data), data.length))).toEqual(Array.from(data));
    // A second stream starts with its own zlib header: it shares no state with the first.
    expect(Array.from(b.inflate(zlibOnce(data), data.length))).toEqual(Array.from(data));
  });

  it('hands out the same factory on every call', async () => {
    expect(await load()).toBe(await load());
  });
});
