/**
 * Request parameters (4.8.12), matched by location and name. What is left unmatched is paired
 * before being called removed or added: the same name in another location is a move
 * (query ↔ header), the same schema under another name in the same location is a rename.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
import { canonicalSchema } from './canonical';
import { sentence, walkContext, type OperationContext } from './context';
import type { OperationEntry, ParameterEntry } from './operations';
import { sameParameter } from './operations';
import { diffSchema } from './schema-diff';

export function diffParameters(ctx: OperationContext, base: OperationEntry, revision: OperationEntry): void {
  const removed = base.parameters.filter((b) => !revision.parameters.some((r) => sameParameter(b, r)));
  const added = revision.parameters.filter((r) => !base.parameters.some((b) => sameParameter(b, r)));
  for (const b of base.parameters) {
    const r = revision.parameters.find((candidate) => sameParameter(b, candidate));
    if (r) {
      diffParameter(ctx, b, r);
    }
  }
  for (const [b, r] of takePairs(removed, added, (b, r) => b.in !== r.in && b.name.toLowerCase() === r.name.toLowerCase())) {
    ctx.report({
      rule: 'request-parameter-moved',
      message: `Parameter '${b.name}' moved from ${b.in} to ${r.in}.`,
      base: b.located.pointer,
      revision: r.located.pointer,
    });
    diffParameter(ctx, b, r);
  }
  // Path parameters travel by position in the template, not by name: `{filmId}` → `{id}` at the
  // same place changes no URL, only generated code (schema changes are still diffed).
  const samePlace = (b: ParameterEntry, r: ParameterEntry) =>
    b.in === 'path' && r.in === 'path' && templateIndex(base, b.name) >= 0 && templateIndex(base, b.name) === templateIndex(revision, r.name);
  for (const [b, r] of takePairs(removed, added, samePlace)) {
    ctx.report({
      rule: 'request-path-parameter-renamed',
      message: `Path parameter '${b.name}' was renamed to '${r.name}'; the URL is unchanged, but generated clients take it by its new name.`,
      base: b.located.pointer,
      revision: r.located.pointer,
    });
    diffParameter(ctx, b, r);
  }
  const sameSchema = (b: ParameterEntry, r: ParameterEntry) =>
    b.in === r.in && canonicalSchema(ctx.base, b.schema) === canonicalSchema(ctx.revision, r.schema);
  for (const [b, r] of takePairs(removed, added, sameSchema)) {
    ctx.report({
      rule: 'request-parameter-renamed',
      message: `${sentence(label(b))} was renamed to '${r.name}'.`,
      base: b.located.pointer,
      revision: r.located.pointer,
    });
    diffParameter(ctx, b, r);
  }
  for (const b of removed) {
    ctx.report({ rule: 'request-parameter-removed', message: `${sentence(label(b))} was removed.`, base: b.located.pointer, revision: parametersPointer(revision) });
  }
  for (const r of added) {
    const at = { base: parametersPointer(base), revision: r.located.pointer };
    ctx.report(
      r.required
        ? { rule: 'request-parameter-added-required', message: `Required ${label(r)} was added.`, ...at }
        : { rule: 'request-parameter-added-optional', message: `Optional ${label(r)} was added.`, ...at },
    );
  }
}

/** The position of `{name}` among the operation's path template variables, or -1. */
function templateIndex(op: OperationEntry, name: string): number {
  return [...op.ref.path.matchAll(/\{([^}]*)\}/g)].findIndex((m) => m[1] === name);
}

/** `query parameter 'limit'`. */
function label(p: ParameterEntry): string {
  return `${p.in} parameter '${p.name}'`;
}

function parametersPointer(op: OperationEntry): string {
  return `${op.located.pointer}/parameters`;
}

/** Removes each uniquely matching (removed, added) pair from both lists and returns the pairs. */
function takePairs(
  removed: ParameterEntry[],
  added: ParameterEntry[],
  matches: (b: ParameterEntry, r: ParameterEntry) => boolean,
): [ParameterEntry, ParameterEntry][] {
  const pairs: [ParameterEntry, ParameterEntry][] = [];
  for (const b of [...removed]) {
    const candidates = added.filter((r) => matches(b, r));
    const only = candidates[0];
    if (candidates.length !== 1 || !only || removed.filter((other) => matches(other, only)).length !== 1) {
      continue;
    }
    pairs.push([b, only]);
    removed.splice(removed.indexOf(b), 1);
    added.splice(added.indexOf(only), 1);
  }
  return pairs;
}

function diffParameter(ctx: OperationContext, b: ParameterEntry, r: ParameterEntry): void {
  const at = { base: b.located.pointer, revision: r.located.pointer };
  if (b.required !== r.required) {
    ctx.report(
      r.required
        ? { rule: 'request-parameter-made-required', message: `${sentence(label(r))} is now required.`, ...at }
        : { rule: 'request-parameter-made-optional', message: `${sentence(label(r))} is now optional.`, ...at },
    );
  }
  // Serialization defaults differ per location; a move is already reported on its own.
  if (b.in === r.in && (b.style !== r.style || b.explode !== r.explode)) {
    const show = (p: ParameterEntry) => `style ${p.style}, explode ${String(p.explode)}`;
    ctx.report({ rule: 'request-parameter-style-changed', message: `${sentence(label(r))} serialization changed from ${show(b)} to ${show(r)}.`, ...at });
  }
  if (!b.deprecated && r.deprecated) {
    ctx.report({ rule: 'request-parameter-deprecated', message: `${sentence(label(r))} was deprecated.`, ...at });
  }
  diffSchema(walkContext(ctx, 'request', label(r), at), b.schema, r.schema);
}
