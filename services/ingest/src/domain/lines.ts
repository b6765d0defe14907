/**
 * A byte stream as numbered lines, read chunk by chunk (the caller's pace is the stream's pace,
 * so a multi-gigabyte upload never sits in memory). Splits on LF (a CR before it is dropped),
 * decodes each line as UTF-8 only once whole, counts bytes, and says when the last line had no
 * newline (a truncated file) or a line was longer than `maxLineBytes` (its bytes are skipped).
 */
export interface Line {
  /** 1-based. */
  number: number;
  text: string;
  /** The stream ended without a newline after this line. */
  unterminated: boolean;
  /** Longer than the limit; `text` is empty. */
  tooLong: boolean;
}

export class UploadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the upload exceeds ${limit} bytes`);
    this.name = 'UploadTooLargeError';
  }
}

export async function* readLines(stream: AsyncIterable<Buffer | string>, options: { maxBytes: number; maxLineBytes?: number; onBytes?: (total: number) => void }): AsyncGenerator<Line> {
  const maxLine = options.maxLineBytes ?? 1024 * 1024;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let total = 0;
  let number = 0;
  const take = (end: Buffer): Line => {
    number++;
    if (skipping) {
      return { number, text: '', unterminated: false, tooLong: true };
    }
    const bytes = pending.length === 0 ? end : Buffer.concat([...pending, end]);
    const trimmed = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
    return { number, text: trimmed.toString('utf8'), unterminated: false, tooLong: false };
  };
  for await (const raw of stream) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    total += chunk.length;
    if (total > options.maxBytes) throw new UploadTooLargeError(options.maxBytes);
    options.onBytes?.(total);
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      yield take(chunk.subarray(start, nl));
      pending = [];
      pendingBytes = 0;
      skipping = false;
      start = nl + 1;
    }
    if (start < chunk.length && !skipping) {
      const rest = chunk.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > maxLine) {
        skipping = true;
        pending = [];
      } else {
        pending.push(Buffer.from(rest)); // a copy: the stream may reuse its buffer
      }
    }
  }
  if (pendingBytes > 0) {
    yield { ...take(Buffer.alloc(0)), unterminated: true };
  }
}
