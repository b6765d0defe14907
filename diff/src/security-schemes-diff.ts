/**
 * Security Scheme Objects (4.8.27) an operation uses in both documents: a client built for the
 * base sends its credentials where the base scheme said (header or query name, HTTP auth scheme,
 * OAuth2 token URL). Changing any of these breaks every operation that uses the scheme, so it is
 * reported once per operation, like a change in any shared component.
 * @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object
 */
import { isObject } from '@marquee/openapi';
import type { OperationContext } from './context';
import { escapeSegment } from './pointer';
import type { OperationEntry } from './operations';
import type { SpecDoc } from './spec-doc';

/** Fields whose change moves or reshapes the credentials a client sends. */
const FIELDS: { field: string; caseless: boolean }[] = [
  { field: 'type', caseless: false },
  { field: 'in', caseless: false },
  { field: 'name', caseless: true },
  { field: 'scheme', caseless: true },
  { field: 'openIdConnectUrl', caseless: false },
];

export function diffSecuritySchemes(ctx: OperationContext, base: OperationEntry, revision: OperationEntry): void {
  const used = (op: OperationEntry) => new Set(op.security.flatMap((alt) => [...alt.schemes.keys()]));
  const inRevision = used(revision);
  for (const name of [...used(base)].filter((n) => inRevision.has(n))) {
    const pointer = `/components/securitySchemes/${escapeSegment(name)}`;
    const b = schemeAt(ctx.base, pointer);
    const r = schemeAt(ctx.revision, pointer);
    if (!b || !r) {
      continue;
    }
    const changes = [...fieldChanges(b, r), ...flowChanges(b, r)];
    if (changes.length > 0) {
      ctx.report({ rule: 'security-scheme-changed', message: `Security scheme '${name}' changed: ${changes.join('; ')}.`, base: pointer, revision: pointer });
    }
  }
}

function schemeAt(doc: SpecDoc, pointer: string): Record<string, unknown> | undefined {
  const node = doc.deref(doc.at(pointer)).node;
  return isObject(node) ? node : undefined;
}

function fieldChanges(b: Record<string, unknown>, r: Record<string, unknown>): string[] {
  const norm = (v: unknown, caseless: boolean) => (typeof v === 'string' && caseless ? v.toLowerCase() : v);
  return FIELDS.filter(({ field, caseless }) => norm(b[field], caseless) !== norm(r[field], caseless)).map(
    ({ field }) => `${field} ${JSON.stringify(b[field] ?? null)} → ${JSON.stringify(r[field] ?? null)}`,
  );
}

/** OAuth2: a flow clients use was removed, or its token/authorization URL moved. */
function flowChanges(b: Record<string, unknown>, r: Record<string, unknown>): string[] {
  const bFlows = isObject(b.flows) ? b.flows : {};
  const rFlows = isObject(r.flows) ? r.flows : {};
  const out: string[] = [];
  for (const [flow, bFlow] of Object.entries(bFlows)) {
    const rFlow = rFlows[flow];
    if (!isObject(rFlow)) {
      out.push(`flow ${flow} was removed`);
      continue;
    }
    for (const url of ['tokenUrl', 'authorizationUrl']) {
      const from = isObject(bFlow) ? bFlow[url] : undefined;
      if (from !== rFlow[url]) {
        out.push(`${flow} ${url} ${JSON.stringify(from ?? null)} → ${JSON.stringify(rFlow[url] ?? null)}`);
      }
    }
  }
  return out;
}
