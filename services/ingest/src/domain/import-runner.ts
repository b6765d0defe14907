/**
 * Runs one import: the upload stream, line by line, into validated raw events produced to Kafka
 * in batches. Nothing is held whole: one batch of events and the pending errors at a time (plus
 * the ids seen, 16 bytes each, to report duplicates inside the file, up to `maxTrackedIds`: see
 * seen-ids.ts). Progress and
 * rejected rows are written to the job after every batch, so GET /imports/{id} shows them live.
 * One batch is produced while the next is parsed.
 */
import type { JobsRepository, Progress, RowError } from '../data-access/jobs-repository';
import { FIRST_ERRORS } from '../data-access/jobs-repository';
import { readLines } from './lines';
import type { Publisher } from './publisher';
import { createRecordParser } from './record-parser';
import { RowConverter, type Kind, type RawEvent } from './rows';
import { SeenIds } from './seen-ids';

export interface ImportSettings {
  maxBytes: number;
  batchSize: number;
  /** Event ids remembered to spot duplicates within one file (16 bytes each; default 5M). */
  maxTrackedIds?: number;
}

export async function runImport(args: {
  job: { id: string; tenantId: string; kind: Kind; format: 'ndjson' | 'csv' };
  stream: AsyncIterable<Buffer | string>;
  jobs: JobsRepository;
  publisher: Publisher;
  settings: ImportSettings;
}): Promise<void> {
  const { job, jobs, publisher, settings } = args;
  const parse = createRecordParser(job.format);
  const converter = new RowConverter(job.kind, job.tenantId, `import:${job.id}`, { coerce: job.format === 'csv' });
  const seen = new SeenIds(settings.maxTrackedIds ?? 5_000_000);
  const progress: Progress = { bytesRead: 0, rowsRead: 0, accepted: 0, rejected: 0 };
  const firstErrors: RowError[] = [];
  let errors: RowError[] = [];
  let batch: RawEvent[] = [];

  const reject = (error: RowError) => {
    progress.rejected++;
    errors.push(error);
    if (firstErrors.length < FIRST_ERRORS) firstErrors.push(error);
  };
  // One batch in flight while the next one is read and parsed (sends stay in order; a Kafka
  // outage holds the reader at the next full batch).
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const events = batch;
    const newErrors = errors;
    batch = [];
    errors = [];
    await inFlight;
    inFlight = (async () => {
      if (events.length > 0) {
        await publisher.send(job.kind, events);
        progress.accepted += events.length;
      }
      await jobs.record(job.id, { ...progress }, newErrors, [...firstErrors]);
    })();
    inFlight.catch(() => undefined); // handled when awaited by the next flush or at the end
  };

  for await (const line of readLines(args.stream, { maxBytes: settings.maxBytes, onBytes: (n) => (progress.bytesRead = n) })) {
    const parsed = parse(line);
    if (parsed.kind === 'skip') continue;
    progress.rowsRead++;
    if (parsed.kind === 'error') {
      reject({ line: line.number, reason: parsed.reason });
      continue;
    }
    const converted = converter.convert(parsed.row);
    if (!converted.ok) {
      const first = converted.errors[0];
      reject({ line: line.number, ...(first?.pointer ? { field: first.pointer } : {}), reason: converted.errors.map((e) => `${e.pointer || '/'} ${e.reason}`).join('; ') });
      continue;
    }
    const earlier = seen.firstLine(converted.event.eventId, line.number);
    if (earlier !== undefined) {
      reject({ line: line.number, reason: `duplicate of line ${earlier} (same event id ${converted.event.eventId.slice(0, 12)}...)` });
      continue;
    }
    batch.push(converted.event);
    if (batch.length >= settings.batchSize || errors.length >= settings.batchSize) await flush();
  }
  await flush();
  await inFlight;
}
