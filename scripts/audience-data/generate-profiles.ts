/**
 * Deterministic, believable moviegoer profiles for the audience index, tied to the real catalog
 * seed (circuits = tenants, their cinemas, the seeded films and their release dates).
 *
 * Pure and lazy: `generateProfiles()` is a generator, so a million profiles never sit in memory
 * at once. Profile `i` depends only on (seed, i, now, tenants, catalog): its own PRNG stream is
 * derived from the seed and the index, so `start`/`count` slices agree with a full run and the
 * same seed always gives byte-identical documents. No Math.random, no clock.
 *
 * The model, per member:
 * - tenant: a circuit, weighted by its number of cinemas; favourite cinema: one of the tenant's
 *   cinemas, weighted by screens; region: that cinema's region (about 7% live elsewhere in the
 *   same country); postcodePrefix: a Canadian FSA (first letter by province / city) or a US
 *   3-digit ZIP prefix (by city or state range).
 * - age skewed young-adult (ageBand = band of `year(now) - birthYear`, as the query compiler
 *   computes age), gender mix, membership since 2015 (growing programme, a 2020 dip).
 * - visits: a Poisson process at a heavy-tailed (lognormal) yearly rate, with seasonality and the
 *   2020-21 closures, from memberSince until now, the cancellation date or a drift-away date.
 *   The visit windows (30/90/365 days, lifetime) count the same simulated visits, so they nest.
 * - filmViews: the latest {@link MAX_FILM_VIEWS} visits since the first catalog release, each
 *   given a film released on or before the visit day (mostly within 8 weeks of release), picked
 *   by the film's buzz, its age and the member's 1-3 favourite genres (age-dependent: horror for
 *   18-34, animation/family for 35-44, drama/biography for 55+).
 * - genreAffinity: share of filmViews whose film has that PRIMARY genre (shares sum to 1, kept
 *   to 4 decimals); firstVisit/lastVisit = min/max viewedAt.
 * - spend: tickets = lifetime visits x the member's ticket price (11-18), concessions a fraction
 *   of that (0 for some), avgPerVisit = (tickets + concessions) / lifetime visits.
 * - membership.status: cancelled (about 6%), lapsed (member for over a year, no visit in the last
 *   365 days), otherwise active.
 */
import { catalogSeed, REGIONS, Rng, seedUuid, type CatalogSeed, type SeedCinema, type SeedFilm } from '../../services/catalog/src/data-access/seed-data';
import { AGE_BANDS, GENRE_IDS, type GenreId, type ProfileDocument } from '../../services/audience/src/domain/query';

export const DEFAULT_PROFILE_SEED = 2026;
export const DEFAULT_NOW = new Date('2026-11-28T00:00:00Z');
/** Most recent views kept per member, so documents stay small. */
export const MAX_FILM_VIEWS = 60;
/** The loyalty programme's launch: no memberSince before this. */
export const PROGRAM_START = '2015-01-01';

export type AgeBand = (typeof AGE_BANDS)[number];

export interface GenerateProfilesOptions {
  /** How many profiles to yield. */
  count: number;
  seed?: number;
  /** The reference instant: ages, windows and `updatedAt` are relative to it. Default 2026-11-28T00:00:00Z. */
  now?: Date;
  /** Restrict members to these tenant ids (circuit slugs); default: every circuit. */
  tenants?: readonly string[];
  /** Index of the first member (default 0). Profile i is the same whatever `start` and `count`. */
  start?: number;
  /** The catalog to tie profiles to; default `catalogSeed()` (what `make seed` loads). */
  catalog?: CatalogSeed;
}

export interface Tenant {
  /** Slug of the circuit name: 'northstar-cinemas'. */
  id: string;
  circuitId: string;
  name: string;
  cinemas: readonly SeedCinema[];
}

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

