/**
 * oneOf/anyOf variants. Variants are paired by component name, then by identical structure,
 * then by likeness (shared type and property names); paired variants are compared in depth,
 * the rest are reported as added or removed. A plain schema facing a union counts as a union
 * of one, so turning `Film` into `oneOf: [Film, Series]` is "variant added", not a rewrite.
 * In a request oneOf an added variant that overlaps another (a value matches both) is breaking:
 * oneOf rejects values matching two branches, and those were valid before.
 */
import { canonicalSchema } from './canonical';
import { subject, type WalkContext } from './context';
import type { Located } from './located';
import type { SchemaView } from './schema-view';
import { hasDiscriminator, variantsOverlap } from './variant-overlap';

export interface VariantsArgs {
  ctx: WalkContext;
  base: SchemaView;
  revision: SchemaView;
  /** The schemas themselves, used as the single variant of a side that is not a union. */
  baseSelf: Located;
  revisionSelf: Located;
  path: readonly string[];
  recurse: (ctx: WalkContext, base: Located, revision: Located, path: readonly string[]) => void;
}

interface Candidate {
  located: Located;
  index: number;
  view: SchemaView;
}

export function diffVariants(args: VariantsArgs): void {
  const { ctx, base, revision, path } = args;
  const baseList = candidates(ctx, 'base', base.variants?.list ?? [args.baseSelf]);
  const revisionList = candidates(ctx, 'revision', revision.variants?.list ?? [args.revisionSelf]);
  const pairs = pairVariants(ctx, baseList, revisionList);
  for (const [b, r] of pairs) {
    const label = b.view.refName ?? r.view.refName ?? String(r.index + 1);
    const sameSelf = !base.variants || !revision.variants;
    args.recurse(ctx, b.located, r.located, sameSelf ? path : [...path, `<${label}>`]);
  }
  const kind = revision.variants?.kind ?? base.variants?.kind ?? 'oneOf';
  const what = subject(ctx, path);
  reportAnyOfBecameOneOf(ctx, { base, revision, pairs, what });
  for (const b of baseList.filter((c) => !pairs.some(([p]) => p === c))) {
    const rule = ctx.direction === 'request' ? 'request-variant-removed' : 'response-variant-removed';
    const message = `Variant ${describeVariant(b)} was removed from the ${kind} of ${what}.`;
    ctx.report({ rule, message, base: b.located.pointer, revision: revision.variants?.pointer ?? revision.pointer });
  }
  for (const r of revisionList.filter((c) => !pairs.some(([, p]) => p === c))) {
    const at = { base: base.variants?.pointer ?? base.pointer, revision: r.located.pointer };
    const overlapping = ctx.direction === 'request' ? overlappingVariants(ctx, revision, r, revisionList) : [];
    if (overlapping.length > 0) {
      const others = overlapping.map(describeVariant).join(', ');
      const message = `Variant ${describeVariant(r)} was added to the oneOf of ${what} and overlaps ${others}: a value matching both, valid before, is now rejected.`;
      ctx.report({ rule: 'request-one-of-overlap', message, ...at });
      continue;
    }
    const rule = ctx.direction === 'request' ? 'request-variant-added' : 'response-variant-added';
    ctx.report({ rule, message: `Variant ${describeVariant(r)} was added to the ${kind} of ${what}.`, ...at });
  }
}

/**
 * A request anyOf turned oneOf: a value matching two kept branches passed anyOf and now fails
 * oneOf, unless the branches are provably disjoint (or a discriminator picks one).
 */
function reportAnyOfBecameOneOf(
  ctx: WalkContext,
  args: { base: SchemaView; revision: SchemaView; pairs: [Candidate, Candidate][]; what: string },
): void {
  const union = args.revision.variants;
  if (ctx.direction !== 'request' || args.base.variants?.kind !== 'anyOf' || union?.kind !== 'oneOf' || hasDiscriminator(ctx.revision, union.pointer)) {
    return;
  }
  const kept = args.pairs.map(([, r]) => r);
  const clash = kept.flatMap((a, i) => kept.slice(i + 1).filter((b) => variantsOverlap(ctx.revision, a.view, b.view)).map((b) => [a, b] as const))[0];
  if (clash) {
    const message = `The anyOf of ${args.what} became a oneOf, and variants ${describeVariant(clash[0])} and ${describeVariant(clash[1])} overlap: a value matching both, valid before, is now rejected.`;
    ctx.report({ rule: 'request-one-of-overlap', message, base: args.base.variants!.pointer, revision: union.pointer });
  }
}

/**
 * The other variants of a request oneOf that an added variant may share a value with (none for
 * anyOf, or when a discriminator picks the variant).
 */
function overlappingVariants(ctx: WalkContext, revision: SchemaView, added: Candidate, all: Candidate[]): Candidate[] {
  const union = revision.variants;
  if (!union || union.kind !== 'oneOf' || hasDiscriminator(ctx.revision, union.pointer)) {
    return [];
  }
  return all.filter((c) => c !== added && variantsOverlap(ctx.revision, added.view, c.view));
}

function candidates(ctx: WalkContext, side: 'base' | 'revision', list: Located[]): Candidate[] {
  const doc = side === 'base' ? ctx.base : ctx.revision;
  return list.map((located, index) => ({ located, index, view: doc.view(located) }));
}

function describeVariant(c: Candidate): string {
  if (c.view.refName) {
    return `'${c.view.refName}'`;
  }
  const types = c.view.types ? [...c.view.types].join(' | ') : 'schema';
  return `#${c.index + 1} (${types})`;
}

function pairVariants(ctx: WalkContext, baseList: Candidate[], revisionList: Candidate[]): [Candidate, Candidate][] {
  const pairs: [Candidate, Candidate][] = [];
  const freeBase = new Set(baseList);
  const freeRevision = new Set(revisionList);
  const take = (b: Candidate, r: Candidate) => {
    pairs.push([b, r]);
    freeBase.delete(b);
    freeRevision.delete(r);
  };
  for (const b of baseList) {
    const r = [...freeRevision].find((c) => b.view.refName !== undefined && c.view.refName === b.view.refName);
    if (r) {
      take(b, r);
    }
  }
  const shape = new Map<Candidate, string>();
  const shapeOf = (c: Candidate, side: 'base' | 'revision') => {
    let s = shape.get(c);
    if (s === undefined) {
      s = canonicalSchema(side === 'base' ? ctx.base : ctx.revision, c.located);
      shape.set(c, s);
    }
    return s;
  };
  for (const b of [...freeBase]) {
    const r = [...freeRevision].find((c) => shapeOf(c, 'revision') === shapeOf(b, 'base'));
    if (r) {
      take(b, r);
    }
  }
  for (const b of [...freeBase]) {
    const scored = [...freeRevision].map((r) => ({ r, score: likeness(b.view, r.view) })).filter((s) => s.score > 0);
    const best = scored.sort((x, y) => y.score - x.score)[0];
    if (best) {
      take(b, best.r);
    }
  }
  return pairs;
}

/** 0 when two variants cannot be the same thing; higher when they share more. */
function likeness(a: SchemaView, b: SchemaView): number {
  if (a.types && b.types && ![...a.types].some((t) => b.types!.has(t))) {
    return 0;
  }
  const shared = [...a.properties.keys()].filter((k) => b.properties.has(k)).length;
  const bothHaveProperties = a.properties.size > 0 && b.properties.size > 0;
  if (bothHaveProperties && shared === 0) {
    return 0;
  }
  return 1 + shared;
}
