/**
 * Value-level schema changes: type, nullability, format, enum, validation limits, default and
 * deprecation. Each is judged by direction: a request breaks when the server accepts fewer
 * values, a response breaks when the server may send values a client has not seen before.
 */
import { stableStringify } from './canonical';
import { compareConstraints } from './constraints';
import { listValues, sentence, subject, type WalkContext } from './context';
import type { SchemaView } from './schema-view';

/** Compares types; returns false when they are incompatible (nothing below is worth comparing). */
export function diffTypes(ctx: WalkContext, base: SchemaView, revision: SchemaView, path: readonly string[]): boolean {
  if (!base.types && revision.types && !base.variants && ctx.direction === 'request') {
    // An untyped request schema accepted any JSON value; one type now narrows it.
    const to = [...revision.types].join(' | ');
    const message = `${subject(ctx, path)} now must be ${to} (any type was accepted).`;
    ctx.report({ rule: 'request-type-added', message: sentence(message), base: base.pointer, revision: revision.typePointer });
    return true;
  }
  if (base.types && !revision.types && !revision.variants && ctx.direction === 'response') {
    // A typed response schema became untyped (or was dropped): any JSON value may come back.
    const from = [...base.types].join(' | ');
    const message = `${subject(ctx, path)} may now be any type (was ${from}).`;
    ctx.report({ rule: 'response-type-removed', message: sentence(message), base: base.typePointer, revision: revision.pointer });
    return true;
  }
  if (!base.types || !revision.types || sameTypes(base.types, revision.types)) {
    return true;
  }
  const from = [...base.types].join(' | ');
  const to = [...revision.types].join(' | ');
  const at = { base: base.typePointer, revision: revision.typePointer };
  if (ctx.direction === 'request' && covers(revision.types, base.types)) {
    ctx.report({ rule: 'request-type-widened', message: sentence(`${subject(ctx, path)} now accepts ${to} (was ${from}).`), ...at });
    return true;
  }
  if (ctx.direction === 'response' && covers(base.types, revision.types)) {
    ctx.report({ rule: 'response-type-narrowed', message: sentence(`${subject(ctx, path)} is now always ${to} (was ${from}).`), ...at });
    return true;
  }
  const rule = ctx.direction === 'request' ? 'request-type-changed' : 'response-type-changed';
  ctx.report({ rule, message: `Type of ${subject(ctx, path)} changed from ${from} to ${to}.`, ...at });
  return false;
}

function sameTypes(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((t) => b.has(t));
}

/** Every value of `inner` types is also valid for `outer` (an integer is a number). */
function covers(outer: Set<string>, inner: Set<string>): boolean {
  return [...inner].every((t) => outer.has(t) || (t === 'integer' && outer.has('number')));
}

export function diffNullable(ctx: WalkContext, base: SchemaView, revision: SchemaView, path: readonly string[]): void {
  if (base.nullable === revision.nullable) {
    return;
  }
  const at = { base: base.nullablePointer, revision: revision.nullablePointer };
  const what = subject(ctx, path);
  if (ctx.direction === 'request') {
    ctx.report(
      revision.nullable
        ? { rule: 'request-nullable-added', message: sentence(`${what} now accepts null.`), ...at }
        : { rule: 'request-nullable-removed', message: sentence(`${what} no longer accepts null.`), ...at },
    );
  } else {
    ctx.report(
      revision.nullable
        ? { rule: 'response-nullable-added', message: sentence(`${what} may now be null.`), ...at }
        : { rule: 'response-nullable-removed', message: sentence(`${what} is no longer null.`), ...at },
    );
  }
}

export function diffFormat(ctx: WalkContext, base: SchemaView, revision: SchemaView, path: readonly string[]): void {
  const b = base.keywords.get('format');
  const r = revision.keywords.get('format');
  if (b?.node === r?.node) {
    return;
  }
  const at = { base: b?.pointer ?? base.pointer, revision: r?.pointer ?? revision.pointer };
  const what = subject(ctx, path);
  const message =
    b === undefined
      ? `Format '${String(r!.node)}' was added to ${what}.`
      : r === undefined
        ? `Format '${String(b.node)}' was removed from ${what}.`
        : `Format of ${what} changed from '${String(b.node)}' to '${String(r.node)}'.`;
  if (ctx.direction === 'request') {
    ctx.report({ rule: r === undefined ? 'request-format-removed' : 'request-format-changed', message, ...at });
  } else {
    ctx.report({ rule: b === undefined ? 'response-format-added' : 'response-format-changed', message, ...at });
  }
}

