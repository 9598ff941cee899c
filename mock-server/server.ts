/**
 * The mock ESXi WebMKS server, programmatic API. Vitest and Playwright start
 * it in-process; the CLI (cli.ts) uses it too.
 *
 *   const mock = await startMockServer({port: 0});
 *   const t = mock.issueTicket({width: 640, height: 480});
 *   // new WebSocket(t.url, ['binary']) …
 *   await mock.close();
 */
import {
  createServer as createHttpServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo, Socket} from 'node:net';
import {WebSocketServer} from 'ws';
import {ConsoleStore, type ConsoleKind, type ConsoleRecord} from './console-store.js';
import {
  handleHttp,
  novaInfo,
  ticketInfo,
  type ApiContext,
  type NovaConsoleInfo,
  type TicketInfo,
} from './http-api.js';
import {parseConsoleOptions, type ConsoleOptionsInput} from './options.js';
import type {InputRecord} from './session/input-records.js';
import {Session} from './session/session.js';
import {generateSelfSignedCertificate, sha1Thumbprint} from './tls.js';

export type {TicketInfo, NovaConsoleInfo} from './http-api.js';
export type {InputRecord} from './session/input-records.js';
export type {ConsoleOptions, ConsoleOptionsInput, Scenario, ScenarioName} from './options.js';
export {SCENARIO_NAMES} from './options.js';
export {CURSOR, CURSOR_BYTE_ORDER} from './guest/cursor.js';

export interface MockServerOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port; 0 = ephemeral. Default 8090. */
  port?: number;
  /** true: HTTPS/WSS with a self-signed certificate made now; or your own PEM key and cert. */
  tls?: boolean | {key: string; cert: string};
  /** Default console options for every ticket/token (a request's fields win). */
  defaults?: ConsoleOptionsInput;
  /** Host written into ticket/Nova URLs; default: the bound host (127.0.0.1 for a wildcard). */
  publicHost?: string;
  /** Receives one line per notable event (tickets, sessions); silent by default. */
  log?: (line: string) => void;
}

/** In-process view of a console's ground truth. */
export interface ConsoleView {
  readonly id: string;
  readonly kind: ConsoleKind;
  readonly state: 'issued' | 'connected' | 'closed';
  readonly width: number;
  readonly height: number;
  /** VMWLEDState mask: bit 0 Scroll, 1 Num, 2 Caps. */
  readonly leds: number;
  input(): readonly InputRecord[];
  typed(): string;
  /** Throws for an old closed console whose screen was released (see README). */
  screenPng(): Uint8Array;
  /** R, G, B, A of the framebuffer now (a copy). */
  screenRgba(): Uint8Array;
  /** Where the server closed or saw the close: code and reason. */
  readonly close: {code: number; reason: string} | undefined;
}

