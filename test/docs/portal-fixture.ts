/**
 * A throwaway git repository holding this checkout's specs/ and services/registry.yaml with
 * real release tags, so the portal is built the way it is for a project with history:
 * catalog@1.0.0 and audience@1.0.0 on the current specs (catalog's with its security
 * declarations taken out, as before issue #10), then catalog@2.0.0 after a breaking change (the
 * /genres path removed, credentials required) and an addition (an optional query parameter).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { buildPortal, type PortalBuild } from '../../codegen/src/portal/build';

const ROOT = join(__dirname, '../..');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Portal Test', '-c', 'user.email=portal@test.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd,
    stdio: 'pipe',
  });
}

const SECURITY_SCHEMES = {
  oauth2: {
    type: 'oauth2',
    flows: { clientCredentials: { tokenUrl: 'http://127.0.0.1:4000/oauth/token', scopes: { 'catalog:read': 'Read the catalog', 'catalog:write': 'Change the catalog' } } },
  },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
};

/** The spec as it was before it declared security: no schemes, no per-operation requirements. */
function withoutSecurity(specPath: string): void {
  const spec = parseDocument(readFileSync(specPath, 'utf8'));
  spec.deleteIn(['components', 'securitySchemes']);
  spec.delete('security');
  const paths = spec.get('paths') as { items: { value: { items: { key: { value: string }; value: { delete?(k: string): void } }[] } }[] };
  for (const item of paths.items) {
    for (const op of item.value.items ?? []) {
      op.value.delete?.('security');
      op.value.delete?.('x-public');
    }
  }
  writeFileSync(specPath, spec.toString());
}

export function repoWithReleases(): string {
  const repo = mkdtempSync(join(tmpdir(), 'marquee-portal-'));
  cpSync(join(ROOT, 'specs'), join(repo, 'specs'), { recursive: true });
  cpSync(join(ROOT, 'services/registry.yaml'), join(repo, 'services/registry.yaml'));
  withoutSecurity(join(repo, 'specs/catalog/openapi.yaml'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'contracts');
  git(repo, 'tag', 'catalog@1.0.0');
  git(repo, 'tag', 'audience@1.0.0');
  const specPath = join(repo, 'specs/catalog/openapi.yaml');
  const spec = parseDocument(readFileSync(specPath, 'utf8'));
  spec.deleteIn(['paths', '/genres']);
  const params = spec.getIn(['paths', '/films', 'get', 'parameters']) as { add(v: unknown): void } | undefined;
  params?.add(spec.createNode({ name: 'studio', in: 'query', required: false, description: 'Only films from this studio.', schema: { type: 'string', maxLength: 80 } }));
  // The security conventions (issue #10): OAuth2 client credentials or an API key, on every operation.
  spec.setIn(['components', 'securitySchemes'], spec.createNode(SECURITY_SCHEMES));
  spec.set('security', spec.createNode([{ oauth2: ['catalog:read'] }, { apiKey: ['catalog:read'] }]));
  spec.setIn(['info', 'version'], '2.0.0');
  writeFileSync(specPath, spec.toString());
  git(repo, 'commit', '-qam', 'catalog: drop /genres, require credentials, add studio filter');
  git(repo, 'tag', 'catalog@2.0.0');
  return repo;
}

export function buildFixturePortal(): PortalBuild & { repo: string } {
  const repo = repoWithReleases();
  return { ...buildPortal({ root: repo, out: join(repo, 'dist/docs'), today: '2026-12-01' }), repo };
}
