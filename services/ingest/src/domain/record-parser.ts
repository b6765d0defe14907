/**
 * Lines of an NDJSON or CSV file into row objects, or the reason a line is not a row. CSV: the
 * first non-blank line names the columns; empty cells are left out (absent, not ""). Blank lines
 * are skipped in both formats.
 */
import { splitCsvLine } from './csv';
import type { Line } from './lines';

export type Parsed = { kind: 'row'; row: Record<string, unknown> } | { kind: 'skip' } | { kind: 'error'; reason: string; field?: string };

export function createRecordParser(format: 'ndjson' | 'csv'): (line: Line) => Parsed {
  return format === 'ndjson' ? parseNdjson : csvParser();
}

function truncated(line: Line, reason: string): string {
  return line.unterminated ? `${reason} (the last line has no newline: truncated file?)` : reason;
}

function parseNdjson(line: Line): Parsed {
  if (line.tooLong) return { kind: 'error', reason: 'line too long' };
  if (line.text.trim() === '') return { kind: 'skip' };
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (err) {
    return { kind: 'error', reason: truncated(line, `not JSON: ${(err as Error).message}`) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'error', reason: 'a line must be one JSON object' };
  }
  return { kind: 'row', row: value as Record<string, unknown> };
}

function csvParser(): (line: Line) => Parsed {
  let header: string[] | undefined;
  return (line) => {
    if (line.tooLong) return { kind: 'error', reason: 'line too long' };
    if (line.text.trim() === '') return { kind: 'skip' };
    const split = splitCsvLine(line.text);
    if (!split.ok) return { kind: 'error', reason: truncated(line, split.reason) };
    if (!header) {
      header = split.fields.map((f) => f.trim());
      return { kind: 'skip' };
    }
    if (split.fields.length !== header.length) {
      return { kind: 'error', reason: truncated(line, `expected ${header.length} columns, found ${split.fields.length}`) };
    }
    const row: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const cell = split.fields[i] ?? '';
      if (cell !== '') row[name] = cell;
    });
    return { kind: 'row', row };
  };
}
