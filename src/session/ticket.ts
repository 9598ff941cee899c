/**
 * Ticket resolution: whatever a `ticketProvider` returns (or the `url`
 * attribute holds) becomes one WebSocket URL plus the protocol flavor to use.
 *
 * Accepted shapes (issue 5):
 * - a URL string (`wss://host/ticket/T`, `ws://host:port/?token=T`, …);
 * - a vSphere ticket `{host, port, ticket}` (VirtualMachineTicket) or `{url}`
 *   (vSphere 7+ returns the whole URL) → `wss://host[:port]/ticket/T`, where
 *   port 443 is the default and is left out (webmks-protocol.md §1.1);
 * - a Nova remote console `{protocol, type, url}`, bare or wrapped as
 *   `{remote_console: {...}}`, whose page URL `http(s)://host:port/mks.html?token=T`
 *   becomes `ws(s)://host:port/?token=T` (the page file name is dropped, any
 *   directory path and the whole query are kept; webmks-protocol.md §1.4).
 *
 * Errors never quote the input: it holds the ticket.
 */

/** The protocol flavor: VMware extensions from the start, or plain RFB (which still switches to VMware on mode B). */
export type ConsoleFlavor = 'vmware' | 'vnc';

/** A vSphere `VirtualMachineTicket` (only the fields we use). */
export interface VsphereTicket {
  host?: string;
  port?: number | string;
  ticket?: string;
  /** vSphere 7+: the complete WebSocket URL. Preferred when present. */
  url?: string;
}

/** An OpenStack Nova `remote_console` object (POST /servers/{id}/remote-consoles). */
export interface NovaRemoteConsole {
  protocol?: string;
  type?: string;
  url: string;
}

/** Anything a ticket provider may return. */
export type TicketValue =
  string | URL | VsphereTicket | NovaRemoteConsole | {remote_console: NovaRemoteConsole};

/** Supplies a fresh ticket for every connection attempt (tickets are single-use). */
export type TicketProvider = () => TicketValue | Promise<TicketValue>;

/** Where to connect and how to speak. */
export interface ResolvedTicket {
  url: string;
  flavor: ConsoleFlavor;
}

/** A ticket that cannot be used. The message is fixed text without the ticket. */
export class TicketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TicketError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Turns a provider's answer into a WebSocket URL and a flavor. Throws TicketError. */
export function resolveTicket(value: unknown): ResolvedTicket {
  if (typeof value === 'string') return fromUrlString(value);
  if (value instanceof URL) return fromUrlString(value.href);
  if (!isObject(value)) throw new TicketError('The ticket provider returned an unusable value.');
  const wrapped = value['remote_console'];
  if (isObject(wrapped)) return fromNova(wrapped);
  if (typeof value['protocol'] === 'string' && typeof value['url'] === 'string') {
    return fromNova(value);
  }
  if (typeof value['url'] === 'string' && value['url'] !== '') {
    return fromUrlString(value['url']);
  }
  if (typeof value['ticket'] === 'string') return fromVsphere(value);
  throw new TicketError('The ticket provider returned an object without a url or ticket.');
}

function fromVsphere(t: Record<string, unknown>): ResolvedTicket {
  const ticket = t['ticket'];
  const host = t['host'];
  if (typeof ticket !== 'string' || ticket === '') throw new TicketError('The ticket is empty.');
  if (typeof host !== 'string' || !isPlainHost(host)) {
    throw new TicketError('The ticket has no usable host.');
  }
  const port = parsePort(t['port']);
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const portPart = port === 443 ? '' : `:${port}`;
  return {
    url: `wss://${hostPart}${portPart}/ticket/${encodeURIComponent(ticket)}`,
    flavor: 'vmware',
  };
}

function fromNova(rc: Record<string, unknown>): ResolvedTicket {
  const pageUrl = rc['url'];
  if (typeof pageUrl !== 'string') throw new TicketError('The remote console has no url.');
  const protocol = typeof rc['protocol'] === 'string' ? rc['protocol'].toLowerCase() : '';
  const resolved = fromUrlString(pageUrl);
  // Nova's `mks` consoles are VMware MKS behind nova-mksproxy (mode B, §1.4);
  // `vnc` and `spice`-less consoles stay plain RFB.
  return {url: resolved.url, flavor: protocol === 'mks' ? 'vmware' : resolved.flavor};
}

function fromUrlString(text: string): ResolvedTicket {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TicketError('The console URL is not a valid absolute URL.');
  }
  switch (url.protocol) {
    case 'ws:':
    case 'wss:':
      break;
    case 'http:':
    case 'https:':
      // A console page URL (Nova): the socket lives at the page's directory.
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.pathname = url.pathname.replace(/[^/]*\.html?$/i, '');
      break;
    default:
      throw new TicketError('The console URL must use ws:, wss:, http: or https:.');
  }
  // A fragment is never sent and some browsers refuse it in a WebSocket URL.
  url.hash = '';
  const flavor: ConsoleFlavor = /(^|\/)ticket\/[^/]+/i.test(url.pathname) ? 'vmware' : 'vnc';
  return {url: url.href, flavor};
}

function parsePort(port: unknown): number {
  if (port === undefined || port === null || port === '') return 443;
  const n = typeof port === 'number' ? port : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new TicketError('The ticket has an invalid port.');
  }
  return n;
}

/** A host name or address, with nothing that could smuggle in a path or user info. */
function isPlainHost(host: string): boolean {
  return host !== '' && !/[\s/?#@\\]/.test(host);
}
