/**
 * The publisher does not validate imported events again (EventProducer `prevalidated`) because a
 * valid row makes a valid event. This keeps that true when a spec changes: each row field has
 * exactly the event field's schema (descriptions and examples aside), the event adds only the
 * fields RowConverter sets itself, and RowConverter's derived postcodePrefix is checked per row.
 */
import spec from '@marquee/generated/ingest/openapi.json';
import { membersRaw, transactionsRaw } from '@marquee/generated/ingest/events.gen';
import { RowConverter } from '../src/domain/rows';

type Schema = Record<string, unknown>;
const components = (spec as { components: { schemas: Record<string, Schema> } }).components.schemas;

/** A schema with local $refs resolved and the documentation keywords dropped. */
function normal(schema: Schema, defs: Record<string, Schema>): Schema {
  const ref = schema.$ref as string | undefined;
  if (ref) return normal((ref.startsWith('#/$defs/') ? defs : components)[ref.split('/').at(-1)!]!, defs);
  return Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'description' && k !== 'example'));
}

const cases: { row: string; topic: { schema: unknown }; rowOnly: string[]; eventOnly: string[] }[] = [
  { row: 'MemberRow', topic: membersRaw, rowOnly: ['postcode'], eventOnly: ['eventId', 'tenantId', 'source', 'postcodePrefix'] },
  { row: 'TransactionRow', topic: transactionsRaw, rowOnly: [], eventOnly: ['eventId', 'tenantId', 'source'] },
];

test.each(cases)('Every field of a valid $row is valid in its event, and the event adds only what RowConverter sets', ({ row, topic, rowOnly, eventOnly }) => {
  const defs = (topic.schema as { $defs: Record<string, Schema> }).$defs;
  const event = normal(topic.schema as Schema, defs) as { properties: Record<string, Schema>; required: string[]; additionalProperties: boolean };
  const rowSchema = components[row] as { properties: Record<string, Schema>; required: string[]; additionalProperties: boolean };
  expect(rowSchema.additionalProperties).toBe(false);
  for (const [field, schema] of Object.entries(rowSchema.properties)) {
    if (rowOnly.includes(field)) continue;
    expect({ field, schema: normal(event.properties[field] ?? {}, defs) }).toEqual({ field, schema: normal(schema, defs) });
  }
  const shared = Object.keys(rowSchema.properties).filter((f) => !rowOnly.includes(f));
  expect(Object.keys(event.properties).sort()).toEqual([...shared, ...eventOnly].sort());
  expect(event.required.filter((f) => !eventOnly.includes(f)).sort()).toEqual(rowSchema.required.filter((f) => !rowOnly.includes(f)).sort());
});

test('When a member row\'s postcode has fewer than 3 letters or digits (no postcode prefix), Then the row contract rejects it naming /postcode, and a good one validates as an event', () => {
  const converter = new RowConverter('members', 'northstar-cinemas', 'import:test');
  for (const postcode of ['A -', 'Na-', '1 2']) {
    const bad = converter.convert({ memberId: 'M1', memberSince: '2020-01-01', postcode });
    expect(bad).toEqual({ ok: false, errors: [expect.objectContaining({ pointer: '/postcode' })] });
  }
  const good = converter.convert({ memberId: 'M1', memberSince: '2020-01-01', postcode: 'm5v 2t6', favouriteCinemaId: '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10' });
  expect(good.ok && membersRaw.validate(good.event).ok).toBe(true);
  expect(() => new RowConverter('members', 'Not A Tenant', 'import:test')).toThrow(TypeError);
});
