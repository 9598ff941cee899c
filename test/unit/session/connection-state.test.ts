import {describe, expect, it} from 'vitest';
import {
  canTransition,
  CONNECTION_STATES,
  ConnectionStateMachine,
} from '../../../src/session/connection-state.js';

describe('connection state', () => {
  it('allows the lifecycle of a reconnecting console', () => {
    const seen: string[] = [];
    const sm = new ConnectionStateMachine((s) => seen.push(s));
    for (const s of ['connecting', 'connected', 'reconnecting', 'connected', 'failed'] as const) {
      sm.set(s);
    }
    sm.set('failed'); // staying put is not a change
    sm.set('connecting');
    sm.set('disconnected');
    expect(seen).toEqual([
      'connecting',
      'connected',
      'reconnecting',
      'connected',
      'failed',
      'connecting',
      'disconnected',
    ]);
  });

  it('refuses impossible changes', () => {
    const sm = new ConnectionStateMachine(() => {});
    expect(() => sm.set('connected')).toThrow(/disconnected -> connected/);
    expect(canTransition('disconnected', 'reconnecting')).toBe(false);
    expect(canTransition('failed', 'connected')).toBe(false);
  });

  it('can always give up or be disconnected from any busy state', () => {
    for (const s of CONNECTION_STATES) {
      if (s === 'disconnected' || s === 'failed') continue;
      expect(canTransition(s, 'disconnected')).toBe(true);
      expect(canTransition(s, 'failed')).toBe(true);
    }
  });
});
