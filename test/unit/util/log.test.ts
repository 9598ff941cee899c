import {describe, expect, it} from 'vitest';
import {Logger, parseLogLevel, redactSecrets, type LogSink} from '../../../src/util/log.js';

function recorder(): LogSink & {lines: unknown[][]} {
  const lines: unknown[][] = [];
  return {
    lines,
    error: (...a) => lines.push(['error', ...a]),
    warn: (...a) => lines.push(['warn', ...a]),
    info: (...a) => lines.push(['info', ...a]),
    debug: (...a) => lines.push(['debug', ...a]),
  };
}

describe('redactSecrets', () => {
  it('removes the ticket from a WebMKS URL and keeps the rest', () => {
    expect(redactSecrets('wss://esx.example:443/ticket/52a1b2c3d4?x=1')).toBe(
      'wss://esx.example:443/ticket/***?x=1',
    );
  });
  it('removes Nova tokens and passwords from query strings', () => {
    expect(redactSecrets('ws://h:6090/websockify?token=abc-123&path=x')).toBe(
      'ws://h:6090/websockify?token=***&path=x',
    );
    expect(redactSecrets('x?password=hunter2')).toBe('x?password=***');
  });
});

describe('Logger', () => {
  it('is silent by default', () => {
    const sink = recorder();
    const log = new Logger(undefined, sink);
    log.error('boom');
    expect(sink.lines).toEqual([]);
  });
  it('prints only at or above its level, with secrets redacted', () => {
    const sink = recorder();
    const log = new Logger('warn', sink, '[t]');
    log.debug('d');
    log.info('i');
    log.warn('closing wss://h/ticket/CANARY-1');
    log.error(new Error('failed for ws://h/?token=CANARY-2'));
    expect(sink.lines).toEqual([
      ['warn', '[t]', 'closing wss://h/ticket/***'],
      ['error', '[t]', 'failed for ws://h/?token=***'],
    ]);
  });
  it('parses levels strictly', () => {
    expect(parseLogLevel('debug')).toBe('debug');
    expect(parseLogLevel('DEBUG')).toBe('silent');
    expect(parseLogLevel(undefined)).toBe('silent');
  });
});
