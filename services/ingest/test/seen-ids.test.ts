/**
 * The compact event-id table answers like a Map of id -> first line (fast-check: random ids with
 * many repeats, ids sharing their first words, growth past the initial capacity), keeps no new
 * id past its limit, and holds 16 bytes per slot.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { SeenIds } from '../src/domain/seen-ids';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

test('When ids repeat, Then the first line of each is reported, as a Map would', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 2000 }), fc.boolean(), (keys, sharePrefix) => {
      // sharePrefix: ids equal in their first 64 bits, different in the next 32 (probe chains and the third word).
      const idOf = (k: number) => (sharePrefix ? `${'ab'.repeat(8)}${k.toString(16).padStart(8, '0')}${sha(String(k)).slice(24)}` : sha(String(k)));
      const seen = new SeenIds(5_000_000, 16);
      const model = new Map<string, number>();
      keys.forEach((k, i) => {
        const id = idOf(k);
        expect(seen.firstLine(id, i + 1)).toBe(model.get(id));
        if (!model.has(id)) model.set(id, i + 1);
      });
      expect(seen.size).toBe(model.size);
    }),
  );
});

test('When 200k distinct ids are added, Then none is taken for a repeat and the table stays at 16 bytes a slot', () => {
  const seen = new SeenIds();
  let repeats = 0;
  for (let i = 1; i <= 200_000; i++) if (seen.firstLine(sha(`t${i}`), i) !== undefined) repeats++;
  expect(repeats).toBe(0);
  expect(seen.firstLine(sha('t77'), 300_000)).toBe(77);
  expect(seen.size).toBe(200_000);
  expect(seen.bytes).toBe(2 ** 19 * 16); // 262,144 slots would be over 3/4 full
});

test('When the limit is reached, Then known ids are still found but new ones are not remembered', () => {
  const seen = new SeenIds(2);
  expect(seen.firstLine(sha('a'), 1)).toBeUndefined();
  expect(seen.firstLine(sha('b'), 2)).toBeUndefined();
  expect(seen.firstLine(sha('c'), 3)).toBeUndefined();
  expect(seen.firstLine(sha('c'), 4)).toBeUndefined();
  expect(seen.firstLine(sha('a'), 5)).toBe(1);
});

test('When an id is not hex or a line is out of range, Then it throws', () => {
  expect(() => new SeenIds().firstLine('not-an-event-id-at-all-xx', 1)).toThrow(TypeError);
  expect(() => new SeenIds().firstLine(sha('a'), 0)).toThrow(RangeError);
});
