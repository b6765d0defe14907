/**
 * Deterministic demo data for the catalog service: regions, genres, circuits,
 * cinemas and films.
 *
 * Everything here is pure: the only randomness is a seeded mulberry32 PRNG, and
 * ids come from {@link seedUuid} (sha256 of a namespace and an index), so the
 * same seed always yields byte-identical output. Circuit, cinema and film names
 * are invented; city names are real. No film title is taken from a real film:
 * titles are composed from word lists built around invented places and people.
 */
import { createHash } from 'node:crypto';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type CountryCode = 'CA' | 'US';
export type FilmRating = 'G' | 'PG' | 'PG-13' | 'R' | 'NC-17' | 'NR';

export interface SeedRegion {
  id: string;
  name: string;
  country: CountryCode;
}

export interface SeedGenre {
  id: string;
  name: string;
}

export interface SeedCircuit {
  id: string;
  name: string;
}

export interface SeedCinema {
  id: string;
  name: string;
  circuitId: string;
  regionId: string;
  city: string;
  screens: number;
}

export interface SeedFilm {
  id: string;
  title: string;
  /** YYYY-MM-DD, between 2022-01-01 and 2026-12-31. */
  releaseDate: string;
  runtimeMinutes: number;
  rating: FilmRating;
  /** 1-3 distinct GENRES ids; the first is the primary genre. */
  genres: string[];
}

export interface CatalogSeed {
  circuits: SeedCircuit[];
  cinemas: SeedCinema[];
  films: SeedFilm[];
}

export const DEFAULT_SEED = 2026;
export const FIRST_RELEASE_DATE = '2022-01-01';
export const LAST_RELEASE_DATE = '2026-12-31';
export const FILM_COUNT = 400;

// ---------------------------------------------------------------------------
// Deterministic primitives
// ---------------------------------------------------------------------------

/**
 * A deterministic RFC 4122-shaped UUID (version 4 nibble, variant 10xx) taken
 * from sha256(`${namespace}:${n}`). The separator keeps ('a1', 1) and ('a', 11)
 * apart.
 */