export function diffEnum(ctx: WalkContext, base: SchemaView, revision: SchemaView, path: readonly string[]): void {
  const b = base.keywords.get('enum');
  const r = revision.keywords.get('enum');
  if (!Array.isArray(b?.node) && !Array.isArray(r?.node)) {
    return;
  }
  const what = subject(ctx, path);
  const at = { base: b?.pointer ?? base.pointer, revision: r?.pointer ?? revision.pointer };
  if (!Array.isArray(b?.node) || !Array.isArray(r?.node)) {
    const tightened = Array.isArray(r?.node);
    const values = listValues(((tightened ? r?.node : b?.node) as unknown[]).filter((v) => v !== null));
    const message = tightened ? `${sentence(what)} is now restricted to ${values}.` : `${sentence(what)} is no longer restricted to ${values}.`;
    const rule =
      ctx.direction === 'request'
        ? tightened
          ? 'request-constraint-tightened'
          : 'request-constraint-loosened'
        : tightened
          ? 'response-constraint-tightened'
          : 'response-constraint-loosened';
    ctx.report({ rule, message, ...at });
    return;
  }
  const baseValues = new Map(b.node.filter((v) => v !== null).map((v) => [stableStringify(v), v]));
  const revisionValues = new Map(r.node.filter((v) => v !== null).map((v) => [stableStringify(v), v]));
  const removed = [...baseValues].filter(([k]) => !revisionValues.has(k)).map(([, v]) => v);
  const added = [...revisionValues].filter(([k]) => !baseValues.has(k)).map(([, v]) => v);
  if (removed.length > 0) {
    const rule = ctx.direction === 'request' ? 'request-enum-value-removed' : 'response-enum-value-removed';
    ctx.report({ rule, message: `Enum value(s) ${listValues(removed)} removed from ${what}.`, ...at });
  }
  if (added.length > 0) {
    const rule = ctx.direction === 'request' ? 'request-enum-value-added' : 'response-enum-value-added';
    ctx.report({ rule, message: `Enum value(s) ${listValues(added)} added to ${what}.`, ...at });
  }
}

/**
 * `x-extensible-enum` (Zalando's guidelines) lists values clients must expect more of: adding
 * one is never breaking, but a request value the server stops accepting still is.
 */
export function diffExtensibleEnum(ctx: WalkContext, base: SchemaView, revision: SchemaView, path: readonly string[]): void {
  const b = base.keywords.get('x-extensible-enum');
  const r = revision.keywords.get('x-extensible-enum');
  if (ctx.direction !== 'request' || !Array.isArray(b?.node) || !Array.isArray(r?.node)) {
    return;
  }
  const kept = new Set(r.node.map((v) => stableStringify(v)));
  const removed = b.node.filter((v) => !kept.has(stableStringify(v)));
  if (removed.length > 0) {
    const message = `Extensible enum value(s) ${listValues(removed)} removed from ${subject(ctx, path)}.`;
    ctx.report({ rule: 'request-enum-value-removed', message, base: b.pointer, revision: r.pointer });
  }
}

export function diffConstraints(ctx: WalkContext, base: SchemaView, revision: SchemaView, path: readonly string[]): void {
  for (const change of compareConstraints(base, revision)) {
    const breaksRequest = change.outcome !== 'loosened';
    const breaksResponse = change.outcome !== 'tightened';
    const rule =
      ctx.direction === 'request'
        ? breaksRequest
          ? 'request-constraint-tightened'
          : 'request-constraint-loosened'
        : breaksResponse
          ? 'response-constraint-loosened'
          : 'response-constraint-tightened';
    const message = `${sentence(subject(ctx, path))}: ${change.detail}.`;
    ctx.report({ rule, message, base: change.base, revision: change.revision });
  }
}

/**
 * A request default is behaviour: a client that omits the value gets whatever the default says,
 * so changing or dropping it changes what existing calls do (breaking). Adding one only
 * documents behaviour (info). In responses a default is documentation only (info).
 */
export function diffDefault(ctx: WalkContext, base: SchemaView, revision: SchemaView, path: readonly string[]): void {
  const b = base.keywords.get('default');
  const r = revision.keywords.get('default');
  if (stableStringify(b?.node) === stableStringify(r?.node)) {
    return;
  }
  const at = { base: b?.pointer ?? base.pointer, revision: r?.pointer ?? revision.pointer };
  const what = subject(ctx, path);
  const show = (v: unknown) => JSON.stringify(v);
  const message =
    b === undefined
      ? `Default ${show(r!.node)} was added to ${what}.`
      : r === undefined
        ? `Default ${show(b.node)} was removed from ${what}.`
        : `Default of ${what} changed from ${show(b.node)} to ${show(r.node)}.`;
  if (ctx.direction === 'response') {
    ctx.report({ rule: 'response-default-changed', message, ...at });
  } else {
    ctx.report({ rule: b === undefined ? 'request-default-added' : 'request-default-changed', message, ...at });
  }
}

export function diffDeprecated(ctx: WalkContext, base: SchemaView, revision: SchemaView, path: readonly string[]): void {
  if (!base.deprecated && revision.deprecated && path.length > 0) {
    ctx.report({ rule: 'property-deprecated', message: `${sentence(subject(ctx, path))} was deprecated.`, base: base.pointer, revision: revision.pointer });
  }
}