/** murmur3's finaliser over a running 32-bit state: a cheap, well-mixed hash of small integers. */
function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A safe integer as two 32-bit words. */
function words(n: number): [number, number] {
  return [n >>> 0, Math.floor(n / 4294967296) >>> 0];
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The catalog seed's PRNG, with the extra draws the profile model needs. */
export class ProfileRng extends Rng {
  /** Index into `cumulative` (running totals of weights). */
  indexIn(cumulative: ArrayLike<number>): number {
    const n = cumulative.length;
    const r = this.next() * (cumulative[n - 1] ?? 0);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Index picked in proportion to `weights` (all >= 0, at least one > 0). */
  indexOfWeight(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

// ---------------------------------------------------------------------------
// Tenants, regions, postcodes, time zones
// ---------------------------------------------------------------------------

/** 'Cinémas Laurentides' -> 'cinemas-laurentides'. */
export function tenantSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The tenants (exhibitors) of a catalog: one per circuit, with its cinemas; circuits without cinemas are left out. */
export function catalogTenants(catalog: CatalogSeed = catalogSeed()): Tenant[] {
  return catalog.circuits
    .map((c) => ({ id: tenantSlug(c.name), circuitId: c.id, name: c.name, cinemas: catalog.cinemas.filter((k) => k.circuitId === c.id) }))
    .filter((t) => t.cinemas.length > 0);
}

/** Age band of someone born in `birthYear`, using the query compiler's age: year(now) - birthYear. */
export function ageBandOf(birthYear: number, now: Date): AgeBand {
  const age = now.getUTCFullYear() - birthYear;
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65+';
}

/** Canadian FSA first letters by province (weights), and the big cities' own letters. */
const CA_FSA_LETTERS: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  'CA-ON': [['K', 2], ['L', 3.5], ['M', 3], ['N', 2], ['P', 1]],
  'CA-QC': [['G', 1.5], ['H', 2.5], ['J', 2.5]],
  'CA-BC': [['V', 1]],
  'CA-AB': [['T', 1]],
  'CA-MB': [['R', 1]],
  'CA-SK': [['S', 1]],
  'CA-NS': [['B', 1]],
  'CA-NB': [['E', 1]],
  'CA-NL': [['A', 1]],
  'CA-PE': [['C', 1]],
  'CA-YT': [['Y', 1]],
  'CA-NT': [['X', 1]],
  'CA-NU': [['X', 1]],
};
const CA_CITY_LETTER: Readonly<Record<string, string>> = {
  Toronto: 'M', Ottawa: 'K', Mississauga: 'L', Hamilton: 'L', 'Montréal': 'H', Laval: 'H', 'Québec': 'G', Gatineau: 'J',
};
/** Letters used in the third position of an FSA (never D F I O Q U). */
const FSA_THIRD = 'ABCEGHJKLMNPRSTVWXYZ';

/** Approximate 3-digit ZIP prefix ranges per state. */
const US_ZIP_RANGES: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  'US-AL': [[350, 369]], 'US-AK': [[995, 999]], 'US-AZ': [[850, 865]], 'US-AR': [[716, 729]], 'US-CA': [[900, 961]],
  'US-CO': [[800, 816]], 'US-CT': [[60, 69]], 'US-DE': [[197, 199]], 'US-DC': [[200, 205]], 'US-FL': [[320, 349]],
  'US-GA': [[300, 319]], 'US-HI': [[967, 968]], 'US-ID': [[832, 838]], 'US-IL': [[600, 629]], 'US-IN': [[460, 479]],
  'US-IA': [[500, 528]], 'US-KS': [[660, 679]], 'US-KY': [[400, 427]], 'US-LA': [[700, 714]], 'US-ME': [[39, 49]],
  'US-MD': [[206, 219]], 'US-MA': [[10, 27]], 'US-MI': [[480, 499]], 'US-MN': [[550, 567]], 'US-MS': [[386, 397]],
  'US-MO': [[630, 658]], 'US-MT': [[590, 599]], 'US-NE': [[680, 693]], 'US-NV': [[889, 898]], 'US-NH': [[30, 38]],
  'US-NJ': [[70, 89]], 'US-NM': [[870, 884]], 'US-NY': [[100, 149]], 'US-NC': [[270, 289]], 'US-ND': [[580, 588]],
  'US-OH': [[430, 458]], 'US-OK': [[730, 749]], 'US-OR': [[970, 979]], 'US-PA': [[150, 196]], 'US-RI': [[28, 29]],
  'US-SC': [[290, 299]], 'US-SD': [[570, 577]], 'US-TN': [[370, 385]], 'US-TX': [[750, 799]], 'US-UT': [[840, 847]],
  'US-VT': [[50, 59]], 'US-VA': [[220, 246]], 'US-WA': [[980, 994]], 'US-WV': [[247, 268]], 'US-WI': [[530, 549]],
  'US-WY': [[820, 831]],
};
/** Big cinema cities get their own prefixes (key: 'region|city'). */
const US_CITY_ZIPS: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  'US-CA|Los Angeles': [[900, 908], [910, 918]], 'US-CA|San Diego': [[919, 921]], 'US-CA|San Jose': [[950, 951]],
  'US-CA|San Francisco': [[940, 941]], 'US-TX|Houston': [[770, 775]], 'US-TX|Dallas': [[750, 753]],
  'US-TX|San Antonio': [[780, 782]], 'US-TX|Austin': [[786, 787]], 'US-NY|New York': [[100, 104], [110, 114]],
  'US-NY|Buffalo': [[140, 142]], 'US-NY|Rochester': [[144, 146]], 'US-NY|Albany': [[120, 123]], 'US-FL|Miami': [[330, 332]],
  'US-FL|Orlando': [[327, 328]], 'US-FL|Tampa': [[335, 336]], 'US-FL|Jacksonville': [[320, 322]], 'US-IL|Chicago': [[606, 608]],
  'US-IL|Naperville': [[605, 605]], 'US-IL|Aurora': [[605, 605]], 'US-IL|Rockford': [[610, 611]], 'US-PA|Philadelphia': [[190, 191]],
  'US-PA|Pittsburgh': [[150, 152]], 'US-PA|Allentown': [[180, 181]], 'US-GA|Atlanta': [[300, 303]], 'US-MI|Detroit': [[480, 482]],
  'US-WA|Seattle': [[980, 981]], 'US-MA|Boston': [[21, 22]], 'US-AZ|Phoenix': [[850, 853]], 'US-CO|Denver': [[800, 802]],
  'US-OH|Columbus': [[430, 432]], 'US-OH|Cleveland': [[440, 441]], 'US-OH|Cincinnati': [[450, 452]],
};

function pickRange(rng: ProfileRng, ranges: readonly (readonly [number, number])[]): number {
  const [lo, hi] = rng.weighted(ranges.map((r) => [r, r[1] - r[0] + 1] as const));
  return rng.int(lo, hi);
}

/** 'M5V' for Canada, '941' for the US; `city` narrows it when the member lives in that city. */
export function postcodePrefixFor(rng: ProfileRng, regionId: string, city: string | undefined): string {
  if (regionId.startsWith('CA-')) {
    const letter = (city !== undefined ? CA_CITY_LETTER[city] : undefined) ?? rng.weighted(CA_FSA_LETTERS[regionId] ?? [['K', 1]]);
    // 0 marks a rural FSA; cities never have it.
    const digit = city === undefined && rng.chance(0.15) ? 0 : rng.int(1, 9);
    return `${letter}${digit}${FSA_THIRD.charAt(rng.int(0, FSA_THIRD.length - 1))}`;
  }
  const ranges = (city !== undefined ? US_CITY_ZIPS[`${regionId}|${city}`] : undefined) ?? US_ZIP_RANGES[regionId];
  // Unknown region: any prefix that is not one of the unused 000-009.
  const prefix = ranges ? pickRange(rng, ranges) : rng.int(10, 999);
  return String(prefix).padStart(3, '0');
}

/** Hours to add to local (standard) time to get UTC, by region; the default is Eastern. */
const UTC_OFFSET_HOURS: Readonly<Record<string, number>> = {
  'CA-BC': 8, 'US-CA': 8, 'US-WA': 8, 'US-OR': 8, 'US-NV': 8,
  'CA-AB': 7, 'CA-NT': 7, 'CA-YT': 7, 'US-CO': 7, 'US-UT': 7, 'US-AZ': 7, 'US-NM': 7, 'US-MT': 7, 'US-ID': 7, 'US-WY': 7,
  'CA-MB': 6, 'CA-SK': 6, 'CA-NU': 6, 'US-TX': 6, 'US-IL': 6, 'US-MN': 6, 'US-WI': 6, 'US-IA': 6, 'US-MO': 6, 'US-KS': 6,
  'US-NE': 6, 'US-OK': 6, 'US-AR': 6, 'US-LA': 6, 'US-MS': 6, 'US-AL': 6, 'US-TN': 6, 'US-ND': 6, 'US-SD': 6,
  'CA-NS': 4, 'CA-NB': 4, 'CA-PE': 4, 'CA-NL': 3.5, 'US-AK': 9, 'US-HI': 10,
};

/** Local showtime, minutes after midnight: matinees to late shows, peak around 19:00. */
const SHOWTIME_HOURS = cumulative([2, 3, 4, 4, 4, 5, 6, 8, 12, 10, 8, 4]); // 11:00 .. 22:00
const SHOWTIME_MINUTES = [0, 0, 10, 15, 20, 30, 30, 40, 45, 50] as const;

/** Average ticket price by market (before the member's own mix of matinees and premium formats). */
function baseTicketPrice(regionId: string): number {
  if (['US-CA', 'US-NY', 'US-MA', 'US-DC', 'US-WA', 'US-NJ', 'US-IL'].includes(regionId)) return 15.5;
  if (regionId === 'CA-ON' || regionId === 'CA-BC') return 15;
  return regionId.startsWith('CA-') ? 14 : 13;
}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

/** Loyalty members skew young-adult. */
const AGE_BAND_WEIGHTS: readonly (readonly [AgeBand, number])[] = [['18-24', 22], ['25-34', 28], ['35-44', 20], ['45-54', 13], ['55-64', 10], ['65+', 7]];
const AGE_RANGES: Readonly<Record<AgeBand, readonly [number, number]>> = {
  '18-24': [18, 24], '25-34': [25, 34], '35-44': [35, 44], '45-54': [45, 54], '55-64': [55, 64], '65+': [65, 88],
};
const GENDER_WEIGHTS: readonly (readonly [NonNullable<ProfileDocument['gender']>, number])[] = [['female', 49], ['male', 46], ['nonbinary', 2], ['unknown', 3]];

/** Relative taste for each genre, roughly the catalog's mix of primary genres. */
const GENRE_BASE: Readonly<Record<GenreId, number>> = {
  drama: 16, comedy: 14, action: 12, thriller: 8, horror: 8, adventure: 6, crime: 5, romance: 5, 'science-fiction': 5,
  animation: 5, family: 4, fantasy: 4, mystery: 3, biography: 3, documentary: 2, war: 1.5, musical: 1.5, western: 1,
};

/** Taste by age band, as multipliers of GENRE_BASE (missing = 1). */
const AGE_TASTE: Readonly<Record<AgeBand, Partial<Record<GenreId, number>>>> = {
  '18-24': { horror: 2.4, action: 1.3, 'science-fiction': 1.3, fantasy: 1.5, comedy: 1.2, thriller: 1.1, family: 0.3, drama: 0.7, biography: 0.4, documentary: 0.5, war: 0.4, western: 0.3 },
  '25-34': { horror: 2, action: 1.3, 'science-fiction': 1.2, thriller: 1.2, fantasy: 1.2, family: 0.6, biography: 0.6, war: 0.6, western: 0.5 },
  '35-44': { animation: 2.6, family: 3, adventure: 1.4, action: 1.1, comedy: 1.1, horror: 0.8, documentary: 0.8 },
  '45-54': { drama: 1.3, thriller: 1.2, crime: 1.3, mystery: 1.2, family: 1.3, animation: 1.1, horror: 0.5, fantasy: 0.8 },
  '55-64': { drama: 1.6, biography: 1.8, documentary: 1.6, mystery: 1.4, war: 1.4, crime: 1.2, musical: 1.2, horror: 0.3, 'science-fiction': 0.7, fantasy: 0.6, animation: 0.6 },
  '65+': { drama: 1.8, biography: 2, documentary: 1.8, musical: 1.5, war: 1.6, western: 1.8, mystery: 1.5, romance: 1.2, horror: 0.2, 'science-fiction': 0.5, fantasy: 0.5, animation: 0.6, family: 0.9 },
};
const GENDER_TASTE: Readonly<Partial<Record<NonNullable<ProfileDocument['gender']>, Partial<Record<GenreId, number>>>>> = {
  female: { romance: 1.5, musical: 1.4, drama: 1.15, war: 0.6, western: 0.7, action: 0.85 },
  male: { action: 1.25, war: 1.4, western: 1.3, 'science-fiction': 1.15, romance: 0.6, musical: 0.7 },
};

/** Box-office pull of a film's primary genre. */
const GENRE_BUZZ: Readonly<Record<GenreId, number>> = {
  action: 1.5, adventure: 1.4, animation: 1.4, 'science-fiction': 1.3, fantasy: 1.2, family: 1.1, horror: 1, comedy: 1,
  thriller: 0.9, crime: 0.8, drama: 0.7, romance: 0.7, mystery: 0.7, biography: 0.6, war: 0.6, musical: 0.6, western: 0.5,
  documentary: 0.3,
};

/** Relative sign-ups per year: a growing programme, with the 2020 closures. */
const JOIN_YEAR_WEIGHT: Readonly<Record<number, number>> = {
  2015: 5, 2016: 6, 2017: 7, 2018: 8, 2019: 9, 2020: 3, 2021: 5, 2022: 9, 2023: 10, 2024: 11, 2025: 12,
};
const JOIN_WEIGHT_LATER = 12;

/** Attendance by calendar month (summer and holiday peaks). */
const MONTH_FACTOR = [0.9, 0.85, 0.9, 0.95, 1.05, 1.2, 1.3, 1.15, 0.8, 0.9, 1.05, 1.25] as const;
const MAX_FACTOR = 1.3;
/** Cinema closures and the slow return, as attendance multipliers: [fromDay, toDay) in UTC days. */
const CLOSURES: readonly (readonly [number, number, number])[] = [
  [utcDay('2020-03-15'), utcDay('2020-09-01'), 0.02],
  [utcDay('2020-09-01'), utcDay('2021-06-01'), 0.25],
  [utcDay('2021-06-01'), utcDay('2022-01-01'), 0.7],
];

function utcDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isoInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Seasonality and closures on a UTC day, as a multiplier of the member's rate (<= MAX_FACTOR). */
function attendanceFactor(day: number): number {
  for (const [from, to, factor] of CLOSURES) if (day >= from && day < to) return factor;
  return MONTH_FACTOR[new Date(day * DAY_MS).getUTCMonth()] ?? 1;
}

// ---------------------------------------------------------------------------
// Films
// ---------------------------------------------------------------------------

/** Days after release a film counts as "in first run". */
const FIRST_RUN_DAYS = 56;
/** How far back a catch-up (second run, event screening, re-release) may reach. */
const CATCH_UP_DAYS = 540;
const CATCH_UP_SHARE = 0.1;
const REPEAT_FACTOR = 0.08;

interface FilmInfo {
  id: string;
  releaseDay: number;
  /** Indexes into GENRE_IDS; the first is the primary genre. */
  genres: number[];
  primary: number;
  buzz: number;
}

interface FilmTable {
  films: FilmInfo[];
  /** Release days, ascending (films are sorted by release). */
  releaseDays: Int32Array;
  firstDay: number;
  /** Per day since `firstDay`: films in first run and their weight (buzz x freshness). */
  firstRun: { films: Int32Array; weights: Float64Array }[];
}

const GENRE_INDEX = new Map<string, number>(GENRE_IDS.map((g, i) => [g, i]));

function buildFilmTable(films: readonly SeedFilm[], nowDay: number): FilmTable {
  const infos: FilmInfo[] = films
    .map((f): FilmInfo => {
      const genres = f.genres.map((g) => {
        const i = GENRE_INDEX.get(g);
        if (i === undefined) throw new Error(`film ${f.id}: unknown genre ${g}`);
        return i;
      });
      const primary = genres[0];
      if (primary === undefined) throw new Error(`film ${f.id} has no genre`);
      // Buzz is a property of the film: the same whatever the profile seed.
      const buzz = GENRE_BUZZ[GENRE_IDS[primary] as GenreId] * Math.exp(new ProfileRng(hashString(f.id)).normal(0, 0.9));
      return { id: f.id, releaseDay: utcDay(f.releaseDate), genres, primary, buzz };
    })
    .filter((f) => f.releaseDay < nowDay)
    .sort((a, b) => a.releaseDay - b.releaseDay);
  const releaseDays = Int32Array.from(infos.map((f) => f.releaseDay));
  const firstDay = releaseDays[0] ?? nowDay;
  const firstRun: FilmTable['firstRun'] = [];
  let lo = 0;
  let hi = 0;
  for (let day = firstDay; day <= nowDay; day++) {
    while (hi < infos.length && (infos[hi]?.releaseDay ?? Infinity) <= day) hi++;
    while (lo < hi && (infos[lo]?.releaseDay ?? Infinity) <= day - FIRST_RUN_DAYS) lo++;
    const ids: number[] = [];
    const weights: number[] = [];
    for (let i = lo; i < hi; i++) {
      const film = infos[i] as FilmInfo;
      const age = day - film.releaseDay;
      ids.push(i);
      weights.push(film.buzz * Math.exp(-age / 14) * (age <= 2 ? 1.3 : 1));
    }
    firstRun.push({ films: Int32Array.from(ids), weights: Float64Array.from(weights) });
  }
  return { films: infos, releaseDays, firstDay, firstRun };
}

/** First index whose release day is >= day. */
function lowerBound(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] ?? 0) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------

