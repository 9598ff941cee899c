/**
 * Placeholder entry of the mock ESXi server (replaced by the full server).
 * Answers GET /api/health on loopback.
 */
import {createServer} from 'node:http';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const host = flag('--host', '127.0.0.1');
const port = Number(flag('--port', '8090'));
const server = createServer((req, res) => {
  if (req.url === '/api/health') {
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(JSON.stringify({ok: true}));
    return;
  }
  res.writeHead(404).end();
});
server.listen(port, host, () => console.log(`mock ESXi server on http://${host}:${port}/`));
