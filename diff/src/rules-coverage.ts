/**
 * Writes the generated parts of diff/RULES.md: the rule table (from rules.ts) and
 * the rule-by-rule comparison with oasdiff's breaking checks (from the committed snapshot
 * oasdiff-checks.json, the family mapping in oasdiff-coverage.ts and the oasdiff verdicts
 * recorded on each corpus pair in diff/test/cases). Offline and reproducible.
 *
 *   npx tsx diff/src/rules-coverage.ts           (rewrite RULES.md; npm run diff:rules)
 *   npx tsx diff/src/rules-coverage.ts --check   (exit 1 when RULES.md is stale)
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import snapshot from './oasdiff-checks.json';
import { classify, FAMILIES, type Family } from './oasdiff-coverage';
import { RULE_IDS, RULES, type RuleId } from './rules';

export const RULES_MD = resolve(__dirname, '../RULES.md');
export const CASES_DIR = resolve(__dirname, '../test/cases');

/** What a corpus pair records about oasdiff: `id (level)` entries and, if any, why verdicts differ. */
export interface RecordedPair {
  file: string;
  oasdiff: string[];
  differs?: string;
  rules: RuleId[];
  /** Whether we call the pair breaking (any expected breaking change). */
  breaking: boolean;
}

export function recordedPairs(dir = CASES_DIR): RecordedPair[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((file) => {
      const raw = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      if (!Array.isArray(raw.oasdiff)) {
        return [];
      }
      const expect = (raw.expect ?? []) as { rule: RuleId; severity: string }[];
      const differs = typeof raw.oasdiffDiffers === 'string' ? { differs: raw.oasdiffDiffers } : {};
      const breaking = expect.some((e) => e.severity === 'breaking');
      return [{ file, oasdiff: raw.oasdiff.map(String), rules: expect.map((e) => e.rule), breaking, ...differs }];
    });
}

/** `request-body-removed (error)` → id and level. */
export function parseRecorded(entry: string): { id: string; level: string } {
  const m = /^(\S+) \((\w+)\)$/.exec(entry);
  return m ? { id: m[1]!, level: m[2]! } : { id: entry, level: 'error' };
}

/** Pairs where oasdiff raised the check at error level and we report one of the family's rules. */
function verifyingPairs(id: string, family: Family, pairs: RecordedPair[]): string[] {
  return pairs
    .filter((p) => p.oasdiff.some((e) => parseRecorded(e).id === id && parseRecorded(e).level === 'error'))
    .filter((p) => family.status !== 'covered' || p.rules.some((r) => family.rules?.includes(r)))
    .map((p) => p.file);
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function rulesTable(): string {
  const rows = RULE_IDS.map((id) => `| \`${id}\` | ${RULES[id].severity} | ${RULES[id].section} | ${cell(RULES[id].fix)} |`);
  return ['| rule | severity | changelog section | fix hint |', '|---|---|---|---|', ...rows].join('\n');
}

export function coverageSection(pairs = recordedPairs()): string {
  const checks = snapshot.checks.map((c) => ({ ...c, family: classify(c.id) }));
  const unmapped = checks.filter((c) => !c.family).map((c) => c.id);
  if (unmapped.length > 0) {
    throw new Error(`oasdiff checks without a family in oasdiff-coverage.ts: ${unmapped.join(', ')}`);
  }
  const count = (status: string) => checks.filter((c) => c.family!.status === status).length;
  const lines = [
    `oasdiff ${snapshot.version} lists ${checks.length} breaking (error-level) checks (\`${snapshot.command}\`, snapshot in`,
    '`oasdiff-checks.json`). Each maps to our rules by family (`oasdiff-coverage.ts`):',
    `**${count('covered')} covered / ${count('lacking')} lacking / ${count('differs')} not a break for us (disagree)**.`,
    'A family counts as *verified* when a corpus pair (diff/test/cases) on which oasdiff',
    'raises one of its checks at error level also gets one of our listed rules from our engine;',
    '`diff/test/oasdiff-agreement.test.ts` re-runs oasdiff on every pair and checks both.',
    '',
    '| oasdiff family | checks | status | our rules / why | corpus pairs where oasdiff raises it (and, if covered, ours answers) |',
    '|---|---|---|---|---|',
  ];
  for (const family of FAMILIES) {
    const members = checks.filter((c) => c.family === family);
    if (members.length === 0) {
      continue;
    }
    const verified = [...new Set(members.flatMap((c) => verifyingPairs(c.id, family, pairs)))];
    const ids = members.map((c) => `\`${c.id}\``);
    const shown = ids.length > 6 ? `${ids.slice(0, 4).join(', ')}, … (${ids.length})` : ids.join(', ');
    const what = family.status === 'covered' ? family.rules!.map((r) => `\`${r}\``).join(', ') : cell(family.why ?? '');
    const status = family.status === 'differs' ? 'not a break for us' : family.status;
    lines.push(`| ${cell(family.family)}: ${shown} | ${members.length} | ${status} | ${what} | ${verified.slice(0, 3).join(', ') || '—'} |`);
  }
  const oasdiffBreaking = (p: RecordedPair) => p.oasdiff.some((e) => parseRecorded(e).level === 'error');
  const disagreements = pairs.filter((p) => oasdiffBreaking(p) !== p.breaking);
  const stricter = disagreements.filter((p) => p.breaking).length;
  lines.push(
    '',
    `Verdicts (oasdiff: any error-level check; ours: any breaking change) agree on ${pairs.length - disagreements.length} of ${pairs.length} corpus pairs.`,
    `Of the ${disagreements.length} that differ we call ${stricter} breaking where oasdiff does not, and ${disagreements.length - stricter} not breaking where it does:`,
    '',
  );
  for (const p of pairs.filter((x) => x.differs)) {
    const mark = disagreements.includes(p) ? (p.breaking ? '**ours breaking**' : '**oasdiff breaking**') : 'same verdict';
    lines.push(`- \`${p.file}\` (${mark}): ${p.differs}`);
  }
  return lines.join('\n');
}

function replaceBetween(doc: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin (generated by rules-coverage.ts) -->`;
  const end = `<!-- ${name}:end -->`;
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) {
    throw new Error(`RULES.md: markers ${begin} … ${end} not found`);
  }
  return `${doc.slice(0, from + begin.length)}\n${body}\n${doc.slice(to)}`;
}

export function renderRulesMd(current: string): string {
  return replaceBetween(replaceBetween(current, 'rules-table', rulesTable()), 'oasdiff-coverage', coverageSection());
}

if (require.main === module) {
  const current = readFileSync(RULES_MD, 'utf8');
  const next = renderRulesMd(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('diff/RULES.md is out of date: run npx tsx diff/src/rules-coverage.ts and commit it\n');
      process.exit(1);
    }
  } else {
    writeFileSync(RULES_MD, next);
    process.stderr.write(`wrote ${RULES_MD}\n`);
  }
}
