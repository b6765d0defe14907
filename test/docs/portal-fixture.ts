/**
 * A throwaway git repository holding this checkout's specs/ and services/registry.yaml with
 * real release tags, so the portal is built the way it is for a project with history:
 * catalog@1.0.0 and audience@1.0.0 on the current specs as they were before the security
 * conventions (issue #10: no security schemes, no `security`, no `x-public`), then the current
 * specs (credentials required, public operations marked) tagged catalog@2.0.0 after a breaking
 * change (the /genres path removed) and an addition (an optional query parameter), and
 * identity@1.0.0.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { buildPortal, type PortalBuild } from '../../codegen/src/portal/build';

const ROOT = join(__dirname, '../..');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Portal Test', '-c', 'user.email=portal@test.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd,
    stdio: 'pipe',
  });
}

/** The spec file as it was before issue #10: every security declaration removed. */
function withoutSecurity(file: string): void {
  const spec = parseDocument(readFileSync(file, 'utf8'));
  spec.deleteIn(['components', 'securitySchemes']);
  spec.delete('security');
  const paths = spec.get('paths');
  for (const item of isMap(paths) ? paths.items : []) {
    for (const op of isMap(item.value) ? item.value.items : []) {
      if (isMap(op.value)) {
        op.value.delete('security');
        op.value.delete('x-public');
      }
    }
  }
  writeFileSync(file, spec.toString());
}

export function repoWithReleases(): string {
  const repo = mkdtempSync(join(tmpdir(), 'marquee-portal-'));
  cpSync(join(ROOT, 'specs'), join(repo, 'specs'), { recursive: true });
  cpSync(join(ROOT, 'services/registry.yaml'), join(repo, 'services/registry.yaml'));
  git(repo, 'init', '-q', '-b', 'main');
  for (const service of ['catalog', 'audience']) {
    withoutSecurity(join(repo, 'specs', service, 'openapi.yaml'));
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'contracts before the security conventions');
  git(repo, 'tag', 'catalog@1.0.0');
  git(repo, 'tag', 'audience@1.0.0');
  cpSync(join(ROOT, 'specs'), join(repo, 'specs'), { recursive: true });
  const specPath = join(repo, 'specs/catalog/openapi.yaml');
  const spec = parseDocument(readFileSync(specPath, 'utf8'));
  spec.deleteIn(['paths', '/genres']);
  const params = spec.getIn(['paths', '/films', 'get', 'parameters']) as { add(v: unknown): void } | undefined;
  params?.add(spec.createNode({ name: 'studio', in: 'query', required: false, description: 'Only films from this studio.', schema: { type: 'string', maxLength: 80 } }));
  spec.setIn(['info', 'version'], '2.0.0');
  writeFileSync(specPath, spec.toString());
  git(repo, 'commit', '-qam', 'security conventions (#10); catalog: drop /genres, add studio filter');
  git(repo, 'tag', 'catalog@2.0.0');
  git(repo, 'tag', 'identity@1.0.0');
  return repo;
}

export function buildFixturePortal(): PortalBuild & { repo: string } {
  const repo = repoWithReleases();
  return { ...buildPortal({ root: repo, out: join(repo, 'dist/docs'), today: '2026-12-01' }), repo };
}
