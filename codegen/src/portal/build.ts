#!/usr/bin/env -S npx tsx
/**
 * Builds the docs portal as static files (default dist/docs):
 *
 *   npx tsx codegen/src/portal/build.ts [--out DIR]
 *
 *   index.html, assets/search.js, search-index.json    landing page, client-side search
 *   <service>/<version>/{index.html,openapi.json}      Scalar reference per release and `current`
 *   changelog/<service>.html                           changelog and migration notes
 *   graph/index.html                                   dependency graph (SVG) from the registry
 *   own/<service>/index.html, compare/index.html       our own emitter, side by side with Scalar
 *   assets/scalar/standalone.js                        vendored from node_modules (no CDN)
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { httpServices, loadRegistry } from '../deploy/registry';
import { emitServiceDocs } from '../emit/docs';
import { buildIR } from '../ir';
import { renderVersionChanges, versionChanges } from './changelog';
import { withCodeSamples } from './code-samples';
import { renderGraphSvg } from './graph';
import { changelogPage, comparePage, graphPage, landingPage, referencePage, SCALAR_ASSET, SEARCH_SCRIPT } from './pages';
import { buildSearchIndex } from './search-index';
import { collectVersions, headCommit } from './versions';
import { repoRoot } from '../repo-root';

export interface PortalBuild {
  out: string;
  files: number;
  services: { name: string; versions: string[] }[];
  operations: number;
}

/**
 * The standalone browser bundle of the pinned @scalar/api-reference, from this checkout's
 * node_modules (the package exports no path to it; the specs may come from another checkout).
 */
function scalarBundle(): string {
  const file = join(repoRoot(), 'node_modules/@scalar/api-reference/dist/browser/standalone.js');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run npm ci (the portal vendors Scalar from node_modules, never from a CDN)`);
  }
  return file;
}

export function buildPortal(options: { root: string; out: string; today?: string }): PortalBuild {
  const { root, out } = options;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const registry = loadRegistry(join(root, 'services/registry.yaml'));
  // References, changelogs and samples for the HTTP APIs; the graph below draws every service.
  const entries = collectVersions(root, httpServices(registry.services));
  rmSync(out, { recursive: true, force: true });
  let files = 0;
  const write = (path: string, content: string): void => {
    const file = join(out, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    files++;
  };
  const scalar = join(out, SCALAR_ASSET);
  mkdirSync(dirname(scalar), { recursive: true });
  copyFileSync(scalarBundle(), scalar);
  files++;

  for (const entry of entries) {
    const name = entry.service.name;
    for (const version of entry.versions) {
      write(`${name}/${version.id}/openapi.json`, `${JSON.stringify(withCodeSamples(name, version.document), null, 2)}\n`);
      write(`${name}/${version.id}/index.html`, referencePage(entry, version.id));
    }
    const sections = versionChanges(entry, today).map((v) => renderVersionChanges(name, v));
    write(`changelog/${name}.html`, changelogPage(entry, sections));
    const current = entry.versions.at(-1)!.document;
    for (const file of emitServiceDocs(buildIR(name, current), current, {})) {
      write(`own/${name}/${file.path}`, file.content);
    }
  }
  const index = buildSearchIndex(entries);
  write('search-index.json', JSON.stringify(index));
  write('assets/search.js', SEARCH_SCRIPT);
  write('graph/index.html', graphPage(renderGraphSvg(registry.services)));
  write('compare/index.html', comparePage(entries.map((e) => e.service.name)));
  write('index.html', landingPage(entries, { commit: headCommit(root) }));
  return {
    out,
    files,
    services: entries.map((e) => ({ name: e.service.name, versions: e.versions.map((v) => v.id) })),
    operations: index.length,
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const root = repoRoot();
  const out = resolve(at >= 0 && args[at + 1] ? args[at + 1]! : join(root, 'dist/docs'));
  const started = performance.now();
  const result = buildPortal({ root, out });
  const versions = result.services.map((s) => `${s.name} (${s.versions.join(', ')})`).join('; ');
  process.stdout.write(`docs: ${result.files} files, ${result.operations} operations indexed, ${versions} in ${Math.round(performance.now() - started)} ms` + '\n');
  process.stdout.write(`docs: file://${join(result.out, 'index.html')}  (served by make up at http://127.0.0.1:4090)` + '\n');
}
