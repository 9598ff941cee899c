/**
 * The demo page (`npm start`): one large `<webmks-console>` driven by a
 * toolbar, fed tickets by the mock ESXi server (or a pasted real-host ticket)
 * through a `ticketProvider`, with a live event log. Runs under the strict
 * CSP of issue 6: no inline script or style, no HTML parsing of any text.
 */
import '../src/webmks-console.js';
import type {WebmksConsole, WebmksConsoleState} from '../src/index.js';
import {EventLog} from './event-log.js';
import {setupKeyMenu} from './key-menu.js';
import {SCENARIOS, findScenario} from './scenarios.js';
import {setupTheme} from './theme.js';
import {issueMockTicket, parsePastedTicket, type MockApi, type PastedTicket} from './tickets.js';
import {setupTypingPanel} from './typing-panel.js';

const $ = <T extends Element = HTMLElement>(selector: string): T => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`demo page: ${selector} is missing`);
  return found;
};

setupTheme($<HTMLButtonElement>('#theme'));

const el = $<WebmksConsole>('webmks-console#console');
const log = new EventLog($<HTMLOListElement>('#log'), $('#log-count'));
const typing = setupTypingPanel(el, log);
const params = new URLSearchParams(location.search);

// ---- where tickets come from ----

const scenarioSelect = $<HTMLSelectElement>('#scenario');
const scenarioHelp = $('#scenario-help');
const sizeSelect = $<HTMLSelectElement>('#guest-size-select');
const mockForm = $<HTMLFormElement>('#mock-form');
const realForm = $<HTMLFormElement>('#real-form');
const ticketInput = $<HTMLTextAreaElement>('#ticket-input');
const ticketKind = $('#ticket-kind');
const reconnectBox = $<HTMLInputElement>('#reconnect');

for (const s of SCENARIOS) scenarioSelect.append(new Option(s.label, s.id));
scenarioSelect.value = findScenario(params.get('scenario')).id;
const showScenarioHelp = () => {
  scenarioHelp.textContent = findScenario(scenarioSelect.value).description;
};
scenarioSelect.addEventListener('change', showScenarioHelp);
showScenarioHelp();
if (params.get('size') && [...sizeSelect.options].some((o) => o.value === params.get('size'))) {
  sizeSelect.value = params.get('size')!;
}
if (params.get('api') === 'nova') radio('api', 'nova').checked = true;

let source: 'mock' | 'real' = 'mock';
let pasted: PastedTicket | undefined;
let attempt = 0;

function radio(name: string, value: string): HTMLInputElement {
  return $<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
}
function checkedValue(name: string): string {
  return $<HTMLInputElement>(`input[name="${name}"]:checked`).value;
}

// Called by the element for every attempt, reconnects included: tickets are single-use.
el.ticketProvider = async () => {
  const first = attempt++ === 0;
  if (source === 'real') {
    if (!pasted) throw new Error('no ticket pasted');
    log.add('ticket', `${pasted.description}${first ? '' : ' (again)'}`, 'note');
    return pasted.value;
  }
  const scenario = findScenario(scenarioSelect.value);
  const api = checkedValue('api') as MockApi;
  const [width, height] = sizeSelect.value.split('x').map(Number) as [number, number];
  try {
    const value = await issueMockTicket({scenario, api, width, height, firstAttempt: first});
    const what = api === 'nova' ? 'Nova remote console (mks)' : 'vSphere webmks ticket';
    const faulty = first || !scenario.once ? scenario.label : 'Default guest';
    log.add('ticket', `${first ? '' : 'fresh '}${what} from the mock · ${faulty}`, 'note');
    return value;
  } catch (err) {
    log.add('ticket', err instanceof Error ? err.message : 'request failed', 'error');
    throw err;
  }
};

/** A user-initiated connection: a fresh start for the scenario's one-time fault. */
function connectNow(): void {
  attempt = 0;
  if (el.state !== 'disconnected' && el.state !== 'failed') el.disconnect();
  el.connect();
}

function showSource(value: 'mock' | 'real'): void {
  mockForm.hidden = value !== 'mock';
  realForm.hidden = value !== 'real';
}
for (const input of document.querySelectorAll<HTMLInputElement>('input[name="source"]')) {
  input.addEventListener('change', () => showSource(input.value as 'mock' | 'real'));
}

