/**
 * The running aggregate gives the same profile as building it from the whole history, whatever
 * order and batches the visits arrive in (fast-check: random histories with ties in instants,
 * films and cinemas, more than MAX_FILM_VIEWS visits, visits older than every window, random
 * batch splits, and `now` moving forward between batches).
 */
import fc from 'fast-check';
import { addVisits, emptyAggregate, profileOf } from '../src/domain/aggregate';
import { buildProfile, type MemberAttributes, type Visit } from '../src/domain/profile';

const NOW = Date.parse('2026-06-30T12:00:00Z');
const DAY = 86_400_000;
const member: MemberAttributes = { tenantId: 't1', memberId: 'M1', memberSince: '2020-01-01', birthYear: 1990 } as MemberAttributes;

const visit = fc.record({
  filmId: fc.constantFrom('f1', 'f2', 'f3', 'f4', 'f5'),
  cinemaId: fc.constantFrom('c1', 'c2', 'c3'),
  primaryGenre: fc.constantFrom('horror', 'drama', 'comedy', null),
  // Coarse instants (whole days, 2 years back to a month ahead) so ties are frequent.
  day: fc.integer({ min: -730, max: 30 }),
  ticketAmount: fc.integer({ min: 0, max: 3000 }).map((c) => c / 100),
  concessionAmount: fc.integer({ min: 0, max: 2000 }).map((c) => c / 100),
});

test('incremental aggregate == profile from the whole history, in any order and batching', () => {
  fc.assert(
    fc.property(fc.array(visit, { maxLength: 150 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 3 }), (raw, cuts, drift) => {
      // Region and genre are properties of the cinema and film, as in the catalog.
      const visits: Visit[] = raw.map((v) => ({ ...v, regionId: `R-${v.cinemaId}`, primaryGenre: v.filmId === 'f5' ? null : v.primaryGenre && `g-${v.filmId}`, occurredAt: new Date(NOW + v.day * DAY) }));
      const agg = emptyAggregate();
      let at = 0;
      let now = NOW - drift * 40 * DAY;
      for (let i = 0; at < visits.length; i++) {
        const size = cuts[i % cuts.length]!;
        addVisits(agg, visits.slice(at, at + size), new Date(now));
        at += size;
        now = Math.min(NOW, now + 10 * DAY);
      }
      addVisits(agg, [], new Date(NOW));
      const incremental = profileOf(member, JSON.parse(JSON.stringify(agg)), new Date(NOW));
      expect(incremental).toEqual(buildProfile(member, visits, new Date(NOW)));
    }),
    { numRuns: 300 },
  );
});

test('the aggregate stays bounded: at most MAX_FILM_VIEWS views and only the widest window of instants', () => {
  const agg = emptyAggregate();
  for (let day = 0; day < 2000; day++) addVisits(agg, [{ filmId: 'f1', cinemaId: 'c1', primaryGenre: 'horror', regionId: 'CA-ON', occurredAt: new Date(NOW - day * DAY), ticketAmount: 10, concessionAmount: 1 }], new Date(NOW));
  expect(agg.recent).toHaveLength(60);
  expect(agg.window).toHaveLength(366);
  expect(agg.lifetime).toBe(2000);
  expect(profileOf(member, agg, new Date(NOW)).spend).toEqual({ tickets: 20000, concessions: 2000, avgPerVisit: 11 });
});
