/**
 * The demo profile generator (scripts/audience-data): deterministic, lazy, tied to the catalog
 * seed, every document valid for the strict profiles mapping, and believable in aggregate.
 */
import type { estypes } from '@elastic/elasticsearch';
import { DEFAULT_NOW, MAX_FILM_VIEWS, ageBandOf, catalogTenants, generateProfiles, tenantSlug } from '../../../scripts/audience-data/generate-profiles';
import { REGIONS, catalogSeed } from '../../catalog/src/data-access/seed-data';
import { AGE_BANDS, GENRE_IDS, PROFILE_MAPPINGS, type ProfileDocument } from '../src/domain/query';

const DAY = 86_400_000;
const NOW = DEFAULT_NOW;
const catalog = catalogSeed();
const tenants = catalogTenants(catalog);
const filmById = new Map(catalog.films.map((f) => [f.id, f]));
const cinemaById = new Map(catalog.cinemas.map((c) => [c.id, c]));
const regionIds = new Set(REGIONS.map((r) => r.id));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Canadian FSA first letters per province/territory. */
const FSA_FIRST: Record<string, string> = {
  'CA-ON': 'KLMNP', 'CA-QC': 'GHJ', 'CA-BC': 'V', 'CA-AB': 'T', 'CA-MB': 'R', 'CA-SK': 'S', 'CA-NS': 'B', 'CA-NB': 'E',
  'CA-NL': 'A', 'CA-PE': 'C', 'CA-YT': 'Y', 'CA-NT': 'X', 'CA-NU': 'X',
};

function take(n: number, options: Partial<Parameters<typeof generateProfiles>[0]> = {}): ProfileDocument[] {
  return [...generateProfiles({ count: n, ...options })];
}

const ms = (iso: string): number => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

// ---------------------------------------------------------------------------
// Mapping check: every key (recursively) is a mapped property, with a value of the mapped type.
// ---------------------------------------------------------------------------

