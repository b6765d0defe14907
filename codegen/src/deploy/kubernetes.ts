/**
 * deploy/k8s/: per service a ConfigMap (its environment), a Deployment (probes on /healthz and
 * /readyz, requests and limits, non-root) and a Service; plus a kustomization listing them.
 * Secrets are referenced, never written: `<service>-secrets` must exist in the namespace.
 */
import { stringify } from 'yaml';
import type { EmittedFile } from '../emit/emitter';
import { serviceCommand, serviceEnvironment } from './environment';
import type { Registry, ServiceEntry } from './registry';

const HEADER = '# This file is generated from services/registry.yaml by `make generate`. Do not edit.\n';

export function emitKubernetes(registry: Registry, versions: Record<string, string>): EmittedFile[] {
  const files = registry.services.map((s) => ({
    path: `k8s/${s.name}.yaml`,
    content: HEADER + manifestsFor(registry, s, versions[s.name] ?? 'latest').map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n'),
  }));
  const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...registry.services.map((s) => `${s.name}.yaml`), 'edge.yaml'] };
  return [...files, { path: 'k8s/kustomization.yaml', content: HEADER + stringify(kustomization) }];
}

export function manifestsFor(registry: Registry, s: ServiceEntry, version: string): object[] {
  const env = serviceEnvironment(registry, s);
  const labels = { 'app.kubernetes.io/name': s.name, 'app.kubernetes.io/part-of': 'marquee' };
  const probe = (path: string, failureThreshold: number) => ({ httpGet: { path, port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold });
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${s.name}-config`, labels }, data: env.plain },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: s.name, labels: { ...labels, 'app.kubernetes.io/version': version } },
      spec: {
        replicas: s.replicas,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: { ...labels, 'app.kubernetes.io/version': version } },
          spec: {
            terminationGracePeriodSeconds: 20,
            securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 },
            containers: [
              {
                name: s.name,
                image: `marquee/${s.name}:${version}`,
                command: serviceCommand(s.name),
                ports: [{ name: 'http', containerPort: s.port, protocol: 'TCP' }],
                envFrom: [{ configMapRef: { name: `${s.name}-config` } }],
                env: Object.entries(env.secrets).map(([name, key]) => ({ name, valueFrom: { secretKeyRef: { name: `${s.name}-secrets`, key } } })),
                livenessProbe: probe('/healthz', 3),
                readinessProbe: probe('/readyz', 2),
                startupProbe: probe('/healthz', 24),
                resources: { requests: { cpu: s.resources.cpu, memory: s.resources.memory }, limits: { cpu: s.resources.cpuLimit, memory: s.resources.memoryLimit } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            // The only writable path (scratch space); the root filesystem is read-only.
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: s.name, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: s.port, targetPort: 'http', protocol: 'TCP' }] },
    },
  ];
}
