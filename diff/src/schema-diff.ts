/**
 * Walks a pair of schemas (base, revision) from one request or response site downwards:
 * values first, then object properties, additionalProperties, array items and union variants.
 * Shared components are walked from every operation that reaches them, so a change in one is
 * reported for each affected operation and site; the visited set stops recursion within a site.
 */
import { sentence, subject, type WalkContext } from './context';
import { diffConstraints, diffDefault, diffDeprecated, diffEnum, diffExtensibleEnum, diffFormat, diffNullable, diffTypes } from './keywords-diff';
import type { Located } from './located';
import type { SchemaView } from './schema-view';
import { diffVariants } from './variants-diff';
import { diffDiscriminator } from './discriminator-diff';

export function diffSchema(ctx: WalkContext, base: Located, revision: Located, path: readonly string[] = []): void {
  // Unchanged pairs (most shared components) are skipped before any view is built.
  if (ctx.equality.same(base, revision, `${ctx.base.viewKey(base)}|${ctx.revision.viewKey(revision)}`)) {
    return;
  }
  if (diffFalseSchema(ctx, base, revision, path)) {
    return;
  }
  const b = ctx.base.view(base);
  const r = ctx.revision.view(revision);
  const key = `${ctx.direction}|${b.key}|${r.key}`;
  if (ctx.visited.has(key)) {
    return;
  }
  ctx.visited.add(key);
  if (!diffTypes(ctx, b, r, path)) {
    return;
  }
  diffNullable(ctx, b, r, path);
  diffFormat(ctx, b, r, path);
  diffEnum(ctx, b, r, path);
  diffExtensibleEnum(ctx, b, r, path);
  diffConstraints(ctx, b, r, path);
  diffDefault(ctx, b, r, path);
  diffDeprecated(ctx, b, r, path);
  if (Boolean(b.variants) !== Boolean(r.variants)) {
    // A plain schema became a union (or the reverse): compare it with the matching variant.
    diffVariants({ ctx, base: b, revision: r, baseSelf: base, revisionSelf: revision, path, recurse: diffSchema });
    return;
  }
  diffProperties(ctx, b, r, path);
  diffAdditionalProperties(ctx, b, r, path);
  if (b.items && r.items) {
    diffSchema(ctx, b.items, r.items, [...path, '[]']);
  }
  if (b.variants && r.variants) {
    diffDiscriminator(ctx, b, r, path);
    diffVariants({ ctx, base: b, revision: r, baseSelf: base, revisionSelf: revision, path, recurse: diffSchema });
  }
}

/**
 * The boolean schema `false` accepts no value at all: a request schema becoming `false` rejects
 * everything (a type change); in a response, one that stops being `false` may now be sent and
 * one that becomes `false` is gone for clients that read it (both break). Returns
 * whether either side is `false` (nothing below is worth comparing).
 */
function diffFalseSchema(ctx: WalkContext, base: Located, revision: Located, path: readonly string[]): boolean {
  const bFalse = ctx.base.deref(base).node === false;
  const rFalse = ctx.revision.deref(revision).node === false;
  if (bFalse === rFalse) {
    return bFalse;
  }
  const at = { base: base.pointer, revision: revision.pointer };
  const what = subject(ctx, path);
  if (ctx.direction === 'request') {
    ctx.report(
      rFalse
        ? { rule: 'request-type-changed', message: sentence(`${what} no longer accepts any value (schema false).`), ...at }
        : { rule: 'request-type-widened', message: sentence(`${what} now accepts values (schema was false).`), ...at },
    );
  } else {
    ctx.report(
      bFalse
        ? { rule: 'response-type-changed', message: sentence(`${what} may now be sent (schema was false).`), ...at }
        : { rule: 'response-type-changed', message: sentence(`${what} can no longer be sent (schema false); clients expecting it lose it.`), ...at },
    );
  }
  return true;
}

/** readOnly properties are not sent in requests, writeOnly ones not returned in responses. */
function visibleProperties(ctx: WalkContext, side: 'base' | 'revision', view: SchemaView): Map<string, Located> {
  const doc = side === 'base' ? ctx.base : ctx.revision;
  const hidden = (located: Located) => {
    const v = doc.view(located);
    return ctx.direction === 'request' ? v.readOnly : v.writeOnly;
  };
  return new Map([...view.properties].filter(([, located]) => !hidden(located)));
}

