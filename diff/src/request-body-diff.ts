/**
 * Request bodies (4.8.13): whether one is required, which media types are accepted, and each
 * accepted media type's schema in the request direction.
 * @see https://spec.openapis.org/oas/v3.1.0#request-body-object
 */
import { isObject } from '@marquee/openapi';
import { walkContext, type OperationContext } from './context';
import { diffMediaTypes } from './media-types-diff';
import type { OperationEntry } from './operations';
import { diffSchema } from './schema-diff';

export function diffRequestBody(ctx: OperationContext, base: OperationEntry, revision: OperationEntry): void {
  const b = ctx.base.deref(ctx.base.child(base.located, 'requestBody'));
  const r = ctx.revision.deref(ctx.revision.child(revision.located, 'requestBody'));
  const hasBase = isObject(b.node);
  const hasRevision = isObject(r.node);
  if (!hasBase && !hasRevision) {
    return;
  }
  const baseRequired = hasBase && (b.node as Record<string, unknown>).required === true;
  const revisionRequired = hasRevision && (r.node as Record<string, unknown>).required === true;
  const at = { base: b.pointer, revision: r.pointer };
  if (!hasRevision) {
    ctx.report({ rule: 'request-body-removed', message: 'The request body was removed.', ...at });
    return;
  }
  if (!baseRequired && revisionRequired) {
    const message = hasBase ? 'The request body is now required.' : 'A required request body was added.';
    ctx.report({ rule: 'request-body-made-required', message, ...at });
  } else if (!hasBase) {
    ctx.report({ rule: 'request-body-added', message: 'An optional request body was added.', ...at });
  } else if (baseRequired && !revisionRequired) {
    ctx.report({ rule: 'request-body-made-optional', message: 'The request body is now optional.', ...at });
  }
  if (!hasBase) {
    return;
  }
  diffMediaTypes({
    ctx,
    base: ctx.base.child(b, 'content'),
    revision: ctx.revision.child(r, 'content'),
    removedRule: 'request-media-type-removed',
    addedRule: 'request-media-type-added',
    where: 'request body',
    compare: (mediaType, bSchema, rSchema, site) => diffSchema(walkContext(ctx, 'request', `request body (${mediaType})`, site), bSchema, rSchema),
  });
}
