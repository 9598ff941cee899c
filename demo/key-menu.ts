/**
 * The "Keys" menu: key combinations the browser or the local OS would
 * otherwise keep (Ctrl+Alt+Del, Alt+Tab, the Windows key, Linux virtual
 * consoles), sent with `sendKeys()`. A WAI-ARIA menu button: Enter/Space/↓
 * opens it, arrows move, Escape or a click outside closes it.
 */
export interface KeyCombo {
  /** What it does. */
  action: string;
  /** The keys, as printed. */
  keys: string;
  /** KeyboardEvent.code names, pressed in order and released in reverse. */
  codes: string[];
}

interface KeyGroup {
  title: string;
  combos: KeyCombo[];
  /** Small buttons in one row (the virtual consoles). */
  chips?: boolean;
}

const CTRL_ALT = ['ControlLeft', 'AltLeft'];

export const KEY_GROUPS: readonly KeyGroup[] = [
  {
    title: 'System',
    combos: [
      {action: 'Secure attention', keys: 'Ctrl+Alt+Del', codes: [...CTRL_ALT, 'Delete']},
      {
        action: 'Task Manager',
        keys: 'Ctrl+Shift+Esc',
        codes: ['ControlLeft', 'ShiftLeft', 'Escape'],
      },
      {action: 'Restart X server', keys: 'Ctrl+Alt+Backspace', codes: [...CTRL_ALT, 'Backspace']},
    ],
  },
  {
    title: 'Linux console · Ctrl+Alt+',
    chips: true,
    combos: [1, 2, 3, 4, 5, 6, 7].map((n) => ({
      action: `Virtual console ${n}`,
      keys: `F${n}`,
      codes: [...CTRL_ALT, `F${n}`],
    })),
  },
  {
    title: 'Windows',
    combos: [
      {action: 'Start menu', keys: 'Win', codes: ['MetaLeft']},
      {action: 'Run…', keys: 'Win+R', codes: ['MetaLeft', 'KeyR']},
      {action: 'Lock', keys: 'Win+L', codes: ['MetaLeft', 'KeyL']},
      {action: 'Switch window', keys: 'Alt+Tab', codes: ['AltLeft', 'Tab']},
      {action: 'Close window', keys: 'Alt+F4', codes: ['AltLeft', 'F4']},
    ],
  },
  {
    title: 'Keys',
    combos: [
      {action: 'Print screen', keys: 'PrtSc', codes: ['PrintScreen']},
      {action: 'Escape', keys: 'Esc', codes: ['Escape']},
    ],
  },
];

/** Fills `menu` and wires `button` to open it; `onPick` gets the chosen combination. */
export function setupKeyMenu(
  button: HTMLButtonElement,
  menu: HTMLElement,
  onPick: (combo: KeyCombo) => void,
): void {
  for (const group of KEY_GROUPS) {
    const title = document.createElement('h3');
    title.textContent = group.title;
    title.setAttribute('role', 'presentation');
    menu.append(title);
    const container = group.chips ? document.createElement('div') : menu;
    if (group.chips) {
      container.className = 'chips';
      container.setAttribute('role', 'group');
      container.setAttribute('aria-label', group.title);
      menu.append(container);
    }
    for (const combo of group.combos) {
      const item = document.createElement('button');
      item.type = 'button';
      item.setAttribute('role', 'menuitem');
      item.tabIndex = -1;
      if (group.chips) {
        item.textContent = combo.keys;
        item.setAttribute('aria-label', `${combo.action} (Ctrl+Alt+${combo.keys})`);
        item.title = `Ctrl+Alt+${combo.keys}`;
      } else {
        const action = document.createElement('span');
        action.textContent = combo.action;
        const keys = document.createElement('kbd');
        keys.textContent = combo.keys;
        item.append(action, keys);
      }
      item.addEventListener('click', () => {
        close(false);
        onPick(combo);
      });
      container.append(item);
    }
  }

  const items = () => [...menu.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  const isOpen = () => !menu.hidden;

  function open(focusLast = false): void {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    const all = items();
    (focusLast ? all.at(-1) : all[0])?.focus();
    document.addEventListener('pointerdown', onOutside, true);
  }

  function close(restoreFocus: boolean): void {
    if (!isOpen()) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', onOutside, true);
    if (restoreFocus) button.focus();
  }

  function onOutside(e: PointerEvent): void {
    const target = e.target as Node | null;
    if (target && (menu.contains(target) || button.contains(target))) return;
    close(false);
  }

  button.addEventListener('click', () => (isOpen() ? close(true) : open()));
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      open(e.key === 'ArrowUp');
    }
  });
  menu.addEventListener('keydown', (e) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => all[(to + all.length) % all.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        move(index + 1);
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        move(index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(all.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(false);
        return;
      default:
        return;
    }
    e.preventDefault();
  });
}
