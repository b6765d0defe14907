/**
 * `make import FILE=path [KIND=members|transactions] [INGEST_URL=...]`: uploads a members or
 * transactions file (NDJSON or CSV, by extension) to the ingest service as an import job,
 * streamed from disk, and draws a progress bar from the job's own progress until it is done.
 * Kind defaults from the file name (members* / transactions*). Exit 0 when the job completed
 * (even with rejected rows: they are listed), 1 when it failed.
 *
 * Authentication (#10): an OAuth2 client-credentials token from identity (IDENTITY_URL, default
 * http://127.0.0.1:4000) for IMPORT_CLIENT_ID / IMPORT_CLIENT_SECRET (default: the local-dev demo
 * client of northstar-cinemas), scope ingest:read ingest:write. The data lands in the client's tenant.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { clientCredentialsToken } from '@marquee/runtime';
import { IngestClient } from '@marquee/generated/ingest/client.gen';

interface Args {
  file: string;
  kind: 'members' | 'transactions';
  format: 'ndjson' | 'csv';
  url: string;
  /** A bearer token per call; by default a client-credentials token from identity. */
  token: () => Promise<string>;
  /** Who the token is for (printed). */
  clientId: string;
}

export function parseImportArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Args {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const file = arg('file');
  if (!file) throw new Error('usage: import.ts --file PATH [--kind members|transactions] [--url URL]');
  const name = basename(file).toLowerCase();
  const kind = (arg('kind') ?? (name.startsWith('member') ? 'members' : name.startsWith('transaction') ? 'transactions' : '')) as Args['kind'];
  if (kind !== 'members' && kind !== 'transactions') throw new Error(`cannot tell whether ${file} holds members or transactions: pass KIND=members or KIND=transactions`);
  const format = name.endsWith('.csv') ? 'csv' : name.endsWith('.ndjson') || name.endsWith('.jsonl') ? 'ndjson' : undefined;
  if (!format) throw new Error(`${file}: the file name must end in .ndjson, .jsonl or .csv`);
  const clientId = env.IMPORT_CLIENT_ID ?? 'northstar-demo';
  const token = clientCredentialsToken({
    tokenUrl: `${env.IDENTITY_URL ?? 'http://127.0.0.1:4000'}/oauth/token`,
    clientId,
    clientSecret: env.IMPORT_CLIENT_SECRET ?? 'northstar-demo-local-dev-secret',
    scope: 'ingest:read ingest:write',
  });
  return { file, kind, format, url: arg('url') ?? env.INGEST_URL ?? 'http://127.0.0.1:4030', token, clientId };
}

function bar(done: number, total: number, width = 30): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.round(share * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}%`;
}

export async function runImportCli(args: Args, out: (line: string) => void = (l) => process.stdout.write(l)): Promise<number> {
  const size = statSync(args.file).size;
  const client = new IngestClient({ baseUrl: args.url, credentials: { token: args.token } });
  const created = await client.createImport({ body: { kind: args.kind, format: args.format, fileName: basename(args.file) } });
  if (created.status !== 201) throw new Error(`ingest refused the job: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  out(`import ${id}: ${args.kind} from ${args.file} (${(size / 1e6).toFixed(1)} MB) as ${args.clientId}\n`);
  const started = Date.now();
  let finished = false;
  const show = async () => {
    const job = await client.getImport({ path: { importId: id } });
    if (job.status !== 200) return;
    const j = job.body;
    const rate = j.rowsRead / Math.max(0.001, (Date.now() - started) / 1000);
    out(`\r${bar(j.bytesRead, size)} ${j.rowsRead} rows, ${j.accepted} accepted, ${j.rejected} rejected, ${Math.round(rate)} rows/s `);
  };
  const ticker = setInterval(() => void show().catch(() => undefined), 500);
  try {
    // The upload streams from disk (the generated client sends whole bodies; this one must not).
    const response = await fetch(`${args.url}/imports/${id}/data`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await args.token()}`, 'content-type': args.format === 'csv' ? 'text/csv' : 'application/x-ndjson', 'content-length': String(size) },
      body: Readable.toWeb(createReadStream(args.file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    finished = true;
    const body = (await response.json()) as { status?: string; rowsRead?: number; accepted?: number; rejected?: number; failure?: string | null; firstErrors?: { line: number; reason: string }[]; detail?: string };
    clearInterval(ticker);
    await show().catch(() => undefined);
    out('\n');
    if (!response.ok) {
      out(`import failed: ${response.status} ${body.detail ?? ''}\n`);
      return 1;
    }
    out(`${body.status}: ${body.rowsRead} rows, ${body.accepted} accepted, ${body.rejected} rejected in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    for (const e of body.firstErrors ?? []) out(`  line ${e.line}: ${e.reason}\n`);
    if ((body.rejected ?? 0) > 0) out(`all rejected rows: curl -s -H "Authorization: Bearer $TOKEN" ${args.url}/imports/${id}/errors\n`);
    if (body.failure) out(`failure: ${body.failure}\n`);
    return body.status === 'completed' ? 0 : 1;
  } finally {
    if (!finished) clearInterval(ticker);
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => runImportCli(parseImportArgs(process.argv.slice(2))))
    .then(
      (code) => process.exit(code),
      (err: unknown) => {
        process.stderr.write(`\nimport: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ''}\nIs the platform up? Try \`make up\`.\n`);
        process.exit(1);
      },
    );
}
