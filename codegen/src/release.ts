#!/usr/bin/env -S npx tsx
/**
 * Releases one service contract.
 *
 *   npx tsx codegen/src/release.ts --service NAME [--dry-run] [--base REF]
 *
 * Classifies the changes since the latest `<service>@X.Y.Z` tag (or since --base) and proposes
 * the next version: major for breaking changes, minor for other contract changes, patch when
 * the contract did not change (below 1.0.0: minor for breaking, patch otherwise). Without a tag
 * or --base it is the first release, at the spec's current info.version.
 *
 * Without --dry-run it then writes the version into specs/<service>/openapi.yaml (only that
 * scalar changes), prepends an entry to specs/<service>/CHANGELOG.md, commits exactly those two
 * files as `release: <service>@<version>` and creates the annotated tag `<service>@<version>`.
 * It refuses when specs/ has uncommitted changes, so a release always describes committed
 * specs, and when the tag already exists. Push the commit and the tag yourself.
 *
 * Exit codes: 0 done (or planned), 1 refused or failed, 2 usage error.
 */
import { applyRelease, GitError, optionValue, planRelease, processIo, ReleaseRefused, rootOf, SEVERITIES, splitFlag, UsageError, type CliIo, type ReleasePlan } from '@marquee/diff';
import { SpecLoadError } from '@marquee/openapi';

interface Args {
  service: string;
  base?: string;
  dryRun: boolean;
}

const USAGE = 'usage: release.ts --service NAME [--dry-run] [--base REF]';

export function parseReleaseArgs(argv: readonly string[]): Args {
  let service: string | undefined;
  let base: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]!);
    const value = () => optionValue(flag, inline, () => argv[++i]);
    if (flag === '--service') service = value();
    else if (flag === '--base') base = value();
    else if (flag === '--dry-run' && inline === undefined) dryRun = true;
    else throw new UsageError(`unknown argument '${argv[i]}'`);
  }
  if (service === undefined) {
    throw new UsageError('--service is required');
  }
  return { service, dryRun, ...(base !== undefined ? { base } : {}) };
}

export function describePlan(plan: ReleasePlan, dryRun: boolean): string {
  const from = plan.bump === 'initial' ? 'first release' : `${plan.bump} release after ${plan.base?.label} (${plan.previousVersion})`;
  const counts = SEVERITIES.map((s) => `${plan.changes.filter((c) => c.severity === s).length} ${s}`).join(', ');
  const lines = [`${plan.service}: ${plan.version} (${from}; changes: ${counts})`];
  if (plan.tagExists) {
    lines.push(`warning: tag ${plan.tag} already exists`);
  }
  const specNote = plan.currentVersion === plan.version ? 'unchanged' : `${plan.currentVersion} → ${plan.version}`;
  const verb = dryRun ? 'would' : 'will';
  lines.push(
    `${dryRun ? 'dry run: ' : ''}${verb} set info.version (${specNote}), prepend to specs/${plan.service}/CHANGELOG.md,`,
    `  commit "release: ${plan.tag}" and tag ${plan.tag}`,
    '',
    plan.entry.trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

export function main(argv: readonly string[], io: CliIo): number {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const args = parseReleaseArgs(argv);
    const root = rootOf(io.cwd);
    const plan = planRelease({ root, service: args.service, base: args.base, ...(io.today ? { today: io.today } : {}) });
    io.stdout(describePlan(plan, args.dryRun));
    if (!args.dryRun) {
      const { commit } = applyRelease(root, plan);
      io.stdout(`released ${plan.tag} at ${commit.slice(0, 12)}; push with: git push origin HEAD ${plan.tag}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`release: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof ReleaseRefused || err instanceof SpecLoadError || err instanceof GitError) {
      io.stderr(`release: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), processIo());
}
