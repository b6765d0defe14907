/** The fault injection section of bench/RELIABILITY.md, from bench/.tmp/faults/summary.json (scripts/reliability/faults.ts). */
import { existsSync, readFileSync } from 'node:fs';
import type { FaultsSummary } from '../scripts/reliability/fault-summary';

const cell = (x: number | null) => (x === null ? 'never' : String(x));

/** The section from the faults' report; undefined without one (bench/reliability.ts then keeps the section on disk). */
export function faultsSection(path: string): string[] | undefined {
  if (!existsSync(path)) return undefined;
  const s = JSON.parse(readFileSync(path, 'utf8')) as FaultsSummary;
  const failures = s.results.filter((r) => Object.keys(r.failures).length > 0);
  return [
    `## Fault injection under load — ${s.passed ? 'passed' : 'FAILED'}, ${s.at.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    ...(s.host ? [`Machine: ${s.host.machine}; load average ${s.host.loadAverage} (1/5/15 min) at the end of the run; commit ${s.host.commit}. The machine is shared: restart and heal times include other work.`, ''] : []),
    `${s.rate} requests/s over the mix in scripts/reliability/fault-load.ts (identity tokens, catalog reads and film creation, audience counts and breakdowns, ingest member events); ` +
      `services as compiled processes; each engine stopped through scripts/infra.sh (${s.engines} engines) and each service killed with SIGKILL, ${s.downSeconds} s down, then restarted. ` +
      '"refused" are connections refused or reset by the killed process itself while it was down (one process per service here; replicas behind a load balancer would absorb them). ' +
      '"healed" is from the restart until every request succeeds again (5 s without a failure); "searchable" from the restart until a member event accepted after it is in Elasticsearch.',
    '',
    '| fault | requests | 2xx | 503 + Retry-After | refused (dead process) | other | down s | restart s | healed after s | searchable after s | lost |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...s.results.map((r) => `| ${r.fault} | ${r.counts.total} | ${r.counts.ok} | ${r.counts.unavailable} | ${r.counts.refused} | ${r.counts.other} | ${r.downSeconds} | ${r.restartSeconds} | ${cell(r.healSeconds)} | ${r.kind === 'steady' ? '-' : cell(r.visibleSeconds)} | ${r.lost} |`),
    '',
    `Acknowledged and stored at the end: ${s.stored.films - s.stored.filmsMissing.length} of ${s.stored.films} films (201) read back through catalog, ${s.stored.members - s.stored.membersMissing.length} of ${s.stored.members} member events (202) found as profiles in Elasticsearch (pipeline drained in ${s.stored.drainSeconds} s).`,
    '',
    ...(failures.length ? ['Non-2xx answers by fault:', '', ...failures.map((r) => `- ${r.fault}: ${Object.entries(r.failures).map(([k, n]) => `${k} ×${n}`).join('; ')}`), ''] : []),
    ...(s.problems.length ? ['Problems: ' + s.problems.join('; '), ''] : []),
  ];
}
