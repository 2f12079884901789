'use strict';
/**
 * A minimal keep-alive HTTP server for the request-overhead benchmark: every request gets the same
 * docs-sized JSON body (the `RunningExperiment` example of openapi.yaml), serialised once. Prints
 * `LISTENING <url>` when ready. Runs in its own process so it never competes with the client's event loop.
 */
const { createServer } = require('node:http');
const { specExample } = require('../lib/common');

const body = Buffer.from(JSON.stringify(specExample('RunningExperiment')));
const headers = {
  'Content-Type': 'application/json',
  'Content-Length': String(body.length),
};

let connections = 0;
const server = createServer((req, res) => {
  // Drain any request body so the connection can be reused, then answer.
  req.resume();
  req.on('end', () => {
    if (req.url === '/__stats') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ connections }));
      return;
    }
    res.writeHead(200, headers);
    res.end(body);
  });
});
// Counts TCP connections, so the benchmark can show that every client reused its keep-alive connections.
server.on('connection', () => (connections += 1));
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`LISTENING http://127.0.0.1:${port} ${body.length}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
