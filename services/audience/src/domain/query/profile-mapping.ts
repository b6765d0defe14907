/**
 * The profiles index: one document per loyalty member (document id = member id) for every
 * tenant, in one index behind an alias. The mapping is explicit and strict, so a profile with
 * an unknown or mistyped field is refused at indexing time instead of silently mapped.
 * Bump PROFILE_MAPPING_VERSION on any change: the indexer then builds `profiles-v<n>` and
 * moves the alias.
 */
import type { estypes } from '@elastic/elasticsearch';
import { GENRE_IDS, type GenreId } from './field-registry';

export const PROFILE_MAPPING_VERSION = 1;
export const PROFILE_INDEX_ALIAS = 'profiles';

/** The concrete index for a mapping version. */
export function profileIndexName(version: number = PROFILE_MAPPING_VERSION): string {
  return `${PROFILE_INDEX_ALIAS}-v${version}`;
}

export const PROFILE_INDEX_SETTINGS: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  number_of_replicas: 0,
};

const KEYWORD = { type: 'keyword' } as const;
const DATE = { type: 'date' } as const;
const COUNT = { type: 'integer' } as const;
// Currency amounts: double keeps cents exact far beyond float's range (scaled_float needs mapper-extras).
const MONEY = { type: 'double' } as const;

export const PROFILE_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    tenantId: KEYWORD,
    memberId: KEYWORD,
    birthYear: { type: 'short' },
    ageBand: KEYWORD,
    gender: KEYWORD,
    region: KEYWORD,
    postcodePrefix: KEYWORD,
    membership: { properties: { memberSince: DATE, status: KEYWORD } },
    visits: { properties: { last30d: COUNT, last90d: COUNT, last365d: COUNT, lifetime: COUNT } },
    spend: { properties: { tickets: MONEY, concessions: MONEY, avgPerVisit: MONEY } },
    favouriteCinemaId: KEYWORD,
    // Flat ids for fast any/all/terms; the nested views answer "saw film X within N days".
    filmsSeen: KEYWORD,
    filmViews: { type: 'nested', properties: { filmId: KEYWORD, viewedAt: DATE } },
    genreAffinity: { properties: Object.fromEntries(GENRE_IDS.map((id) => [id, { type: 'float' }])) },
    firstVisit: DATE,
    lastVisit: DATE,
    updatedAt: DATE,
  },
};

/** The `create index` body for the current version. */
export function profileIndexBody(): { settings: estypes.IndicesIndexSettings; mappings: estypes.MappingTypeMapping } {
  return { settings: PROFILE_INDEX_SETTINGS, mappings: PROFILE_MAPPINGS };
}

/** A profile document as the indexer writes it (objects nested, dates as RFC 3339 strings). */
export interface ProfileDocument {
  tenantId: string;
  memberId: string;
  birthYear?: number;
  ageBand?: string;
  gender?: 'female' | 'male' | 'nonbinary' | 'unknown';
  region?: string;
  /** Upper case, no spaces: 'M5V', '941'. */
  postcodePrefix?: string;
  membership?: { memberSince?: string; status?: 'active' | 'lapsed' | 'cancelled' };
  visits: { last30d: number; last90d: number; last365d: number; lifetime: number };
  spend: { tickets: number; concessions: number; avgPerVisit: number };
  favouriteCinemaId?: string;
  /** Distinct film ids the member saw. */
  filmsSeen: string[];
  /** One entry per view (the same film may appear more than once). */
  filmViews: { filmId: string; viewedAt: string }[];
  /** Share of the member's visits per genre, 0..1; genres never seen may be omitted. */
  genreAffinity: Partial<Record<GenreId, number>>;
  firstVisit?: string;
  lastVisit?: string;
  updatedAt: string;
}
