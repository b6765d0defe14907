import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main as breaking } from '../../src/breaking';
import { main as release } from '../../src/release';
import { createTempRepo, runMain, type TempRepo } from './temp-repo';

describe('release.ts in a temporary git repository', () => {
  let repo: TempRepo;
  const run = (...argv: string[]) => runMain(release, repo.dir, argv, '2026-02-01');

  beforeEach(() => {
    repo = createTempRepo();
  });

  afterEach(() => repo.remove());

  test('When a service has no release tag, Then the first release keeps info.version, writes the changelog, commits and tags', () => {
    const version = '1.0.0';
    const result = run('--service', 'audience');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`audience: ${version} (first release`);
    expect(repo.git('tag', '--list')).toBe(`audience@${version}`);
    expect(repo.git('log', '-1', '--format=%s')).toBe(`release: audience@${version}`);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('specs/audience/CHANGELOG.md');
    expect(repo.read('specs/audience/CHANGELOG.md')).toContain(`## [${version}] - 2026-02-01\n\nInitial release.\n`);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  test('When a committed change adds a response property since the tag, Then the release is a minor version and the check passes afterwards', () => {
    repo.git('tag', 'catalog@1.0.0');
    repo.editYaml('specs/catalog/openapi.yaml', (doc) => doc.setIn(['components', 'schemas', 'Film', 'properties', 'posterUrl'], { type: 'string' }));
    repo.git('commit', '--quiet', '-am', 'films get posters');
    const before = repo.read('specs/catalog/openapi.yaml');
    const result = run('--service', 'catalog');
    expect(result.code).toBe(0);
    expect(repo.git('tag', '--list', 'catalog@*').split('\n')).toEqual(['catalog@1.0.0', 'catalog@1.1.0']);
    expect(repo.git('rev-parse', 'catalog@1.1.0^{commit}')).toBe(repo.git('rev-parse', 'HEAD'));
    expect(repo.read('specs/catalog/openapi.yaml')).toBe(before.replace('version: 1.0.0', 'version: 1.1.0'));
    expect((parse(repo.read('specs/catalog/openapi.yaml')) as { info: { version: string } }).info.version).toBe('1.1.0');
    const changelog = repo.read('specs/catalog/CHANGELOG.md');
    expect(changelog).toContain('## [1.1.0] - 2026-02-01\n\n### Added\n');
    expect(changelog).toContain("- Property 'items[].posterUrl' in response 200 (application/json) was added. — `GET /films` (listFilms)");
    expect(changelog).toContain(
      "- Property 'posterUrl' in response 200 (application/json) was added. — `GET /films/{filmId}` (getFilm), `PATCH /films/{filmId}` (updateFilm)",
    );
    expect(runMain(breaking, repo.dir, ['--service', 'catalog']).stdout).toContain('catalog: base catalog@1.1.0 (1.1.0)');
  });

  test('When specs/ has uncommitted changes, Then the release is refused and nothing is written', () => {
    repo.git('tag', 'catalog@1.0.0');
    repo.editYaml('specs/catalog/openapi.yaml', (doc) => doc.deleteIn(['paths', '/genres']));
    const result = run('--service', 'catalog');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('catalog: 2.0.0 (major release');
    expect(result.stderr).toContain('specs/ has uncommitted changes');
    expect(result.stderr).toContain('specs/catalog/openapi.yaml');
    expect(existsSync(join(repo.dir, 'specs/catalog/CHANGELOG.md'))).toBe(false);
    expect(repo.git('tag', '--list')).toBe('catalog@1.0.0');
  });

  test('When the proposed tag already exists, Then the release is refused', () => {
    repo.git('tag', 'audience@1.0.1');
    const result = run('--service', 'audience', '--base', 'HEAD');
    expect(result.stdout).toContain('audience: 1.0.1 (patch release after HEAD (1.0.0)');
    expect(result.stdout).toContain('warning: tag audience@1.0.1 already exists');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('tag audience@1.0.1 already exists');
  });

  test.each([
    [[], '--service is required'],
    [['--service', 'nope'], "unknown service 'nope'"],
    [['--service', 'catalog', '--dry-run=yes'], "unknown argument '--dry-run=yes'"],
  ])('When called with %j, Then it is a usage error (exit 2)', (argv, message) => {
    const result = run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
