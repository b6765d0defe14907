import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ImpactFinder } from '../src/impact';
import { consumerFiles } from '../src/impact-scan';

const FIXTURE = join(__dirname, 'fixtures', 'impact');
const REPO = resolve(__dirname, '../..');

/** 1-based line of the first line containing `text`. */
function lineOf(file: string, text: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

describe('ImpactFinder on a fixture repository (diff/test/fixtures/impact)', () => {
  const finder = new ImpactFinder(FIXTURE);

  test('When consumer files are listed, Then they are services/*/src and web/src TypeScript files', () => {
    const files = consumerFiles(FIXTURE).map((f) => f.slice(FIXTURE.length + 1));
    expect(files).toEqual([
      'services/audience/src/domain/film-cache.ts',
      'services/audience/src/domain/film-references.ts',
      'services/catalog/src/self-check.ts',
      'services/reports/src/weekly.ts',
      'web/src/app.ts',
    ]);
  });

  test('When calls are scanned, Then only calls resolving to a generated client method count', () => {
    const calls = finder.allCalls().map((c) => `${c.service}.${c.method} ${c.file}:${c.line}`);
    const at = (rel: string, text: string) => `${rel}:${lineOf(join(FIXTURE, rel), text)}`;
    expect(calls.sort()).toEqual(
      [
        `catalog.getFilm ${at('services/audience/src/domain/film-cache.ts', 'this.client.getFilm')}`,
        `catalog.listFilms ${at('services/audience/src/domain/film-cache.ts', "alias?.['listFilms']")}`,
        `catalog.listFilms ${at('services/audience/src/domain/film-references.ts', 'catalog.listFilms')}`,
        `catalog.listFilms ${at('services/catalog/src/self-check.ts', '.listFilms()')}`,
        `audience.listSegments ${at('services/reports/src/weekly.ts', 'audience.listSegments')}`,
        `catalog.listFilms ${at('services/reports/src/weekly.ts', "new CachedCatalog('http://catalog').listFilms")}`,
        `catalog.getFilm ${at('web/src/app.ts', '.getFilm(')}`,
      ].sort(),
    );
  });

  test("When the consumers of catalog's listFilms are asked for, Then the catalog's own code is left out", () => {
    expect(finder.consumersOf('catalog', 'listFilms').map((c) => c.file)).toEqual([
      'services/audience/src/domain/film-cache.ts',
      'services/audience/src/domain/film-references.ts',
      'services/reports/src/weekly.ts',
    ]);
    expect(finder.consumersOf('catalog', 'deleteFilm')).toEqual([]);
  });
});

describe('ImpactFinder on this repository', () => {
  test("When catalog's listFilms breaks, Then audience's film-references.ts is named with its line", () => {
    const file = 'services/audience/src/domain/film-references.ts';
    const consumers = new ImpactFinder(REPO).consumersOf('catalog', 'listFilms');
    expect(consumers).toContainEqual(
      expect.objectContaining({ service: 'catalog', method: 'listFilms', file, line: lineOf(join(REPO, file), 'catalog.listFilms(') }),
    );
  });
});
