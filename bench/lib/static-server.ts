/** A tiny static server on 127.0.0.1 for the bench pages (routes are given, nothing else is served). */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface Route {
  type: string;
  body: Buffer | string | (() => Buffer | string);
}

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

export async function startStaticServer(routes: Map<string, Route>): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, {'Content-Type': 'text/plain'});
      res.end('not found\n');
      return;
    }
    const body = typeof route.body === 'function' ? route.body() : route.body;
    // Cross-origin isolated, so performance.measureUserAgentSpecificMemory() is available.
    res.writeHead(200, {
      'Content-Type': route.type,
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
