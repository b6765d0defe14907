import { diffSpecs } from '../../src/diff';
import { comparableKeys, loadCases } from './helpers';

const cases = loadCases();

describe('diffSpecs over the case corpus (codegen/test/diff/cases)', () => {
  test.each(cases.map((c) => [`${c.file}: ${c.description}`, c] as const))('%s', (_name, c) => {
    const changes = diffSpecs(c.base, c.revision, { today: c.today });
    const { actual, expected } = comparableKeys(changes, c.expect);
    expect(actual).toEqual(expected);
  });
});
