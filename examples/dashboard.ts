/**
 * Dashboard example: a grid of view-only console thumbnails. A thumbnail
 * connects only while it is on screen (IntersectionObserver) and the tab is
 * visible, and disconnects (stops all traffic) shortly after it scrolls away;
 * clicking one opens an interactive console for that machine in a <dialog>.
 * Thumbnails pause while the dialog covers them. Tickets come from the mock
 * ESXi server, a fresh one for every connection (they are single-use).
 */
import '../src/webmks-console.js';
import type {WebmksConsole, WebmksConsoleState} from '../src/index.js';
import {setupTheme} from '../demo/theme.js';

interface Machine {
  name: string;
  os: string;
  width: number;
  height: number;
}

const MACHINES: readonly Machine[] = [
  {name: 'web-01', os: 'Ubuntu 24.04', width: 1024, height: 768},
  {name: 'web-02', os: 'Ubuntu 24.04', width: 1024, height: 768},
  {name: 'api-gateway', os: 'Debian 12', width: 1280, height: 800},
  {name: 'db-primary', os: 'Rocky Linux 9', width: 1024, height: 768},
  {name: 'db-replica', os: 'Rocky Linux 9', width: 1024, height: 768},
  {name: 'cache-01', os: 'Alpine 3.20', width: 800, height: 600},
  {name: 'build-agent-1', os: 'Windows Server 2022', width: 1280, height: 800},
  {name: 'build-agent-2', os: 'Windows Server 2022', width: 1280, height: 800},
  {name: 'mail-relay', os: 'Debian 12', width: 800, height: 600},
  {name: 'vpn-edge', os: 'FreeBSD 14', width: 1024, height: 768},
  {name: 'monitoring', os: 'Ubuntu 22.04', width: 1280, height: 800},
  {name: 'ldap-01', os: 'Rocky Linux 9', width: 1024, height: 768},
  {name: 'k8s-node-1', os: 'Flatcar 3975', width: 1024, height: 768},
  {name: 'k8s-node-2', os: 'Flatcar 3975', width: 1024, height: 768},
  {name: 'staging-web', os: 'Ubuntu 24.04', width: 800, height: 600},
  {name: 'backup-01', os: 'Debian 12', width: 1024, height: 768},
];

/** Wait this long on screen before connecting, so a fast scroll does not open sockets. */
const CONNECT_DELAY_MS = 150;
/** Keep a thumbnail connected this long after it left the screen (scrolling back is common). */
const PAUSE_DELAY_MS = 1500;

const STATE_TEXT: Record<WebmksConsoleState, string> = {
  disconnected: 'Paused',
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  failed: 'Failed',
};

/** A fresh single-use ticket for `machine` (vSphere's AcquireTicket("webmks"), mocked). */
async function ticketFor(machine: Machine) {
  const res = await fetch('/api/tickets', {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({name: machine.name, width: machine.width, height: machine.height}),
  });
  if (!res.ok) throw new Error(`ticket request failed: HTTP ${res.status}`);
  return (await res.json()) as {host: string; port: number; ticket: string; url: string};
}

