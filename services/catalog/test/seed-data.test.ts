import { GENRES, REGIONS, catalogSeed, seedUuid } from '../src/data-access/seed-data';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RATINGS = new Set(['G', 'PG', 'PG-13', 'R', 'NC-17', 'NR']);

function unique<T>(values: readonly T[]): boolean {
  return new Set(values).size === values.length;
}

describe('REGIONS and GENRES', () => {
  it('has all 13 Canadian provinces/territories and 50 US states plus DC, with ISO 3166-2 ids', () => {
    const ca = REGIONS.filter((r) => r.country === 'CA');
    const us = REGIONS.filter((r) => r.country === 'US');
    expect(ca).toHaveLength(13);
    expect(us).toHaveLength(51);
    expect(ca.map((r) => r.id).sort()).toEqual(
      ['CA-AB', 'CA-BC', 'CA-MB', 'CA-NB', 'CA-NL', 'CA-NS', 'CA-NT', 'CA-NU', 'CA-ON', 'CA-PE', 'CA-QC', 'CA-SK', 'CA-YT'],
    );
    expect(us.map((r) => r.id)).toEqual(expect.arrayContaining(['US-CA', 'US-TX', 'US-NY', 'US-FL', 'US-IL', 'US-DC']));
    for (const r of REGIONS) {
      expect(r.id).toMatch(new RegExp(`^${r.country}-[A-Z]{2}$`));
      expect(r.name.length).toBeGreaterThan(0);
    }
    expect(unique(REGIONS.map((r) => r.id))).toBe(true);
  });

  it('has slug genre ids including the expected core set', () => {
    expect(GENRES.length).toBeGreaterThanOrEqual(15);
    expect(GENRES.length).toBeLessThanOrEqual(24);
    for (const g of GENRES) expect(g.id).toMatch(/^[a-z][a-z-]{1,31}$/);
    expect(unique(GENRES.map((g) => g.id))).toBe(true);
    expect(GENRES.map((g) => g.id)).toEqual(
      expect.arrayContaining(['action', 'comedy', 'drama', 'documentary', 'horror', 'science-fiction', 'western', 'biography']),
    );
  });
});

describe('seedUuid', () => {
  it('is deterministic, RFC 4122-shaped and distinct across namespaces and indexes', () => {
    expect(seedUuid('film', 1)).toBe(seedUuid('film', 1));
    expect(seedUuid('film', 1)).not.toBe(seedUuid('film', 2));
    expect(seedUuid('film', 1)).not.toBe(seedUuid('cinema', 1));
    expect(seedUuid('a1', 1)).not.toBe(seedUuid('a', 11));
    for (let n = 0; n < 200; n++) expect(seedUuid('shape', n)).toMatch(UUID);
  });
});

