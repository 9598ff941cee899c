/**
 * The live event log. Everything in it (event details come from the server:
 * desktop names, close reasons, clipboard text) is written with textContent
 * into nodes built here, never parsed as HTML (robustness.md B10).
 */
export type LogTone = 'info' | 'ok' | 'warn' | 'error' | 'note';

const MAX_ENTRIES = 500;

export class EventLog {
  private count = 0;
  private readonly empty: HTMLLIElement;

  constructor(
    private readonly list: HTMLOListElement,
    private readonly counter: HTMLElement | null,
  ) {
    this.empty = document.createElement('li');
    this.empty.className = 'empty';
    this.empty.textContent = 'No events yet.';
    this.clear();
  }

  /** Adds a line; `detail` is shown as text (objects as compact JSON). */
  add(name: string, detail?: unknown, tone: LogTone = 'info'): void {
    const stick = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 8;
    this.empty.remove();
    const item = document.createElement('li');
    item.className = tone;
    const time = document.createElement('time');
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString(undefined, {hour12: false});
    // Name and detail flow as one paragraph, so long details wrap under the name.
    const line = document.createElement('span');
    const label = document.createElement('span');
    label.className = 'name';
    label.textContent = name;
    const text = document.createElement('span');
    text.className = 'detail';
    text.textContent = formatDetail(detail);
    line.append(label, ' ', text);
    item.append(time, line);
    this.list.append(item);
    while (this.list.childElementCount > MAX_ENTRIES) this.list.firstElementChild?.remove();
    this.count++;
    if (this.counter) this.counter.textContent = String(this.count);
    if (stick) this.list.scrollTop = this.list.scrollHeight;
  }

  clear(): void {
    this.list.replaceChildren(this.empty);
    this.count = 0;
    if (this.counter) this.counter.textContent = '0';
  }
}

/** `{width: 1024, name: 'vm'}` -> `width 1024 · name "vm"`: easier to scan than JSON. */
function formatDetail(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  if (typeof detail !== 'object') return String(detail);
  return Object.entries(detail)
    .map(
      ([key, value]) =>
        `${key} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    )
    .join(' · ');
}
