// Audience bench floor (bench/audience-bench.ts): the least a service between the caller and
// Elasticsearch can do. POST /<anything> reads the JSON body and sends it unchanged to
// ELASTICSEARCH_URL + ES_PATH over a keep-alive agent, then answers with Elasticsearch's status
// and body, untouched: no parsing, no validation, no authentication. What it costs over the raw
// path is the second loopback HTTP exchange alone, on this machine, in the same run.
const http = require('node:http');

const target = new URL(process.env.ES_PATH, process.env.ELASTICSEARCH_URL);
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const out = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (esRes) => {
      const parts = [];
      esRes.on('data', (c) => parts.push(c));
      esRes.on('end', () => {
        const payload = Buffer.concat(parts);
        res.writeHead(esRes.statusCode, { 'content-type': 'application/json', 'content-length': payload.length });
        res.end(payload);
      });
    });
    out.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(err.message);
    });
    out.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
