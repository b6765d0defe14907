/**
 * `make faults`: fault injection under load (issue #13). The platform's services run as separate
 * processes (fault-services.ts) under a fixed light load (fault-load.ts); in turn each engine is
 * stopped and restarted through scripts/infra.sh and each service process is killed with SIGKILL
 * and started again. Per fault: requests by outcome (2xx, 503 with Retry-After, connections
 * refused by the killed process itself, anything else: must be 0), time to heal, how long an
 * accepted event then takes to be searchable, and data lost (acknowledged but not stored: must
 * be 0). Writes bench/.tmp/faults/summary.json (read by bench/reliability.ts).
 *
 *   tsx scripts/reliability/faults.ts --engines shared|<private dir> [--rate 25] [--down 12]
 *     [--faults mariadb,kafka,elasticsearch,identity,catalog,audience,ingest,enricher,audience-indexer] [--keep-engines]
 *
 * `--engines shared` stops the engines of MARQUEE_HOME (CI, alone on its machine) and leaves them
 * running; a directory starts a private set there (scripts/lib/private-engines.ts, FAULT_PORTS) and
 * removes it at the end (`--keep-engines` leaves it running).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINES, FAULT_PORTS, privateEngines, sharedEngines, type Engine, type EngineSet } from '../lib/private-engines';
import { startLoad, type Load } from './fault-load';
import { SERVICES, startPlatform, type Platform, type ServiceName } from './fault-services';
import { verifyStored, waitIndexed } from './fault-verify';
import { report, summarise, type FaultResult, type FaultsSummary } from './fault-summary';
import { countOutcomes, failuresByCall, waitHealed } from './fault-window';

const root = resolve(__dirname, '..', '..');
const out = join(root, 'bench', '.tmp', 'faults');
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hostInfo(): NonNullable<FaultsSummary['host']> {
  const cpu = cpus();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  return { machine: `${type()} ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1073741824)} GB RAM`, loadAverage: loadavg().map((l) => l.toFixed(1)).join(' / '), commit };
}

interface Killed { service: string; from: number; until: number }

async function demoToken(identity: string): Promise<string> {
  const res = await fetch(`${identity}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'northstar-demo', client_secret: 'northstar-demo-local-dev-secret' }) });
  if (!res.ok) throw new Error(`identity refused the demo token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function injectFault(args: { fault: string; platform: Platform; engines: EngineSet; load: Load; downMs: number; killed: Killed[] }): Promise<FaultResult> {
  const { fault, platform, engines, load } = args;
  const isEngine = (ENGINES as readonly string[]).includes(fault);
  const downAt = Date.now();
  const killed: Killed = { service: fault, from: downAt, until: Infinity };
  if (isEngine) await engines.down(fault as Engine);
  else {
    args.killed.push(killed);
    await platform.kill(fault as ServiceName);
  }
  await sleep(Math.max(0, downAt + args.downMs - Date.now()));
  const restartAt = Date.now();
  if (isEngine) await engines.up(fault as Engine);
  else await platform.start(fault as ServiceName);
  const upAt = Date.now();
  killed.until = upAt;
  const healedAt = await waitHealed(load, { since: downAt, restartAt, settleMs: 5000, timeoutMs: 180_000 });
  let probe = load.acked.find((a) => a.kind === 'member' && a.t >= restartAt);
  while (!probe && Date.now() - upAt < 60_000) {
    await sleep(200);
    probe = load.acked.find((a) => a.kind === 'member' && a.t >= restartAt);
  }
  const visible = probe && (await waitIndexed(engines.elasticsearchUrl, platform.profilesAlias, probe.id, 180_000)) ? Date.now() : undefined;
  const window = load.answers.filter((a) => a.t >= downAt);
  return {
    fault,
    kind: isEngine ? 'engine' : 'service',
    startedAt: downAt,
    downSeconds: seconds(restartAt - downAt),
    restartSeconds: seconds(upAt - restartAt),
    healSeconds: healedAt === undefined ? null : seconds(Math.max(0, healedAt - restartAt)),
    visibleSeconds: visible === undefined ? null : seconds(visible - restartAt),
    counts: countOutcomes(window),
    failures: failuresByCall(window),
    lost: 0,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { engines: { type: 'string' }, rate: { type: 'string', default: '25' }, down: { type: 'string', default: '12' }, faults: { type: 'string' }, steady: { type: 'string', default: '10' }, 'keep-engines': { type: 'boolean', default: false } } });
  if (!values.engines) throw new Error('--engines shared|<private dir> is required (shared stops the engines of MARQUEE_HOME)');
  const faults = (values.faults ?? [...ENGINES, ...SERVICES].join(',')).split(',');
  const unknown = faults.filter((f) => !(ENGINES as readonly string[]).includes(f) && !(SERVICES as readonly string[]).includes(f));
  if (unknown.length) throw new Error(`unknown fault ${unknown.join(', ')} (known: ${[...ENGINES, ...SERVICES].join(', ')})`);
  const rate = Number(values.rate);
  const downMs = Number(values.down) * 1000;
  mkdirSync(out, { recursive: true });
  console.log(`faults: engines ${values.engines}; starting ${SERVICES.join(', ')} as processes ...`);
  const engines = values.engines === 'shared' ? sharedEngines() : privateEngines({ home: values.engines, ports: FAULT_PORTS });
  if (engines.private) await engines.up();
  const finishEngines = () => (values['keep-engines'] ? engines.up() : engines.finish());
  let platform: Platform | undefined;
  let load: Load | undefined;
  const results: FaultResult[] = [];
  const killed: Killed[] = [];
  // Interrupted (Ctrl-C, a CI timeout): the services go and every engine is left as it was found
  // (shared: running again; private: removed), whatever fault was under way.
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`faults: ${signal}: stopping the services and restoring the engines ...`);
    void Promise.allSettled([platform?.stop()]).then(finishEngines).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    platform = await startPlatform(engines, out);
    const token = await demoToken(platform.urls.identity);
    load = await startLoad({
      urls: platform.urls,
      token,
      rate,
      timeoutMs: 15_000,
      refusedIsExpected: (service, t, end) => killed.some((k) => k.service === service && end >= k.from && t <= k.until),
    });
    console.log(`faults: ${rate} requests/s; each fault ${values.down} s down; ${faults.join(', ')}`);
    const steadyAt = Date.now();
    await sleep(Number(values.steady) * 1000);
    const steady = load.answers.filter((a) => a.t >= steadyAt);
    results.push({ fault: 'steady (no fault)', kind: 'steady', startedAt: steadyAt, downSeconds: 0, restartSeconds: 0, healSeconds: 0, visibleSeconds: null, counts: countOutcomes(steady), failures: failuresByCall(steady), lost: 0 });
    console.log(report(results[0]!));
    for (const fault of faults) {
      results.push(await injectFault({ fault, platform, engines, load, downMs, killed }));
      console.log(report(results[results.length - 1]!));
    }
    await load.stop();
    console.log('faults: load stopped; comparing what was acknowledged with what is stored ...');
    const stored = await verifyStored({ catalog: platform.urls.catalog, token, es: engines.elasticsearchUrl, alias: platform.profilesAlias, acked: load.acked, drainMs: 180_000 });
    const summary = { ...summarise({ rate, downSeconds: Number(values.down), shared: values.engines === 'shared', results, load, stored }), host: hostInfo() };
    writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2));
    for (const p of summary.problems) console.log(`faults: problem: ${p}`);
    console.log(`faults: ${summary.passed ? 'passed' : 'FAILED'}: ${summary.totals.total} requests (${summary.totals.other} other than 2xx, 503+Retry-After or refused by a killed process); ${stored.films.acked} films and ${stored.members.acked} member events acknowledged, ${stored.films.missing.length + stored.members.missing.length} not stored`);
    process.exitCode = summary.passed ? 0 : 1;
  } finally {
    await load?.stop();
    await platform?.stop();
    await finishEngines();
  }
}

main().catch((err: unknown) => {
  console.error(`faults: ${(err as Error).stack ?? String(err)}`);
  process.exit(2);
});
