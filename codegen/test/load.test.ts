/** Loading spec files: JSON by JSON.parse with positions on demand, YAML with positions, clear errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFile, SpecLoadError } from '../src/load';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = { openapi: '3.1.0', info: { title: 'T', version: '1.0.0' }, paths: { '/a': { get: { responses: { '200': { description: 'OK' } } } } } };

test('When a JSON spec is loaded, Then its data equals the YAML reading and locate finds line and column', () => {
  const json = join(dir, 'spec.json');
  writeFileSync(json, JSON.stringify(doc, null, 2));
  const yaml = join(dir, 'spec.yaml');
  writeFileSync(yaml, JSON.stringify(doc, null, 2).replace(/^/, '# JSON is YAML\n'));
  const fromJson = loadFile(json);
  expect(fromJson.data).toEqual(loadFile(yaml).data);
  // `"get": {` is on line 9, its key at column 7.
  expect(fromJson.locate(['paths', '/a', 'get'])).toEqual({ line: 9, column: 7 });
});

test('When a .json file is broken, Then the error names the file and the line', () => {
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{\n  "openapi": "3.1.0",\n  "info": {\n}');
  expect(() => loadFile(broken)).toThrow(SpecLoadError);
  expect(() => loadFile(broken)).toThrow(/broken\.json:\d+: /);
});

test('When a YAML file holds duplicate keys, Then loading refuses it with the line', () => {
  const dup = join(dir, 'dup.yaml');
  writeFileSync(dup, 'openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\npaths: {}\n');
  expect(() => loadFile(dup)).toThrow(/dup\.yaml:4: /);
});
