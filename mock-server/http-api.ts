/**
 * The mock's HTTP API (documented in mock-server/README.md): ticket and
 * Nova console issuing, ground truth, and a few test controls. Every /api
 * response carries `Access-Control-Allow-Origin: *`, so a page on another
 * loopback port can call it directly.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {ConsoleRecord, ConsoleStore} from './console-store.js';
import type {Guest} from './guest/guest.js';
import {
  isSendableCloseCode,
  OptionsError,
  parseConsoleOptions,
  type ConsoleOptionsInput,
} from './options.js';

export interface TicketInfo {
  ticket: string;
  host: string;
  port: number;
  url: string;
  cfgFile: string;
  /** SHA-1 of the certificate, colon-separated upper-case hex; null without TLS. */
  thumbprint: string | null;
}

export interface NovaConsoleInfo {
  remote_console: {protocol: 'mks'; type: 'webmks'; url: string};
}

export interface ApiContext {
  store: ConsoleStore;
  defaults: ConsoleOptionsInput;
  /** Host name written into URLs (never a wildcard address). */
  publicHost: string;
  port(): number;
  tls: boolean;
  thumbprint: string | null;
  log(line: string): void;
}

const MAX_BODY = 64 * 1024;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function cfgFileFor(record: ConsoleRecord): string {
  return `[datastore1] ${record.options.name}/${record.options.name}.vmx`;
}

/** Builds the ticket JSON of a record (vSphere VirtualMachineTicket fields + url). */
export function ticketInfo(ctx: ApiContext, record: ConsoleRecord): TicketInfo {
  const scheme = ctx.tls ? 'wss' : 'ws';
  const port = ctx.port();
  return {
    ticket: record.id,
    host: ctx.publicHost,
    port,
    url: `${scheme}://${hostForUrl(ctx.publicHost)}:${port}/ticket/${record.id}`,
    cfgFile: cfgFileFor(record),
    thumbprint: ctx.thumbprint,
  };
}

