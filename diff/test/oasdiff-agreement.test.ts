/**
 * Our verdicts next to oasdiff's on every corpus pair, both engines run for real: oasdiff (the
 * pinned version, built from the Go module proxy) must still say what the case records, the
 * verdicts (breaking or not) must agree unless the case says why they differ, and every
 * oasdiff breaking check whose family RULES.md calls covered must come with one of our rules.
 */
import { readFileSync } from 'node:fs';
import snapshot from '../src/oasdiff-checks.json';
import { classify } from '../src/oasdiff-coverage';
import { parseRecorded, renderRulesMd, RULES_MD } from '../src/rules-coverage';
import { diffSpecs } from '../src';
import { loadCases } from './helpers';
import { oasdiffBinary, runOasdiff } from './oasdiff';
import { parse } from 'yaml';
import { join } from 'node:path';
import { CASES_DIR } from './helpers';

const cases = loadCases().map((c) => {
  const raw = parse(readFileSync(join(CASES_DIR, c.file), 'utf8')) as { oasdiff?: unknown; oasdiffDiffers?: unknown };
  return { ...c, recorded: Array.isArray(raw.oasdiff) ? raw.oasdiff.map(String) : undefined, differs: raw.oasdiffDiffers };
});
const known = new Set(snapshot.checks.map((c) => c.id));

describe('oasdiff on the corpus pairs', () => {
  let binary = '';
  beforeAll(() => {
    binary = oasdiffBinary();
  }, 900_000);

  test('When a case is in the corpus, Then it records what oasdiff says about it', () => {
    expect(cases.filter((c) => c.recorded === undefined).map((c) => c.file)).toEqual([]);
  });

  test.each(cases.map((c) => [c.file, c] as const))('%s: oasdiff says what the case records, and the verdicts agree or the case says why they differ', (_file, c) => {
    expect(runOasdiff(binary, c)).toEqual(c.recorded);
    const oasdiffBreaking = (c.recorded ?? []).some((e) => parseRecorded(e).level === 'error');
    const changes = diffSpecs(c.base, c.revision, { today: c.today });
    const oursBreaking = changes.some((x) => x.severity === 'breaking');
    if (oasdiffBreaking !== oursBreaking) {
      expect({ verdictsDiffer: true, why: typeof c.differs }).toEqual({ verdictsDiffer: true, why: 'string' });
    }
  });

  test.each(cases.map((c) => [c.file, c] as const))('%s: each oasdiff breaking check is known and, when covered, answered by one of its rules', (_file, c) => {
    const errors = (c.recorded ?? []).map(parseRecorded).filter((e) => e.level === 'error');
    const rules = new Set<string>(diffSpecs(c.base, c.revision, { today: c.today }).map((x) => x.rule));
    for (const { id } of errors) {
      expect(known.has(id) ? id : `${id} is not in oasdiff-checks.json`).toBe(id);
      const family = classify(id);
      if (family?.status === 'covered' && c.differs === undefined) {
        expect({ id, answered: family.rules!.some((r) => rules.has(r)) }).toEqual({ id, answered: true });
      }
    }
  });
});

describe('diff/RULES.md', () => {
  test('When the rules, the oasdiff mapping or the recorded verdicts change, Then RULES.md was regenerated (npm run diff:rules)', () => {
    const current = readFileSync(RULES_MD, 'utf8');
    expect(renderRulesMd(current)).toBe(current);
  });
});
