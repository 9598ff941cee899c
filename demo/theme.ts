/**
 * The theme toggle shared by the demo and the dashboard: system → light →
 * dark. The choice goes on <html data-theme>, which sets `color-scheme`, so
 * every light-dark() token in theme.css follows; "system" leaves it to
 * prefers-color-scheme. Remembered in localStorage when the browser allows it.
 */
type Theme = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'webmks-console-demo-theme';
const ORDER: Theme[] = ['system', 'light', 'dark'];
const ICON: Record<Theme, string> = {system: '#i-system', light: '#i-sun', dark: '#i-moon'};

function stored(): Theme {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system'; // storage blocked (private mode, sandboxed frame)
  }
}

function apply(theme: Theme, button: HTMLButtonElement | null): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
  if (!button) return;
  button.title = `Theme: ${theme} (click to change)`;
  // The icon is an SVG <use>; swapping its href is plain attribute text.
  button.querySelector('use')?.setAttribute('href', ICON[theme]);
}

/** Applies the remembered theme now and makes `button` cycle through the choices. */
export function setupTheme(button: HTMLButtonElement | null): void {
  let theme = stored();
  apply(theme, button);
  button?.addEventListener('click', () => {
    theme = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length] ?? 'system';
    apply(theme, button);
    try {
      if (theme === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, theme);
    } catch {
      /* not remembered: fine */
    }
  });
}
