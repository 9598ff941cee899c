/**
 * `webmks-mock-esxi` / `npm run mock`: the mock ESXi WebMKS server on the
 * command line. Flags: --host (default 127.0.0.1), --port (default 8090,
 * 0 = any free port), --tls (HTTPS/WSS with a self-signed certificate made
 * at start-up; its SHA-1 thumbprint is printed), --quiet.
 */
import {startMockServer} from './server.js';

const USAGE = `usage: webmks-mock-esxi [--host 127.0.0.1] [--port 8090] [--tls] [--quiet]`;

function parseArgs(argv: string[]): {host: string; port: number; tls: boolean; quiet: boolean} {
  const out = {host: '127.0.0.1', port: 8090, tls: false, quiet: false};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--host':
        out.host = value();
        break;
      case '--port': {
        const p = Number(value());
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error('--port must be 0..65535');
        out.port = p;
        break;
      }
      case '--tls':
        out.tls = true;
        break;
      case '--quiet':
        out.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`webmks-mock-esxi: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const stamp = () => new Date().toISOString().slice(11, 23);
  const server = await startMockServer({
    host: args.host,
    port: args.port,
    tls: args.tls,
    log: args.quiet ? undefined : (line) => console.log(`${stamp()} ${line}`),
  });
  const b = server.baseUrl;
  const w = server.wsBaseUrl;
  console.log(`mock ESXi server on ${b}/`);
  console.log(`  POST ${b}/api/tickets                 webmks tickets -> ${w}/ticket/<ticket>`);
  console.log(`  POST ${b}/api/nova/remote-consoles    Nova mks consoles -> ${w}/?token=<token>`);
  console.log(`  GET  ${b}/api/tickets/<id>/screen.png | input | typed | info`);
  console.log(`  GET  ${b}/api/health`);
  if (server.thumbprint) console.log(`  TLS certificate SHA-1 thumbprint: ${server.thumbprint}`);
  const shutdown = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main().catch((e: unknown) => {
  console.error(`webmks-mock-esxi: ${(e as Error).message}`);
  process.exit(1);
});
