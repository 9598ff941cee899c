/**
 * The DOM listeners a controller holds while its host is connected, as one
 * table: attaching and detaching walk the same list, so they cannot drift
 * apart (a listener added but never removed would leak the element).
 */

/** One listener: target, event type, handler and (for add) options. */
export type Listener = readonly [
  target: EventTarget,
  type: string,
  // Each handler takes its own event type (PointerEvent, KeyboardEvent, …).
  handler: (event: never) => void,
  options?: AddEventListenerOptions,
];

/** Adds (`on`) or removes every listener of the table. */
export function toggleListeners(on: boolean, listeners: readonly Listener[]): void {
  for (const [target, type, handler, options] of listeners) {
    const listener = handler as unknown as EventListener;
    if (on) target.addEventListener(type, listener, options);
    else target.removeEventListener(type, listener, options);
  }
}