interface Context {
  seedWords: [number, number];
  now: Date;
  nowMs: number;
  nowDay: number;
  nowYear: number;
  updatedAt: string;
  tenants: Tenant[];
  tenantCum: Float64Array;
  cinemaCum: Float64Array[];
  /** Cinemas by country, to place members who live away from their favourite cinema. */
  cinemasByCountry: Map<string, readonly SeedCinema[]>;
  films: FilmTable;
  joinYears: (readonly [number, number])[];
  programStartDay: number;
  /** Per age band (and 'unknown'): cumulative favourite-genre weights per gender. */
  tasteCum: Map<string, Float64Array>;
  /** Per age band: multiplier on a film's primary genre (general tilt, beyond favourites). */
  ageTilt: Map<string, Float64Array>;
}

function buildContext(options: GenerateProfilesOptions): Context {
  const now = options.now ?? DEFAULT_NOW;
  const seed = options.seed ?? DEFAULT_PROFILE_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  const catalog = options.catalog ?? catalogSeed();
  let tenants = catalogTenants(catalog);
  if (options.tenants !== undefined) {
    const wanted = new Set(options.tenants);
    const unknown = [...wanted].filter((t) => !tenants.some((x) => x.id === t));
    if (unknown.length > 0) throw new RangeError(`unknown tenants: ${unknown.join(', ')} (known: ${tenants.map((t) => t.id).join(', ')})`);
    tenants = tenants.filter((t) => wanted.has(t.id));
  }
  if (tenants.length === 0) throw new RangeError('no tenants to generate members for');

  const nowMs = now.getTime();
  const nowDay = Math.floor(nowMs / DAY_MS);
  const nowYear = now.getUTCFullYear();
  const programStartDay = Math.min(utcDay(PROGRAM_START), nowDay - 365);
  const startYear = new Date(programStartDay * DAY_MS).getUTCFullYear();
  const joinYears: (readonly [number, number])[] = [];
  for (let y = startYear; y <= nowYear; y++) {
    const from = Math.max(programStartDay, utcDay(`${y}-01-01`));
    const to = Math.min(nowDay, utcDay(`${y + 1}-01-01`));
    if (to > from) joinYears.push([y, ((JOIN_YEAR_WEIGHT[y] ?? JOIN_WEIGHT_LATER) * (to - from)) / 365]);
  }

  const byCountry = new Map<string, SeedCinema[]>();
  const countryOf = new Map(REGIONS.map((r) => [r.id, r.country]));
  for (const c of catalog.cinemas) {
    const country = countryOf.get(c.regionId) ?? c.regionId.slice(0, 2);
    byCountry.set(country, [...(byCountry.get(country) ?? []), c]);
  }

  const tasteCum = new Map<string, Float64Array>();
  const ageTilt = new Map<string, Float64Array>();
  for (const band of [...AGE_BANDS, 'unknown'] as const) {
    const ageTaste: Partial<Record<GenreId, number>> = band === 'unknown' ? {} : AGE_TASTE[band];
    ageTilt.set(band, Float64Array.from(GENRE_IDS.map((g) => Math.sqrt(ageTaste[g] ?? 1))));
    for (const [gender] of GENDER_WEIGHTS) {
      const genderTaste = GENDER_TASTE[gender] ?? {};
      tasteCum.set(`${band}|${gender}`, cumulative(GENRE_IDS.map((g) => GENRE_BASE[g] * (ageTaste[g] ?? 1) * (genderTaste[g] ?? 1))));
    }
  }

  return {
    seedWords: words(seed),
    now,
    nowMs,
    nowDay,
    nowYear,
    updatedAt: isoInstant(nowMs),
    tenants,
    tenantCum: cumulative(tenants.map((t) => t.cinemas.length)),
    cinemaCum: tenants.map((t) => cumulative(t.cinemas.map((c) => c.screens))),
    cinemasByCountry: byCountry,
    films: buildFilmTable(catalog.films, nowDay),
    joinYears,
    programStartDay,
    tasteCum,
    ageTilt,
  };
}

