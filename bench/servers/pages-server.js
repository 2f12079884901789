'use strict';
/**
 * Serves LaunchDarkly experiment list pages of a virtual collection (`--total`, default 100 000) without
 * storing it: `GET .../experiments?limit=L&offset=O` answers `{ items, total_count, _links }` with items
 * generated from the `RunningExperiment` example (keys `exp-<index>`). Prints `LISTENING <url>` when ready.
 */
const { createServer } = require('node:http');
const { specExample } = require('../lib/common');

const totalArg = process.argv.find((a) => a.startsWith('--total='));
const TOTAL = totalArg ? Number(totalArg.slice('--total='.length)) : 100_000;
const template = JSON.stringify(specExample('RunningExperiment'));
const KEY_TOKEN = '"key":"checkout-button"';
if (!template.includes(KEY_TOKEN)) throw new Error('RunningExperiment example has an unexpected key');
const [before, after] = template.split(KEY_TOKEN);

const server = createServer((req, res) => {
  req.resume();
  const url = new URL(req.url, 'http://localhost');
  const limit = Math.max(1, Number(url.searchParams.get('limit') ?? 20));
  const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0));
  const end = Math.min(TOTAL, offset + limit);
  const items = [];
  for (let i = offset; i < end; i++) items.push(`${before}"key":"exp-${i}"${after}`);
  const self = `${url.pathname}?limit=${limit}&offset=${offset}`;
  const next =
    end < TOTAL ? `,"next":{"href":"${url.pathname}?limit=${limit}&offset=${end}","type":"application/json"}` : '';
  const body = Buffer.from(
    `{"items":[${items.join(',')}],"total_count":${TOTAL},"_links":{"self":{"href":"${self}","type":"application/json"}${next}}}`,
  );
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
