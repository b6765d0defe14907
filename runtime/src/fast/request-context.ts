/**
 * The per-request context handed to handlers, built without allocating what a handler may never
 * use: the child logger and the AbortController (with its 'close' listener) are created on
 * first access; the request id and the caller's credential are plain fields.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Logger } from '../logger';

export class LazyRequestContext {
  private childLog: Logger | undefined;
  private controller: AbortController | undefined;

  constructor(
    readonly requestId: string,
    private readonly baseLog: Logger,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    /** The verified credential the caller sent (header name -> value), for clients that forward the caller's identity. */
    readonly callerCredential: Readonly<Record<string, string>> | undefined,
  ) {}

  get log(): Logger {
    return (this.childLog ??= this.baseLog.child({ requestId: this.requestId }));
  }

  /** Aborted when the client goes away before the response is finished. */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      const res = this.res;
      if (res.closed && !res.writableFinished) {
        controller.abort();
      } else {
        res.once('close', () => {
          if (!res.writableFinished) {
            controller.abort();
          }
        });
      }
    }
    return this.controller.signal;
  }

  get stream(): Readable {
    return this.req;
  }
}
