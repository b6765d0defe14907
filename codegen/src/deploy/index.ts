/** Deploy manifests from the service registry: a pure function of the registry and versions. */
import type { EmittedFile } from '../emit/emitter';
import { emitCompose } from './compose';
import { emitEdge } from './edge';
import { emitKubernetes } from './kubernetes';
import type { Registry } from './registry';

export { loadRegistry, checkRegistry, httpServices, RegistryError } from './registry';
export type { Registry, ServiceEntry } from './registry';
export { edgeSettings, renderEdgeConfig, type EdgeConfigOptions } from './edge';

/** Paths relative to deploy/. `versions` maps service -> its spec's info.version (the image tag). */
export function emitDeploy(registry: Registry, versions: Record<string, string>): EmittedFile[] {
  return [...emitCompose(registry, versions), ...emitKubernetes(registry, versions), ...emitEdge(registry)];
}