export function seedUuid(namespace: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`seedUuid: n must be a safe integer, got ${n}`);
  const hex = createHash('sha256').update(`${namespace}:${n}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Derives an independent 32-bit stream seed so cinemas and films don't perturb each other. */
function streamSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

type Weighted<T> = readonly (readonly [T, number])[];

/** mulberry32, a tiny seeded 32-bit PRNG, with the draws the seed models need (also the demo-profile generator's). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(entries: Weighted<T>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    if (!(total > 0)) throw new Error('weighted pick with no positive weight');
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** Box-Muller normal deviate. */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function deepFreeze<T extends object>(items: T[]): readonly T[] {
  for (const item of items) Object.freeze(item);
  return Object.freeze(items);
}

// ---------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------

interface RegionInfo {
  id: string;
  name: string;
  /** Approximate population, millions. */
  population: number;
  /** Real cities, most populous (or the capital) first. */
  cities: readonly string[];
}

const CA_REGIONS: readonly RegionInfo[] = [
  { id: 'CA-ON', name: 'Ontario', population: 15.6, cities: ['Toronto', 'Ottawa', 'Mississauga', 'Hamilton'] },
  { id: 'CA-QC', name: 'Quebec', population: 8.9, cities: ['Montréal', 'Québec', 'Laval', 'Gatineau'] },
  { id: 'CA-BC', name: 'British Columbia', population: 5.7, cities: ['Vancouver', 'Surrey', 'Burnaby', 'Victoria'] },
  { id: 'CA-AB', name: 'Alberta', population: 4.8, cities: ['Calgary', 'Edmonton', 'Red Deer'] },
  { id: 'CA-MB', name: 'Manitoba', population: 1.45, cities: ['Winnipeg', 'Brandon'] },
  { id: 'CA-SK', name: 'Saskatchewan', population: 1.21, cities: ['Saskatoon', 'Regina'] },
  { id: 'CA-NS', name: 'Nova Scotia', population: 1.06, cities: ['Halifax', 'Dartmouth'] },
  { id: 'CA-NB', name: 'New Brunswick', population: 0.83, cities: ['Moncton', 'Saint John', 'Fredericton'] },
  { id: 'CA-NL', name: 'Newfoundland and Labrador', population: 0.54, cities: ["St. John's"] },
  { id: 'CA-PE', name: 'Prince Edward Island', population: 0.17, cities: ['Charlottetown'] },
  { id: 'CA-YT', name: 'Yukon', population: 0.045, cities: ['Whitehorse'] },
  { id: 'CA-NT', name: 'Northwest Territories', population: 0.045, cities: ['Yellowknife'] },
  { id: 'CA-NU', name: 'Nunavut', population: 0.04, cities: ['Iqaluit'] },
];

const US_REGIONS: readonly RegionInfo[] = [
  { id: 'US-AL', name: 'Alabama', population: 5.1, cities: ['Birmingham', 'Huntsville', 'Montgomery'] },
  { id: 'US-AK', name: 'Alaska', population: 0.73, cities: ['Anchorage'] },
  { id: 'US-AZ', name: 'Arizona', population: 7.4, cities: ['Phoenix', 'Tucson', 'Scottsdale'] },
  { id: 'US-AR', name: 'Arkansas', population: 3.1, cities: ['Little Rock', 'Fayetteville'] },
  { id: 'US-CA', name: 'California', population: 39.0, cities: ['Los Angeles', 'San Diego', 'San Jose', 'San Francisco'] },
  { id: 'US-CO', name: 'Colorado', population: 5.9, cities: ['Denver', 'Colorado Springs', 'Boulder'] },
  { id: 'US-CT', name: 'Connecticut', population: 3.6, cities: ['Hartford', 'New Haven'] },
  { id: 'US-DE', name: 'Delaware', population: 1.0, cities: ['Wilmington', 'Dover'] },
  { id: 'US-DC', name: 'District of Columbia', population: 0.68, cities: ['Washington'] },
  { id: 'US-FL', name: 'Florida', population: 22.6, cities: ['Miami', 'Orlando', 'Tampa', 'Jacksonville'] },
  { id: 'US-GA', name: 'Georgia', population: 11.0, cities: ['Atlanta', 'Savannah', 'Augusta'] },
  { id: 'US-HI', name: 'Hawaii', population: 1.4, cities: ['Honolulu'] },
  { id: 'US-ID', name: 'Idaho', population: 2.0, cities: ['Boise'] },
  { id: 'US-IL', name: 'Illinois', population: 12.5, cities: ['Chicago', 'Naperville', 'Aurora', 'Rockford'] },
  { id: 'US-IN', name: 'Indiana', population: 6.9, cities: ['Indianapolis', 'Fort Wayne'] },
  { id: 'US-IA', name: 'Iowa', population: 3.2, cities: ['Des Moines', 'Cedar Rapids'] },
  { id: 'US-KS', name: 'Kansas', population: 2.9, cities: ['Wichita', 'Topeka'] },
  { id: 'US-KY', name: 'Kentucky', population: 4.5, cities: ['Louisville', 'Lexington'] },
  { id: 'US-LA', name: 'Louisiana', population: 4.6, cities: ['New Orleans', 'Baton Rouge'] },
  { id: 'US-ME', name: 'Maine', population: 1.4, cities: ['Portland', 'Bangor'] },
  { id: 'US-MD', name: 'Maryland', population: 6.2, cities: ['Baltimore', 'Annapolis'] },
  { id: 'US-MA', name: 'Massachusetts', population: 7.0, cities: ['Boston', 'Worcester', 'Cambridge'] },
  { id: 'US-MI', name: 'Michigan', population: 10.0, cities: ['Detroit', 'Grand Rapids', 'Ann Arbor'] },
  { id: 'US-MN', name: 'Minnesota', population: 5.7, cities: ['Minneapolis', 'Saint Paul'] },
  { id: 'US-MS', name: 'Mississippi', population: 2.9, cities: ['Jackson'] },
  { id: 'US-MO', name: 'Missouri', population: 6.2, cities: ['Kansas City', 'St. Louis'] },
  { id: 'US-MT', name: 'Montana', population: 1.1, cities: ['Billings', 'Missoula'] },
  { id: 'US-NE', name: 'Nebraska', population: 2.0, cities: ['Omaha', 'Lincoln'] },
  { id: 'US-NV', name: 'Nevada', population: 3.2, cities: ['Las Vegas', 'Reno'] },
  { id: 'US-NH', name: 'New Hampshire', population: 1.4, cities: ['Manchester', 'Concord'] },
  { id: 'US-NJ', name: 'New Jersey', population: 9.3, cities: ['Newark', 'Jersey City', 'Trenton'] },
  { id: 'US-NM', name: 'New Mexico', population: 2.1, cities: ['Albuquerque', 'Santa Fe'] },
  { id: 'US-NY', name: 'New York', population: 19.6, cities: ['New York', 'Buffalo', 'Rochester', 'Albany'] },
  { id: 'US-NC', name: 'North Carolina', population: 10.8, cities: ['Charlotte', 'Raleigh', 'Greensboro'] },
  { id: 'US-ND', name: 'North Dakota', population: 0.78, cities: ['Fargo', 'Bismarck'] },
  { id: 'US-OH', name: 'Ohio', population: 11.8, cities: ['Columbus', 'Cleveland', 'Cincinnati'] },
  { id: 'US-OK', name: 'Oklahoma', population: 4.1, cities: ['Oklahoma City', 'Tulsa'] },
  { id: 'US-OR', name: 'Oregon', population: 4.2, cities: ['Portland', 'Eugene', 'Salem'] },
  { id: 'US-PA', name: 'Pennsylvania', population: 13.0, cities: ['Philadelphia', 'Pittsburgh', 'Allentown'] },
  { id: 'US-RI', name: 'Rhode Island', population: 1.1, cities: ['Providence'] },
  { id: 'US-SC', name: 'South Carolina', population: 5.4, cities: ['Charleston', 'Columbia'] },
  { id: 'US-SD', name: 'South Dakota', population: 0.92, cities: ['Sioux Falls', 'Rapid City'] },
  { id: 'US-TN', name: 'Tennessee', population: 7.1, cities: ['Nashville', 'Memphis', 'Knoxville'] },
  { id: 'US-TX', name: 'Texas', population: 30.5, cities: ['Houston', 'Dallas', 'San Antonio', 'Austin'] },
  { id: 'US-UT', name: 'Utah', population: 3.4, cities: ['Salt Lake City', 'Provo'] },
  { id: 'US-VT', name: 'Vermont', population: 0.65, cities: ['Burlington'] },
  { id: 'US-VA', name: 'Virginia', population: 8.7, cities: ['Virginia Beach', 'Richmond', 'Arlington'] },
  { id: 'US-WA', name: 'Washington', population: 7.8, cities: ['Seattle', 'Spokane', 'Tacoma'] },
  { id: 'US-WV', name: 'West Virginia', population: 1.8, cities: ['Charleston', 'Morgantown'] },
  { id: 'US-WI', name: 'Wisconsin', population: 5.9, cities: ['Milwaukee', 'Madison'] },
  { id: 'US-WY', name: 'Wyoming', population: 0.58, cities: ['Cheyenne'] },
];

/** All 13 Canadian provinces/territories, then the 50 US states and DC; ids are ISO 3166-2. */
export const REGIONS: readonly SeedRegion[] = deepFreeze([
  ...CA_REGIONS.map((r): SeedRegion => ({ id: r.id, name: r.name, country: 'CA' })),
  ...US_REGIONS.map((r): SeedRegion => ({ id: r.id, name: r.name, country: 'US' })),
]);

// ---------------------------------------------------------------------------
// Genres
// ---------------------------------------------------------------------------

type GenreId =
  | 'action'
  | 'adventure'
  | 'animation'
  | 'biography'
  | 'comedy'
  | 'crime'
  | 'documentary'
  | 'drama'
  | 'family'
  | 'fantasy'
  | 'horror'
  | 'musical'
  | 'mystery'
  | 'romance'
  | 'science-fiction'
  | 'thriller'
  | 'war'
  | 'western';

const GENRE_NAMES: Readonly<Record<GenreId, string>> = {
  action: 'Action',
  adventure: 'Adventure',
  animation: 'Animation',
  biography: 'Biography',
  comedy: 'Comedy',
  crime: 'Crime',
  documentary: 'Documentary',
  drama: 'Drama',
  family: 'Family',
  fantasy: 'Fantasy',
  horror: 'Horror',
  musical: 'Musical',
  mystery: 'Mystery',
  romance: 'Romance',
  'science-fiction': 'Science Fiction',
  thriller: 'Thriller',
  war: 'War',
  western: 'Western',
};

/** 18 genres; ids are slugs matching /^[a-z][a-z-]{1,31}$/. */
export const GENRES: readonly SeedGenre[] = deepFreeze(
  (Object.keys(GENRE_NAMES) as GenreId[]).map((id): SeedGenre => ({ id, name: GENRE_NAMES[id] })),
);

// ---------------------------------------------------------------------------
// Circuits
// ---------------------------------------------------------------------------

interface CircuitInfo {
  name: string;
  /** Used as the first word(s) of each cinema name. */
  shortName: string;
  /** Region ids or whole countries, with a relative presence weight. */
  footprint: Weighted<string>;
  screens: readonly [min: number, max: number];
}

const CIRCUITS: readonly CircuitInfo[] = [
  // The large national chain, in every region of both countries.
  { name: 'Northstar Cinemas', shortName: 'Northstar', footprint: [['CA', 4], ['US', 2]], screens: [8, 24] },
  {
    name: 'Pacific Crest Cinemas',
    shortName: 'Pacific Crest',
    footprint: [['CA-BC', 4], ['CA-AB', 2], ['US-WA', 4], ['US-OR', 4], ['US-CA', 3], ['US-NV', 2], ['US-AZ', 2], ['US-HI', 2], ['US-AK', 2], ['US-ID', 2], ['US-UT', 2]],
    screens: [6, 18],
  },
  {
    name: 'Great Lakes Picture Houses',
    shortName: 'Great Lakes',
    footprint: [['CA-ON', 3], ['CA-MB', 1], ['US-MI', 4], ['US-OH', 3], ['US-IL', 3], ['US-WI', 3], ['US-MN', 3], ['US-NY', 2], ['US-PA', 2], ['US-IN', 2]],
    screens: [6, 16],
  },
  { name: 'Cinémas Laurentides', shortName: 'Laurentides', footprint: [['CA-QC', 8], ['CA-NB', 2]], screens: [5, 16] },
  { name: 'Prairie Sky Theatres', shortName: 'Prairie Sky', footprint: [['CA-AB', 3], ['CA-SK', 4], ['CA-MB', 4]], screens: [4, 12] },
  { name: 'Harbourlight Independent Cinemas', shortName: 'Harbourlight', footprint: [['CA-NS', 3], ['CA-NB', 2], ['CA-PE', 3], ['CA-NL', 3]], screens: [4, 8] },
  {
    name: 'Sunbelt Cinemas',
    shortName: 'Sunbelt',
    footprint: [
      ['US-TX', 4], ['US-FL', 4], ['US-GA', 3], ['US-AZ', 3], ['US-NC', 2], ['US-SC', 3], ['US-AL', 3], ['US-LA', 3],
      ['US-TN', 2], ['US-OK', 3], ['US-NM', 3], ['US-MS', 3], ['US-AR', 3], ['US-NV', 2], ['US-CA', 1],
    ],
    screens: [8, 20],
  },
  {
    name: 'The Bijou Collective',
    shortName: 'Bijou',
    footprint: [
      ['US-NY', 2], ['US-MA', 2], ['US-CT', 1], ['US-RI', 2], ['US-VT', 2], ['US-ME', 2], ['US-NH', 1], ['US-NJ', 1],
      ['US-PA', 1], ['US-DC', 2], ['US-MD', 1], ['US-CA', 1], ['US-IL', 1], ['US-OR', 1], ['US-WA', 1],
    ],
    screens: [4, 6],
  },
];

/** Big cinema markets get more sites than population alone would give them. */
const HEAVY_MARKETS: ReadonlySet<string> = new Set(['CA-ON', 'CA-QC', 'CA-BC', 'CA-AB', 'US-CA', 'US-TX', 'US-NY', 'US-FL', 'US-IL']);
const CINEMA_BUDGET: Readonly<Record<CountryCode, number>> = { CA: 34, US: 84 };
const CITY_RANK_WEIGHTS = [4, 2.5, 1.5, 1] as const;

const SUFFIXES_EN = ['Cinemas', 'Crossing', 'Place', 'Square', 'Commons', 'Station', 'Uptown', 'Downtown', 'Waterfront', 'Market', 'Park', 'Gateway'];
const SUFFIXES: Readonly<Record<CountryCode | 'QC', readonly string[]>> = {
  CA: ['Centre', ...SUFFIXES_EN],
  US: ['Center', ...SUFFIXES_EN],
  QC: ['Centre-Ville', 'Carrefour', 'Place', 'Les Galeries', 'Promenades', 'Gare', 'Boulevard', 'Esplanade', 'Quartier', 'Plaza'],
};

function footprintWeight(circuit: CircuitInfo, region: SeedRegion): number {
  let weight = 0;
  for (const [where, w] of circuit.footprint) if (where === region.id || where === region.country) weight = Math.max(weight, w);
  return weight;
}

/** Number of cinemas per region: population-proportional (big markets boosted) with seeded rounding; every Canadian province gets at least one. */
function cinemaCounts(rng: Rng): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [country, regions] of [['CA', CA_REGIONS], ['US', US_REGIONS]] as const) {
    const weightOf = (r: RegionInfo): number => r.population * (HEAVY_MARKETS.has(r.id) ? 1.3 : 1);
    const total = regions.reduce((sum, r) => sum + weightOf(r), 0);
    for (const region of regions) {
      const expected = (CINEMA_BUDGET[country] * weightOf(region)) / total;
      let n = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0);
      // Every Canadian province (not the territories) has at least one site.
      if (country === 'CA' && region.population >= 0.1) n = Math.max(n, 1);
      counts.set(region.id, n);
    }
  }
  return counts;
}

function buildCinemas(rng: Rng, circuitIds: readonly string[]): SeedCinema[] {
  const counts = cinemaCounts(rng);
  const usedNames = new Set<string>();
  const cinemas: SeedCinema[] = [];
  const regionInfo = new Map([...CA_REGIONS, ...US_REGIONS].map((r) => [r.id, r]));

  for (const region of REGIONS) {
    const info = regionInfo.get(region.id);
    if (info === undefined) throw new Error(`no region info for ${region.id}`);
    const eligible: [number, number][] = [];
    CIRCUITS.forEach((c, i) => {
      const w = footprintWeight(c, region);
      if (w > 0) eligible.push([i, w]);
    });
    const cityWeights: [string, number][] = info.cities.map((city, i) => [city, CITY_RANK_WEIGHTS[i] ?? 1]);
    const suffixes = region.id === 'CA-QC' ? SUFFIXES.QC : SUFFIXES[region.country];

    for (let k = 0; k < (counts.get(region.id) ?? 0); k++) {
      const circuitIndex = rng.weighted(eligible);
      const circuit = CIRCUITS[circuitIndex];
      const circuitId = circuitIds[circuitIndex];
      if (circuit === undefined || circuitId === undefined) throw new Error('circuit index out of range');

      let city = rng.weighted(cityWeights);
      let name = '';
      for (let attempt = 0; attempt < 40; attempt++) {
        if (attempt >= 20) city = rng.weighted(cityWeights);
        name = `${circuit.shortName} ${city} ${rng.pick(suffixes)}`;
        if (!usedNames.has(name)) break;
      }
      for (let n = 2; usedNames.has(name); n++) name = `${circuit.shortName} ${city} ${rng.pick(suffixes)} ${n}`;
      usedNames.add(name);

      // Flagship cities get the bigger multiplexes.
      const [lo, hi] = circuit.screens;
      const bias = city === info.cities[0] ? 0.15 : 0;
      const t = Math.min(1, (rng.next() + rng.next()) / 2 + bias);
      const screens = Math.max(4, Math.min(24, Math.round(lo + (hi - lo) * t)));

      cinemas.push({ id: seedUuid('catalog/cinema', cinemas.length), name, circuitId, regionId: region.id, city, screens });
    }
  }
  return cinemas;
}

// ---------------------------------------------------------------------------
// Films
// ---------------------------------------------------------------------------

const PRIMARY_GENRE_WEIGHTS: Weighted<GenreId> = [
  ['drama', 16], ['comedy', 14], ['action', 12], ['thriller', 8], ['horror', 8], ['adventure', 6], ['crime', 5],
  ['romance', 5], ['science-fiction', 5], ['animation', 5], ['family', 4], ['fantasy', 4], ['mystery', 3],
  ['biography', 3], ['documentary', 2], ['war', 1.5], ['musical', 1.5], ['western', 1],
];

/** Plausible secondary genres for each primary genre. */
const COMPANIONS: Readonly<Record<GenreId, Weighted<GenreId>>> = {
  action: [['adventure', 4], ['thriller', 4], ['crime', 3], ['science-fiction', 3], ['comedy', 2], ['fantasy', 2], ['war', 1], ['western', 1]],
  adventure: [['action', 4], ['fantasy', 3], ['family', 3], ['comedy', 2], ['science-fiction', 2], ['animation', 1]],
  animation: [['family', 5], ['comedy', 4], ['adventure', 4], ['fantasy', 3], ['musical', 1]],
  biography: [['drama', 5], ['musical', 1], ['war', 1], ['crime', 1]],
  comedy: [['romance', 4], ['drama', 3], ['family', 2], ['crime', 2], ['action', 1], ['musical', 1]],
  crime: [['drama', 4], ['thriller', 4], ['mystery', 3], ['action', 2], ['comedy', 1]],
  documentary: [['biography', 3], ['musical', 1], ['war', 1], ['crime', 1]],
  drama: [['romance', 4], ['comedy', 2], ['crime', 2], ['biography', 2], ['thriller', 2], ['war', 1], ['family', 1], ['mystery', 1]],
  family: [['comedy', 4], ['adventure', 3], ['animation', 2], ['fantasy', 2], ['musical', 1]],
  fantasy: [['adventure', 4], ['action', 3], ['family', 2], ['romance', 1], ['horror', 1]],
  horror: [['thriller', 5], ['mystery', 3], ['comedy', 1], ['science-fiction', 1], ['fantasy', 1]],
  musical: [['romance', 3], ['comedy', 3], ['drama', 3], ['family', 1], ['biography', 1]],
  mystery: [['thriller', 4], ['crime', 4], ['drama', 3], ['horror', 1]],
  romance: [['comedy', 4], ['drama', 4], ['fantasy', 1], ['musical', 1]],
  'science-fiction': [['action', 4], ['thriller', 3], ['adventure', 3], ['drama', 1], ['horror', 1]],
  thriller: [['crime', 4], ['mystery', 4], ['action', 3], ['drama', 2], ['horror', 1], ['science-fiction', 1]],
  war: [['drama', 5], ['action', 3], ['biography', 2], ['adventure', 1]],
  western: [['action', 3], ['drama', 3], ['adventure', 2], ['crime', 1], ['comedy', 1]],
};

const RATINGS_FAMILY: Weighted<FilmRating> = [['G', 3], ['PG', 6], ['PG-13', 1]];
const RATINGS: Readonly<Record<GenreId, Weighted<FilmRating>>> = {
  action: [['PG', 0.5], ['PG-13', 6], ['R', 3.5]],
  adventure: [['PG', 3], ['PG-13', 6], ['R', 1]],
  animation: RATINGS_FAMILY,
  biography: [['PG', 1], ['PG-13', 6], ['R', 3]],
  comedy: [['PG', 1.5], ['PG-13', 5], ['R', 3.5]],
  crime: [['PG-13', 3], ['R', 7]],
  documentary: [['G', 1], ['PG', 3], ['PG-13', 3], ['R', 1], ['NR', 4]],
  drama: [['PG', 1], ['PG-13', 5], ['R', 4], ['NR', 0.5]],
  family: RATINGS_FAMILY,
  fantasy: [['PG', 3], ['PG-13', 6], ['R', 1]],
  horror: [['PG-13', 2.5], ['R', 7], ['NC-17', 0.2], ['NR', 0.3]],
  musical: [['G', 1], ['PG', 4], ['PG-13', 4], ['R', 0.5]],
  mystery: [['PG', 1], ['PG-13', 5], ['R', 4]],
  romance: [['PG', 1], ['PG-13', 6], ['R', 3]],
  'science-fiction': [['PG', 1], ['PG-13', 7], ['R', 2]],
  thriller: [['PG-13', 4], ['R', 6]],
  war: [['PG-13', 4], ['R', 6]],
  western: [['PG-13', 4], ['R', 5], ['NR', 0.5]],
};

/** Runtime mean and standard deviation, minutes. */
const RUNTIMES: Readonly<Record<GenreId, readonly [mean: number, sd: number]>> = {
  action: [125, 15],
  adventure: [128, 16],
  animation: [94, 8],
  biography: [134, 16],
  comedy: [102, 10],
  crime: [120, 15],
  documentary: [98, 14],
  drama: [118, 16],
  family: [100, 10],
  fantasy: [128, 16],
  horror: [100, 10],
  musical: [120, 16],
  mystery: [112, 12],
  romance: [108, 12],
  'science-fiction': [126, 16],
  thriller: [112, 12],
  war: [135, 18],
  western: [122, 16],
};

// Release-month weights, Jan..Dec.
const MONTHS_DEFAULT = [6, 7, 8, 8, 9, 9, 9, 8, 7, 8, 8, 9] as const;
const MONTHS_SUMMER_TENTPOLE = [4, 4, 6, 7, 12, 12, 12, 8, 5, 5, 9, 10] as const;
const MONTHS_FAMILY = [3, 4, 6, 5, 8, 12, 12, 8, 3, 4, 10, 12] as const;
const MONTHS_AWARDS = [4, 3, 4, 4, 4, 5, 4, 5, 10, 12, 14, 14] as const;
const MONTHS_HORROR = [3, 3, 3, 3, 3, 3, 3, 4, 25, 30, 5, 2] as const;
const MONTHS_ROMANCE = [6, 14, 6, 6, 6, 7, 7, 6, 5, 6, 6, 8] as const;
const RELEASE_MONTHS: Readonly<Partial<Record<GenreId, readonly number[]>>> = {
  action: MONTHS_SUMMER_TENTPOLE,
  adventure: MONTHS_SUMMER_TENTPOLE,
  'science-fiction': MONTHS_SUMMER_TENTPOLE,
  fantasy: MONTHS_SUMMER_TENTPOLE,
  animation: MONTHS_FAMILY,
  family: MONTHS_FAMILY,
  drama: MONTHS_AWARDS,
  biography: MONTHS_AWARDS,
  war: MONTHS_AWARDS,
  horror: MONTHS_HORROR,
  romance: MONTHS_ROMANCE,
};

const FIRST_YEAR = 2022;
const LAST_YEAR = 2026;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A Friday (North American opening day) in the given month, as YYYY-MM-DD. */
function fridayIn(rng: Rng, year: number, monthIndex: number): string {
  const firstWeekday = new Date(Date.UTC(year, monthIndex, 1)).getUTCDay();
  const firstFriday = 1 + ((5 - firstWeekday + 7) % 7);
  const daysInMonth = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  const fridays = Math.floor((daysInMonth - firstFriday) / 7) + 1;
  const day = firstFriday + 7 * rng.int(0, fridays - 1);
  return `${year}-${pad2(monthIndex + 1)}-${pad2(day)}`;
}

// --- Title word lists. Places and people are invented. ---

const PLACES = [
  'Ashgrove', 'Bellhaven', 'Brackenmoor', 'Caddis Hollow', 'Corrow Point', 'Dunmere', 'Fennick Island', 'Greyvale',
  'Harrowfield', 'Kestrel Point', 'Lantry Cove', 'Marrowgate', 'Orlan Station', 'Penwyn', 'Quillon Ridge', 'Sorrel Bay',
  'Stillwick', 'Tallow Creek', 'Vellmore', 'Wrenfield', 'Halloway Pass', 'Cinder Lake', 'Moth Harbor', 'Gallowmere',
  'Juniper Flats', 'Oxbow Bend', 'Saltmarrow', 'Larkspur Bay', 'Redfern Junction', 'Coldwater Reach',
] as const;
const FIRST_NAMES = [
  'Maggie', 'Theo', 'Ruby', 'Otis', 'June', 'Casey', 'Nadia', 'Elliot', 'Priya', 'Marcus', 'Rosalind', 'Dashiell',
  'Ingrid', 'Felix', 'Hazel', 'Mateo', 'Winnie', 'Gus', 'Leona', 'Anouk', 'Tobias', 'Imani', 'Bram', 'Delphine',
] as const;
const SURNAMES = [
  'Calloway', 'Vance', 'Halloran', 'Finch', 'Okafor', 'Marchetti', 'Lindqvist', 'Pruitt', 'Abernathy', 'Whitcombe',
  'Castellanos', 'Brannigan', 'Tremblay', 'Nakamura', 'Ostrowski', 'Quade', 'Holloway', 'Ravensworth', 'Kowalczyk',
  'Beaumont', 'Achterberg', 'Moreau', 'Szabo', 'Oyelaran',
] as const;
const CODENAMES = [
  'Nightjar', 'Cold Anvil', 'Glass Harbor', 'Silver Kestrel', 'Broken Compass', 'Iron Lantern', 'Black Tide',
  'Red Meridian', 'Ember Fall', 'Quiet Thunder', 'Steel Orchard', 'Winter Vault', 'Velvet Hammer', 'Copper Veil',
  'Sable Run', 'Grey Heron',
] as const;
const ACTION_NOUNS = ['Protocol', 'Extraction', 'Directive', 'Contract', 'Gambit', 'Standoff', 'Breach', 'Deadline', 'Crossing', 'Manifest'] as const;
const THRILLER_NOUNS = ['Conspiracy', 'Witness', 'Files', 'Informant', 'Ledger', 'Signal', 'Intercept', 'Dossier'] as const;
const NUMBERS = ['Three', 'Seven', 'Nine', 'Twelve', 'Forty', 'Ninety'] as const;
const HORROR_ADJECTIVES = ['Hollow', 'Crooked', 'Drowned', 'Pale', 'Ashen', 'Hungry', 'Weeping', 'Faceless', 'Stitched', 'Sleepless'] as const;
const HORROR_NOUNS = ['Lanterns', 'Choir', 'Dolls', 'Orchard', 'Bride', 'Scarecrows', 'Bells', 'Tenants', 'Mirrors', 'Lodgers'] as const;
const HORROR_EVENTS = ['Curse', 'Hunger', 'Harvest', 'Summoning', 'Visitation', 'Whispering', 'Reckoning', 'Drowning'] as const;
const COMEDY_NOUNS = ['Comeback', 'Mistake', 'Gamble', 'Promotion', 'Fake Wedding', 'Road Trip', 'Reunion', 'Career Change', 'Heist'] as const;
const SEASONS = ['Summer', 'Winter', 'Spring', 'Autumn', 'Season'] as const;
const QUEST_ADJECTIVES = ['Emerald', 'Clockwork', 'Forgotten', 'Sunken', 'Silver', 'Paper', 'Starlit', 'Brass', 'Midnight', 'Copper'] as const;
const QUEST_NOUNS = ['Compass', 'Lighthouse', 'Atlas', 'Kite', 'Observatory', 'Map', 'Orchard', 'Balloon', 'Carousel', 'Lantern'] as const;
const FANTASY_PLACES = ['Eldermere', 'Vael', 'Orrendor', 'Kaer Silth', 'Myrrowen', 'Avalt', 'Ystrelle', 'Dunhallow', 'Sarnavel', 'Thornreach'] as const;
const FANTASY_ROLES = ['Warden', 'Queen', 'Cartographer', 'Thief', 'Oracle', 'Smith', 'Heir', 'Ferryman'] as const;
const SCIFI_WORDS = ['Helion', 'Kepler Drift', 'Parallax', 'Orison', 'Tachyon Bloom', 'Ardent Array', 'Nullspace', 'Cryoline', 'Halcyon Reach', 'Meridian Zero'] as const;
const PLANETS = ['Kethra', 'Ulvane', 'Obelon', 'Veyra', 'Cassivane', 'Tessaly Prime', 'Noor-7', 'Iskander Minor'] as const;
const ANIMALS = ['Otter', 'Badger', 'Fox', 'Hedgehog', 'Penguin', 'Moth', 'Narwhal', 'Tortoise', 'Raccoon', 'Pangolin'] as const;
const CUTE_NAMES = ['Pip', 'Button', 'Zuzu', 'Bramble', 'Nib', 'Pickle', 'Tansy', 'Moxie', 'Biscuit', 'Wren'] as const;
const ANIMAL_DEEDS = ['Stole Winter', 'Sailed the Moon', 'Saved the Harvest', 'Lost Its Shadow', 'Built a Rocket', 'Ran the Railroad'] as const;
const DOC_SUBJECTS = ['Experiment', 'Tapes', 'Archive', 'Recordings', 'Inquiry', 'Strike'] as const;
const SONG_WORDS = ['Songbook', 'Revue', 'Jubilee', 'Serenade', 'Cabaret'] as const;

type TitleMaker = (r: Rng) => string;

const person = (r: Rng): string => `${r.pick(FIRST_NAMES)} ${r.pick(SURNAMES)}`;

/** Two different first names. */
function twoNames(r: Rng): [string, string] {
  const a = r.pick(FIRST_NAMES);
  const b = r.pick(FIRST_NAMES.filter((n) => n !== a));
  return [a, b];
}

/** Two different surnames. */
function twoSurnames(r: Rng): [string, string] {
  const a = r.pick(SURNAMES);
  const b = r.pick(SURNAMES.filter((n) => n !== a));
  return [a, b];
}

const TITLE_MAKERS: Readonly<Record<GenreId, readonly TitleMaker[]>> = {
  action: [
    (r) => `Operation ${r.pick(CODENAMES)}`,
    (r) => `The ${r.pick(PLACES)} ${r.pick(ACTION_NOUNS)}`,
    (r) => `${r.pick(SURNAMES)}: ${r.pick(CODENAMES)}`,
    (r) => `Kill Switch at ${r.pick(PLACES)}`,
    (r) => `${r.pick(CODENAMES)} Rising`,
  ],
  adventure: [
    (r) => `The Lost ${r.pick(QUEST_NOUNS)} of ${r.pick(PLACES)}`,
    (r) => `Journey to ${r.pick(PLACES)}`,
    (r) => `${r.pick(FIRST_NAMES)} and the ${r.pick(QUEST_ADJECTIVES)} ${r.pick(QUEST_NOUNS)}`,
    (r) => `Beyond ${r.pick(PLACES)}`,
  ],
  animation: [
    (r) => `${r.pick(CUTE_NAMES)} the ${r.pick(ANIMALS)}`,
    (r) => `${r.pick(CUTE_NAMES)} and the ${r.pick(QUEST_ADJECTIVES)} ${r.pick(QUEST_NOUNS)}`,
    (r) => `The ${r.pick(ANIMALS)} Who ${r.pick(ANIMAL_DEEDS)}`,
    (r) => `Tiny Heroes of ${r.pick(PLACES)}`,
  ],
  biography: [
    (r) => person(r),
    (r) => `Becoming ${person(r)}`,
    (r) => `${r.pick(SURNAMES)}: The ${r.pick(PLACES)} Years`,
  ],
  comedy: [
    (r) => `${r.pick(FIRST_NAMES)} Takes ${r.pick(PLACES)}`,
    (r) => `${r.pick(FIRST_NAMES)}'s Big ${r.pick(COMEDY_NOUNS)}`,
    (r) => `The ${r.pick(SURNAMES)} Family ${r.pick(COMEDY_NOUNS)}`,
    (r) => twoNames(r).join(' vs. '),
    (r) => `A Very ${r.pick(PLACES)} Holiday`,
  ],
  crime: [
    (r) => `The ${r.pick(SURNAMES)} Job`,
    (r) => `Murder at ${r.pick(PLACES)}`,
    (r) => twoSurnames(r).join(' & '),
    (r) => `Dead Money in ${r.pick(PLACES)}`,
    (r) => `The ${r.pick(PLACES)} Syndicate`,
  ],
  documentary: [
    (r) => `Inside ${r.pick(PLACES)}`,
    (r) => `Voices of ${r.pick(PLACES)}`,
    (r) => `${person(r)}: On the Record`,
    (r) => `The ${r.pick(PLACES)} ${r.pick(DOC_SUBJECTS)}`,
    (r) => `Saving ${r.pick(PLACES)}`,
  ],
  drama: [
    (r) => `The ${r.pick(SURNAMES)} Letters`,
    (r) => `After ${r.pick(PLACES)}`,
    (r) => `${r.pick(FIRST_NAMES)} in ${r.pick(SEASONS)}`,
    (r) => `The Long Road to ${r.pick(PLACES)}`,
    (r) => `Small Hours in ${r.pick(PLACES)}`,
    (r) => `${r.pick(PLACES)}, ${r.int(1948, 1999)}`,
    (r) => `The ${r.pick(SURNAMES)} House`,
  ],
  family: [
    (r) => `${r.pick(CUTE_NAMES)} Saves ${r.pick(PLACES)}`,
    (r) => `The ${r.pick(SURNAMES)} Kids`,
    (r) => `Summer at ${r.pick(PLACES)}`,
    (r) => `Camp ${r.pick(PLACES)}`,
    (r) => `A Dog Named ${r.pick(CUTE_NAMES)}`,
  ],
  fantasy: [
    (r) => `The Last ${r.pick(FANTASY_ROLES)} of ${r.pick(FANTASY_PLACES)}`,
    (r) => `Shadows over ${r.pick(FANTASY_PLACES)}`,
    (r) => `${r.pick(FANTASY_PLACES)}: The ${r.pick(FANTASY_ROLES)}'s Oath`,
    (r) => `The ${r.pick(FANTASY_ROLES)} and the ${r.pick(QUEST_ADJECTIVES)} Crown`,
  ],
  horror: [
    (r) => `The ${r.pick(PLACES)} Haunting`,
    (r) => `What Waits in ${r.pick(PLACES)}`,
    (r) => `Night of the ${r.pick(HORROR_ADJECTIVES)} ${r.pick(HORROR_NOUNS)}`,
    (r) => `The ${r.pick(HORROR_EVENTS)} at ${r.pick(PLACES)}`,
    (r) => `It Came from ${r.pick(PLACES)}`,
  ],
  musical: [
    (r) => `The ${r.pick(PLACES)} ${r.pick(SONG_WORDS)}`,
    (r) => `${r.pick(PLACES)}: The Musical`,
    (r) => `Dancing at ${r.pick(PLACES)}`,
    (r) => `${r.pick(FIRST_NAMES)} Sings ${r.pick(PLACES)}`,
  ],
  mystery: [
    (r) => `The ${r.pick(PLACES)} Affair`,
    (r) => `Who Killed ${person(r)}?`,
    (r) => `The Secret of ${r.pick(PLACES)}`,
    (r) => `The Vanishing at ${r.pick(PLACES)}`,
  ],
  romance: [
    (r) => `A ${r.pick(SEASONS)} in ${r.pick(PLACES)}`,
    (r) => twoNames(r).join(' & '),
    (r) => `The ${r.pick(PLACES)} Proposal`,
    (r) => `Somewhere Past ${r.pick(PLACES)}`,
  ],
  'science-fiction': [
    (r) => `The ${r.pick(SCIFI_WORDS)} Incident`,
    (r) => `Last Light on ${r.pick(PLANETS)}`,
    (r) => `${r.pick(SCIFI_WORDS)} Protocol`,
    (r) => `The ${r.pick(PLACES)} Signal`,
    (r) => `Exodus from ${r.pick(PLANETS)}`,
  ],
  thriller: [
    (r) => `The ${r.pick(PLACES)} ${r.pick(THRILLER_NOUNS)}`,
    (r) => `${r.pick(NUMBERS)} Hours in ${r.pick(PLACES)}`,
    (r) => `The Stranger from ${r.pick(PLACES)}`,
    (r) => `Nobody Leaves ${r.pick(PLACES)}`,
  ],
  war: [
    (r) => `The ${r.pick(PLACES)} Line`,
    (r) => `${r.pick(NUMBERS)} Days at ${r.pick(PLACES)}`,
    (r) => `The Road from ${r.pick(PLACES)}`,
    (r) => `Hold ${r.pick(PLACES)}`,
  ],
  western: [
    (r) => `The Ballad of ${person(r)}`,
    (r) => `Riders of ${r.pick(PLACES)}`,
    (r) => `${r.pick(SURNAMES)}'s Crossing`,
    (r) => `Showdown at ${r.pick(PLACES)}`,
  ],
};

