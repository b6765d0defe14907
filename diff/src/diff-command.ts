/**
 * `marquee diff BASE REVISION`: the command and its exit-code contract.
 *
 *   marquee diff BASE REVISION [--format text|json|markdown|sarif] [--fail-on breaking|source-breaking|non-breaking|info|never] [--today YYYY-MM-DD] [--config FILE]
 *
 * BASE and REVISION are OpenAPI 3.0/3.1 documents (YAML or JSON, relative `$ref`s to other
 * files followed), or `REF:PATH` for a file at a git ref of the repository around the current
 * directory (e.g. `main:specs/catalog/openapi.yaml`).
 *
 * Exit codes: 0 no change at or above --fail-on (default breaking); 1 such changes found;
 * 2 usage error; 3 a document could not be read (missing, invalid, not OpenAPI 3.x, a broken or
 * remote `$ref`): the message names it and what to do.
 */
import { resolve } from 'node:path';
import { SpecLoadError } from '@marquee/openapi';
import { optionValue, splitFlag, type CliIo } from './cli-support';
import { UsageError } from './compare-service';
import { CONFIG_FILE, loadSeverityOverrides } from './diff-config';
import { DIFF_FORMATS, renderDiff, type DiffFormat } from './diff-formats';
import { loadDiffInputs } from './diff-input';
import { diffSpecs } from './diff-specs';
import { GitError } from './git';
import { SEVERITIES } from './severity';
import type { Change } from './types';

/** The exit codes, as README.md documents them. */
export const EXIT = { pass: 0, failed: 1, usage: 2, unreadable: 3 } as const;

const FAIL_ON = [...SEVERITIES, 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

interface DiffArgs {
  base: string;
  revision: string;
  format: DiffFormat;
  failOn: FailOn;
  today?: string;
  config?: string;
}

export const DIFF_USAGE = `usage: marquee diff BASE REVISION [--format ${DIFF_FORMATS.join('|')}] [--fail-on ${FAIL_ON.join('|')}] [--today YYYY-MM-DD] [--config FILE]
  BASE, REVISION: an OpenAPI 3.0/3.1 file (YAML or JSON), or REF:PATH for a file at a git ref
  --config: per-rule severities (diff.severity: {rule: level}); default ./${CONFIG_FILE} when present
  exit codes: 0 pass, 1 changes at or above --fail-on (default breaking), 2 usage error, 3 unreadable document`;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not '${value}'`);
  }
  return value as T;
}

export function parseDiffArgs(argv: readonly string[]): DiffArgs {
  const positional: string[] = [];
  let format: DiffFormat = 'text';
  let failOn: FailOn = 'breaking';
  let today: string | undefined;
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]!);
    const value = () => optionValue(flag, inline, () => argv[++i]);
    if (flag === '--format') format = oneOf(flag, value(), DIFF_FORMATS);
    else if (flag === '--fail-on') failOn = oneOf(flag, value(), FAIL_ON);
    else if (flag === '--today') today = value();
    else if (flag === '--config') config = value();
    else if (flag.startsWith('--')) throw new UsageError(`unknown option '${argv[i]}'`);
    else positional.push(argv[i]!);
  }
  if (positional.length !== 2) {
    throw new UsageError(`diff needs exactly two documents, BASE and REVISION (got ${positional.length})`);
  }
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new UsageError(`--today must be YYYY-MM-DD, not '${today}'`);
  }
  return { base: positional[0]!, revision: positional[1]!, format, failOn, ...(today ? { today } : {}), ...(config ? { config } : {}) };
}

/** A change fails the run when it is at least as severe as --fail-on (SEVERITIES is most severe first). */
function fails(changes: readonly Change[], failOn: FailOn): boolean {
  if (failOn === 'never') {
    return false;
  }
  const threshold = SEVERITIES.indexOf(failOn);
  return changes.some((c) => SEVERITIES.indexOf(c.severity) <= threshold);
}

function runDiff(argv: readonly string[], io: CliIo): number {
  const args = parseDiffArgs(argv);
  const [base, revision] = loadDiffInputs([args.base, args.revision], io.cwd) as [ReturnType<typeof loadDiffInputs>[0], ReturnType<typeof loadDiffInputs>[0]];
  const today = args.today ?? io.today;
  const severity = args.config
    ? loadSeverityOverrides(resolve(io.cwd, args.config), { required: true })
    : loadSeverityOverrides(resolve(io.cwd, CONFIG_FILE), { required: false });
  const changes = diffSpecs(base.document, revision.document, { severity, ...(today ? { today } : {}) });
  const failed = fails(changes, args.failOn);
  io.stdout(renderDiff({ base, revision, changes, failed }, args.format));
  return failed ? EXIT.failed : EXIT.pass;
}

/** Runs `marquee diff` with the arguments after `diff`; returns the exit code. */
export function diffCommand(argv: readonly string[], io: CliIo): number {
  try {
    if (argv.includes('--help')) {
      io.stdout(`${DIFF_USAGE}\n`);
      return EXIT.pass;
    }
    return runDiff(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`marquee: ${err.message}\n${DIFF_USAGE}\n`);
      return EXIT.usage;
    }
    if (err instanceof SpecLoadError || err instanceof GitError) {
      io.stderr(`marquee: ${err.message}\n`);
      return EXIT.unreadable;
    }
    throw err;
  }
}