/** Builds Nova's create-remote-console answer (§1.4). */
export function novaInfo(ctx: ApiContext, record: ConsoleRecord): NovaConsoleInfo {
  const scheme = ctx.tls ? 'https' : 'http';
  return {
    remote_console: {
      protocol: 'mks',
      type: 'webmks',
      url: `${scheme}://${hostForUrl(ctx.publicHost)}:${ctx.port()}/mks.html?token=${record.id}`,
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  type: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...CORS,
    'content-type': type,
    'cache-control': 'no-store',
    'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length),
    ...extra,
  });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json');
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new OptionsError('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new OptionsError('the body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

function consoleInfo(record: ConsoleRecord, g: Guest): Record<string, unknown> {
  return {
    id: record.id,
    kind: record.kind,
    state: record.state,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    options: record.options,
    width: g.width,
    height: g.height,
    leds: {
      mask: g.leds,
      scrollLock: (g.leds & 1) !== 0,
      numLock: (g.leds & 2) !== 0,
      capsLock: (g.leds & 4) !== 0,
    },
    layout: g.layout,
    consoleLines: g.consoleLines(),
    bytesSent: record.session?.bytesSent ?? 0,
    updatesSent: record.session?.updatesSent ?? 0,
    encodings: record.session?.encodings ?? [],
    inputDropped: record.input.dropped,
    close: record.close ?? null,
  };
}

const INDEX = `webmks mock ESXi server
POST /api/tickets                      -> {ticket, host, port, url, cfgFile, thumbprint}
POST /api/nova/remote-consoles         -> {"remote_console": {"protocol":"mks","type":"webmks","url":...}}
GET  /api/tickets/<id>/screen.png      framebuffer now
GET  /api/tickets/<id>/input           decoded client messages
GET  /api/tickets/<id>/typed           {"text": ...}
GET  /api/tickets/<id>/info            state, size, LEDs, layout
POST /api/tickets/<id>/cut-text        {"text": ...} -> ServerCutText
POST /api/tickets/<id>/disconnect      {"mode": "close"|"abrupt", "code": 1000}
GET  /api/health                       {"ok": true}
WebSocket: /ticket/<ticket> (subprotocol "binary"), or any path with ?token=<nova token>
See mock-server/README.md.
`;

/** Handles one HTTP request. */
export async function handleHttp(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mock.invalid');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  try {
    if (method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    if (path === '/api/health' && method === 'GET') return json(res, 200, {ok: true});
    if (path === '/api/tickets' && method === 'POST') {
      const options = parseConsoleOptions(await readJson(req), ctx.defaults);
      const record = ctx.store.issue('ticket', options);
      ctx.log(`ticket issued (scenario ${options.scenario.name})`);
      return json(res, 200, ticketInfo(ctx, record));
    }
    if (path === '/api/nova/remote-consoles' && method === 'POST') {
      const body = (await readJson(req)) as Record<string, unknown> | null;
      let given: unknown = body;
      if (body && typeof body === 'object' && 'remote_console' in body) {
        const rc = body.remote_console as Record<string, unknown> | null;
        if (rc && ((rc.protocol ?? 'mks') !== 'mks' || (rc.type ?? 'webmks') !== 'webmks')) {
          return json(res, 400, {error: 'only protocol "mks", type "webmks" is offered'});
        }
        const {remote_console: _ignored, ...rest} = body;
        given = rest;
      }
      const options = parseConsoleOptions(given, ctx.defaults);
      const record = ctx.store.issue('nova', options);
      ctx.log(`nova console issued (scenario ${options.scenario.name})`);
      return json(res, 200, novaInfo(ctx, record));
    }
    const m = /^\/api\/tickets\/([^/]+)\/([a-z.-]+)$/.exec(path);
    if (m) {
      const record = ctx.store.get(decodeURIComponent(m[1]!));
      if (!record) return json(res, 404, {error: 'unknown ticket or token'});
      const what = m[2]!;
      if (method === 'GET' && what === 'input') return json(res, 200, record.input.list());
      if (method === 'GET' && what === 'typed') {
        return json(res, 200, {text: ctx.store.typedOf(record)});
      }
      if (method === 'GET' && (what === 'screen.png' || what === 'info')) {
        const g = ctx.store.guestIfKept(record);
        if (!g)
          return json(res, 410, {error: 'the screen of this closed console is no longer kept'});
        if (what === 'info') return json(res, 200, consoleInfo(record, g));
        return send(res, 200, g.screenPng(), 'image/png');
      }
      if (method === 'POST' && what === 'cut-text') {
        const body = (await readJson(req)) as {text?: unknown};
        if (typeof body?.text !== 'string')
          return json(res, 400, {error: '"text" must be a string'});
        if (!record.session || record.state !== 'connected') {
          return json(res, 409, {error: 'no live session'});
        }
        record.session.sendCutText(body.text);
        return json(res, 200, {sent: true});
      }
      if (method === 'POST' && what === 'disconnect') {
        const body = (await readJson(req)) as {mode?: unknown; code?: unknown};
        const mode = body?.mode === 'abrupt' ? 'abrupt' : 'close';
        const code = typeof body?.code === 'number' ? body.code : 1000;
        if (!Number.isInteger(code) || !isSendableCloseCode(code)) {
          return json(res, 400, {error: '"code" must be 1000–1003, 1007–1014 or 3000–4999'});
        }
        if (!record.session || record.state !== 'connected') {
          return json(res, 409, {error: 'no live session'});
        }
        record.session.disconnect(mode, code);
        return json(res, 200, {disconnected: true});
      }
      return json(res, 404, {error: 'unknown endpoint'});
    }
    if (path === '/mks.html' && method === 'GET') {
      // Nova's MKS proxy serves a console page here; the mock only says where the socket is.
      return send(
        res,
        200,
        '<!doctype html><title>mock MKS proxy</title><p>Open a WebSocket to this host and port with the same ?token=.</p>',
        'text/html; charset=utf-8',
      );
    }
    if (path === '/' && method === 'GET') return send(res, 200, INDEX, 'text/plain; charset=utf-8');
    if (path.startsWith('/api/')) return json(res, 404, {error: 'unknown endpoint'});
    return send(res, 404, 'not found\n', 'text/plain; charset=utf-8');
  } catch (e) {
    if (e instanceof OptionsError) return json(res, 400, {error: e.message});
    ctx.log(`internal error: ${(e as Error).stack ?? e}`);
    if (!res.headersSent) json(res, 500, {error: 'internal error'});
    else res.destroy();
  }
}