/** Shares (summing to 1) in 1e-4 units by largest remainder, so the rounded shares still sum to exactly 10000. */
function shares(counts: Map<number, number>, total: number): Partial<Record<GenreId, number>> {
  const UNITS = 10_000;
  const entries = [...counts].map(([genre, n]) => {
    const exact = (n * UNITS) / total;
    return { genre, units: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let missing = UNITS - entries.reduce((sum, e) => sum + e.units, 0);
  for (const e of [...entries].sort((a, b) => b.rest - a.rest || a.genre - b.genre)) {
    if (missing <= 0) break;
    e.units++;
    missing--;
  }
  const out: Partial<Record<GenreId, number>> = {};
  for (const e of entries.sort((a, b) => a.genre - b.genre)) out[GENRE_IDS[e.genre] as GenreId] = e.units / UNITS;
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function makeProfile(ctx: Context, index: number): ProfileDocument {
  const rng = new ProfileRng(mix(ctx.seedWords[0], ctx.seedWords[1], ...words(index)));

  // Where: tenant, favourite cinema, home region and postcode.
  const tenantIndex = rng.indexIn(ctx.tenantCum);
  const tenant = ctx.tenants[tenantIndex] as Tenant;
  const cinema = tenant.cinemas[rng.indexIn(ctx.cinemaCum[tenantIndex] as Float64Array)] as SeedCinema;
  let region = cinema.regionId;
  let city: string | undefined = rng.chance(0.8) ? cinema.city : undefined;
  if (rng.chance(0.07)) {
    // Lives elsewhere: moved, commutes, or a snowbird; same country, anywhere with cinemas.
    const away = rng.pick(ctx.cinemasByCountry.get(region.slice(0, 2)) ?? [cinema]);
    region = away.regionId;
    city = rng.chance(0.5) ? away.city : undefined;
  }
  const postcodePrefix = rng.chance(0.97) ? postcodePrefixFor(rng, region, city) : undefined;

  // Who.
  const gender = rng.weighted(GENDER_WEIGHTS);
  let birthYear: number | undefined;
  let ageBand: AgeBand | undefined;
  if (rng.chance(0.96)) {
    const band = rng.weighted(AGE_BAND_WEIGHTS);
    const [lo, hi] = AGE_RANGES[band];
    // 65+ thins out with age.
    const age = band === '65+' ? Math.min(hi, lo + Math.floor(rng.exponential(7))) : rng.int(lo, hi);
    birthYear = ctx.nowYear - age;
    ageBand = ageBandOf(birthYear, ctx.now);
  }
  const band = ageBand ?? 'unknown';

  // Membership: sign-up day, and how it ends (cancelled, drifted away, still going).
  const joinYear = rng.weighted(ctx.joinYears);
  const yearFrom = Math.max(ctx.programStartDay, utcDay(`${joinYear}-01-01`));
  const yearTo = Math.min(ctx.nowDay, utcDay(`${joinYear + 1}-01-01`));
  const sinceDay = rng.int(yearFrom, yearTo - 1);
  let endDay = ctx.nowDay + 1; // exclusive
  let cancelled = false;
  if (ctx.nowDay - sinceDay > 30 && rng.chance(0.06)) {
    cancelled = true;
    endDay = rng.int(sinceDay + 30, ctx.nowDay);
  } else if (ctx.nowDay - sinceDay > 400 && rng.chance(0.15)) {
    endDay = rng.int(sinceDay + 30, ctx.nowDay - 366);
  }

  // How often: lognormal yearly rate (median ~3.5), younger members a little more often.
  const ageRate = band === '18-24' ? 1.15 : band === '25-34' ? 1.1 : band === '65+' ? 0.8 : 1;
  const perYear = Math.min(160, Math.max(0.3, Math.exp(rng.normal(Math.log(3.5), 1.05)) * ageRate));
  const meanGapDays = YEAR_DAYS / (perYear * MAX_FACTOR);

  // Visits: thinned Poisson process over [sinceDay, endDay), most members sign up at a visit.
  const offsetMs = (UTC_OFFSET_HOURS[cinema.regionId] ?? 5) * 3_600_000;
  const windowStart30 = ctx.nowMs - 30 * DAY_MS;
  const windowStart90 = ctx.nowMs - 90 * DAY_MS;
  const windowStart365 = ctx.nowMs - 365 * DAY_MS;
  let lifetime = 0;
  let last30d = 0;
  let last90d = 0;
  let last365d = 0;
  const filmEraVisits: number[] = []; // UTC ms
  const visit = (day: number): void => {
    const minutes = (11 + rng.indexIn(SHOWTIME_HOURS)) * 60 + rng.pick(SHOWTIME_MINUTES);
    const at = day * DAY_MS + minutes * 60_000 + offsetMs;
    if (at >= ctx.nowMs) return;
    lifetime++;
    if (at >= windowStart365) last365d++;
    if (at >= windowStart90) last90d++;
    if (at >= windowStart30) last30d++;
    if (day >= ctx.films.firstDay) filmEraVisits.push(at);
  };
  if (rng.chance(0.6)) visit(sinceDay);
  for (let t = sinceDay + rng.exponential(meanGapDays); t < endDay; t += rng.exponential(meanGapDays)) {
    const day = Math.floor(t);
    if (rng.next() * MAX_FACTOR < attendanceFactor(day)) visit(day);
  }

  // Taste: 1-3 favourite genres, then a film for each of the latest visits of the catalog era.
  const boost = new Float64Array(GENRE_IDS.length);
  const tasteCum = ctx.tasteCum.get(`${band}|${gender}`) as Float64Array;
  const favourites = rng.weighted([[1, 45], [2, 35], [3, 20]] as const);
  for (let k = 0, tries = 0; k < favourites && tries < 20; tries++) {
    const g = rng.indexIn(tasteCum);
    if ((boost[g] ?? 0) > 0) continue;
    boost[g] = [5, 3, 2][k] ?? 2;
    k++;
  }
  const tilt = ctx.ageTilt.get(band) as Float64Array;
  const films = ctx.films;
  const appeal = (film: FilmInfo): number => {
    let m = 1;
    for (let i = 0; i < film.genres.length; i++) m += (boost[film.genres[i] as number] ?? 0) * (i === 0 ? 1 : 0.5);
    return m * (tilt[film.primary] ?? 1);
  };
  const seen = new Map<number, number>(); // film index -> views
  const filmViews: ProfileDocument['filmViews'] = [];
  const genreCounts = new Map<number, number>();
  const candidates: number[] = [];
  const weights: number[] = [];
  // Showtimes make same-day visits (the sign-up one included) arrive out of order.
  filmEraVisits.sort((a, b) => a - b);
  for (const at of filmEraVisits.slice(-MAX_FILM_VIEWS)) {
    const day = Math.floor((at - offsetMs) / DAY_MS); // the local day of the showing
    candidates.length = 0;
    weights.length = 0;
    const firstRun = films.firstRun[day - films.firstDay];
    if (firstRun && firstRun.films.length > 0 && !rng.chance(CATCH_UP_SHARE)) {
      for (let i = 0; i < firstRun.films.length; i++) {
        const f = firstRun.films[i] as number;
        candidates.push(f);
        weights.push((firstRun.weights[i] ?? 0) * appeal(films.films[f] as FilmInfo) * (seen.has(f) ? REPEAT_FACTOR : 1));
      }
    } else {
      // Catch-up: anything released before the first-run window, back to CATCH_UP_DAYS (or the first film).
      const hi = lowerBound(films.releaseDays, day + 1);
      let lo = lowerBound(films.releaseDays, day - CATCH_UP_DAYS);
      if (lo >= hi) lo = 0;
      for (let f = lo; f < hi; f++) {
        const film = films.films[f] as FilmInfo;
        candidates.push(f);
        weights.push(film.buzz * appeal(film) * (seen.has(f) ? REPEAT_FACTOR : 1));
      }
    }
    if (candidates.length === 0) continue;
    const f = candidates[rng.indexOfWeight(weights)] as number;
    const film = films.films[f] as FilmInfo;
    seen.set(f, (seen.get(f) ?? 0) + 1);
    genreCounts.set(film.primary, (genreCounts.get(film.primary) ?? 0) + 1);
    filmViews.push({ filmId: film.id, viewedAt: isoInstant(at) });
  }

  // Money: the member's usual ticket price (matinees vs premium formats), concessions a fraction of it.
  const premium = rng.chance(0.15) ? 2.5 : 0;
  const price = Math.min(18, Math.max(11, round2(baseTicketPrice(cinema.regionId) + rng.normal(0, 1.3) + premium)));
  const tickets = round2(lifetime * price);
  const snackFactor = band === '35-44' ? 1.25 : band === '18-24' ? 1.1 : band === '65+' ? 0.7 : 1;
  const snackShare = rng.chance(0.18) ? 0 : Math.min(1, Math.max(0.05, rng.normal(0.45, 0.18) * snackFactor));
  const concessions = round2(tickets * snackShare);
  const avgPerVisit = lifetime > 0 ? round2((tickets + concessions) / lifetime) : 0;

  const status: 'active' | 'lapsed' | 'cancelled' = cancelled ? 'cancelled' : ctx.nowDay - sinceDay > 365 && last365d === 0 ? 'lapsed' : 'active';

  const doc: ProfileDocument = {
    tenantId: tenant.id,
    memberId: seedUuid(`audience/member/${ctx.seedWords[1]}:${ctx.seedWords[0]}`, index),
    ...(birthYear !== undefined ? { birthYear, ageBand } : {}),
    gender,
    region,
    ...(postcodePrefix !== undefined ? { postcodePrefix } : {}),
    membership: { memberSince: isoDate(sinceDay), status },
    visits: { last30d, last90d, last365d, lifetime },
    spend: { tickets, concessions, avgPerVisit },
    favouriteCinemaId: cinema.id,
    filmsSeen: [...seen.keys()].map((f) => (films.films[f] as FilmInfo).id),
    filmViews,
    genreAffinity: filmViews.length > 0 ? shares(genreCounts, filmViews.length) : {},
    ...(filmViews.length > 0 ? { firstVisit: filmViews[0]?.viewedAt, lastVisit: filmViews[filmViews.length - 1]?.viewedAt } : {}),
    updatedAt: ctx.updatedAt,
  };
  return doc;
}

/**
 * Yields `count` profiles, lazily. Deterministic: the same options always yield the same
 * documents, and profile i is the same whatever `start` and `count`.
 */
export function generateProfiles(options: GenerateProfilesOptions): Generator<ProfileDocument, void, undefined> {
  const { count, start = 0 } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`start must be a non-negative integer, got ${start}`);
  // Built (and validated) eagerly, so bad options throw here rather than on the first next().
  const ctx = buildContext(options);
  return (function* profiles() {
    for (let i = start; i < start + count; i++) yield makeProfile(ctx, i);
  })();
}
