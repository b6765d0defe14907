/**
 * Deploy manifests from the registry: current with it, valid against the Kubernetes schemas
 * (kubernetes-models, from npm), wired to the services' real config and probes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { checkRegistry, emitDeploy, loadRegistry, RegistryError } from '../src/deploy';
import { loadCatalogConfig } from '../../services/catalog/src/config';
import { loadAudienceConfig } from '../../services/audience/src/config';
import { loadIdentityConfig } from '../../services/identity/src/config';
import { loadIngestConfig } from '../../services/ingest/src/config';
import { loadEnricherConfig } from '../../services/enricher/src/config';
import { loadCampaignsConfig } from '../../services/campaigns/src/config';
import { loadInsightsConfig } from '../../services/insights/src/config';

const root = join(__dirname, '..', '..');
const registry = loadRegistry(join(root, 'services', 'registry.yaml'));
const versions = Object.fromEntries(registry.services.map((s) => [s.name, (parse(readFileSync(join(root, s.spec), 'utf8')) as { info: { version: string } }).info.version]));
const emitted = emitDeploy(registry, versions);

test('When the registry is rendered again, Then deploy/ matches it byte for byte', () => {
  for (const file of emitted) {
    expect({ path: file.path, content: readFileSync(join(root, 'deploy', file.path), 'utf8') }).toEqual({ path: file.path, content: file.content });
  }
});

test('When the Kubernetes manifests are checked against the Kubernetes schemas, Then every document is valid', () => {
  const kinds: Record<string, new (data: never) => { validate(): void }> = { ConfigMap, Deployment, Service, Ingress } as never;
  let checked = 0;
  for (const file of emitted.filter((f) => f.path.startsWith('k8s/') && !f.path.endsWith('kustomization.yaml'))) {
    for (const doc of parseAllDocuments(file.content)) {
      const data = doc.toJS() as { kind: string };
      const Model = kinds[data.kind];
      if (!Model) throw new Error(`${file.path}: unexpected kind ${data.kind}`);
      expect(() => new Model(data as never).validate()).not.toThrow();
      checked++;
    }
  }
  expect(checked).toBe(registry.services.length * 3 + 3); // + the edge's Deployment, Service and Ingress
});

test('When a manifest is broken, Then the schema validation catches it (the check can fail)', () => {
  const deployment = parseAllDocuments(emitted.find((f) => f.path === 'k8s/catalog.yaml')!.content)[1]!.toJS();
  deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
  expect(() => new Deployment(deployment).validate()).toThrow(/containerPort/);
});

test('When a deployment starts, Then probes hit /healthz and /readyz and resources are bounded', () => {
  for (const s of registry.services) {
    const deployment = parseAllDocuments(emitted.find((f) => f.path === `k8s/${s.name}.yaml`)!.content)[1]!.toJS();
    const container = deployment.spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.resources.requests).toEqual({ cpu: s.resources.cpu, memory: s.resources.memory });
    expect(container.resources.limits).toEqual({ cpu: s.resources.cpuLimit, memory: s.resources.memoryLimit });
  }
});

test('When a service reads the environment its manifests give it, Then its config loads (names match config.ts)', () => {
  const loaders: Record<string, (env: NodeJS.ProcessEnv) => unknown> = { identity: loadIdentityConfig, catalog: loadCatalogConfig, audience: loadAudienceConfig, ingest: loadIngestConfig, enricher: loadEnricherConfig, campaigns: loadCampaignsConfig, insights: loadInsightsConfig };
  for (const s of registry.services) {
    const configMap = parseAllDocuments(emitted.find((f) => f.path === `k8s/${s.name}.yaml`)!.content)[0]!.toJS() as { data: Record<string, string> };
    const compose = parse(emitted.find((f) => f.path === 'compose.yaml')!.content) as { services: Record<string, { environment: Record<string, string> }> };
    expect(loaders[s.name]).toBeDefined();
    expect(() => loaders[s.name]!({ ...configMap.data, MYSQL_PASSWORD: 'from-secret' })).not.toThrow();
    expect(() => loaders[s.name]!(compose.services[s.name]!.environment)).not.toThrow();
    expect(compose.services[s.name]!.environment).toMatchObject(configMap.data);
  }
});

test('When compose is read, Then it runs every service and engine, each service after what it needs', () => {
  const compose = parse(emitted.find((f) => f.path === 'compose.yaml')!.content) as { services: Record<string, { depends_on?: Record<string, unknown> }> };
  expect(Object.keys(compose.services)).toEqual(['mariadb', 'kafka', 'elasticsearch', ...registry.services.map((s) => s.name), 'edge']);
  expect(Object.keys(compose.services.edge!.depends_on ?? {})).toEqual(registry.services.filter((s) => s.spec.endsWith('openapi.yaml')).map((s) => s.name));
  expect(Object.keys(compose.services.audience!.depends_on ?? {})).toEqual(['mariadb', 'elasticsearch', 'catalog']);
  expect(emitted.find((f) => f.path === 'compose/mariadb-init.sql')!.content).toContain("GRANT ALL PRIVILEGES ON `marquee_audience`.* TO 'audience'@'%'");
});

test.each([
  ['a shared database', { b: { mysql: { database: 'marquee_a', user: 'b', password: 'x' } } }, /mysql database marquee_a is already owned by a/],
  ['a duplicate port', { b: { port: 4010 } }, /port 4010 is also a's/],
  ['an unknown callee', { b: { calls: ['nobody'] } }, /unknown service 'nobody'/],
])('When the registry has %s, Then generation fails naming it', (_name, extra, message) => {
  const base = { port: 4011, spec: 'x.yaml' };
  const raw = {
    engines: { mariadb: { image: 'm', port: 3306 }, kafka: { image: 'k', port: 9092 }, elasticsearch: { image: 'e', port: 9200 } },
    services: { a: { port: 4010, spec: 'a.yaml', mysql: { database: 'marquee_a', user: 'a', password: 'x' } }, b: { ...base, ...extra.b } },
  };
  expect(() => checkRegistry(raw)).toThrow(RegistryError);
  expect(() => checkRegistry(raw)).toThrow(message);
});

test('When a container starts, Then compose, Kubernetes and the Dockerfile run the compiled bundle that `make build` writes, with node', () => {
  const listed = execFileSync(process.execPath, [join(root, 'scripts', 'build.cjs'), '--list'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t')[1]!.replace(/\.ts$/, '.js'));
  const compose = parse(readFileSync(join(root, 'deploy', 'compose.yaml'), 'utf8')) as { services: Record<string, { command?: string[] }> };
  for (const s of registry.services) {
    const want = ['node', '--enable-source-maps', `dist/build/services/${s.name}/src/start.js`];
    expect(listed).toContain(`services/${s.name}/src/start.js`);
    expect(compose.services[s.name]?.command).toEqual(want);
    const deployment = parseAllDocuments(readFileSync(join(root, 'deploy', 'k8s', `${s.name}.yaml`), 'utf8'))
      .map((d) => d.toJS() as { kind: string; spec?: { template: { spec: { containers: { command?: string[] }[] } } } })
      .find((d) => d.kind === 'Deployment');
    expect(deployment?.spec?.template.spec.containers[0]?.command).toEqual(want);
  }
  const dockerfile = readFileSync(join(root, 'deploy', 'Dockerfile'), 'utf8');
  expect(dockerfile).toContain('RUN node scripts/build.cjs services');
  expect(dockerfile).toMatch(/CMD \["sh", "-c", "exec node --enable-source-maps dist\/build\/services\/\$\{SERVICE\}\/src\/start\.js"\]/);
  expect(dockerfile).not.toMatch(/tsx/);
});
