import {expect} from '@esm-bundle/chai';
import '../../../src/webmks-console.js';

describe('log-level', () => {
  it('applies a level set in the same task as connect()', async () => {
    const lines: string[] = [];
    const record = (...a: unknown[]) => lines.push(a.map(String).join(' '));
    const el = document.createElement('webmks-console');
    el.noAutoConnect = true;
    el.options = {logSink: {error: record, warn: record, info: record, debug: record}};
    document.body.append(el);
    await el.updateComplete;
    // Nothing to connect to: connect() warns at once, in this task.
    el.logLevel = 'warn';
    el.connect();
    expect(lines.join('\n')).to.contain('connect() needs a url or a ticketProvider');
    el.remove();
  });
});
