/**
 * The lock-key LED mask shared by VMWLEDState (§3.3.11, §12.15, U32) and
 * QEMU's LED state pseudo-encoding (−261, U8): both use bit 0 Scroll Lock,
 * bit 1 Num Lock, bit 2 Caps Lock; other bits are reserved and ignored.
 */
import type {RfbEvent} from '../protocol/events.js';

/** The 'leds' event for an LED mask. */
export function ledEvent(mask: number): Extract<RfbEvent, {type: 'leds'}> {
  return {
    type: 'leds',
    scrollLock: (mask & 1) !== 0,
    numLock: (mask & 2) !== 0,
    capsLock: (mask & 4) !== 0,
  };
}
