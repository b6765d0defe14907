/**
 * @marquee/diff: breaking-change detection between two OpenAPI documents, and the repository
 * workflow built on it (bases from git, version judgement, consumers, release, changelog).
 * Everything callers use is exported here; the rest of src/ is the engine's inside.
 */

// The engine: two bundled documents in, one Change per difference out.
export { diffSpecs } from './diff-specs';
export { RULES, RULE_IDS, ruleSpec, type ChangelogSection, type RuleId, type RuleSpec } from './rules';
export { needsMajor, SEVERITIES, type Severity } from './severity';
export { describeOperation, formatOperation, type Change, type DiffOptions, type Direction, type OperationRef, type Site } from './types';
export { CONFIG_FILE, loadSeverityOverrides, projectSeverityOverrides } from './diff-config';

// `marquee diff`: the command (options, exit codes), reading BASE and REVISION (files or
// REF:PATH) and rendering the result.
export { DIFF_USAGE, diffCommand, EXIT, parseDiffArgs } from './diff-command';
export { loadDiffInputs, type DiffInput } from './diff-input';
export { DIFF_FORMATS, renderDiff, type DiffFormat } from './diff-formats';
export { optionValue, processIo, rootOf, splitFlag, type CliIo } from './cli-support';

// The repository workflow: specs/<service>/ against a base from git, judged against info.version.
export { BaseTrees, GitError, serviceTags, tryGit } from './git';
export { compareService, listServices, resolveBase, specVersion, UsageError, type BaseRef, type BaseSource, type ServiceComparison } from './compare-service';
export { bumpVersion, compareVersions, formatVersion, judgeVersions, parseVersion, requiredBump, type Bump, type Judgement, type SemVer } from './version';
export { ImpactFinder } from './impact';
export { overallVerdict, renderJson, renderTable, type ServiceResult } from './report';
export { applyRelease, planRelease, ReleaseRefused, type ReleasePlan } from './release-plan';
export { changelogHeader, prependChangelog, renderChangelogEntry } from './changelog';
export { setInfoVersion } from './spec-version';
