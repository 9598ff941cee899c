import {expect} from '@esm-bundle/chai';
import '../../src/webmks-console.js';

describe('<webmks-console>', () => {
  it('is registered and renders its parts', async () => {
    const el = document.createElement('webmks-console');
    document.body.append(el);
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('[part="canvas"]')).to.be.instanceOf(HTMLCanvasElement);
    expect(root.querySelector('[part="status"]')?.getAttribute('role')).to.equal('status');
    el.remove();
  });
});
