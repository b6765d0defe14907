/**
 * An ambient context carried through async calls, for code that has no request context to pass
 * (scripts, tests): generated clients fall back to it when a call has no `context` option.
 * The service runtime does not enter it per request: in Node 20 an active AsyncLocalStorage puts
 * a hook on every promise in the process, so handlers pass their `ctx` to client calls instead
 * (`client.op(request, { context: ctx })`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface AmbientContext {
  requestId: string;
  /** The verified credential the caller sent (header name -> value), for clients that forward the caller's identity. */
  callerCredential?: Readonly<Record<string, string>>;
}

const storage = new AsyncLocalStorage<AmbientContext>();

export function runWithContext<T>(context: AmbientContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Records the verified credential of the current request (set by the generated stub after authentication). */
export function setCallerCredential(credential: Readonly<Record<string, string>>): void {
  const store = storage.getStore();
  if (store) {
    store.callerCredential = credential;
  }
}

export function currentCallerCredential(): Readonly<Record<string, string>> | undefined {
  return storage.getStore()?.callerCredential;
}
