/** Moviegoer profiles for SDK smoke tests: `ontario` in CA-ON and `quebec` in CA-QC, one tenant. */
import type { ProfileDocument } from '../../services/audience/src/domain/query';

export function regionProfiles(tenantId: string, counts: { ontario: number; quebec: number }): ProfileDocument[] {
  const profile = (n: number, region: 'CA-ON' | 'CA-QC'): ProfileDocument => ({
    tenantId,
    memberId: `m-${n}`,
    birthYear: 1990,
    ageBand: '35-44',
    gender: 'unknown',
    region,
    postcodePrefix: region === 'CA-ON' ? 'M5V' : 'H2X',
    membership: { memberSince: '2020-01-01', status: 'active' },
    visits: { last30d: 1, last90d: 2, last365d: 5, lifetime: 9 },
    spend: { tickets: 100, concessions: 30, avgPerVisit: 14 },
    filmsSeen: [],
    filmViews: [],
    genreAffinity: { drama: 1 },
    updatedAt: '2026-11-27T00:00:00Z',
  });
  return [...Array.from({ length: counts.ontario }, (_, i) => profile(i, 'CA-ON')), ...Array.from({ length: counts.quebec }, (_, i) => profile(1000 + i, 'CA-QC'))];
}
