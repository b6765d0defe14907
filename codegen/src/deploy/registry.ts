/**
 * The service registry (services/registry.yaml), loaded and checked: every problem is reported
 * with the key it concerns, so a typo fails `make generate` instead of a deploy.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface EngineEntry {
  image: string;
  port: number;
}

export interface ServiceEntry {
  name: string;
  description: string;
  port: number;
  spec: string;
  mysql?: { database: string; user: string; password: string };
  elasticsearch?: { indices: string[] };
  calls: string[];
  /** Pinned client releases: `calls: [{ service: catalog, version: 1.x }]` (see codegen/src/versioned-clients.ts). */
  clientVersions: Record<string, string>;
  produces: string[];
  consumes: string[];
  env: Record<string, string>;
  replicas: number;
  resources: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string };
}

export interface Registry {
  engines: { mariadb: EngineEntry; kafka: EngineEntry; elasticsearch: EngineEntry };
  services: ServiceEntry[];
  /** The edge proxy (one origin for the web app, the docs portal and /api/<service>/). */
  edge?: { port: number; image: string; docsPort: number };
}

/**
 * The services with an HTTP API (an OpenAPI spec): what the docs portal, SDKs and mock servers
 * cover. An event-only service (the enricher: an AsyncAPI spec) has none.
 */
export function httpServices(services: readonly ServiceEntry[]): ServiceEntry[] {
  return services.filter((s) => /(^|\/)openapi\.ya?ml$/.test(s.spec));
}

export class RegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`services/registry.yaml:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RegistryError';
  }
}

export function loadRegistry(path = 'services/registry.yaml'): Registry {
  return checkRegistry(parse(readFileSync(path, 'utf8')) as unknown);
}

/** `calls` entries: a service name, or `{ service, version }` pinning the release of its client (1.x, 1.2.x, 1.2.3). */
function callsOf(raw: unknown, where: string, problems: string[]): Pick<ServiceEntry, 'calls' | 'clientVersions'> {
  const calls: string[] = [];
  const clientVersions: Record<string, string> = {};
  if (raw === undefined) {
    return { calls, clientVersions };
  }
  if (!Array.isArray(raw)) {
    problems.push(`${where} must be a list of names or { service, version }`);
    return { calls, clientVersions };
  }
  raw.forEach((entry: unknown, i) => {
    if (typeof entry === 'string') {
      calls.push(entry);
    } else if (typeof entry === 'object' && entry !== null && typeof (entry as { service?: unknown }).service === 'string') {
      const { service, version: raw } = entry as { service: string; version?: unknown };
      const version = typeof raw === 'number' ? String(raw) : raw; // YAML reads `version: 1` as a number
      calls.push(service);
      if (typeof version !== 'string' || !/^\d+(\.(\d+|x))?(\.(\d+|x))?$/.test(version)) {
        problems.push(`${where}[${i}].version must be a release range like 1.x, 1.2.x or 1.2.3 (got ${JSON.stringify(version)})`);
      } else {
        clientVersions[service] = version;
      }
    } else {
      problems.push(`${where}[${i}] must be a service name or { service, version }`);
    }
  });
  return { calls, clientVersions };
}

/** `edge: { port, image, docsPort }`: optional; its ports must not be a service's. */
function edgeOf(raw: Record<string, unknown> | undefined, servicePorts: Map<number, string>, problems: string[]): Registry['edge'] {
  if (raw === undefined) return undefined;
  const port = raw.port ?? 4080;
  const docsPort = raw.docsPort ?? 4090;
  for (const [key, value] of [['port', port], ['docsPort', docsPort]] as const) {
    if (typeof value !== 'number' || value < 1024 || value > 65535) problems.push(`edge.${key} must be a number between 1024 and 65535`);
    else if (servicePorts.has(value)) problems.push(`edge.${key} ${value} is also ${servicePorts.get(value)}'s`);
  }
  if (raw.image !== undefined && typeof raw.image !== 'string') problems.push('edge.image must be an image name');
  return { port: Number(port), docsPort: Number(docsPort), image: String(raw.image ?? 'nginx:1.27-bookworm') };
}