/** Genres whose hits plausibly get a numbered sequel. */
const SEQUEL_GENRES: ReadonlySet<GenreId> = new Set(['action', 'adventure', 'animation', 'comedy', 'family', 'fantasy', 'horror', 'science-fiction']);

function pickGenres(rng: Rng): GenreId[] {
  const primary = rng.weighted(PRIMARY_GENRE_WEIGHTS);
  const count = rng.weighted<number>(primary === 'documentary' ? [[1, 3], [2, 1]] : [[1, 3], [2, 4.5], [3, 2.5]]);
  const genres: GenreId[] = [primary];
  while (genres.length < count) {
    const options = COMPANIONS[primary].filter(([g]) => !genres.includes(g));
    if (options.length === 0) break;
    genres.push(rng.weighted(options));
  }
  return genres;
}

function pickRating(rng: Rng, genres: readonly GenreId[]): FilmRating {
  const [primary] = genres;
  if (primary === undefined) throw new Error('film without genres');
  const childFriendly = genres.includes('family') || genres.includes('animation');
  let rating = rng.weighted(childFriendly ? RATINGS_FAMILY : RATINGS[primary]);
  if (genres.includes('horror') && (rating === 'G' || rating === 'PG')) rating = 'PG-13';
  return rating;
}

function pickRuntime(rng: Rng, genres: readonly GenreId[]): number {
  const [primary] = genres;
  if (primary === undefined) throw new Error('film without genres');
  const [baseMean, sd] = RUNTIMES[primary];
  let mean = baseMean;
  if (primary !== 'animation' && genres.includes('animation')) mean -= 10;
  if (genres.includes('family') && primary !== 'family') mean -= 5;
  if (genres.includes('war') || genres.includes('biography')) mean += 5;
  return Math.max(80, Math.min(180, Math.round(rng.normal(mean, sd))));
}

