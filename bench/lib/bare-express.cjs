// Cold-start baseline (bench/coldstart-bench.ts): a bare Express app with a health endpoint,
// plain JavaScript under node like the compiled services. With --mysql it first opens a knex
// pool to MariaDB and runs `select 1` (what a service's migration check costs), then listens.
const express = require('express');

async function main() {
  if (process.argv.includes('--mysql')) {
    const knex = require('knex');
    const db = knex({ client: 'mysql2', connection: { host: process.env.MYSQL_HOST, port: Number(process.env.MYSQL_PORT), user: process.env.MYSQL_USER, password: process.env.MYSQL_PASSWORD, database: process.env.MYSQL_DATABASE, connectTimeout: 10000 }, pool: { min: 0, max: 10 } });
    await db.raw('select 1');
  }
  const app = express();
  app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
  const server = app.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((err) => {
  process.stderr.write(`bare-express: ${err.message}\n`);
  process.exit(1);
});
