/** Loading spec files: JSON by JSON.parse with positions on demand, YAML with positions, clear errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, LineCounter, isMap, isSeq, type Node } from 'yaml';
import { jsonLocator } from '../src/json-positions';
import { isObject, loadFile, SpecLoadError, type JsonValue } from '../src/load';

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

/** Every pointer in a value (objects and arrays walked), including the pointers of missing children. */
function pointers(value: JsonValue, prefix: string[] = []): string[][] {
  const out = [prefix, [...prefix, 'no-such-key']];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pointers(v, [...prefix, String(i)])));
  else if (isObject(value)) Object.entries(value).forEach(([k, v]) => out.push(...pointers(v, [...prefix, k])));
  return out;
}

/** The YAML parser's reading of the same position (the reference the fast path must match). */
function yamlPosition(text: string, pointer: string[]): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let node: unknown = doc.contents;
  let best = doc.contents as Node;
  for (const key of pointer) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown }).value) === key);
      if (!pair) break;
      best = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)];
      if (item === undefined) break;
      best = item as Node;
      node = item;
    } else break;
  }
  const pos = lineCounter.linePos(best.range?.[0] ?? 0);
  return { line: pos.line, column: pos.col };
}

test('When JSON positions are found without a syntax tree, Then they match the YAML reading for every pointer, indented or minified', () => {
  const value = {
    ...doc,
    components: { schemas: { 'a/b': { type: 'object', properties: { 'q"uote': { type: 'string', enum: ['x', 'y\\"z', null] }, n: { type: 'number', default: -1.5e3 } } } } },
    tags: [{ name: 'films' }, [], {}, true, false],
  };
  for (const text of [JSON.stringify(value, null, 2), JSON.stringify(value), JSON.stringify(value, null, '\t').replace(/\n/g, '\r\n')]) {
    const locate = jsonLocator(text);
    for (const pointer of pointers(value as JsonValue)) {
      expect({ pointer, at: locate(pointer) }).toEqual({ pointer, at: yamlPosition(text, pointer) });
    }
  }
});