interface FilmDraft {
  releaseDate: string;
  genres: GenreId[];
  runtimeMinutes: number;
  rating: FilmRating;
}

function buildFilms(rng: Rng): SeedFilm[] {
  const drafts: FilmDraft[] = [];
  for (let i = 0; i < FILM_COUNT; i++) {
    const genres = pickGenres(rng);
    const primary = genres[0] as GenreId;
    const months = RELEASE_MONTHS[primary] ?? MONTHS_DEFAULT;
    const month = rng.weighted(months.map((w, m) => [m, w] as const));
    const releaseDate = fridayIn(rng, rng.int(FIRST_YEAR, LAST_YEAR), month);
    drafts.push({ releaseDate, genres, runtimeMinutes: pickRuntime(rng, genres), rating: pickRating(rng, genres) });
  }
  // Title in release order so a sequel always opens after its original. The
  // sort is stable, so equal dates keep generation order.
  drafts.sort((a, b) => (a.releaseDate < b.releaseDate ? -1 : a.releaseDate > b.releaseDate ? 1 : 0));

  const titles = new Set<string>();
  const sequelCandidates: { title: string; primary: GenreId; year: number }[] = [];
  const films: SeedFilm[] = [];
  for (const draft of drafts) {
    const primary = draft.genres[0] as GenreId;
    const year = Number(draft.releaseDate.slice(0, 4));
    let title: string | undefined;

    if (SEQUEL_GENRES.has(primary) && rng.chance(0.06)) {
      const originals = sequelCandidates.filter((c) => c.primary === primary && c.year <= year - 2);
      if (originals.length > 0) {
        const original = rng.pick(originals);
        sequelCandidates.splice(sequelCandidates.indexOf(original), 1);
        const sequel = `${original.title} 2`;
        if (!titles.has(sequel)) title = sequel;
      }
    }
    for (let attempt = 0; title === undefined && attempt < 200; attempt++) {
      const candidate = rng.pick(TITLE_MAKERS[primary])(rng);
      if (!titles.has(candidate)) title = candidate;
    }
    if (title === undefined) {
      const base = rng.pick(TITLE_MAKERS[primary])(rng);
      let n = 2;
      while (titles.has(`${base} ${n}`)) n++;
      title = `${base} ${n}`;
    } else if (!/ \d+$/.test(title)) {
      sequelCandidates.push({ title, primary, year });
    }
    titles.add(title);

    films.push({
      id: seedUuid('catalog/film', films.length),
      title,
      releaseDate: draft.releaseDate,
      runtimeMinutes: draft.runtimeMinutes,
      rating: draft.rating,
      genres: [...draft.genres],
    });
  }
  return films;
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/**
 * Builds the demo catalog. Pure and deterministic: the same seed always returns
 * identical data (fresh objects on every call). Circuit ids do not depend on the
 * seed; cinema and film ids are positional (`seedUuid('catalog/cinema', i)`,
 * `seedUuid('catalog/film', i)`), films being ordered by release date.
 */
export function catalogSeed(seed: number = DEFAULT_SEED): CatalogSeed {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`catalogSeed: seed must be a safe integer, got ${seed}`);
  const circuits: SeedCircuit[] = CIRCUITS.map((c, i) => ({ id: seedUuid('catalog/circuit', i), name: c.name }));
  const cinemas = buildCinemas(new Rng(streamSeed(seed, 1)), circuits.map((c) => c.id));
  const films = buildFilms(new Rng(streamSeed(seed, 2)));
  return { circuits, cinemas, films };
}