interface Tile {
  machine: Machine;
  item: HTMLLIElement;
  console: WebmksConsole;
  visible: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

setupTheme(document.querySelector<HTMLButtonElement>('#theme'));

const grid = document.querySelector<HTMLUListElement>('#grid')!;
const dialog = document.querySelector<HTMLDialogElement>('#viewer')!;
const tiles = new Map<Element, Tile>();

function element(tag: string, className: string, text = ''): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

function createTile(machine: Machine): Tile {
  const item = document.createElement('li');
  item.className = 'tile';
  item.dataset['vm'] = machine.name;
  item.dataset['state'] = 'disconnected';

  const screen = element('div', 'thumb');
  const el = document.createElement('webmks-console');
  el.noAutoConnect = true;
  el.viewOnly = true;
  el.reconnect = true;
  // Not a keyboard stop: the tile's button opens the machine instead.
  el.tabIndex = -1;
  el.ticketProvider = () => ticketFor(machine);
  screen.append(el);

  const caption = element('div', 'caption');
  const title = element('div', 'title');
  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'open';
  open.textContent = machine.name;
  open.setAttribute('aria-label', `Open ${machine.name}`);
  title.append(element('span', 'state-dot'), open);
  const meta = element('div', 'meta');
  meta.append(
    element('span', 'os', machine.os),
    element('span', 'size', `${machine.width} × ${machine.height}`),
    element('span', 'status', STATE_TEXT.disconnected),
  );
  caption.append(title, meta);
  item.append(screen, caption);

  const tile: Tile = {machine, item, console: el, visible: false, timer: undefined};
  el.addEventListener('webmks-state', (e) => {
    item.dataset['state'] = e.detail.state;
    meta.querySelector('.status')!.textContent = STATE_TEXT[e.detail.state];
    updateSummary();
  });
  el.addEventListener('webmks-resize', (e) => {
    meta.querySelector('.size')!.textContent = `${e.detail.width} × ${e.detail.height}`;
  });
  open.addEventListener('click', () => openViewer(machine));
  return tile;
}

/** Connect or pause `tile` to match whether anyone can see it. */
function schedule(tile: Tile): void {
  const wanted = tile.visible && !document.hidden && !dialog.open;
  const state = tile.console.state;
  const running = state !== 'disconnected' && state !== 'failed';
  clearTimeout(tile.timer);
  tile.timer = undefined;
  if (wanted && !running) {
    tile.timer = setTimeout(() => tile.console.connect(), CONNECT_DELAY_MS);
  } else if (!wanted && running) {
    // Hidden behind the dialog or in a background tab: pause now. Scrolled away: after a grace period.
    const delay = tile.visible ? 0 : PAUSE_DELAY_MS;
    tile.timer = setTimeout(() => tile.console.disconnect(), delay);
  }
}

function scheduleAll(): void {
  for (const tile of tiles.values()) schedule(tile);
}

function updateSummary(): void {
  let live = 0;
  for (const tile of tiles.values()) if (tile.console.state === 'connected') live++;
  document.querySelector('#count-total')!.textContent = String(tiles.size);
  document.querySelector('#count-live')!.textContent = String(live);
  document.querySelector('#count-paused')!.textContent = String(tiles.size - live);
}

const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      const tile = tiles.get(entry.target);
      if (!tile) continue;
      tile.visible = entry.isIntersecting;
      schedule(tile);
    }
  },
  {threshold: 0.15},
);

for (const machine of MACHINES) {
  const tile = createTile(machine);
  tiles.set(tile.item, tile);
  grid.append(tile.item);
  observer.observe(tile.item);
}
updateSummary();
document.addEventListener('visibilitychange', scheduleAll);

// ---- the large interactive view ----

const viewerBody = document.querySelector<HTMLElement>('#viewer-body')!;
const viewerTitle = document.querySelector<HTMLElement>('#viewer-title')!;
const viewerState = document.querySelector<HTMLElement>('#viewer-state')!;
let viewer: WebmksConsole | undefined;

function openViewer(machine: Machine): void {
  viewer?.remove();
  const el = document.createElement('webmks-console');
  el.reconnect = true;
  el.ticketProvider = () => ticketFor(machine);
  el.addEventListener('webmks-state', (e) => {
    dialog.dataset['state'] = e.detail.state;
    viewerState.textContent = STATE_TEXT[e.detail.state];
    if (e.detail.state === 'connected') el.focus();
  });
  viewer = el;
  viewerTitle.textContent = machine.name;
  viewerState.textContent = '';
  dialog.dataset['state'] = 'connecting';
  dialog.dataset['vm'] = machine.name;
  dialog.showModal();
  // Connects by itself once in the document (it has a ticketProvider).
  viewerBody.append(el);
  scheduleAll();
}

dialog.addEventListener('close', () => {
  // Removing the element closes its socket at once.
  viewer?.remove();
  viewer = undefined;
  scheduleAll();
});
// Escape belongs to the guest while the console has focus.
dialog.addEventListener('cancel', (e) => {
  if (viewer && document.activeElement === viewer) e.preventDefault();
});
document.querySelector('#viewer-close')!.addEventListener('click', () => dialog.close());
document.querySelector('#viewer-cad')!.addEventListener('click', () => {
  viewer?.sendCtrlAltDel();
  viewer?.focus();
});
document.querySelector('#viewer-fullscreen')!.addEventListener('click', () => {
  void viewer?.requestFullscreen().then(() => viewer?.focus());
});
