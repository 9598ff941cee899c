/**
 * Paste as typing: `typeText()` sends the text as key presses for the guest's
 * layout (for consoles without a clipboard), with progress from
 * `webmks-type-progress` and cancellation through an AbortController.
 */
import type {WebmksConsole} from '../src/index.js';
import type {EventLog} from './event-log.js';

export interface TypingPanel {
  /** Enables or disables the Type button (not connected, view-only). */
  setEnabled(enabled: boolean): void;
}

export function setupTypingPanel(el: WebmksConsole, log: EventLog): TypingPanel {
  const form = document.querySelector<HTMLFormElement>('#type-form')!;
  const text = document.querySelector<HTMLTextAreaElement>('#type-text')!;
  const start = document.querySelector<HTMLButtonElement>('#type-start')!;
  const cancel = document.querySelector<HTMLButtonElement>('#type-cancel')!;
  const progress = document.querySelector<HTMLProgressElement>('#type-progress')!;
  const count = document.querySelector<HTMLElement>('#type-count')!;
  const layout = document.querySelector<HTMLSelectElement>('#layout')!;
  let running: AbortController | undefined;
  let enabled = false;

  const show = (sent: number, total: number) => {
    progress.max = Math.max(total, 1);
    progress.value = sent;
    count.textContent = `${sent} / ${total}`;
  };
  const refresh = () => {
    start.disabled = !enabled || running !== undefined;
    cancel.disabled = running === undefined;
  };

  layout.value = el.keyboardLayout;
  layout.addEventListener('change', () => {
    el.keyboardLayout = layout.value;
    log.add('keyboard-layout', layout.value, 'note');
  });

  el.addEventListener('webmks-type-progress', (e) => show(e.detail.sent, e.detail.total));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = text.value;
    if (!value || running) return;
    const controller = new AbortController();
    running = controller;
    refresh();
    show(0, [...value].length);
    log.add('typeText', `${[...value].length} characters`, 'note');
    el.typeText(value, {signal: controller.signal})
      .then(
        () => log.add('typeText', 'done', 'ok'),
        (err: unknown) => {
          const name = err instanceof DOMException ? err.name : 'Error';
          log.add('typeText', name === 'AbortError' ? 'cancelled' : `failed (${name})`, 'warn');
        },
      )
      .finally(() => {
        running = undefined;
        refresh();
      });
  });

  cancel.addEventListener('click', () => running?.abort());

  // Ctrl+Enter in the box types it.
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  refresh();
  return {
    setEnabled(value) {
      enabled = value;
      refresh();
    },
  };
}
