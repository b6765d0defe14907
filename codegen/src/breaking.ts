#!/usr/bin/env -S npx tsx
/**
 * Breaking-change check for every service contract (specs/<service>/openapi.yaml).
 *
 *   npx tsx codegen/src/breaking.ts [--base REF] [--service NAME] [--format table|json] [--no-impact]
 *
 * Base, per service: --base REF if given, else the latest `<service>@X.Y.Z` tag, else
 * `git merge-base HEAD main`, else HEAD. The revision is the working tree. A service fails
 * when it has breaking changes and info.version did not get a major bump (0.x: a minor bump,
 * 0.3.1 → 0.4.0, counts as major), or when info.version went down.
 *
 * Exit codes: 0 pass, 1 fail (or a spec that cannot be read), 2 usage error.
 */
import { runBreakingCheck } from './breaking-check';
import { GitError, optionValue, overallVerdict, processIo, renderJson, renderTable, rootOf, splitFlag, UsageError, type CliIo } from '@marquee/diff';
import { SpecLoadError } from '@marquee/openapi';

interface Args {
  base?: string;
  service?: string;
  format: 'table' | 'json';
  impact: boolean;
}

const USAGE = 'usage: breaking.ts [--base REF] [--service NAME] [--format table|json] [--no-impact]';

export function parseBreakingArgs(argv: readonly string[]): Args {
  const args: Args = { format: 'table', impact: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]!);
    const value = () => optionValue(flag, inline, () => argv[++i]);
    if (flag === '--base') args.base = value();
    else if (flag === '--service') args.service = value();
    else if (flag === '--format') args.format = formatOf(value());
    else if (flag === '--no-impact' && inline === undefined) args.impact = false;
    else throw new UsageError(`unknown argument '${argv[i]}'`);
  }
  return args;
}

function formatOf(value: string): 'table' | 'json' {
  if (value !== 'table' && value !== 'json') {
    throw new UsageError(`--format must be table or json, not '${value}'`);
  }
  return value;
}

export function main(argv: readonly string[], io: CliIo): number {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const args = parseBreakingArgs(argv);
    const root = rootOf(io.cwd);
    const results = runBreakingCheck({ root, base: args.base, service: args.service, impact: args.impact, ...(io.today ? { today: io.today } : {}) });
    io.stdout(args.format === 'json' ? renderJson(results) : renderTable(results));
    return overallVerdict(results) === 'pass' ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`breaking: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof SpecLoadError || err instanceof GitError) {
      io.stderr(`breaking: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), processIo());
}
