import type { Change, Severity } from '../src';
import { bumpVersion, compareVersions, formatVersion, judgeVersions, parseVersion, requiredBump, type Bump } from '../src/version';
import { runTable } from './helpers';

const v = (text: string) => parseVersion(text)!;

function changes(...severities: Severity[]): Change[] {
  return severities.map((severity) => ({
    rule: 'operation-removed',
    severity,
    message: 'm.',
    fix: 'f',
    operation: { method: 'GET', path: '/x' },
  }));
}

runTable<string, string | undefined>('parseVersion + formatVersion', [
  ['plain', { given: '1.2.3', want: '1.2.3' }],
  ['leading v', { given: 'v2.0.0', want: '2.0.0' }],
  ['pre-release', { given: '1.0.0-rc.1', want: '1.0.0-rc.1' }],
  ['build metadata dropped', { given: '1.0.0+abc', want: '1.0.0' }],
  ['two parts is not semver', { given: '1.0', want: undefined }],
  ['leading zero is not semver', { given: '01.0.0', want: undefined }],
], (given) => {
  const parsed = parseVersion(given);
  return parsed && formatVersion(parsed);
});

runTable<[string, string], number>('compareVersions (sign)', [
  ['major wins', { given: ['2.0.0', '1.9.9'], want: 1 }],
  ['patch', { given: ['1.0.1', '1.0.2'], want: -1 }],
  ['pre-release sorts before its release', { given: ['1.0.0-rc.1', '1.0.0'], want: -1 }],
  ['numeric pre-release ids compare as numbers', { given: ['1.0.0-rc.10', '1.0.0-rc.9'], want: 1 }],
  ['equal', { given: ['1.2.3', '1.2.3'], want: 0 }],
], ([a, b]) => Math.sign(compareVersions(v(a), v(b))));

runTable<Severity[], Bump>('requiredBump', [
  ['no changes: patch', { given: [], want: 'patch' }],
  ['info only: patch', { given: ['info'], want: 'patch' }],
  ['non-breaking: minor', { given: ['info', 'non-breaking'], want: 'minor' }],
  ['any breaking: major', { given: ['non-breaking', 'breaking'], want: 'major' }],
], (given) => requiredBump(changes(...given)));

runTable<[string, Bump], string>('bumpVersion', [
  ['major', { given: ['1.4.2', 'major'], want: '2.0.0' }],
  ['minor', { given: ['1.4.2', 'minor'], want: '1.5.0' }],
  ['patch', { given: ['1.4.2', 'patch'], want: '1.4.3' }],
  ['0.x: breaking bumps the minor', { given: ['0.3.1', 'major'], want: '0.4.0' }],
  ['0.x: additions bump the patch', { given: ['0.3.1', 'minor'], want: '0.3.2' }],
  ['a pre-release is released as is', { given: ['2.0.0-rc.2', 'major'], want: '2.0.0' }],
], ([version, bump]) => formatVersion(bumpVersion(v(version), bump)));

type JudgeGiven = { base: string; revision: string; severities: Severity[] };
type JudgeWant = { verdict: 'pass' | 'fail'; reasons: number; warnings: number };

runTable<JudgeGiven, JudgeWant>('judgeVersions', [
  ['breaking without a bump fails', { given: { base: '1.0.0', revision: '1.0.0', severities: ['breaking'] }, want: { verdict: 'fail', reasons: 1, warnings: 0 } }],
  ['breaking with a minor bump fails', { given: { base: '1.0.0', revision: '1.1.0', severities: ['breaking'] }, want: { verdict: 'fail', reasons: 1, warnings: 0 } }],
  ['breaking with a major bump passes', { given: { base: '1.0.0', revision: '2.0.0', severities: ['breaking'] }, want: { verdict: 'pass', reasons: 0, warnings: 0 } }],
  ['breaking with a major pre-release passes', { given: { base: '1.3.0', revision: '2.0.0-rc.1', severities: ['breaking'] }, want: { verdict: 'pass', reasons: 0, warnings: 0 } }],
  ['0.x breaking with a minor bump passes', { given: { base: '0.3.1', revision: '0.4.0', severities: ['breaking'] }, want: { verdict: 'pass', reasons: 0, warnings: 0 } }],
  ['0.x breaking with a patch bump fails', { given: { base: '0.3.1', revision: '0.3.2', severities: ['breaking'] }, want: { verdict: 'fail', reasons: 1, warnings: 0 } }],
  ['version went down fails', { given: { base: '2.1.0', revision: '2.0.9', severities: [] }, want: { verdict: 'fail', reasons: 1, warnings: 0 } }],
  ['breaking and version down: two reasons', { given: { base: '2.1.0', revision: '1.0.0', severities: ['breaking'] }, want: { verdict: 'fail', reasons: 2, warnings: 0 } }],
  ['additions without a bump warn', { given: { base: '1.0.0', revision: '1.0.0', severities: ['non-breaking'] }, want: { verdict: 'pass', reasons: 0, warnings: 1 } }],
  ['additions with a patch bump warn', { given: { base: '1.0.0', revision: '1.0.1', severities: ['non-breaking'] }, want: { verdict: 'pass', reasons: 0, warnings: 1 } }],
  ['additions with a minor bump pass quietly', { given: { base: '1.0.0', revision: '1.1.0', severities: ['non-breaking'] }, want: { verdict: 'pass', reasons: 0, warnings: 0 } }],
  ['0.x additions with a patch bump pass quietly', { given: { base: '0.2.0', revision: '0.2.1', severities: ['non-breaking'] }, want: { verdict: 'pass', reasons: 0, warnings: 0 } }],
  ['info only passes', { given: { base: '1.0.0', revision: '1.0.0', severities: ['info'] }, want: { verdict: 'pass', reasons: 0, warnings: 0 } }],
  ['not semver fails', { given: { base: '1.0.0', revision: 'latest', severities: [] }, want: { verdict: 'fail', reasons: 1, warnings: 0 } }],
], ({ base, revision, severities }) => {
  const j = judgeVersions({ base, revision, changes: changes(...severities) });
  return { verdict: j.verdict, reasons: j.reasons.length, warnings: j.warnings.length };
});
