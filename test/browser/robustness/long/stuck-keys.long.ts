/**
 * Issue 8 "Stuck keys", full count (npm run test:long): 2 × 1,000 random
 * sequences of key down/up/repeat, window blur, focus loss, visibility
 * changes, view-only, moves and removal; no key is left pressed.
 */
import {expect} from '@esm-bundle/chai';
import {checkStuckKeys} from '../stuck-keys.model.js';

describe('stuck keys, long run', function () {
  this.timeout(600000);
  it('leaves no key pressed over 2,000 random sequences', async () => {
    expect(await checkStuckKeys(1000, 1_000_008)).to.equal(2000);
  });
});