function checkAgainstMapping(value: unknown, properties: Record<string, estypes.MappingProperty>, path: string, problems: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${path || '<doc>'}: expected an object`);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const mapping = properties[key];
    if (mapping === undefined) {
      problems.push(`${at}: not in the mapping`);
      continue;
    }
    const sub = (mapping as { properties?: Record<string, estypes.MappingProperty> }).properties;
    const items = Array.isArray(child) ? child : [child];
    for (const item of items) {
      if (sub !== undefined) {
        checkAgainstMapping(item, sub, at, problems);
        continue;
      }
      const type = (mapping as { type?: string }).type;
      const ok =
        type === 'keyword' ? typeof item === 'string'
        : type === 'date' ? typeof item === 'string' && !Number.isNaN(Date.parse(item))
        : type === 'integer' || type === 'short' ? Number.isInteger(item)
        : type === 'double' || type === 'float' ? typeof item === 'number' && Number.isFinite(item)
        : false;
      if (!ok) problems.push(`${at}: ${JSON.stringify(item)} is not a valid ${type}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Per-document invariants
// ---------------------------------------------------------------------------

function invariantProblems(doc: ProfileDocument, now: Date): string[] {
  const problems: string[] = [];
  const fail = (message: string): void => {
    problems.push(`${doc.tenantId}:${doc.memberId}: ${message}`);
  };
  const nowMs = now.getTime();

  // Where.
  const tenant = tenants.find((t) => t.id === doc.tenantId);
  if (!tenant) fail(`unknown tenant ${doc.tenantId}`);
  if (!UUID.test(doc.memberId)) fail(`memberId ${doc.memberId}`);
  const cinema = doc.favouriteCinemaId !== undefined ? cinemaById.get(doc.favouriteCinemaId) : undefined;
  if (!cinema) fail(`favourite cinema ${doc.favouriteCinemaId} not in the catalog`);
  else if (cinema.circuitId !== tenant?.circuitId) fail(`favourite cinema ${cinema.name} is not one of ${doc.tenantId}'s`);
  if (doc.region === undefined || !regionIds.has(doc.region)) fail(`region ${doc.region}`);
  if (doc.region !== undefined && cinema && doc.region.slice(0, 2) !== cinema.regionId.slice(0, 2)) fail(`region ${doc.region} in another country than ${cinema.regionId}`);
  if (doc.postcodePrefix !== undefined && doc.region !== undefined) {
    if (doc.region.startsWith('CA-')) {
      if (!/^[ABCEGHJKLMNPRSTVXY]\d[ABCEGHJKLMNPRSTVWXYZ]$/.test(doc.postcodePrefix)) fail(`FSA ${doc.postcodePrefix}`);
      if (!(FSA_FIRST[doc.region] ?? '').includes(doc.postcodePrefix.charAt(0))) fail(`FSA ${doc.postcodePrefix} outside ${doc.region}`);
    } else if (!/^\d{3}$/.test(doc.postcodePrefix) || doc.postcodePrefix < '010') fail(`ZIP prefix ${doc.postcodePrefix}`);
  }

  // Who.
  if ((doc.birthYear === undefined) !== (doc.ageBand === undefined)) fail('birthYear and ageBand must come together');
  if (doc.birthYear !== undefined) {
    if (now.getUTCFullYear() - doc.birthYear < 18) fail(`under 18: born ${doc.birthYear}`);
    if (doc.ageBand !== ageBandOf(doc.birthYear, now)) fail(`ageBand ${doc.ageBand} for ${doc.birthYear}`);
    if (!(AGE_BANDS as readonly string[]).includes(doc.ageBand ?? '')) fail(`ageBand ${doc.ageBand}`);
  }
  const since = doc.membership?.memberSince;
  if (since === undefined || ms(since) < ms('2015-01-01') || ms(since) > nowMs) fail(`memberSince ${since}`);

  // Visits nest.
  const v = doc.visits;
  if (![v.last30d, v.last90d, v.last365d, v.lifetime].every((n) => Number.isInteger(n) && n >= 0)) fail(`visit counts ${JSON.stringify(v)}`);
  if (!(v.last30d <= v.last90d && v.last90d <= v.last365d && v.last365d <= v.lifetime)) fail(`visit windows out of order ${JSON.stringify(v)}`);

  // Spend follows visits.
  const s = doc.spend;
  if (v.lifetime === 0) {
    if (s.tickets !== 0 || s.concessions !== 0 || s.avgPerVisit !== 0) fail(`spend without visits ${JSON.stringify(s)}`);
  } else {
    const perVisit = s.tickets / v.lifetime;
    if (perVisit < 11 - 0.005 || perVisit > 18 + 0.005) fail(`ticket price ${perVisit.toFixed(2)}`);
    if (Math.abs(s.avgPerVisit - (s.tickets + s.concessions) / v.lifetime) > 0.0051) fail(`avgPerVisit ${s.avgPerVisit} vs ${JSON.stringify(s)} / ${v.lifetime}`);
  }
  if (s.concessions < 0 || s.concessions > s.tickets) fail(`concessions ${s.concessions} vs tickets ${s.tickets}`);
  for (const amount of [s.tickets, s.concessions, s.avgPerVisit]) if (Math.round(amount * 100) / 100 !== amount) fail(`${amount} not in cents`);

  // Film views: real films, on/after release, within membership, chronological, consistent with the windows.
  const views = doc.filmViews;
  if (views.length > MAX_FILM_VIEWS || views.length > v.lifetime) fail(`${views.length} views for ${v.lifetime} visits`);
  let previous = -Infinity;
  for (const view of views) {
    const film = filmById.get(view.filmId);
    const at = ms(view.viewedAt);
    if (!film) {
      fail(`film ${view.filmId} not in the catalog`);
      continue;
    }
    if (at < ms(film.releaseDate)) fail(`${film.title} seen ${view.viewedAt}, before its release ${film.releaseDate}`);
    if (at >= nowMs) fail(`view in the future: ${view.viewedAt}`);
    if (since !== undefined && at < ms(since)) fail(`view ${view.viewedAt} before memberSince ${since}`);
    if (at < previous) fail('filmViews not in chronological order');
    previous = at;
  }
  for (const days of [30, 90, 365] as const) {
    const inWindow = views.filter((x) => ms(x.viewedAt) >= nowMs - days * DAY).length;
    const count = v[`last${days}d`];
    if (inWindow !== Math.min(count, MAX_FILM_VIEWS)) fail(`${inWindow} views in the last ${days} days, visits.last${days}d = ${count}`);
  }
  const distinct = [...new Set(views.map((x) => x.filmId))];
  if (doc.filmsSeen.length !== distinct.length || !distinct.every((id) => doc.filmsSeen.includes(id))) fail('filmsSeen is not the distinct films of filmViews');

  // Genre affinity: share of views per primary genre.
  const affinity = Object.entries(doc.genreAffinity);
  if (views.length === 0) {
    if (affinity.length > 0) fail('genreAffinity without views');
    if (doc.firstVisit !== undefined || doc.lastVisit !== undefined) fail('first/lastVisit without views');
  } else {
    const total = affinity.reduce((sum, [, share]) => sum + (share ?? 0), 0);
    if (Math.abs(total - 1) > 1e-9) fail(`genreAffinity sums to ${total}`);
    for (const [genre, share] of affinity) {
      if (!(GENRE_IDS as readonly string[]).includes(genre)) fail(`genre ${genre}`);
      const expected = views.filter((x) => filmById.get(x.filmId)?.genres[0] === genre).length / views.length;
      if (share === undefined || share <= 0 || share > 1 || Math.abs(share - expected) > 1e-4) fail(`genreAffinity.${genre} = ${share}, expected ${expected}`);
    }
    const times = views.map((x) => ms(x.viewedAt));
    if (doc.firstVisit === undefined || ms(doc.firstVisit) !== Math.min(...times)) fail(`firstVisit ${doc.firstVisit}`);
    if (doc.lastVisit === undefined || ms(doc.lastVisit) !== Math.max(...times)) fail(`lastVisit ${doc.lastVisit}`);
  }

  // Status.
  const memberForOverAYear = since !== undefined && ms(since) < nowMs - 365 * DAY;
  const status = doc.membership?.status;
  if (status === 'lapsed' && (v.last365d > 0 || !memberForOverAYear)) fail(`lapsed with ${v.last365d} visits this year, member since ${since}`);
  if (status === 'active' && memberForOverAYear && v.last365d === 0) fail('active without a visit in 365 days');
  if (!['active', 'lapsed', 'cancelled'].includes(status ?? '')) fail(`status ${status}`);

  if (doc.updatedAt !== now.toISOString().replace('.000Z', 'Z')) fail(`updatedAt ${doc.updatedAt}`);
  checkAgainstMapping(doc, PROFILE_MAPPINGS.properties ?? {}, '', problems);
  return problems;
}

describe('generateProfiles', () => {
  it('is deterministic: same seed, same documents; another seed, other documents', () => {
    const a = take(300, { seed: 7 });
    expect(JSON.stringify(take(300, { seed: 7 }))).toBe(JSON.stringify(a));
    const other = take(300, { seed: 8 });
    expect(other.map((d) => d.memberId)).not.toEqual(a.map((d) => d.memberId));
    expect(other.map((d) => d.visits)).not.toEqual(a.map((d) => d.visits));
  });

  it('profile i does not depend on start or count', () => {
    const all = take(120, { seed: 3 });
    expect(take(20, { seed: 3, start: 100 })).toEqual(all.slice(100));
    expect(take(5, { seed: 3 })).toEqual(all.slice(0, 5));
  });

  it('is lazy: a billion-profile generator yields its first documents at once', () => {
    const profiles = generateProfiles({ count: 1_000_000_000 });
    expect(profiles.next().done).toBe(false);
    expect(profiles.next().done).toBe(false);
    profiles.return(undefined);
  });

  it('rejects bad options eagerly', () => {
    expect(() => generateProfiles({ count: -1 })).toThrow(RangeError);
    expect(() => generateProfiles({ count: 1, seed: 1.5 })).toThrow(RangeError);
    expect(() => generateProfiles({ count: 1, tenants: ['no-such-circuit'] })).toThrow(/unknown tenants: no-such-circuit/);
  });

  it('uses the catalog circuits as tenants, slugged', () => {
    expect(tenantSlug('Cinémas Laurentides')).toBe('cinemas-laurentides');
    expect(tenants.map((t) => t.id)).toEqual(expect.arrayContaining(['northstar-cinemas', 'the-bijou-collective', 'cinemas-laurentides']));
    const only = take(500, { tenants: ['cinemas-laurentides', 'prairie-sky-theatres'] });
    expect(new Set(only.map((d) => d.tenantId))).toEqual(new Set(['cinemas-laurentides', 'prairie-sky-theatres']));
  });

  it('ageBandOf follows the query compiler: age = year(now) - birthYear', () => {
    expect(ageBandOf(2008, NOW)).toBe('18-24');
    expect(ageBandOf(2002, NOW)).toBe('18-24');
    expect(ageBandOf(2001, NOW)).toBe('25-34');
    expect(ageBandOf(1961, NOW)).toBe('65+');
    expect(ageBandOf(1962, NOW)).toBe('55-64');
  });

  it('the invariant checker catches broken documents', () => {
    const doc = take(50).find((d) => d.filmViews.length > 3 && d.visits.last30d > 0 && d.visits.lifetime > 0);
    if (!doc) throw new Error('no suitable profile in the first 50');
    expect(invariantProblems(doc, NOW)).toEqual([]);
    const broken: [string, (d: ProfileDocument) => void][] = [
      ['window order', (d) => (d.visits.last30d = d.visits.last90d + 1)],
      ['unknown key', (d) => Object.assign(d, { nickname: 'x' })],
      ['unknown nested key', (d) => Object.assign(d.visits, { last7d: 1 })],
      ['view before release', (d) => ((d.filmViews[0] as { viewedAt: string }).viewedAt = '2021-01-01T20:00:00Z')],
      ['unknown film', (d) => ((d.filmViews[1] as { filmId: string }).filmId = '00000000-0000-4000-8000-000000000000')],
      ['affinity sum', (d) => (d.genreAffinity = { horror: 0.5 })],
      ['spend', (d) => (d.spend.avgPerVisit += 1)],
      ['age band', (d) => (d.birthYear = 1950)],
      ['foreign cinema', (d) => (d.favouriteCinemaId = catalog.cinemas.find((c) => c.circuitId !== tenants.find((t) => t.id === d.tenantId)?.circuitId)?.id)],
    ];
    for (const [name, breakIt] of broken) {
      const copy = JSON.parse(JSON.stringify(doc)) as ProfileDocument;
      if (name === 'age band' && copy.birthYear === undefined) continue;
      breakIt(copy);
      expect([name, invariantProblems(copy, NOW).length > 0]).toEqual([name, true]);
    }
  });

  it.each([
    ['the default now', 4000, undefined],
    ['an earlier now', 1500, new Date('2024-03-10T12:00:00Z')],
  ])('every document holds the invariants and fits the strict mapping (%s)', (_name, n, now) => {
    const docs = take(n, { seed: 11, ...(now ? { now } : {}) });
    const problems = docs.flatMap((d) => invariantProblems(d, now ?? NOW));
    expect(problems.slice(0, 20)).toEqual([]);
    expect(new Set(docs.map((d) => `${d.tenantId}:${d.memberId}`)).size).toBe(docs.length);
    // Views cluster in the first weeks of release.
    const views = docs.flatMap((d) => d.filmViews);
    const fresh = views.filter((x) => ms(x.viewedAt) - ms(filmById.get(x.filmId)?.releaseDate ?? '') < 57 * DAY).length;
    expect(fresh / views.length).toBeGreaterThan(0.8);
    // Most members live where their favourite cinema is.
    const home = docs.filter((d) => d.region === cinemaById.get(d.favouriteCinemaId ?? '')?.regionId).length;
    expect(home / docs.length).toBeGreaterThan(0.85);
  });
});

describe('distributions (20k profiles)', () => {
  const docs = take(20_000);

  it('visits are heavy-tailed: the top 10% of members make at least 35% of visits', () => {
    const lifetime = docs.map((d) => d.visits.lifetime).sort((a, b) => b - a);
    const total = lifetime.reduce((a, b) => a + b, 0);
    const top = lifetime.slice(0, docs.length / 10).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThanOrEqual(0.35);
  });

  it('members concentrate in the big markets', () => {
    const byRegion = new Map<string, number>();
    for (const d of docs) byRegion.set(d.region ?? '-', (byRegion.get(d.region ?? '-') ?? 0) + 1);
    const top = [...byRegion].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([r]) => r);
    expect(top).toEqual(expect.arrayContaining(['CA-ON', 'CA-QC', 'US-CA', 'US-TX', 'US-NY']));
  });

  it('tastes follow age: more horror at 18-34 than at 55+, more animation/family at 35-44', () => {
    const mean = (bands: readonly string[], genres: readonly string[]): number => {
      const group = docs.filter((d) => d.filmViews.length > 0 && bands.includes(d.ageBand ?? ''));
      const sum = group.reduce((acc, d) => acc + genres.reduce((s, g) => s + (d.genreAffinity[g as keyof typeof d.genreAffinity] ?? 0), 0), 0);
      return sum / group.length;
    };
    expect(mean(['18-24', '25-34'], ['horror'])).toBeGreaterThan(1.5 * mean(['55-64', '65+'], ['horror']));
    expect(mean(['35-44'], ['animation', 'family'])).toBeGreaterThan(mean(['18-24', '25-34', '55-64', '65+'], ['animation', 'family']));
  });

  it('is mostly active, skews young-adult and follows circuit size', () => {
    const share = (pred: (d: ProfileDocument) => boolean): number => docs.filter(pred).length / docs.length;
    expect(share((d) => d.membership?.status === 'active')).toBeGreaterThan(0.6);
    expect(share((d) => d.membership?.status === 'cancelled')).toBeGreaterThan(0.02);
    expect(share((d) => d.membership?.status === 'cancelled')).toBeLessThan(0.12);
    expect(share((d) => d.membership?.status === 'lapsed')).toBeGreaterThan(0.05);
    expect(share((d) => d.ageBand === '18-24' || d.ageBand === '25-34')).toBeGreaterThan(0.4);
    expect(share((d) => d.ageBand === '65+')).toBeLessThan(0.12);
    expect(share((d) => d.gender === 'female')).toBeGreaterThan(0.4);
    const byTenant = new Map<string, number>();
    for (const d of docs) byTenant.set(d.tenantId, (byTenant.get(d.tenantId) ?? 0) + 1);
    const biggest = [...byTenant].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(biggest).toBe('northstar-cinemas');
    expect(byTenant.size).toBe(tenants.length);
  });
});
