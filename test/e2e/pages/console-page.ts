/**
 * The e2e test page: one `<webmks-console>` plus helpers the Playwright specs
 * call through page.evaluate (window.e2e). Tickets come from the mock server
 * through Vite's /api proxy; the WebSocket goes to the mock directly.
 */
import '../../../src/webmks-console.js';
import type {WebmksConsole} from '../../../src/element/webmks-console.component.js';
import {diffWithServerScreen} from '../helpers/screen-diff.js';

interface IssuedTicket {
  ticket: string;
  host: string;
  port: number;
  url: string;
}

interface E2e {
  el: WebmksConsole;
  /** Tickets handed to the element, in order. */
  tickets: string[];
  /** Their WebSocket URLs. */
  urls: string[];
  /** Every element event: type and detail. */
  events: Array<{type: string; detail: unknown}>;
  /** Issues tickets with these options (the nth attempt uses options[n] or the last). */
  useTickets(options: Array<Record<string, unknown>>): void;
  /** Issues Nova consoles instead. */
  useNova(options: Record<string, unknown>): void;
  /** Compares getImageData() with the mock's screen.png: the number of differing pixels. */
  compareWithServer(ticket: string): Promise<{diff: number; width: number; height: number}>;
}

const el = document.querySelector<WebmksConsole>('#console')!;
const e2e: E2e = {
  el,
  tickets: [],
  urls: [],
  events: [],
  useTickets(options) {
    let n = 0;
    el.ticketProvider = async () => {
      const body = options[Math.min(n++, options.length - 1)] ?? {};
      const res = await fetch('/api/tickets', {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify(body),
      });
      const t = (await res.json()) as IssuedTicket;
      e2e.tickets.push(t.ticket);
      e2e.urls.push(t.url);
      // The vSphere shape ({host, port, ticket}); the element builds the URL.
      return {host: t.host, port: t.port, ticket: t.ticket, url: t.url};
    };
  },
  useNova(options) {
    el.ticketProvider = async () => {
      const res = await fetch('/api/nova/remote-consoles', {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({remote_console: {protocol: 'mks', type: 'webmks'}, ...options}),
      });
      const rc = (await res.json()) as {remote_console: {url: string}};
      e2e.tickets.push(new URL(rc.remote_console.url).searchParams.get('token') ?? '');
      return rc;
    };
  },
  compareWithServer: (ticket) => diffWithServerScreen(el, ticket),
};

for (const type of [
  'webmks-connect',
  'webmks-disconnect',
  'webmks-state',
  'webmks-resize',
  'webmks-leds',
  'webmks-clipboard',
  'webmks-bell',
  'webmks-type-progress',
]) {
  el.addEventListener(type, (e) => e2e.events.push({type, detail: (e as CustomEvent).detail}));
}

(window as unknown as {e2e: E2e}).e2e = e2e;
