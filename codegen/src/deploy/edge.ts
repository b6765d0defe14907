/**
 * The edge proxy's configuration (nginx): one origin for the web app (`/`), the docs portal
 * (`/docs/`) and every HTTP service under `/api/<service>/` (prefix stripped), derived from
 * services/registry.yaml. A pure function of its options: `make generate` writes the deploy
 * copy (deploy/edge/nginx.conf, upstreams by DNS name), `make up` and the browser test render
 * their own with loopback upstreams (scripts/edge/nginx.ts).
 * @see https://nginx.org/en/docs/http/ngx_http_proxy_module.html
 */
import { stringify } from 'yaml';
import type { EmittedFile } from '../emit/emitter';
import { httpServices, type Registry } from './registry';

export interface EdgeConfigOptions {
  /** `listen` argument: `4080` or `127.0.0.1:4080`. */
  listen: string;
  /** Each HTTP service and its base URL, served at /api/<name>/. */
  services: readonly { name: string; upstream: string }[];
  /** The web app's build (index.html + assets/). */
  webRoot: string;
  /** The docs portal: proxied to its server, or its built files served directly. */
  docs: { upstream: string } | { root: string };
  /** Writable folder for the pid file and nginx's temp files. */
  runtimeDir: string;
  mimeTypes?: string;
  /** Where nginx writes its access log (`off` for none). */
  accessLog?: string;
  /** Worker user when the master runs as root (nginx otherwise drops to `nobody`, who may not read a checkout). */
  user?: string;
}

/** Every value we put into nginx.conf is a path, URL or name we control; refuse anything that could break out of a directive. */
function safe(value: string, what: string): string {
  if (!/^[A-Za-z0-9_./:@-]+$/.test(value)) {
    throw new Error(`edge: ${what} ${JSON.stringify(value)} has characters nginx.conf cannot take unquoted`);
  }
  return value;
}

/** 502/503/504 that nginx itself answers (a service down) become problem+json with Retry-After, like the services' own 503s. */
const UNAVAILABLE = `{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"The service behind this path is not reachable right now; retry after a few seconds."}`;

/** Same-origin only: the app's own scripts and styles, data: images for the charts' nothing-else. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** What every proxied request carries: keep-alive to the upstream, the caller's host, one request id, the client chain. */
const PROXY_HEADERS = ['Connection ""', 'Host $http_host', 'X-Request-Id $edge_request_id', 'X-Forwarded-For $proxy_add_x_forwarded_for', 'X-Forwarded-Proto $scheme'];

export function renderEdgeConfig(o: EdgeConfigOptions): string {
  const run = safe(o.runtimeDir.replace(/\/+$/, ''), 'runtimeDir');
  const web = safe(o.webRoot.replace(/\/+$/, ''), 'webRoot');
  // One upstream block per service: nginx keeps idle connections to it (keepalive) instead of a new TCP connection per request.
  const upstreams = o.services.map((s) => {
    const url = new URL(s.upstream);
    if (url.protocol !== 'http:' || (url.pathname !== '/' && url.pathname !== '')) throw new Error(`edge: upstream ${s.upstream} must be http://host:port`);
    return `  upstream api_${safe(s.name, 'service name')} {\n    server ${safe(url.host, 'upstream host')};\n    keepalive 16;\n  }`;
  });
  const api = o.services.map((s) => {
    const name = safe(s.name, 'service name');
    return [
      `    location /api/${name}/ {`,
      `      proxy_pass http://api_${name}/;`,
      // proxy_set_header in a location replaces every inherited one: all of them, here.
      ...PROXY_HEADERS.map((h) => `      proxy_set_header ${h};`),
      `      proxy_set_header X-Forwarded-Prefix /api/${name};`,
      `    }`,
    ].join('\n');
  });
  const docs = 'upstream' in o.docs
    ? `    location /docs/ {\n      proxy_pass ${safe(o.docs.upstream.replace(/\/+$/, ''), 'docs upstream')}/;\n    }`
    : `    location /docs/ {\n      alias ${safe(o.docs.root.replace(/\/+$/, ''), 'docs root')}/;\n      index index.html;\n    }`;
  return `# Edge proxy for Marquee, generated from services/registry.yaml (codegen/src/deploy/edge.ts). Do not edit.
# /            the web app (single-page: unknown paths fall back to index.html)
# /docs/       the docs portal
# /api/<name>/ each HTTP service, prefix stripped: /api/audience/segments -> audience /segments
${o.user ? `user ${safe(o.user, 'user')};\n` : ''}worker_processes 1;
pid ${run}/nginx.pid;
error_log stderr warn;
events {
  worker_connections 512;
}
http {
  include ${safe(o.mimeTypes ?? '/etc/nginx/mime.types', 'mimeTypes')};
  default_type application/octet-stream;
  access_log ${o.accessLog === undefined || o.accessLog === 'off' ? 'off' : safe(o.accessLog, 'accessLog')};
  server_tokens off;
  sendfile on;
  client_body_temp_path ${run}/client_body;
  proxy_temp_path ${run}/proxy;
  fastcgi_temp_path ${run}/fastcgi;
  uwsgi_temp_path ${run}/uwsgi;
  scgi_temp_path ${run}/scgi;
  # One request id from the edge to the service: the caller's X-Request-Id, else nginx's own.
  map $http_x_request_id $edge_request_id {
    default $http_x_request_id;
    "" $request_id;
  }
${upstreams.join('\n')}
  server {
    listen ${safe(o.listen, 'listen')};
    # Services enforce their own body limits (413 problem+json) and stream uploads (ingest):
    # nginx neither caps nor buffers request bodies.
    client_max_body_size 0;
    proxy_request_buffering off;
    proxy_http_version 1.1;
${PROXY_HEADERS.map((h) => `    proxy_set_header ${h};`).join('\n')}
    proxy_connect_timeout 5s;
    proxy_read_timeout 300s;
    error_page 502 503 504 = @unavailable;

    location = /healthz {
      default_type text/plain;
      return 200 "ok\\n";
    }
${api.join('\n')}
${docs}
    location /assets/ {
      root ${web};
      add_header Cache-Control "public, max-age=31536000, immutable";
      add_header X-Content-Type-Options nosniff;
    }
    location / {
      root ${web};
      try_files $uri /index.html;
      add_header Cache-Control "no-cache";
      add_header X-Content-Type-Options nosniff;
      add_header Content-Security-Policy "${CSP}";
    }
    location @unavailable {
      default_type application/problem+json;
      add_header Retry-After 5 always;
      return 503 '${UNAVAILABLE}';
    }
  }
}
`;
}

