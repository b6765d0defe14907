/** Event contracts in one call for `make generate`: every specs/<service>/asyncapi.yaml, linted and emitted. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../lint';
import { SpecFiles } from '@marquee/openapi';
import { emitEvents } from './emit';
import { lintEventContract } from './lint';
import { loadEventContract } from './model';

export { emitEvents } from './emit';
export { lintEventContract } from './lint';
export { loadEventContract, type EventChannel, type EventContract } from './model';

export const EVENT_SPEC = 'asyncapi.yaml';

/** Services with an event contract (specs/<name>/asyncapi.yaml). */
export function listEventServices(specsDir: string): string[] {
  if (!existsSync(specsDir)) return [];
  return readdirSync(specsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(specsDir, d.name, EVENT_SPEC)))
    .map((d) => d.name)
    .sort();
}

export interface EventGeneration {
  name: string;
  findings: Finding[];
  files: [path: string, content: string][];
  channels: number;
  /** The contract's info.version (the image tag of a service that has no OpenAPI spec). */
  version: string;
}

export function generateEvents(specsDir = 'specs', outDir = 'generated'): EventGeneration[] {
  return listEventServices(specsDir).map((name) => {
    const specPath = join(specsDir, name, EVENT_SPEC);
    const files = new SpecFiles();
    const findings = lintEventContract(specPath, files);
    if (findings.some((f) => f.severity === 'error')) return { name, findings, files: [], channels: 0, version: '' };
    const contract = loadEventContract(specPath, files);
    const emitted = emitEvents(contract, specPath).map((f): [string, string] => [join(outDir, name, f.path), f.content]);
    return { name, findings, files: emitted, channels: contract.channels.length, version: contract.version };
  });
}
