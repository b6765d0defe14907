/**
 * The repository root, found from this file's location whether it runs as TypeScript
 * (codegen/src/...) or compiled into a bundle (dist/build/codegen/src/...): the nearest
 * directory upwards that holds services/registry.yaml.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function repoRoot(): string {
  if (cached !== undefined) {
    return cached;
  }
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'services', 'registry.yaml'))) {
      return (cached = dir);
    }
    if (dirname(dir) === dir) {
      throw new Error(`no services/registry.yaml above ${__dirname}: run the generator from a Marquee checkout`);
    }
  }
}