mockForm.addEventListener('submit', (e) => {
  e.preventDefault();
  source = 'mock';
  connectNow();
});

ticketInput.addEventListener('input', () => {
  ticketKind.classList.remove('error');
  if (!ticketInput.value.trim()) {
    ticketKind.textContent =
      'Paste a URL, a vSphere AcquireTicket("webmks") result or a Nova remote console.';
    return;
  }
  try {
    ticketKind.textContent = `Recognised: ${parsePastedTicket(ticketInput.value).description}.`;
  } catch (err) {
    ticketKind.textContent = err instanceof Error ? err.message : 'Not recognised.';
    ticketKind.classList.add('error');
  }
});

realForm.addEventListener('submit', (e) => {
  e.preventDefault();
  try {
    pasted = parsePastedTicket(ticketInput.value);
  } catch (err) {
    ticketKind.textContent = err instanceof Error ? err.message : 'Not recognised.';
    ticketKind.classList.add('error');
    return;
  }
  // The ticket now lives only in memory: out of the DOM, as in production.
  ticketInput.value = '';
  ticketKind.textContent = `Using: ${pasted.description}.`;
  // A plain VNC server that wants a password asks (webmks-credentials-required).
  el.password = undefined;
  source = 'real';
  connectNow();
});

reconnectBox.addEventListener('change', () => {
  el.reconnect = reconnectBox.checked;
});
el.reconnect = reconnectBox.checked;

// ---- toolbar ----

const connectButton = $<HTMLButtonElement>('#connect');
const cadButton = $<HTMLButtonElement>('#cad');
const keysButton = $<HTMLButtonElement>('#keys');
const viewOnlyButton = $<HTMLButtonElement>('#view-only');
const screenshotButton = $<HTMLButtonElement>('#screenshot');
const fullscreenButton = $<HTMLButtonElement>('#fullscreen');
const statusbar = $('.statusbar');
const stage = $('.stage');
let hasScreen = false;
let guestName = '';

connectButton.addEventListener('click', () => {
  const busy = el.state === 'connecting' || el.state === 'connected' || el.state === 'reconnecting';
  if (busy) el.disconnect();
  else connectNow();
});

function ctrlAltDel(): void {
  el.sendCtrlAltDel();
  log.add('sendCtrlAltDel', '', 'note');
  el.focus();
}
cadButton.addEventListener('click', ctrlAltDel);
$('#fs-cad').addEventListener('click', ctrlAltDel);
$('#fs-exit').addEventListener('click', () => void document.exitFullscreen());

setupKeyMenu(keysButton, $('#keys-menu'), (combo) => {
  el.sendKeys(combo.codes);
  log.add('sendKeys', `${combo.keys} · ${combo.codes.join(' ')}`, 'note');
  el.focus();
});

for (const name of ['scale', 'resize'] as const) {
  const initial = params.get(name);
  if (initial && document.querySelector(`input[name="${name}"][value="${initial}"]`)) {
    radio(name, initial).checked = true;
  }
  const apply = () => {
    const value = checkedValue(name);
    if (name === 'scale') el.scale = value as WebmksConsole['scale'];
    else el.resize = value as WebmksConsole['resize'];
  };
  for (const input of document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)) {
    input.addEventListener('change', () => {
      apply();
      log.add(name, checkedValue(name), 'note');
    });
  }
  apply();
}

viewOnlyButton.addEventListener('click', () => {
  el.viewOnly = !el.viewOnly;
  viewOnlyButton.setAttribute('aria-pressed', String(el.viewOnly));
  log.add('view-only', el.viewOnly ? 'on' : 'off', 'note');
  refreshControls();
});

