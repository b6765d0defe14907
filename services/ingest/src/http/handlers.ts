/**
 * Ingest handlers: jobs, the streamed upload, the error report, the streaming endpoint, dead
 * letters, and (./source-handlers.ts) source databases and their pulls. The
 * tenant comes from one place (../tenant.ts).
 */
import { Readable } from 'node:stream';
import { AppError, conflict, notFound, unprocessable } from '@marquee/runtime';
import type { IngestHandlers } from '@marquee/generated/ingest/server.gen';
import type { DeadLettersRepository } from '../data-access/dead-letters-repository';
import type { JobsRepository } from '../data-access/jobs-repository';
import { runImport, type ImportSettings } from '../domain/import-runner';
import { UploadTooLargeError } from '../domain/lines';
import type { Publisher } from '../domain/publisher';
import { memberEvent, transactionEvent } from '../domain/rows';
import { tenantOf } from '../tenant';
import type { SourcesRepository } from '../data-access/sources-repository';
import type { SourcePuller } from '../domain/source-puller';
import { createSourceHandlers } from './source-handlers';

const tooLarge = (limit: number) => new AppError('payload-too-large', 413, 'Payload too large', { detail: `the upload exceeds the limit of ${limit} bytes` });

export function createIngestHandlers(deps: { jobs: JobsRepository; deadLetters: DeadLettersRepository; publisher: Publisher; settings: ImportSettings; sources: SourcesRepository; puller: SourcePuller }): IngestHandlers {
  const { jobs, deadLetters, publisher, settings } = deps;

  const jobOf = async (tenantId: string, id: string) => {
    const job = await jobs.get(tenantId, id);
    if (!job) throw notFound(`no import job with id ${id}`);
    return job;
  };

  return {
    ...createSourceHandlers(deps),

    async createImport(input) {
      const job = await jobs.create({ tenantId: tenantOf(input), kind: input.body.kind, format: input.body.format, fileName: input.body.fileName });
      return { status: 201, body: job, headers: { Location: `/imports/${job.id}` } };
    },

    async listImports(input) {
      return { status: 200, body: { items: await jobs.list(tenantOf(input), input.query.limit ?? 50) } };
    },

    async getImport(input) {
      return { status: 200, body: await jobOf(tenantOf(input), input.path.importId) };
    },

    async uploadImportData(input, ctx) {
      const job = await jobOf(tenantOf(input), input.path.importId);
      // The stream is the incoming request; its headers say how big and what it is.
      const { headers } = ctx.stream as typeof ctx.stream & { headers: Record<string, string | undefined> };
      if (Number(headers['content-length'] ?? NaN) > settings.maxBytes) throw tooLarge(settings.maxBytes);
      const type = (headers['content-type'] ?? '').split(';')[0]!.trim();
      const expected = job.format === 'csv' ? 'text/csv' : 'application/x-ndjson';
      if (type !== expected) {
        throw new AppError('unsupported-media-type', 415, 'Unsupported media type', { detail: `job ${job.id} was created for ${job.format}: send ${expected}, not ${type || 'nothing'}` });
      }
      if (!(await jobs.start(job.id))) throw conflict(`import job ${job.id} is ${job.status}: a job takes one upload`);
      try {
        await runImport({ job, stream: ctx.stream, jobs, publisher, settings });
        await jobs.finish(job.id);
      } catch (err) {
        const failure = err instanceof UploadTooLargeError ? err.message : `import stopped: ${(err as Error).message}`;
        await jobs.finish(job.id, failure);
        if (err instanceof UploadTooLargeError) throw tooLarge(settings.maxBytes);
        ctx.log.warn({ err, job: job.id }, 'import failed');
      }
      return { status: 200, body: await jobOf(job.tenantId, job.id) };
    },

    async getImportErrors(input) {
      const job = await jobOf(tenantOf(input), input.path.importId);
      const lines = async function* () {
        for await (const e of jobs.errors(job.id)) yield `${JSON.stringify(e)}\n`;
      };
      // The runtime pipes a Readable body; the contract's type for it is the text it produces.
      return { status: 200, body: Readable.from(lines()) as unknown as string, contentType: 'application/x-ndjson' };
    },

    async publishMembers(input) {
      const tenantId = tenantOf(input);
      const events = input.body.members.map((row) => memberEvent(tenantId, 'stream', row));
      await publisher.sendOnce('members', events);
      return { status: 202, body: { accepted: events.length, eventIds: events.map((e) => e.eventId) } };
    },

    async publishTransactions(input) {
      const tenantId = tenantOf(input);
      const events = input.body.transactions.map((row) => transactionEvent(tenantId, 'stream', row));
      await publisher.sendOnce('transactions', events);
      return { status: 202, body: { accepted: events.length, eventIds: events.map((e) => e.eventId) } };
    },

    async listDeadLetters(input) {
      return { status: 200, body: { items: await deadLetters.list(tenantOf(input), input.query.status, input.query.limit ?? 50) } };
    },

    async replayDeadLetters(input) {
      const ids = [...new Set(input.body.ids)];
      const found = await deadLetters.get(tenantOf(input), ids);
      const known = new Set(found.map((l) => l.id));
      const missing = input.body.ids.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
      if (missing.length > 0) {
        throw unprocessable(`${missing.length} dead letter(s) do not exist`, missing.map(({ id, i }) => ({ location: 'body', pointer: `/ids/${i}`, detail: `no dead letter ${id}` })));
      }
      let replayed = 0;
      for (const letter of found.filter((l) => l.status === 'pending')) {
        await publisher.replay(letter.originalTopic, letter.key, letter.value);
        if (await deadLetters.markReplayed(letter.id)) replayed++;
      }
      return { status: 200, body: { replayed, skipped: ids.length - replayed } };
    },
  };
}
