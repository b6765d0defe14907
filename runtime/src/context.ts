/**
 * Per-request context carried through async calls, so generated clients propagate the request
 * id to sibling services without handlers passing it along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface AmbientContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<AmbientContext>();

export function runWithContext<T>(context: AmbientContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
