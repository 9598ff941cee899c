/**
 * Where the demo's tickets come from: the mock ESXi server (through the /api
 * proxy; a new single-use ticket for every attempt, as vSphere or Nova would
 * issue it), or what the user pasted for a real host.
 */
import type {TicketValue} from '../src/index.js';
import type {Scenario} from './scenarios.js';

export type MockApi = 'vsphere' | 'nova';

export interface MockRequest {
  scenario: Scenario;
  api: MockApi;
  width: number;
  height: number;
  /** The first ticket of a connection gets the scenario's fault; retries of `once` faults do not. */
  firstAttempt: boolean;
}

/** Asks the mock for a vSphere ticket or a Nova remote console. */
export async function issueMockTicket(req: MockRequest): Promise<TicketValue> {
  const fault = req.firstAttempt || !req.scenario.once;
  const options = {width: req.width, height: req.height, ...(fault ? req.scenario.options : {})};
  const nova = req.api === 'nova';
  const body = nova ? {remote_console: {protocol: 'mks', type: 'webmks'}, ...options} : options;
  let res: Response;
  try {
    res = await fetch(nova ? '/api/nova/remote-consoles' : '/api/tickets', {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error('The mock server did not answer. Is it running (npm start or npm run mock)?');
  }
  if (!res.ok) throw new Error(`The mock server refused the ticket request (HTTP ${res.status}).`);
  // vSphere: {ticket, host, port, url, cfgFile, thumbprint}, as AcquireTicket("webmks");
  // Nova: {remote_console: {protocol, type, url}}. The element takes both as they are.
  return (await res.json()) as TicketValue;
}

export interface PastedTicket {
  value: TicketValue;
  /** What it looks like, for the form: never contains the ticket itself. */
  description: string;
  /** A ticket or token is spent by its first connection. */
  singleUse: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * Reads what the user pasted: a console URL, or the JSON a vSphere
 * `AcquireTicket("webmks")` or a Nova `POST /servers/{id}/remote-consoles`
 * returned. Throws an Error with a message for the form (without the ticket).
 */
export function parsePastedTicket(text: string): PastedTicket {
  const trimmed = text.trim();
  if (!trimmed) throw new Error('Paste a URL or a JSON response first.');
  if (!trimmed.startsWith('{')) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new Error('That is neither a URL nor JSON.');
    }
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) {
      throw new Error('The URL must start with wss://, ws://, https:// or http://.');
    }
    const ticketed = /\/ticket\/[^/]+/.test(url.pathname) || url.searchParams.has('token');
    return {
      value: trimmed,
      description: `${ticketed ? 'Ticket URL' : 'Console URL'} for ${url.host}`,
      singleUse: ticketed,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new Error('The JSON does not parse. Paste the whole response.');
  }
  if (!isRecord(json)) throw new Error('Expected a JSON object.');
  const nova = isRecord(json['remote_console']) ? json['remote_console'] : json;
  if (typeof nova['protocol'] === 'string' && typeof nova['url'] === 'string') {
    const protocol = nova['protocol'];
    return {
      value: {remote_console: {protocol, type: String(nova['type'] ?? ''), url: nova['url']}},
      description: `Nova remote console (${protocol}) on ${hostOf(nova['url']) || 'an unknown host'}`,
      singleUse: true,
    };
  }
  // vSphere: VirtualMachineTicket. `returnval` wraps it in some SDK dumps.
  const vs = isRecord(json['returnval']) ? json['returnval'] : json;
  if (typeof vs['url'] === 'string' && vs['url']) {
    return {
      value: {url: vs['url']},
      description: `vSphere ticket URL for ${hostOf(vs['url'])}`,
      singleUse: true,
    };
  }
  if (typeof vs['ticket'] === 'string' && typeof vs['host'] === 'string') {
    const port =
      typeof vs['port'] === 'number' || typeof vs['port'] === 'string' ? vs['port'] : 443;
    return {
      value: {host: vs['host'], port, ticket: vs['ticket']},
      description: `vSphere ticket for ${vs['host']}:${port}`,
      singleUse: true,
    };
  }
  throw new Error('No console found: expected {host, port, ticket}, {url} or {remote_console}.');
}