describe('catalogSeed', () => {
  const data = catalogSeed();
  const regionById = new Map(REGIONS.map((r) => [r.id, r]));
  const circuitIds = new Set(data.circuits.map((c) => c.id));
  const genreIds = new Set(GENRES.map((g) => g.id));

  it('is deterministic: the default seed is 2026 and the same seed gives identical output', () => {
    expect(catalogSeed(2026)).toEqual(data);
    expect(JSON.stringify(catalogSeed())).toBe(JSON.stringify(data));
    expect(catalogSeed(7)).toEqual(catalogSeed(7));
    expect(catalogSeed(7)).not.toEqual(data);
  });

  it('returns fresh objects on each call', () => {
    const a = catalogSeed();
    a.films[0]!.genres.push('war');
    a.cinemas[0]!.screens = 999;
    expect(catalogSeed()).toEqual(data);
  });

  it('produces counts within the expected ranges', () => {
    expect(data.circuits.length).toBeGreaterThanOrEqual(6);
    expect(data.circuits.length).toBeLessThanOrEqual(10);
    expect(data.cinemas.length).toBeGreaterThanOrEqual(100);
    expect(data.cinemas.length).toBeLessThanOrEqual(140);
    expect(data.films.length).toBeGreaterThanOrEqual(350);
    expect(data.films.length).toBeLessThanOrEqual(450);
  });

  it('has unique ids, titles and names, all UUID-shaped', () => {
    const ids = [...data.circuits, ...data.cinemas, ...data.films].map((x) => x.id);
    expect(unique(ids)).toBe(true);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(unique(data.circuits.map((c) => c.name))).toBe(true);
    expect(unique(data.cinemas.map((c) => c.name))).toBe(true);
    expect(unique(data.films.map((f) => f.title))).toBe(true);
  });

  it('links every cinema to an existing circuit and region, with 4-24 screens', () => {
    for (const c of data.cinemas) {
      expect(circuitIds.has(c.circuitId)).toBe(true);
      expect(regionById.has(c.regionId)).toBe(true);
      expect(c.city.length).toBeGreaterThan(0);
      expect(c.name).toContain(c.city);
      expect(Number.isInteger(c.screens)).toBe(true);
      expect(c.screens).toBeGreaterThanOrEqual(4);
      expect(c.screens).toBeLessThanOrEqual(24);
    }
  });

  it('gives every film 1-3 distinct known genres, a valid rating and a plausible runtime', () => {
    for (const f of data.films) {
      expect(f.genres.length).toBeGreaterThanOrEqual(1);
      expect(f.genres.length).toBeLessThanOrEqual(3);
      expect(unique(f.genres)).toBe(true);
      for (const g of f.genres) expect(genreIds.has(g)).toBe(true);
      expect(RATINGS.has(f.rating)).toBe(true);
      expect(Number.isInteger(f.runtimeMinutes)).toBe(true);
      expect(f.runtimeMinutes).toBeGreaterThanOrEqual(80);
      expect(f.runtimeMinutes).toBeLessThanOrEqual(180);
      expect(f.title.trim()).toBe(f.title);
    }
  });

  it('releases films on real calendar dates between 2022-01-01 and 2026-12-31', () => {
    for (const f of data.films) {
      expect(f.releaseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${f.releaseDate}T00:00:00Z`).toISOString().slice(0, 10)).toBe(f.releaseDate);
      expect(f.releaseDate >= '2022-01-01').toBe(true);
      expect(f.releaseDate <= '2026-12-31').toBe(true);
    }
    const years = new Set(data.films.map((f) => f.releaseDate.slice(0, 4)));
    expect([...years].sort()).toEqual(['2022', '2023', '2024', '2025', '2026']);
  });

  it('spreads cinemas over at least 10 regions and 3 circuits in each country', () => {
    for (const country of ['CA', 'US'] as const) {
      const cinemas = data.cinemas.filter((c) => regionById.get(c.regionId)?.country === country);
      expect(new Set(cinemas.map((c) => c.regionId)).size).toBeGreaterThanOrEqual(10);
      expect(new Set(cinemas.map((c) => c.circuitId)).size).toBeGreaterThanOrEqual(3);
    }
  });

  it('skews cinemas towards the most populous regions', () => {
    const perRegion = new Map<string, number>();
    for (const c of data.cinemas) perRegion.set(c.regionId, (perRegion.get(c.regionId) ?? 0) + 1);
    const count = (id: string): number => perRegion.get(id) ?? 0;
    expect(count('CA-ON')).toBeGreaterThan(count('CA-MB'));
    expect(count('CA-QC')).toBeGreaterThan(count('CA-NS'));
    expect(count('US-CA')).toBeGreaterThan(count('US-OR'));
    expect(count('US-TX')).toBeGreaterThan(count('US-KS'));
  });

  it('has realistic genre mixes: common dramas, rare westerns, autumn horror, child-friendly animation', () => {
    const primary = (g: string): number => data.films.filter((f) => f.genres[0] === g).length;
    expect(primary('drama')).toBeGreaterThan(primary('western'));
    expect(primary('comedy')).toBeGreaterThan(primary('musical'));
    expect(primary('action')).toBeGreaterThan(primary('documentary'));

    const horror = data.films.filter((f) => f.genres[0] === 'horror');
    const autumn = horror.filter((f) => ['09', '10'].includes(f.releaseDate.slice(5, 7)));
    expect(autumn.length / horror.length).toBeGreaterThan(0.4);

    const kids = data.films.filter((f) => f.genres.includes('animation') || f.genres.includes('family'));
    for (const f of kids) expect(['G', 'PG', 'PG-13']).toContain(f.rating);
  });

  it('keeps its invariants for other seeds', () => {
    for (const seed of [1, 42, 99_999]) {
      const other = catalogSeed(seed);
      expect(unique(other.cinemas.map((c) => c.name))).toBe(true);
      expect(unique(other.films.map((f) => f.title))).toBe(true);
      for (const country of ['CA', 'US'] as const) {
        const cinemas = other.cinemas.filter((c) => regionById.get(c.regionId)?.country === country);
        expect(new Set(cinemas.map((c) => c.regionId)).size).toBeGreaterThanOrEqual(10);
        expect(new Set(cinemas.map((c) => c.circuitId)).size).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('rejects non-integer seeds', () => {
    expect(() => catalogSeed(1.5)).toThrow(RangeError);
    expect(() => catalogSeed(Number.NaN)).toThrow(RangeError);
  });
});
