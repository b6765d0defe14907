import { changelogHeader, prependChangelog, renderChangelogEntry } from '../src/changelog';
import { setInfoVersion } from '../src/spec-version';
import type { Change } from '../src/types';
import { runTable } from './helpers';

const SPEC = `# The catalog contract.
openapi: 3.1.0
info:
  title: Catalog   # shown in the docs
  version: 1.0.0
  description: >-
    A long folded description that a YAML printer
    would happily re-wrap.
paths: { }
`;

runTable<[string, string], string>('setInfoVersion changes only the version scalar', [
  ['plain', { given: [SPEC, '1.1.0'], want: SPEC.replace('version: 1.0.0', 'version: 1.1.0') }],
  ['double-quoted', { given: [SPEC.replace('1.0.0', '"1.0.0"'), '2.0.0'], want: SPEC.replace('1.0.0', '"2.0.0"') }],
  ['single-quoted', { given: [SPEC.replace('1.0.0', "'1.0.0'"), '0.2.0'], want: SPEC.replace('1.0.0', "'0.2.0'") }],
  ['flow mapping', { given: ['info: { title: T, version: 0.1.0 }\n', '0.2.0'], want: 'info: { title: T, version: 0.2.0 }\n' }],
], ([text, version]) => setInfoVersion(text, version));

test('When a spec has no info.version, Then setInfoVersion refuses', () => {
  expect(() => setInfoVersion('openapi: 3.1.0\ninfo: { title: T }\n', '1.0.0')).toThrow('no info.version');
});

const ENTRY = '## [1.1.0] - 2026-02-01\n\n### Added\n\n- Thing.\n';

runTable<string | undefined, string>('prependChangelog puts the entry above the newest release', [
  ['no file yet', { given: undefined, want: `${changelogHeader('Catalog')}\n${ENTRY}` }],
  [
    'earlier releases',
    {
      given: '# Changelog\n\nIntro.\n\n## [1.0.0] - 2026-01-01\n\nInitial release.\n',
      want: `# Changelog\n\nIntro.\n\n${ENTRY}\n## [1.0.0] - 2026-01-01\n\nInitial release.\n`,
    },
  ],
  [
    'an Unreleased section stays on top',
    {
      given: '# Changelog\n\n## [Unreleased]\n\n- wip\n\n## [1.0.0] - 2026-01-01\n',
      want: `# Changelog\n\n## [Unreleased]\n\n- wip\n\n${ENTRY}\n## [1.0.0] - 2026-01-01\n`,
    },
  ],
  ['no release heading yet', { given: '# Changelog\n\nIntro.', want: `# Changelog\n\nIntro.\n\n${ENTRY}` }],
], (existing) => prependChangelog(existing, ENTRY, 'Catalog'));

test('When the same message is reported for several operations, Then the changelog has one line naming them all', () => {
  const change = (rule: Change['rule'], severity: Change['severity'], message: string, path: string, operationId: string): Change => ({
    rule,
    severity,
    message,
    fix: 'f',
    operation: { method: 'GET', path, operationId },
  });
  const entry = renderChangelogEntry({
    version: '2.0.0',
    date: '2026-03-01',
    changes: [
      change('response-property-removed', 'breaking', "Property 'tagline' in response 200 (application/json) was removed.", '/films', 'listFilms'),
      change('response-property-removed', 'breaking', "Property 'tagline' in response 200 (application/json) was removed.", '/films/{id}', 'getFilm'),
      change('operation-deprecated', 'info', 'The operation was deprecated (sunset 2026-09-01).', '/search', 'search'),
      change('response-property-added', 'non-breaking', "Property 'posterUrl' in response 200 (application/json) was added.", '/films', 'listFilms'),
    ],
  });
  expect(entry).toBe(
    [
      '## [2.0.0] - 2026-03-01',
      '',
      '### Breaking',
      '',
      "- Property 'tagline' in response 200 (application/json) was removed. — `GET /films` (listFilms), `GET /films/{id}` (getFilm)",
      '',
      '### Added',
      '',
      "- Property 'posterUrl' in response 200 (application/json) was added. — `GET /films` (listFilms)",
      '',
      '### Deprecated',
      '',
      '- The operation was deprecated (sunset 2026-09-01). — `GET /search` (search)',
      '',
    ].join('\n'),
  );
});
