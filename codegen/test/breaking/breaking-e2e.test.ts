import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main as breaking } from '../../src/breaking';
import { main as release } from '../../src/release';
import { createTempRepo, runMain, spawnCli, type TempRepo } from './temp-repo';

const CATALOG = 'specs/catalog/openapi.yaml';
const CONSUMER = 'services/audience/src/domain/film-references.ts';

describe('breaking.ts end to end in a temporary git repository', () => {
  let repo: TempRepo;
  const check = (...argv: string[]) => runMain(breaking, repo.dir, argv);

  beforeAll(() => {
    repo = createTempRepo({ consumers: true });
    repo.git('tag', 'catalog@1.0.0');
  });

  afterAll(() => repo.remove());

  afterEach(() => {
    repo.git('checkout', '--quiet', '--', 'specs');
    repo.git('clean', '--quiet', '-fd', '--', 'specs');
  });

  test('When nothing changed, Then every service passes', () => {
    const run = check();
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('catalog: base catalog@1.0.0 (1.0.0)');
    expect(run.stdout).toContain('audience: base merge-base with main');
    // Every contract of the repository: OpenAPI specs and `<service>-events` AsyncAPI ones.
    const specDirs = readdirSync(join(repo.dir, 'specs'));
    const contracts = ['openapi.yaml', 'asyncapi.yaml'].flatMap((file) => specDirs.filter((d) => existsSync(join(repo.dir, 'specs', d, file))));
    expect(contracts.length).toBeGreaterThanOrEqual(2);
    expect(run.stdout).toMatch(new RegExp(`verdict: PASS \\(${contracts.length} services checked\\)\n$`));
  });

  test('When an operation is removed, Then the check fails naming the rule, the pointer and the consumer', () => {
    repo.editYaml(CATALOG, (doc) => doc.deleteIn(['paths', '/films', 'get']));
    const run = check('--service', 'catalog');
    const consumerLine = readFileSync(join(repo.dir, CONSUMER), 'utf8').split('\n').findIndex((l) => l.includes('catalog.listFilms(')) + 1;
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('BREAKING (1)');
    expect(run.stdout).toMatch(/operation-removed +GET \/films \(listFilms\) {2}\/paths\/~1films\/get \(base\)/);
    expect(run.stdout).toContain('fix: Restore the operation');
    expect(run.stdout).toContain(`used by: ${CONSUMER}:${consumerLine}`);
    expect(run.stdout).toContain('catalog: FAIL: 1 breaking change(s) need a major version bump (info.version 1.0.0 → 1.0.0; expected at least 2.0.0)');
    expect(run.stdout).toMatch(/verdict: FAIL \(catalog\)\n$/);
  });

  test('When the operation is removed and info.version goes to 2.0.0, Then the check passes', () => {
    repo.editYaml(CATALOG, (doc) => {
      doc.deleteIn(['paths', '/films', 'get']);
      doc.setIn(['info', 'version'], '2.0.0');
    });
    const run = check('--service', 'catalog', '--no-impact');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('operation-removed');
    expect(run.stdout).toContain('catalog: PASS (the changes need at least a major release)');
  });

  test('When a required request property is added in place, Then the check fails; When it goes into a /v2 operation beside the deprecated v1, Then it passes', () => {
    const requiredField = { type: 'string', minLength: 1, maxLength: 64, description: 'Distributor of record.' };
    repo.editYaml(CATALOG, (doc) => {
      doc.setIn(['components', 'schemas', 'FilmCreate', 'properties', 'distributor'], requiredField);
      doc.addIn(['components', 'schemas', 'FilmCreate', 'required'], 'distributor');
    });
    const inPlace = check('--service', 'catalog', '--no-impact');
    expect(inPlace.code).toBe(1);
    expect(inPlace.stdout).toMatch(/request-property-added-required +POST \/films \(createFilm\)/);
    repo.git('checkout', '--quiet', '--', 'specs');

    repo.editYaml(CATALOG, (doc) => {
      const v1 = doc.getIn(['paths', '/films', 'post']) as { toJSON(): Record<string, unknown> };
      const v2 = { ...v1.toJSON(), operationId: 'createFilmV2' } as Record<string, unknown>;
      v2['requestBody'] = { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/FilmCreateV2' } } } };
      doc.setIn(['components', 'schemas', 'FilmCreateV2'], {
        allOf: [{ $ref: '#/components/schemas/FilmCreate' }, { type: 'object', required: ['distributor'], properties: { distributor: requiredField } }],
      });
      doc.setIn(['paths', '/v2/films'], { post: v2 });
      doc.setIn(['paths', '/films', 'post', 'deprecated'], true);
      doc.setIn(['paths', '/films', 'post', 'x-sunset'], '2027-06-30');
      doc.setIn(['paths', '/films', 'post', 'x-successor'], 'createFilmV2');
    });
    const beside = check('--service', 'catalog', '--no-impact');
    expect(beside.code).toBe(0);
    expect(beside.stdout).not.toMatch(/^ *BREAKING \(/m);
    expect(beside.stdout).toMatch(/path-added +POST \/v2\/films \(createFilmV2\)/);
    expect(beside.stdout).toMatch(/operation-deprecated +POST \/films \(createFilm\)/);
  });

  test('When an optional response property is added, Then the check passes with a warning and release --dry-run proposes a minor bump', () => {
    repo.editYaml(CATALOG, (doc) => doc.setIn(['components', 'schemas', 'Film', 'properties', 'posterUrl'], { type: 'string', format: 'uri' }));
    const run = check('--service', 'catalog');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('NON-BREAKING');
    expect(run.stdout).toContain("Property 'posterUrl' in response 200 (application/json) was added.");
    expect(run.stdout).toContain('warning: non-breaking changes usually come with a minor version bump');
    const dry = runMain(release, repo.dir, ['--service', 'catalog', '--dry-run'], '2026-02-01');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('catalog: 1.1.0 (minor release after catalog@1.0.0 (1.0.0)');
    expect(dry.stdout).toContain('## [1.1.0] - 2026-02-01');
    expect(repo.git('status', '--porcelain', '--', 'specs')).toBe('M specs/catalog/openapi.yaml');
    expect(repo.git('tag', '--list')).toBe('catalog@1.0.0');
  });

  test('When --format json is asked for, Then the report is one JSON document with pointers and consumers', () => {
    repo.editYaml(CATALOG, (doc) => doc.setIn(['paths', '/films', 'get', 'parameters', 1, 'required'], true));
    const run = check('--service', 'catalog', '--format', 'json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.verdict).toBe('fail');
    expect(report.services[0]).toMatchObject({ service: 'catalog', verdict: 'fail', requiredBump: 'major', base: { ref: 'catalog@1.0.0', source: 'tag', version: '1.0.0' } });
    expect(report.services[0].changes).toEqual([
      expect.objectContaining({
        rule: 'request-parameter-made-required',
        severity: 'breaking',
        operation: { method: 'GET', path: '/films', operationId: 'listFilms' },
        base: '/paths/~1films/get/parameters/1',
        revision: '/paths/~1films/get/parameters/1',
        consumers: [expect.objectContaining({ file: CONSUMER })],
      }),
    ]);
  });

  test('When info.version goes down, Then the check fails', () => {
    repo.editYaml(CATALOG, (doc) => doc.setIn(['info', 'version'], '0.9.0'));
    const run = check('--service', 'catalog');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('info.version went down (1.0.0 → 0.9.0)');
  });

  test('When a spec exists only in the working tree, Then it is a new service with nothing to compare', () => {
    repo.write('specs/newbie/openapi.yaml', 'openapi: 3.1.0\ninfo: { title: New, version: 0.1.0 }\npaths: {}\n');
    const run = check('--service', 'newbie');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('new service, nothing to compare');
  });

  test('When --base names an older commit, Then the comparison uses it instead of the tag', () => {
    repo.editYaml(CATALOG, (doc) => doc.deleteIn(['paths', '/genres']));
    repo.git('commit', '--quiet', '-am', 'drop genres');
    try {
      expect(check('--service', 'catalog', '--no-impact').code).toBe(1);
      const run = check('--service', 'catalog', '--base', 'HEAD');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('catalog: base HEAD (1.0.0)');
    } finally {
      repo.git('reset', '--quiet', '--hard', 'catalog@1.0.0');
    }
  });

  test.each([
    [['--format', 'xml'], '--format must be table or json'],
    [['--service', 'nope'], "unknown service 'nope'"],
    [['--base', 'no-such-ref'], "--base 'no-such-ref' is not a commit"],
    [['--verbose'], "unknown argument '--verbose'"],
    [['--base'], '--base needs a value'],
  ])('When called with %j, Then it is a usage error (exit 2)', (argv, message) => {
    const run = check(...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('usage: breaking.ts');
  });

  test('When run as a command in a child process, Then the exit code and the table come from the real entry point', () => {
    repo.editYaml(CATALOG, (doc) => doc.deleteIn(['paths', '/films/{filmId}', 'delete']));
    const run = spawnCli('codegen/src/breaking.ts', repo.dir, ['--service=catalog', '--no-impact']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('operation-removed');
    expect(run.stdout).toContain('DELETE /films/{filmId} (deleteFilm)');
  });
});
