// `npm start`: the mock ESXi server and the Vite demo together, on loopback.
// Prints the URL to open; Ctrl+C stops both.
import {spawn} from 'node:child_process';

const mockPort = process.env.WEBMKS_MOCK_PORT ?? '8090';
const demoPort = process.env.WEBMKS_DEMO_PORT ?? '5173';
const children = [];

function run(name, cmd, args, env = {}) {
  const child = spawn(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, ...env},
  });
  const tag = `[${name}] `;
  const relay = (stream, out) =>
    stream.on('data', (d) => {
      for (const line of String(d).split('\n')) if (line.trim()) out.write(tag + line + '\n');
    });
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code) => {
    console.log(`${tag}exited with ${code}`);
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

function shutdown(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

run('mock', process.execPath, [
  '--import',
  'tsx',
  'mock-server/cli.ts',
  '--host',
  '127.0.0.1',
  '--port',
  mockPort,
]);
run(
  'vite',
  process.execPath,
  ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', demoPort, '--strictPort'],
  {
    WEBMKS_MOCK_PORT: mockPort,
  },
);

setTimeout(() => {
  console.log(`\n  webmks-console demo:  http://127.0.0.1:${demoPort}/`);
  console.log(`  mock ESXi server:     http://127.0.0.1:${mockPort}/\n`);
}, 1500);
