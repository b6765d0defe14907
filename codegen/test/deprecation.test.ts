/** Deprecation from the spec to the route table: x-sunset, x-successor and x-deprecated-at. */
import { emitOperations } from '../src/emit/operations';
import { buildIR } from '../src/ir';
import type { JsonObject } from '@marquee/openapi';

const doc = (op: JsonObject): JsonObject => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1.0.0' },
  paths: { '/v1/films': { get: { operationId: 'listFilmsV1', responses: { '200': { description: 'ok' } }, ...op } } },
});

test.each([
  ['a deprecated operation with sunset, successor and date', { deprecated: true, 'x-sunset': '2027-06-30', 'x-successor': '/v2/films', 'x-deprecated-at': '2026-10-01' },
    'deprecation: { since: "@1790812800", sunset: "Wed, 30 Jun 2027 23:59:59 GMT", successor: "/v2/films" }'],
  ['a deprecated operation without a date', { deprecated: true, 'x-sunset': '2027-06-30' }, 'deprecation: { since: "true", sunset: "Wed, 30 Jun 2027 23:59:59 GMT" }'],
  ['a current operation', {}, 'deprecated: false }'],
])('When the spec has %s, Then the route table says so', (_name, op, want) => {
  const [file] = emitOperations(buildIR('films', doc(op as JsonObject)));
  expect(file?.content).toContain(want);
});
