/**
 * Issue 8 "Stuck keys" at npm-test size: 2 × 250 random sequences, WebMKS
 * (VScan) and plain VNC (keysyms). The full 2 × 1,000 run is
 * long/stuck-keys.long.ts, in `npm run test:long`.
 */
import {expect} from '@esm-bundle/chai';
import {checkStuckKeys} from './stuck-keys.model.js';

describe('stuck keys (fast-check model, FakeTransport decoding key messages)', function () {
  this.timeout(60000);
  it('leaves no key pressed over 500 random key, blur, visibility, view-only, move and removal sequences', async () => {
    expect(await checkStuckKeys(250, 8_2024)).to.equal(500);
  });
});
