/**
 * The dependency graph the docs portal draws comes from services/registry.yaml `calls`. This
 * holds the registry to the code: each service's `calls` are exactly the services whose
 * generated clients its source imports, and the graph has no cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegistry } from '../../codegen/src/deploy';

const ROOT = join(__dirname, '..', '..');
const registry = loadRegistry(join(ROOT, 'services', 'registry.yaml'));

/** Providers whose generated client a service's source imports (shared or pinned under clients/). */
function importedClients(service: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/@marquee\/generated\/([a-z-]+)\/(?:clients\/([a-z-]+)\/)?client\.gen/g)) {
          const provider = m[2] ?? m[1]!;
          if (provider !== service) found.add(provider);
        }
      }
    }
  };
  walk(join(ROOT, 'services', service, 'src'));
  return [...found].sort();
}

describe('service dependency graph', () => {
  test.each(registry.services.map((s) => [s.name, s.calls] as const))('%s: registry calls = the generated clients its code imports', (name, calls) => {
    expect(importedClients(name)).toEqual([...calls].sort());
  });

  test('Then audience is called by campaigns and insights, catalog by audience, enricher and insights, and there is no cycle', () => {
    const callers = (provider: string) => registry.services.filter((s) => s.calls.includes(provider)).map((s) => s.name).sort();
    expect(callers('audience')).toEqual(['campaigns', 'insights']);
    expect(callers('catalog')).toEqual(['audience', 'enricher', 'insights']);
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, trail: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') throw new Error(`cycle: ${[...trail, name].join(' -> ')}`);
      state.set(name, 'visiting');
      for (const callee of registry.services.find((s) => s.name === name)?.calls ?? []) visit(callee, [...trail, name]);
      state.set(name, 'done');
    };
    for (const s of registry.services) visit(s.name, []);
  });
});