/** The edge's entry in the registry (`edge:`), with defaults. */
export function edgeSettings(registry: Registry): { port: number; image: string; docsPort: number } {
  return registry.edge ?? { port: 4080, image: 'nginx:1.27-bookworm', docsPort: 4090 };
}

/** deploy/edge/nginx.conf: upstreams by service DNS name (compose and Kubernetes), static files baked into the edge image. */
export function emitEdge(registry: Registry): EmittedFile[] {
  const edge = edgeSettings(registry);
  const conf = renderEdgeConfig({
    listen: String(edge.port),
    services: httpServices(registry.services).map((s) => ({ name: s.name, upstream: `http://${s.name}:${s.port}` })),
    webRoot: '/usr/share/marquee/web',
    docs: { root: '/usr/share/marquee/docs' },
    runtimeDir: '/tmp/nginx',
  });
  return [
    { path: 'edge/nginx.conf', content: conf },
    { path: 'k8s/edge.yaml', content: HEADER + edgeManifests(registry).map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n') },
  ];
}

const HEADER = '# This file is generated from services/registry.yaml by `make generate`. Do not edit.\n';

/** The edge image: nginx with deploy/edge/nginx.conf, the web app and the docs portal baked in (deploy/edge/Dockerfile). */
export function edgeImage(): string {
  return 'marquee/edge:latest';
}

/** Compose's `edge` service: one published port in front of every HTTP service. */
export function composeEdge(registry: Registry): Record<string, unknown> {
  const edge = edgeSettings(registry);
  return {
    image: edgeImage(),
    build: { context: '..', dockerfile: 'deploy/edge/Dockerfile' },
    ports: [`127.0.0.1:${edge.port}:${edge.port}`],
    depends_on: Object.fromEntries(httpServices(registry.services).map((s) => [s.name, { condition: 'service_healthy' }])),
    healthcheck: { test: ['CMD', 'curl', '-fs', `http://127.0.0.1:${edge.port}/healthz`], interval: '5s', retries: 20 },
  };
}

/** Kubernetes: the edge Deployment and Service, and an Ingress sending every path of the host to it. */
export function edgeManifests(registry: Registry): object[] {
  const edge = edgeSettings(registry);
  const labels = { 'app.kubernetes.io/name': 'edge', 'app.kubernetes.io/part-of': 'marquee' };
  const probe = { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'edge', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels },
          spec: {
            // nginx's own unprivileged user; the config keeps pid and temp files under /tmp.
            securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101 },
            containers: [
              {
                name: 'edge',
                image: edgeImage(),
                ports: [{ name: 'http', containerPort: edge.port, protocol: 'TCP' }],
                livenessProbe: probe,
                readinessProbe: probe,
                resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'edge', labels },
      spec: { selector: labels, ports: [{ name: 'http', port: edge.port, targetPort: 'http', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'marquee', labels, annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '0' } },
      spec: {
        rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'edge', port: { name: 'http' } } } }] } }],
      },
    },
  ];
}
