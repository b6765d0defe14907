/**
 * One operation present in both documents (4.8.10): its generated-client method name,
 * deprecation, parameters, request body, responses and security, in that order.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import type { OperationContext } from './context';
import type { OperationEntry } from './operations';
import { diffParameters } from './parameters-diff';
import { diffRequestBody } from './request-body-diff';
import { diffResponses } from './responses-diff';
import { diffSecurity } from './security-diff';
import { diffSecuritySchemes } from './security-schemes-diff';

export function diffOperation(ctx: OperationContext, base: OperationEntry, revision: OperationEntry): void {
  const at = { base: base.located.pointer, revision: revision.located.pointer };
  // Only operationIds both documents declare are compared: a name a generator synthesizes from
  // the path is that generator's business, not the contract's.
  const from = base.ref.operationId;
  const to = revision.ref.operationId;
  if (from !== undefined && to !== undefined && base.clientMethod !== revision.clientMethod) {
    ctx.report({
      rule: 'operation-id-changed',
      message: `The operationId changed from ${from} to ${to}; requests are unchanged, but generated clients rename ${base.clientMethod}() to ${revision.clientMethod}().`,
      base: `${at.base}/operationId`,
      revision: `${at.revision}/operationId`,
    });
  }
  if (!base.deprecated && revision.deprecated) {
    const sunset = revision.sunset ? ` (sunset ${revision.sunset})` : '';
    const fix = revision.sunset ? `Tell consumers to migrate off the operation before ${revision.sunset}.` : undefined;
    ctx.report({ rule: 'operation-deprecated', message: `The operation was deprecated${sunset}.`, ...at, ...(fix ? { fix } : {}) });
  }
  const [was, now] = [sunsetDate(base.sunset), sunsetDate(revision.sunset)];
  if (base.deprecated && revision.deprecated && was !== undefined && now !== undefined && now < was) {
    const message = `The operation's sunset date moved earlier, from ${was} to ${now}; consumers planned for ${was}.`;
    ctx.report({ rule: 'operation-sunset-moved-earlier', message, base: `${at.base}/x-sunset`, revision: `${at.revision}/x-sunset` });
  }
  diffParameters(ctx, base, revision);
  diffRequestBody(ctx, base, revision);
  diffResponses(ctx, base, revision);
  diffSecurity(ctx, base, revision);
  diffSecuritySchemes(ctx, base, revision);
}

/** `2026-06-30` from an x-sunset value (a date or a date-time). */
function sunsetDate(value: string | undefined): string | undefined {
  return value === undefined ? undefined : /^(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
}
