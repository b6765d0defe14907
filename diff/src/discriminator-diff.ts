/**
 * Discriminators (4.8.25): the property that names a union's branch and the values that map to
 * each branch. Servers route requests and generated clients pick response types by them, so a
 * renamed property, a value that maps to another schema, a value dropped from requests or one
 * added to responses breaks existing clients. Branches added or removed with their values are
 * reported by the variant rules, so only values of branches present on both sides count here.
 * @see https://spec.openapis.org/oas/v3.1.0#discriminator-object
 */
import { isObject } from '@marquee/openapi';
import { listValues, sentence, subject, type WalkContext } from './context';
import type { SpecDoc } from './spec-doc';
import type { SchemaView } from './schema-view';

export function diffDiscriminator(ctx: WalkContext, base: SchemaView, revision: SchemaView, path: readonly string[]): void {
  const b = base.discriminator;
  const r = revision.discriminator;
  if (!b || !r || !isObject(b.node) || !isObject(r.node)) {
    return;
  }
  const what = subject(ctx, path);
  const at = { base: b.pointer, revision: r.pointer };
  if (b.node.propertyName !== r.node.propertyName) {
    const message = `The discriminator of ${what} changed from '${String(b.node.propertyName)}' to '${String(r.node.propertyName)}'.`;
    ctx.report({ rule: 'discriminator-changed', message, ...at });
    return;
  }
  const from = discriminatorValues(ctx.base, base);
  const to = discriminatorValues(ctx.revision, revision);
  const baseTargets = new Set(from.values());
  const revisionTargets = new Set(to.values());
  const moved = [...from].filter(([value, target]) => to.has(value) && to.get(value) !== target);
  if (moved.length > 0) {
    const list = moved.map(([value, target]) => `'${value}' (${target} → ${to.get(value)})`).join(', ');
    ctx.report({ rule: 'discriminator-changed', message: `Discriminator value(s) ${list} of ${what} now select another schema.`, ...at });
  }
  const removed = [...from].filter(([value, target]) => !to.has(value) && revisionTargets.has(target)).map(([value]) => value);
  const added = [...to].filter(([value, target]) => !from.has(value) && baseTargets.has(target)).map(([value]) => value);
  const dir = ctx.direction;
  if (removed.length > 0) {
    const message = sentence(`${what}: discriminator value(s) ${listValues(removed)} no longer ${dir === 'request' ? 'accepted' : 'sent'}.`);
    ctx.report({ rule: dir === 'request' ? 'request-discriminator-value-removed' : 'response-discriminator-value-removed', message, ...at });
  }
  if (added.length > 0) {
    const message = sentence(`${what}: discriminator value(s) ${listValues(added)} ${dir === 'request' ? 'now accepted' : 'may now be sent'}.`);
    ctx.report({ rule: dir === 'request' ? 'request-discriminator-value-added' : 'response-discriminator-value-added', message, ...at });
  }
}

/** Value → schema name: the explicit mapping, plus each branch's component name not mapped. */
function discriminatorValues(doc: SpecDoc, view: SchemaView): Map<string, string> {
  const node = view.discriminator?.node;
  const mapping = isObject(node) && isObject(node.mapping) ? node.mapping : {};
  const out = new Map<string, string>();
  for (const [value, ref] of Object.entries(mapping)) {
    out.set(value, String(ref).slice(String(ref).lastIndexOf('/') + 1));
  }
  const mapped = new Set(out.values());
  for (const variant of view.variants?.list ?? []) {
    const name = doc.view(variant).refName;
    if (name !== undefined && !mapped.has(name)) {
      out.set(name, name);
    }
  }
  return out;
}
