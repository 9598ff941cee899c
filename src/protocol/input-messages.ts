/**
 * Which bytes a key or wheel action becomes, by server kind (§7 step 5):
 * VMware gets 127/0 VScan and 127/2 wheel messages; a server that acked the
 * QEMU extended key event gets 255/0; anything else gets standard KeyEvent
 * keysyms and wheel buttons 4–7. Also tracks held keys for releaseAll.
 */
import {keyEvent, pointerEvent, qemuExtendedKeyEvent} from './client-messages.js';
import {qemuKeycodeForVscan} from './key-table.js';
import {pointerEvent2, vscanKeyEvent} from './vmware/client-messages.js';

export interface InputMode {
  /** serverKind === 'vmware'. */
  vmware: boolean;
  /** The server acknowledged the QEMU extended key event pseudo-encoding. */
  qemuKeys: boolean;
}

/** Wheel steps sent per call at most, so one huge delta cannot flood the socket. */
export const MAX_WHEEL_STEPS = 16;

/** RFB button bits for the wheel (RFC 6143 §7.5.5; §7): 4 up, 5 down, 6 left, 7 right. */
export const WHEEL_BUTTON = {up: 0x08, down: 0x10, left: 0x20, right: 0x40} as const;

/** The key message for this mode, or undefined when there is nothing to send. */
export function keyMessage(
  mode: InputMode,
  vscan: number | undefined,
  keysym: number | undefined,
  down: boolean,
): Uint8Array | undefined {
  if (mode.vmware && vscan !== undefined) return vscanKeyEvent(vscan, down);
  if (mode.qemuKeys && vscan !== undefined) {
    return qemuExtendedKeyEvent(down, keysym ?? 0, qemuKeycodeForVscan(vscan));
  }
  if (keysym !== undefined) return keyEvent(down, keysym >>> 0);
  return undefined;
}

/**
 * Wheel messages for whole steps (+1 = up / right). VMware: one 127/2 per
 * step, absolute, buttons 0, ±1 each (§4.5, §12.11). Others: press and
 * release of buttons 4/5 (vertical) and 6/7 (horizontal), keeping held buttons.
 */
export function wheelMessages(
  mode: InputMode,
  x: number,
  y: number,
  stepsY: number,
  stepsX: number,
  buttonMask: number,
): Uint8Array[] {
  const out: Uint8Array[] = [];
  const ay = Math.abs(stepsY);
  const ax = Math.abs(stepsX);
  if (mode.vmware) {
    for (let i = 0; i < Math.max(ay, ax); i++) {
      out.push(
        pointerEvent2(
          true,
          x,
          y,
          0,
          i < ay ? Math.sign(stepsY) : 0,
          i < ax ? Math.sign(stepsX) : 0,
        ),
      );
    }
    return out;
  }
  const press = (button: number, times: number): void => {
    for (let i = 0; i < times; i++) {
      out.push(pointerEvent(buttonMask | button, x, y), pointerEvent(buttonMask, x, y));
    }
  };
  press(stepsY > 0 ? WHEEL_BUTTON.up : WHEEL_BUTTON.down, ay);
  press(stepsX > 0 ? WHEEL_BUTTON.right : WHEEL_BUTTON.left, ax);
  return out;
}

/**
 * Remembers, for every key sent down, the press and the key-up message, so a
 * repeat repeats the same press and the key is released the way it was pressed.
 */
export class HeldKeys {
  private readonly _keys = new Map<string, {down: Uint8Array; up: Uint8Array | undefined}>();

  pressed(id: string, down: Uint8Array, up: Uint8Array | undefined): void {
    this._keys.set(id, {down, up});
  }

  /** The press message of a held key (for auto-repeat), if it is held. */
  press(id: string): Uint8Array | undefined {
    return this._keys.get(id)?.down;
  }

  /** The stored key-up message (forgetting the key), if the key is held. */
  released(id: string): Uint8Array | undefined {
    const up = this._keys.get(id)?.up;
    this._keys.delete(id);
    return up;
  }

  /** Every stored key-up message; forgets them all. */
  releaseAll(): Uint8Array[] {
    const all: Uint8Array[] = [];
    for (const {up} of this._keys.values()) if (up) all.push(up);
    this._keys.clear();
    return all;
  }
}
