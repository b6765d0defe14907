/**
 * Content maps (4.8.14 Media Type Objects) of a request body or a response: media types
 * matched case-insensitively without parameters' spacing, the schemas of shared ones compared.
 * @see https://spec.openapis.org/oas/v3.1.0#media-type-object
 */
import { isObject } from '@marquee/openapi';
import type { OperationContext, SiteAt } from './context';
import type { RuleId } from './rules';
import type { Located } from './located';

export interface MediaTypesArgs {
  ctx: OperationContext;
  base: Located;
  revision: Located;
  removedRule: RuleId;
  addedRule: RuleId;
  /** `request body`, `response 200`. */
  where: string;
  /** Compares the schemas of a media type both sides have; `at` points at the two media type objects. */
  compare: (mediaType: string, base: Located, revision: Located, at: SiteAt) => void;
}

export function diffMediaTypes(args: MediaTypesArgs): void {
  const { ctx, base, revision, where } = args;
  const baseTypes = mediaTypes(base);
  const revisionTypes = mediaTypes(revision);
  for (const [key, name] of baseTypes) {
    const revisionName = revisionTypes.get(key);
    const b = ctx.base.child(base, name);
    if (revisionName === undefined) {
      ctx.report({ rule: args.removedRule, message: `Media type '${name}' was removed from ${where}.`, base: b.pointer, revision: revision.pointer });
      continue;
    }
    const r = ctx.revision.child(revision, revisionName);
    args.compare(revisionName, ctx.base.child(b, 'schema'), ctx.revision.child(r, 'schema'), { base: b.pointer, revision: r.pointer });
  }
  for (const [key, name] of revisionTypes) {
    if (!baseTypes.has(key)) {
      const r = ctx.revision.child(revision, name);
      ctx.report({ rule: args.addedRule, message: `Media type '${name}' was added to ${where}.`, base: base.pointer, revision: r.pointer });
    }
  }
}

/** Normalized media type → the key as written. */
function mediaTypes(content: Located): Map<string, string> {
  const names = isObject(content.node) ? Object.keys(content.node) : [];
  return new Map(names.map((name) => [name.toLowerCase().replace(/\s+/g, ''), name]));
}
