/**
 * Shared by the diff tests: the case corpus (cases/*.yaml, one base/revision pair per file) and
 * the one helper that turns changes into comparable keys.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { JsonObject } from '@marquee/openapi';
import type { Change, Severity } from '../src';

export interface Expectation {
  rule: string;
  severity: Severity;
  /** `GET /films`; when left out, the rule is compared without its operation. */
  operation?: string;
}

export interface DiffCase {
  file: string;
  description: string;
  base: JsonObject;
  revision: JsonObject;
  /** Today's date for x-sunset checks (default 2026-01-01, so the corpus never ages). */
  today: string;
  expect: Expectation[];
}

export const CASES_DIR = join(__dirname, 'cases');

/** Cases leave out `openapi` and `info` when they do not matter; fill them in. */
function withDefaults(doc: unknown): JsonObject {
  const d = (doc ?? {}) as JsonObject;
  return { openapi: '3.1.0', info: { title: 'Case', version: '1.0.0' }, ...d };
}

export function loadCases(dir = CASES_DIR): DiffCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const raw = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      for (const key of ['description', 'base', 'revision', 'expect']) {
        if (!(key in raw)) {
          throw new Error(`${file}: missing '${key}'`);
        }
      }
      return {
        file,
        description: String(raw.description),
        base: withDefaults(raw.base),
        revision: withDefaults(raw.revision),
        today: typeof raw.today === 'string' ? raw.today : '2026-01-01',
        expect: (raw.expect ?? []) as Expectation[],
      };
    });
}

/**
 * Sorted `rule|severity|operation` keys for the changes, and for the expectations. A rule whose
 * expectations name no operation is compared without one; counts always matter.
 */
export function comparableKeys(changes: Change[], expect: Expectation[]): { actual: string[]; expected: string[] } {
  const anyOperation = new Set(expect.filter((e) => e.operation === undefined).map((e) => e.rule));
  const key = (rule: string, severity: string, operation: string | undefined) =>
    anyOperation.has(rule) || operation === undefined ? `${rule}|${severity}` : `${rule}|${severity}|${operation}`;
  return {
    actual: changes.map((c) => key(c.rule, c.severity, `${c.operation.method} ${c.operation.path}`)).sort(),
    expected: expect.map((e) => key(e.rule, e.severity, e.operation)).sort(),
  };
}

/** One given/want row of a table-driven test. */
export type TestCase<Given, Want> = [string, { given: Given; want: Want }];

/** Runs a given/want table: one test per row, `run(given)` must equal `want`. */
export function runTable<Given, Want>(title: string, table: TestCase<Given, Want>[], run: (given: Given) => Want): void {
  describe(title, () => {
    test.each(table)('%s', (_name, { given, want }) => {
      expect(run(given)).toEqual(want);
    });
  });
}