export function checkRegistry(raw: unknown): Registry {
  const problems: string[] = [];
  const doc = (raw ?? {}) as { engines?: Record<string, Partial<EngineEntry>>; services?: Record<string, Record<string, unknown>>; edge?: Record<string, unknown> };
  const engine = (name: 'mariadb' | 'kafka' | 'elasticsearch'): EngineEntry => {
    const e = doc.engines?.[name];
    if (!e || typeof e.image !== 'string' || typeof e.port !== 'number') {
      problems.push(`engines.${name} needs an image and a port`);
    }
    return { image: String(e?.image ?? ''), port: Number(e?.port ?? 0) };
  };
  const engines = { mariadb: engine('mariadb'), kafka: engine('kafka'), elasticsearch: engine('elasticsearch') };
  const entries = Object.entries(doc.services ?? {});
  if (entries.length === 0) {
    problems.push('services: at least one service is required');
  }
  const strings = (v: unknown, where: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      problems.push(`${where} must be a list of names`);
      return [];
    }
    return v as string[];
  };
  const services: ServiceEntry[] = entries.map(([name, s]) => {
    const at = `services.${name}`;
    if (!/^[a-z][a-z0-9-]{1,30}$/.test(name)) problems.push(`${at}: name must be lower-case kebab (it becomes a DNS name)`);
    if (typeof s.port !== 'number' || s.port < 1024 || s.port > 65535) problems.push(`${at}.port must be a number between 1024 and 65535`);
    if (typeof s.spec !== 'string') problems.push(`${at}.spec must name the service's OpenAPI file`);
    const mysql = s.mysql as ServiceEntry['mysql'] | undefined;
    if (mysql && !(typeof mysql.database === 'string' && typeof mysql.user === 'string' && typeof mysql.password === 'string')) {
      problems.push(`${at}.mysql needs database, user and password`);
    }
    const res = (s.resources ?? {}) as Partial<ServiceEntry['resources']>;
    return {
      name,
      description: String(s.description ?? ''),
      port: Number(s.port),
      spec: String(s.spec),
      ...(mysql ? { mysql } : {}),
      ...(s.elasticsearch ? { elasticsearch: { indices: strings((s.elasticsearch as { indices?: unknown }).indices, `${at}.elasticsearch.indices`) } } : {}),
      ...callsOf(s.calls, `${at}.calls`, problems),
      produces: strings(s.produces, `${at}.produces`),
      consumes: strings(s.consumes, `${at}.consumes`),
      env: Object.fromEntries(Object.entries((s.env ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      replicas: typeof s.replicas === 'number' ? s.replicas : 1,
      resources: { cpu: res.cpu ?? '100m', memory: res.memory ?? '128Mi', cpuLimit: res.cpuLimit ?? '1', memoryLimit: res.memoryLimit ?? '256Mi' },
    };
  });
  const names = new Set(services.map((s) => s.name));
  const seenPorts = new Map<number, string>();
  const owners = new Map<string, string>();
  services.forEach((s, i) => {
    for (const callee of s.calls) {
      if (!names.has(callee)) problems.push(`services.${s.name}.calls: unknown service '${callee}'`);
      else if (services.findIndex((x) => x.name === callee) > i) problems.push(`services.${s.name}.calls: '${callee}' must be listed before ${s.name}`);
    }
    const other = seenPorts.get(s.port);
    if (other) problems.push(`services.${s.name}.port ${s.port} is also ${other}'s`);
    seenPorts.set(s.port, s.name);
    const owned = [...(s.mysql ? [`mysql database ${s.mysql.database}`, `mysql user ${s.mysql.user}`] : []), ...(s.elasticsearch?.indices ?? []).map((i) => `index ${i}`), ...s.produces.map((t) => `topic ${t}`)];
    for (const thing of owned) {
      const owner = owners.get(thing);
      if (owner) problems.push(`services.${s.name}: ${thing} is already owned by ${owner}; each service owns its datastores`);
      owners.set(thing, s.name);
    }
  });
  const edge = edgeOf(doc.edge, seenPorts, problems);
  if (problems.length > 0) {
    throw new RegistryError(problems);
  }
  return { engines, services, ...(edge ? { edge } : {}) };
}
