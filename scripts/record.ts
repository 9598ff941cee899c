/**
 * `npm run record -- <ws-url> <file> [--port N] [--insecure]`
 *
 * A loopback WebSocket recording proxy. It listens on 127.0.0.1 (an
 * ephemeral port unless --port), and for the first client that connects it
 * opens <ws-url> offering the same subprotocols, answers the client with the
 * subprotocol the server chose, forwards every message both ways, and logs
 * each one with its time since the connection started in websockify's
 * `--record` format (bench/lib/record-format.ts), so noVNC's player reads the
 * file too. A <file> ending in `.gz` is written gzip-compressed. When either
 * side closes, the other is closed with the same code, the file is finished
 * ('EOF'];) and the CLI exits. The client's request path is not forwarded:
 * <ws-url> is used exactly as given (tickets are single-use anyway).
 *
 * Only one session per run is recorded; later connections are refused (503).
 */
import {createWriteStream, mkdirSync, type WriteStream} from 'node:fs';
import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {dirname, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {createGzip, type Gzip} from 'node:zlib';
import {WebSocket, WebSocketServer, type RawData} from 'ws';
import {RECORD_HEADER, RECORD_TRAILER, formatFrame} from '../bench/lib/record-format.js';

export interface RecorderOptions {
  /** The real server, ws:// or wss://. */
  upstream: string;
  /** Output file; `.gz` means gzip-compressed. */
  file: string;
  /** Port on 127.0.0.1; 0 (default) = ephemeral. */
  port?: number;
  /** Accept a self-signed certificate on a wss:// upstream. */
  insecure?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface RecordSummary {
  file: string;
  serverFrames: number;
  clientFrames: number;
  serverBytes: number;
  clientBytes: number;
  durationMs: number;
  closeCode: number;
}

export interface Recorder {
  /** ws://127.0.0.1:<port>/ — point the client here. */
  readonly url: string;
  readonly port: number;
  /** Resolves once the recorded session ended and the file is complete. */
  readonly done: Promise<RecordSummary>;
  /** Stops listening (and ends a session still running). */
  close(): Promise<void>;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Close codes a peer may send in a close frame (RFC 6455 §7.4). */
function sendableCode(code: number): number {
  return code === 1000 ||
    (code >= 1001 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999)
    ? code
    : 1000;
}

class RecordFile {
  private readonly _out: WriteStream;
  private readonly _gzip: Gzip | undefined;
  private readonly _finished: Promise<void>;

  constructor(path: string) {
    mkdirSync(dirname(path), {recursive: true});
    this._out = createWriteStream(path);
    this._finished = new Promise((res, rej) => {
      this._out.once('finish', () => res());
      this._out.once('error', rej);
    });
    if (path.endsWith('.gz')) {
      this._gzip = createGzip({level: 9});
      this._gzip.pipe(this._out);
    }
    this._write(RECORD_HEADER);
  }

  private _write(text: string): void {
    (this._gzip ?? this._out).write(text, 'latin1');
  }

  frame(fromClient: boolean, timestamp: number, data: Uint8Array): void {
    this._write(formatFrame({fromClient, timestamp, data}));
  }

  finish(): Promise<void> {
    this._write(RECORD_TRAILER);
    (this._gzip ?? this._out).end();
    return this._finished;
  }
}

export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const log = options.log ?? (() => {});
  const file = resolve(options.file);
  // The client gets whichever subprotocol the server chose for the upstream connection.
  const chosen = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 64 << 20,
    handleProtocols: (_offered, request) => chosen.get(request) || false,
  });
  let taken = false;
  let resolveDone!: (s: RecordSummary) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<RecordSummary>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  let endSession: (() => void) | undefined;

  const server: Server = createServer((_req, res) => {
    res.writeHead(426, {'Content-Type': 'text/plain'});
    res.end('WebSocket only\n');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (taken) {
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    taken = true;
    const offered = (req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    const start = performance.now();
    const stamp = () => performance.now() - start;
    const upstream = new WebSocket(options.upstream, offered, {
      perMessageDeflate: false,
      maxPayload: 64 << 20,
      rejectUnauthorized: !options.insecure,
      ...(req.headers.origin ? {origin: req.headers.origin} : {}),
    });
    upstream.binaryType = 'nodebuffer';
    const early: Uint8Array[] = [];
    const summary = {serverFrames: 0, clientFrames: 0, serverBytes: 0, clientBytes: 0};
    const record = new RecordFile(file);
    let finished = false;
    let client: WebSocket | undefined;

    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      record
        .finish()
        .then(
          () => resolveDone({file, ...summary, durationMs: Math.round(stamp()), closeCode: code}),
          rejectDone,
        );
    };
    endSession = () => {
      upstream.terminate();
      client?.terminate();
      finish(1001);
    };

    upstream.on('message', (data: RawData) => {
      const bytes = toBytes(data);
      record.frame(false, stamp(), bytes);
      summary.serverFrames++;
      summary.serverBytes += bytes.length;
      if (client && client.readyState === WebSocket.OPEN) client.send(bytes);
      else early.push(bytes);
    });
    upstream.once('error', (err) => {
      log(`upstream error: ${err.message}`);
      if (!client) {
        socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        finish(1006);
      }
    });
    upstream.once('close', (code: number, reason: Buffer) => {
      log(`server closed (${code})`);
      if (client && client.readyState === WebSocket.OPEN) {
        client.close(sendableCode(code), reason.toString().slice(0, 120));
      }
      finish(code);
    });
    upstream.once('open', () => {
      chosen.set(req, upstream.protocol);
      wss.handleUpgrade(req, socket, head, (ws) => {
        client = ws;
        log(`recording ${options.upstream} (subprotocol "${upstream.protocol}") to ${file}`);
        for (const bytes of early) ws.send(bytes);
        early.length = 0;
        ws.on('message', (data: RawData) => {
          const bytes = toBytes(data);
          record.frame(true, stamp(), bytes);
          summary.clientFrames++;
          summary.clientBytes += bytes.length;
          if (upstream.readyState === WebSocket.OPEN) upstream.send(bytes);
        });
        ws.once('close', (code: number, reason: Buffer) => {
          log(`client closed (${code})`);
          if (upstream.readyState === WebSocket.OPEN) {
            upstream.close(sendableCode(code), reason.toString().slice(0, 120));
          } else {
            finish(code);
          }
        });
        ws.on('error', () => {
          /* a 'close' follows */
        });
      });
    });
  });

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rej);
      res();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/`,
    port,
    done,
    close: async () => {
      endSession?.();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}

function usage(): never {
  console.error('usage: npm run record -- <ws-url> <file[.gz]> [--port N] [--insecure]');
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const positional: string[] = [];
  let port = 0;
  let insecure = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--port') port = Number(argv[++i]);
    else if (a === '--insecure') insecure = true;
    else if (a.startsWith('--')) usage();
    else positional.push(a);
  }
  const [upstream, file] = positional;
  if (!upstream || !file || !/^wss?:\/\//.test(upstream) || !Number.isInteger(port)) usage();
  const rec = await startRecorder({upstream, file, port, insecure, log: (l) => console.log(l)});
  console.log(`recording proxy listening: ${rec.url}  ->  ${upstream}`);
  const stop = () => void rec.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const s = await rec.done;
  await rec.close();
  console.log(
    `${s.file}: ${s.serverFrames} server frames (${s.serverBytes} bytes), ` +
      `${s.clientFrames} client frames (${s.clientBytes} bytes), ${s.durationMs} ms, close ${s.closeCode}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
