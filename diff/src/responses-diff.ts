/**
 * Responses (4.8.16/4.8.17): statuses, media types, headers and body schemas, all in the
 * response direction. Losing a success status breaks clients that expect it; losing an error
 * status does not (clients must already cope with errors they were not told about).
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 */
import { isObject } from '@marquee/openapi';
import { walkContext, type OperationContext } from './context';
import { diffMediaTypes } from './media-types-diff';
import type { OperationEntry } from './operations';
import { diffSchema } from './schema-diff';
import type { Located } from './located';

export function diffResponses(ctx: OperationContext, base: OperationEntry, revision: OperationEntry): void {
  const bResponses = ctx.base.child(base.located, 'responses');
  const rResponses = ctx.revision.child(revision.located, 'responses');
  const baseStatuses = statuses(bResponses);
  const revisionStatuses = statuses(rResponses);
  for (const [key, status] of baseStatuses) {
    const b = ctx.base.deref(ctx.base.child(bResponses, status));
    const revisionStatus = revisionStatuses.get(key);
    if (revisionStatus === undefined) {
      const success = /^[123]/.test(status);
      ctx.report({
        rule: success ? 'response-status-removed' : 'response-error-status-removed',
        message: `Response status ${status} was removed.`,
        base: b.pointer,
        revision: rResponses.pointer,
      });
      continue;
    }
    const r = ctx.revision.deref(ctx.revision.child(rResponses, revisionStatus));
    diffResponse(ctx, revisionStatus, b, r);
  }
  for (const [key, status] of revisionStatuses) {
    if (!baseStatuses.has(key)) {
      const r = ctx.revision.child(rResponses, status);
      ctx.report({ rule: 'response-status-added', message: `Response status ${status} was added.`, base: bResponses.pointer, revision: r.pointer });
    }
  }
}

/** Status key as written ('200', '4XX', 'default'), keyed upper-case so '4xx' matches '4XX'. */
function statuses(responses: Located): Map<string, string> {
  const keys = isObject(responses.node) ? Object.keys(responses.node).filter((k) => !k.startsWith('x-')) : [];
  return new Map(keys.map((k) => [k.toUpperCase(), k]));
}

function diffResponse(ctx: OperationContext, status: string, b: Located, r: Located): void {
  diffMediaTypes({
    ctx,
    base: ctx.base.child(b, 'content'),
    revision: ctx.revision.child(r, 'content'),
    removedRule: 'response-media-type-removed',
    addedRule: 'response-media-type-added',
    where: `response ${status}`,
    compare: (mediaType, bSchema, rSchema, site) => diffSchema(walkContext(ctx, 'response', `response ${status} (${mediaType})`, site), bSchema, rSchema),
  });
  diffHeaders(ctx, status, ctx.base.child(b, 'headers'), ctx.revision.child(r, 'headers'));
}

function diffHeaders(ctx: OperationContext, status: string, base: Located, revision: Located): void {
  const names = (headers: Located) => new Map((isObject(headers.node) ? Object.keys(headers.node) : []).map((n) => [n.toLowerCase(), n]));
  const baseNames = names(base);
  const revisionNames = names(revision);
  for (const [key, name] of baseNames) {
    const b = ctx.base.deref(ctx.base.child(base, name));
    const revisionName = revisionNames.get(key);
    const label = `response ${status} header '${revisionName ?? name}'`;
    if (revisionName === undefined) {
      ctx.report({ rule: 'response-header-removed', message: `Header '${name}' was removed from response ${status}.`, base: b.pointer, revision: revision.pointer });
      continue;
    }
    const r = ctx.revision.deref(ctx.revision.child(revision, revisionName));
    if (isRequired(b) && !isRequired(r)) {
      ctx.report({ rule: 'response-header-made-optional', message: `Header '${name}' of response ${status} is no longer always sent.`, base: b.pointer, revision: r.pointer });
    }
    diffSchema(walkContext(ctx, 'response', label, { base: b.pointer, revision: r.pointer }), ctx.base.child(b, 'schema'), ctx.revision.child(r, 'schema'));
  }
  for (const [key, name] of revisionNames) {
    if (!baseNames.has(key)) {
      const r = ctx.revision.child(revision, name);
      ctx.report({ rule: 'response-header-added', message: `Header '${name}' was added to response ${status}.`, base: base.pointer, revision: r.pointer });
    }
  }
}

function isRequired(header: Located): boolean {
  return isObject(header.node) && header.node.required === true;
}
