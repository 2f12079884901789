'use strict';
/**
 * Starts Debian's `redis-server` on a loopback port without persistence, for the Redis store's tests and its
 * benchmark (one implementation for both; test/helpers/redis-server.ts types it). Fails, never skips, when
 * redis-server is not installed: the shared rate-limit store must be exercised against a real server.
 */
const { spawn, spawnSync } = require('node:child_process');
const { createServer } = require('node:net');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves once the server accepts connections, with `{ port, url, child, stop() }`. `portToUse` restarts a
 * stopped server on its old port (default: a free port). `stop()` sends SIGCONT first, in case a test left
 * the process paused, and resolves when it has exited.
 */
async function startRedisServer(portToUse) {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed (apt-get install redis-server; .ci/run installs it)');
  }
  const port = portToUse ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--enable-debug-command', 'local'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.resume();
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited early (${code}): ${out}`)));
  });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGCONT');
        child.kill('SIGTERM');
      }),
  };
}

module.exports = { startRedisServer };
