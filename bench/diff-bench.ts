/**
 * Spec diff benchmark: `diffSpecs` over a synthesized contract of 1,000 operations (250
 * resources × list/create/get/update, sharing component schemas) against a revision with a few
 * hundred changes, several of them inside shared components and so reported per operation.
 *
 *   npx tsx bench/diff-bench.ts        (prints a markdown section; bench/run.ts may embed it)
 *
 * Knobs (environment): BENCH_DIFF_RESOURCES (250), BENCH_DIFF_RUNS (5).
 */
import { diffSpecs } from '@marquee/diff';
import type { JsonObject } from '@marquee/openapi';
import { machineInfo } from './lib/machine';

export const DIFF_TARGET_SECONDS = 1;
const ENTITY_KINDS = 20;

interface DiffMeasurement {
  operations: number;
  changes: number;
  breaking: number;
  runs: number;
  medianSeconds: number;
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonObject): JsonObject => ({ 'application/json': { schema } });

function entitySchema(k: number): JsonObject {
  return {
    type: 'object',
    required: ['id', 'name', 'status', 'price'],
    properties: {
      id: { type: 'string', format: 'uuid', readOnly: true },
      name: { type: 'string', minLength: 1, maxLength: 200 },
      status: ref('Status'),
      price: ref('Money'),
      address: ref('Address'),
      tags: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^[a-z-]+$' } },
      score: { type: ['number', 'null'], minimum: 0, maximum: 10 },
      [`extra${k}`]: { type: 'integer', default: k },
      ...(k % 10 === 7 ? { visibility: ref('Visibility') } : {}),
      children: { type: 'array', items: ref(`Entity${k}`) },
    },
  };
}

function components(): JsonObject {
  const schemas: JsonObject = {
    Status: { type: 'string', enum: ['draft', 'active', 'archived'] },
    Visibility: { type: 'string', enum: ['public', 'private'] },
    Money: { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'integer' }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } } },
    Address: { type: 'object', properties: { line1: { type: 'string', maxLength: 120 }, city: { type: 'string' }, country: { type: 'string', minLength: 2, maxLength: 2 } } },
    Problem: { type: 'object', required: ['type', 'title', 'status'], properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' } } },
  };
  for (let k = 0; k < ENTITY_KINDS; k++) {
    schemas[`Entity${k}`] = entitySchema(k);
    schemas[`Entity${k}Page`] = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref(`Entity${k}`) }, next: { type: 'string' } } };
  }
  return {
    schemas,
    parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } },
    responses: { Problem: { description: 'A problem.', content: json(ref('Problem')) } },
  };
}

function resourcePaths(i: number): JsonObject {
  const entity = `Entity${i % ENTITY_KINDS}`;
  const errors = { '400': { $ref: '#/components/responses/Problem' }, '503': { $ref: '#/components/responses/Problem' } };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  return {
    [`/r${i}`]: {
      get: {
        operationId: `list${i}`,
        parameters: [{ $ref: '#/components/parameters/Limit' }, { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 } }],
        responses: { '200': { description: 'A page.', content: json(ref(`${entity}Page`)) }, ...errors },
      },
      post: {
        operationId: `create${i}`,
        requestBody: { required: true, content: json(ref(entity)) },
        responses: { '201': { description: 'Created.', content: json(ref(entity)) }, ...errors },
      },
    },
    [`/r${i}/{id}`]: {
      parameters: [idParam],
      get: { operationId: `get${i}`, responses: { '200': { description: 'One.', content: json(ref(entity)) }, ...errors } },
      patch: {
        operationId: `update${i}`,
        requestBody: { content: json(ref(entity)) },
        responses: { '200': { description: 'Updated.', content: json(ref(entity)) }, ...errors },
      },
    },
  };
}

/** A contract of `resources` × 4 operations over shared schemas. */
export function synthesizeSpec(resources: number): JsonObject {
  const paths: JsonObject = {};
  for (let i = 0; i < resources; i++) {
    Object.assign(paths, resourcePaths(i));
  }
  return { openapi: '3.1.0', info: { title: 'Synthetic', version: '1.0.0' }, paths, components: components() };
}

type Mutable = Record<string, any>;

/** The same contract with a spread of edits: removed and added operations, parameter and schema changes. */
export function reviseSpec(base: JsonObject, resources: number): JsonObject {
  const doc = structuredClone(base) as Mutable;
  const schemas = doc.components.schemas as Mutable;
  for (let i = 0; i < resources; i += 25) {
    delete doc.paths[`/r${i}/{id}`].patch;
    doc.paths[`/n${i}`] = { get: { operationId: `new${i}`, responses: { '200': { description: 'New.' } } } };
  }
  for (let i = 1; i < resources; i += 6) {
    doc.paths[`/r${i}`].get.parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } });
  }
  for (let i = 2; i < resources; i += 10) {
    doc.paths[`/r${i}`].get.parameters[1].schema.maxLength = 50;
  }
  schemas.Visibility.enum.push('internal');
  delete schemas.Entity3.properties.tags;
  schemas.Entity4.required.push('address');
  schemas.Entity5.properties.score.type = 'number';
  schemas.Entity6.properties.rank = { type: 'integer' };
  return doc as JsonObject;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function measureDiff(resources = Number(process.env.BENCH_DIFF_RESOURCES ?? 250), runs = Number(process.env.BENCH_DIFF_RUNS ?? 5)): DiffMeasurement {
  const base = synthesizeSpec(resources);
  const revision = reviseSpec(base, resources);
  const options = { today: '2026-01-01' };
  let changes = diffSpecs(base, revision, options); // warmup
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    changes = diffSpecs(base, revision, options);
    times.push((performance.now() - started) / 1000);
  }
  return {
    operations: resources * 4,
    changes: changes.length,
    breaking: changes.filter((c) => c.severity === 'breaking').length,
    runs,
    medianSeconds: median(times),
  };
}

/** The benchmark as a markdown section. */
export async function diffBench(): Promise<string> {
  const date = new Date().toISOString();
  const m = measureDiff();
  const machine = machineInfo();
  const met = m.medianSeconds < DIFF_TARGET_SECONDS ? 'met' : 'MISSED';
  return [
    '## Spec diff (`diffSpecs`)',
    '',
    `Measured ${date} on ${machine.nproc} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.node}, commit ${machine.commit}.`,
    '',
    `A synthesized contract of ${m.operations.toLocaleString('en-US')} operations over shared component schemas, against a revision`,
    'with removed and added operations, parameter changes and edits inside shared components (reported once per affected',
    `operation). Median of ${m.runs} runs after a warmup.`,
    '',
    '| operations | changes | breaking | median (s) | target |',
    '|---:|---:|---:|---:|---|',
    `| ${m.operations} | ${m.changes} | ${m.breaking} | ${m.medianSeconds.toFixed(3)} | < ${DIFF_TARGET_SECONDS} s: ${met} |`,
    '',
  ].join('\n');
}

if (require.main === module) {
  void diffBench().then((section) => console.log(section));
}