function diffProperties(ctx: WalkContext, b: SchemaView, r: SchemaView, path: readonly string[]): void {
  const baseProps = visibleProperties(ctx, 'base', b);
  const revisionProps = visibleProperties(ctx, 'revision', r);
  for (const [name, baseProp] of baseProps) {
    const revisionProp = revisionProps.get(name);
    if (!revisionProp) {
      const rule = ctx.direction === 'request' ? 'request-property-removed' : 'response-property-removed';
      ctx.report({ rule, message: `Property ${subject(ctx, [...path, name])} was removed.`, base: baseProp.pointer, revision: r.propertiesPointer });
      continue;
    }
    if (b.required.has(name) !== r.required.has(name)) {
      reportRequiredChange(ctx, { name, path, isRequired: r.required.has(name), base: baseProp, revision: revisionProp });
    }
    diffSchema(ctx, baseProp, revisionProp, [...path, name]);
  }
  for (const [name, revisionProp] of revisionProps) {
    if (!baseProps.has(name)) {
      reportAddedProperty(ctx, { name, path, required: r.required.has(name), base: b.propertiesPointer, revision: revisionProp.pointer });
    }
  }
}

function reportRequiredChange(
  ctx: WalkContext,
  args: { name: string; path: readonly string[]; isRequired: boolean; base: Located; revision: Located },
): void {
  const named = subject(ctx, [...args.path, args.name]);
  // The property's own pointers keep two properties of one object apart.
  const at = { base: args.base.pointer, revision: args.revision.pointer };
  if (ctx.direction === 'request') {
    ctx.report(
      args.isRequired
        ? { rule: 'request-property-made-required', message: `Property ${named} is now required.`, ...at }
        : { rule: 'request-property-made-optional', message: `Property ${named} is now optional.`, ...at },
    );
  } else {
    ctx.report(
      args.isRequired
        ? { rule: 'response-property-made-required', message: `Property ${named} is now always present.`, ...at }
        : { rule: 'response-property-made-optional', message: `Property ${named} may now be absent (no longer required).`, ...at },
    );
  }
}

function reportAddedProperty(
  ctx: WalkContext,
  args: { name: string; path: readonly string[]; required: boolean; base: string; revision: string },
): void {
  const named = subject(ctx, [...args.path, args.name]);
  const at = { base: args.base, revision: args.revision };
  if (ctx.direction === 'response') {
    ctx.report({ rule: 'response-property-added', message: `Property ${named} was added.`, ...at });
  } else if (args.required) {
    ctx.report({ rule: 'request-property-added-required', message: `Required property ${named} was added.`, ...at });
  } else {
    ctx.report({ rule: 'request-property-added-optional', message: `Optional property ${named} was added.`, ...at });
  }
}

function diffAdditionalProperties(ctx: WalkContext, b: SchemaView, r: SchemaView, path: readonly string[]): void {
  const baseClosed = b.additionalProperties?.node === false;
  const revisionClosed = r.additionalProperties?.node === false;
  const at = { base: b.additionalProperties?.pointer ?? b.pointer, revision: r.additionalProperties?.pointer ?? r.pointer };
  const what = subject(ctx, path);
  if (baseClosed !== revisionClosed) {
    if (ctx.direction === 'response') {
      const message = revisionClosed ? `${sentence(what)} no longer has additional properties.` : `${sentence(what)} may now have additional properties.`;
      ctx.report({ rule: 'response-additional-properties-changed', message, ...at });
    } else if (revisionClosed) {
      ctx.report({ rule: 'request-additional-properties-closed', message: `${sentence(what)} no longer accepts additional properties.`, ...at });
    } else {
      ctx.report({ rule: 'request-additional-properties-opened', message: `${sentence(what)} now accepts additional properties.`, ...at });
    }
    return;
  }
  const bSchema = b.additionalProperties;
  const rSchema = r.additionalProperties;
  if (bSchema && rSchema && typeof bSchema.node === 'object' && typeof rSchema.node === 'object') {
    diffSchema(ctx, bSchema, rSchema, [...path, '[*]']);
  }
}