screenshotButton.addEventListener('click', async () => {
  try {
    const blob = await el.screenshot();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${fileSafe(guestName) || 'console'}-${timestamp()}.png`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    log.add('screenshot', `${link.download} (${Math.round(blob.size / 1024)} KiB)`, 'note');
  } catch (err) {
    log.add('screenshot', err instanceof Error ? err.message : 'failed', 'error');
  }
});

fullscreenButton.addEventListener('click', async () => {
  try {
    await el.requestFullscreen();
    el.focus();
  } catch (err) {
    log.add('fullscreen', err instanceof Error ? err.message : 'refused', 'warn');
  }
});

$('#log-clear').addEventListener('click', () => log.clear());

// ---- VNC password prompt, drawn over the console (slotted) ----

const passwordPrompt = $<HTMLFormElement>('#password-prompt');
const passwordInput = $<HTMLInputElement>('#password-input');
el.addEventListener('webmks-credentials-required', () => {
  log.add('webmks-credentials-required', 'password', 'warn');
  passwordPrompt.hidden = false;
  passwordInput.focus();
});
passwordPrompt.addEventListener('submit', (e) => {
  e.preventDefault();
  // Answers this request only; the element does not keep the password.
  el.sendCredentials(passwordInput.value);
  passwordInput.value = '';
  passwordPrompt.hidden = true;
  el.focus();
});
$('#password-cancel').addEventListener('click', () => {
  passwordInput.value = '';
  passwordPrompt.hidden = true;
  el.disconnect();
});

// ---- the element's events ----

const STATE_TEXT: Record<WebmksConsoleState, string> = {
  disconnected: 'Disconnected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  failed: 'Failed',
};

function refreshControls(): void {
  const state = el.state;
  const busy = state === 'connecting' || state === 'connected' || state === 'reconnecting';
  const input = state === 'connected' && !el.viewOnly;
  connectButton.dataset['action'] = busy ? 'disconnect' : 'connect';
  connectButton.classList.toggle('primary', !busy);
  connectButton.querySelector('.label')!.textContent = busy ? 'Disconnect' : 'Connect';
  cadButton.disabled = !input;
  keysButton.disabled = !input;
  screenshotButton.disabled = !hasScreen;
  typing.setEnabled(input);
  statusbar.dataset['state'] = state;
  $('#state-text').textContent = STATE_TEXT[state];
}

el.addEventListener('webmks-state', (e) => {
  log.add('webmks-state', e.detail.state, e.detail.state === 'failed' ? 'error' : 'info');
  refreshControls();
});
el.addEventListener('webmks-connect', (e) => {
  const {width, height, name} = e.detail;
  hasScreen = true;
  guestName = name;
  $('#guest-name').textContent = name;
  $('#guest-name').title = name;
  $('#guest-size').textContent = `${width} × ${height}`;
  log.add('webmks-connect', e.detail, 'ok');
  refreshControls();
});
el.addEventListener('webmks-disconnect', (e) => {
  passwordPrompt.hidden = true;
  log.add('webmks-disconnect', e.detail, e.detail.clean ? 'warn' : 'error');
});
el.addEventListener('webmks-resize', (e) => {
  $('#guest-size').textContent = `${e.detail.width} × ${e.detail.height}`;
  log.add('webmks-resize', e.detail);
});
el.addEventListener('webmks-leds', (e) => {
  $('#led-num').classList.toggle('on', e.detail.numLock);
  $('#led-caps').classList.toggle('on', e.detail.capsLock);
  $('#led-scroll').classList.toggle('on', e.detail.scrollLock);
  log.add('webmks-leds', e.detail);
});
el.addEventListener('webmks-clipboard', (e) => {
  // Untrusted guest text: shown as text, cut to a readable length.
  const text = e.detail.text;
  log.add('webmks-clipboard', text.length > 200 ? `${text.slice(0, 200)}…` : text);
});
el.addEventListener('webmks-bell', () => {
  log.add('webmks-bell', '', 'warn');
  stage.classList.remove('bell');
  void stage.offsetWidth; // restart the animation
  stage.classList.add('bell');
});
let lastProgressLog = 0;
el.addEventListener('webmks-type-progress', (e) => {
  // Every character fires one; the log shows the first, the last and about 4 a second.
  const now = performance.now();
  const {sent, total} = e.detail;
  if (sent !== 0 && sent !== total && now - lastProgressLog < 250) return;
  lastProgressLog = now;
  log.add('webmks-type-progress', e.detail);
});

function fileSafe(name: string): string {
  return name
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
function timestamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

refreshControls();
log.add('demo', 'ready', 'note');
if (params.get('connect') !== '0') connectNow();
