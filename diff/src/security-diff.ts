/**
 * Security requirements (4.8.30): a list of alternatives, each a set of schemes that must all
 * be satisfied (with scopes). "No security" is the alternative with no schemes. A client that
 * used a base alternative keeps working only if some revision alternative asks for no more.
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
import type { OperationContext } from './context';
import { joinPointer } from './pointer';
import type { OperationEntry, SecurityAlternative } from './operations';

export function diffSecurity(ctx: OperationContext, base: OperationEntry, revision: OperationEntry): void {
  const used = new Set<SecurityAlternative>();
  for (const b of base.security) {
    const same = revision.security.find((r) => sameSchemes(b, r));
    if (same) {
      used.add(same);
      diffScopes(ctx, b, same);
      continue;
    }
    const fewer = revision.security.find((r) => subsetOf(r, b));
    if (fewer) {
      used.add(fewer);
      const dropped = [...b.schemes.keys()].filter((s) => !fewer.schemes.has(s));
      const message = `Security scheme(s) ${names(dropped)} are no longer required${b.schemes.size > dropped.length ? ` alongside ${describe(fewer)}` : ''}.`;
      ctx.report({ rule: 'security-requirement-removed', message, base: b.pointer, revision: fewer.pointer });
      continue;
    }
    const more = revision.security.find((r) => subsetOf(b, r));
    if (more) {
      used.add(more);
      const added = [...more.schemes.keys()].filter((s) => !b.schemes.has(s));
      const message = `Security scheme(s) ${names(added)} are now required${b.schemes.size > 0 ? ` in addition to ${describe(b)}` : ''}.`;
      ctx.report({ rule: 'security-requirement-added', message, base: b.pointer, revision: more.pointer });
      continue;
    }
    const message = `Authenticating with ${describe(b)} is no longer accepted; accepted now: ${revision.security.map(describe).join(' or ')}.`;
    ctx.report({ rule: 'security-alternative-removed', message, base: b.pointer, revision: revision.security[0]?.pointer });
  }
  for (const r of revision.security.filter((alt) => !used.has(alt))) {
    if (base.security.some((b) => sameSchemes(b, r))) {
      continue;
    }
    const message = `Authenticating with ${describe(r)} is now also accepted.`;
    ctx.report({ rule: 'security-alternative-added', message, base: base.security[0]?.pointer, revision: r.pointer });
  }
}

function diffScopes(ctx: OperationContext, b: SecurityAlternative, r: SecurityAlternative): void {
  for (const [scheme, scopes] of r.schemes) {
    const before = b.schemes.get(scheme) ?? new Set<string>();
    const added = [...scopes].filter((s) => !before.has(s));
    const removed = [...before].filter((s) => !scopes.has(s));
    const at = { base: joinPointer(b.pointer, scheme), revision: joinPointer(r.pointer, scheme) };
    if (added.length > 0) {
      ctx.report({ rule: 'security-scope-added', message: `Security scheme '${scheme}' now requires scope(s) ${names(added)}.`, ...at });
    }
    if (removed.length > 0) {
      ctx.report({ rule: 'security-scope-removed', message: `Security scheme '${scheme}' no longer requires scope(s) ${names(removed)}.`, ...at });
    }
  }
}

function sameSchemes(a: SecurityAlternative, b: SecurityAlternative): boolean {
  return a.schemes.size === b.schemes.size && [...a.schemes.keys()].every((k) => b.schemes.has(k));
}

/** Every scheme of `a` is also in `b`. */
function subsetOf(a: SecurityAlternative, b: SecurityAlternative): boolean {
  return [...a.schemes.keys()].every((k) => b.schemes.has(k));
}

function describe(alt: SecurityAlternative): string {
  return alt.schemes.size === 0 ? 'no credentials' : [...alt.schemes.keys()].map((s) => `'${s}'`).join(' + ');
}

function names(list: string[]): string {
  return list.map((s) => `'${s}'`).join(', ');
}