export interface MockServer {
  readonly host: string;
  readonly port: number;
  /** http(s)://host:port */
  readonly baseUrl: string;
  /** ws(s)://host:port */
  readonly wsBaseUrl: string;
  readonly tls: boolean;
  /** Certificate SHA-1 as vSphere writes it, or null without TLS. */
  readonly thumbprint: string | null;
  /** PEM certificate (TLS only), for clients that want to trust it. */
  readonly certificate: string | null;
  issueTicket(options?: ConsoleOptionsInput): TicketInfo;
  /** Nova's answer plus the token and the WebSocket URL to use with it. */
  issueNovaConsole(
    options?: ConsoleOptionsInput,
  ): NovaConsoleInfo & {token: string; websocketUrl: string};
  inspect(ticketOrToken: string): ConsoleView | undefined;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 5000;

function rejectUpgrade(socket: Socket, status: number, text: string): void {
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

function offeredProtocols(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol'];
  if (!h) return [];
  return h
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const c = req.headers.cookie;
  if (!c) return undefined;
  for (const part of c.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'token') return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function view(store: ConsoleStore, r: ConsoleRecord): ConsoleView {
  return {
    id: r.id,
    kind: r.kind,
    get state() {
      return r.state;
    },
    get width() {
      return store.guestIfKept(r)?.width ?? 0;
    },
    get height() {
      return store.guestIfKept(r)?.height ?? 0;
    },
    get leds() {
      return store.guestIfKept(r)?.leds ?? 0;
    },
    get close() {
      return r.close;
    },
    input: () => r.input.list(),
    typed: () => store.typedOf(r),
    screenPng: () => store.guestOf(r).screenPng(),
    screenRgba: () => store.guestOf(r).fb.data.slice(),
  };
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 8090;
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const publicHost = options.publicHost ?? (wildcard ? '127.0.0.1' : host);
  const log = options.log ?? (() => {});
  const defaults = options.defaults ?? {};
  parseConsoleOptions({}, defaults); // fail fast on bad defaults

  let tlsMaterial: {key: string; cert: string; thumbprint: string} | undefined;
  if (options.tls === true) tlsMaterial = generateSelfSignedCertificate([publicHost, 'localhost']);
  else if (options.tls)
    tlsMaterial = {...options.tls, thumbprint: sha1Thumbprint(options.tls.cert)};

  const store = new ConsoleStore();
  let boundPort = requestedPort;
  const ctx: ApiContext = {
    store,
    defaults,
    publicHost,
    port: () => boundPort,
    tls: tlsMaterial !== undefined,
    thumbprint: tlsMaterial?.thumbprint ?? null,
    log,
  };

  const onRequest = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    void handleHttp(ctx, req, res);
  };
  const server: Server = tlsMaterial
    ? createHttpsServer({key: tlsMaterial.key, cert: tlsMaterial.cert}, onRequest)
    : createHttpServer(onRequest);

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 4 << 20,
    // ESXi answers with `binary` (§1.3, §8.1).
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const ticketMatch = /^\/ticket\/([^/]+)$/.exec(url.pathname);
    let kind: ConsoleKind;
    let id: string | undefined;
    if (ticketMatch) {
      kind = 'ticket';
      id = decodeURIComponent(ticketMatch[1]!);
    } else {
      // Nova's MKS proxy (websockify) takes the token from the query or a cookie, on any path (§1.4).
      kind = 'nova';
      id = url.searchParams.get('token') ?? cookieToken(req);
    }
    if (!id) return rejectUpgrade(socket, 404, 'no ticket or token\n');
    const check = store.check(id, kind);
    if (!check.ok) {
      log(`${kind} refused: ${check.why}`);
      return rejectUpgrade(socket, 404, `${kind} ${check.why}\n`);
    }
    const offered = offeredProtocols(req);
    // ESXi drops connections that do not offer `binary` (§1.3, §8.1); websockify also accepts none.
    const acceptable =
      kind === 'ticket'
        ? offered.includes('binary')
        : offered.length === 0 || offered.includes('binary');
    if (!acceptable) {
      log(`${kind} refused: subprotocol "binary" not offered (ticket kept)`);
      return rejectUpgrade(socket, 400, 'the "binary" WebSocket subprotocol is required\n');
    }
    const record = check.record;
    store.claim(record);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new Session(ws, record, store, kind === 'ticket' ? 'rfb' : 'nova');
      record.session = session;
      ws.on('close', (code: number) => log(`${kind} session closed (${code})`));
      log(`${kind} session opened (scenario ${record.options.scenario.name})`);
      session.start();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;
  const sweeper = setInterval(() => store.sweep(), SWEEP_INTERVAL_MS);
  sweeper.unref();

  const urlHost = publicHost.includes(':') ? `[${publicHost}]` : publicHost;
  const tls = tlsMaterial !== undefined;
  let closed: Promise<void> | undefined;

  return {
    host,
    port: boundPort,
    baseUrl: `${tls ? 'https' : 'http'}://${urlHost}:${boundPort}`,
    wsBaseUrl: `${tls ? 'wss' : 'ws'}://${urlHost}:${boundPort}`,
    tls,
    thumbprint: tlsMaterial?.thumbprint ?? null,
    certificate: tlsMaterial?.cert ?? null,
    issueTicket(opts = {}) {
      return ticketInfo(ctx, store.issue('ticket', parseConsoleOptions(opts, defaults)));
    },
    issueNovaConsole(opts = {}) {
      const record = store.issue('nova', parseConsoleOptions(opts, defaults));
      return {
        ...novaInfo(ctx, record),
        token: record.id,
        websocketUrl: `${tls ? 'wss' : 'ws'}://${urlHost}:${boundPort}/?token=${record.id}`,
      };
    },
    inspect(id) {
      const r = store.get(id);
      return r ? view(store, r) : undefined;
    },
    close() {
      closed ??= (async () => {
        clearInterval(sweeper);
        for (const r of store.all()) r.session?.dispose();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closed;
    },
  };
}
