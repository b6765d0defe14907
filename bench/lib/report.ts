/** Renders bench/RESULTS.md from the measurements. */
import type { CodegenBenchResult } from '../codegen-bench';
import { ENDPOINTS, MODE_LABELS, RESVAL_TARGET_RATIO, TARGET_RATIO, type Aggregate, type HttpBenchResult } from '../http-bench';
import type { ProfileSummary } from './cpuprofile';
import type { MachineInfo } from './machine';
import type { ServerMode } from './protocol';
import { fixed, mean, pct } from './stats';

export interface ReportInput {
  date: string;
  command: string;
  totalS: number;
  machine: MachineInfo;
  http: HttpBenchResult;
  codegen: CodegenBenchResult | { error: string };
}

const endpointLabel = (id: string) => ENDPOINTS.find((e) => e.id === id)?.label ?? id;

function table(head: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = head.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function profileFor(profiles: ProfileSummary[], mode: ServerMode, endpoint: string): ProfileSummary | undefined {
  return profiles.find((p) => p.file.endsWith(`${mode}-${endpoint}.cpuprofile`));
}

/** Per-request self time by package, generated vs bare, sorted by what the generated stack adds. */
function profileDiff(g: ProfileSummary, b: ProfileSummary | undefined): { rows: string[][]; extra: { name: string; us: number }[] } {
  const cats = new Set([...Object.keys(g.selfUsPerRequest), ...Object.keys(b?.selfUsPerRequest ?? {})]);
  const entries = [...cats]
    .filter((c) => c !== '(idle)')
    .map((c) => ({ name: c, g: g.selfUsPerRequest[c] ?? 0, b: b?.selfUsPerRequest[c] ?? 0 }))
    .map((e) => ({ ...e, extra: e.g - e.b }))
    .sort((x, y) => y.extra - x.extra);
  const shown = entries.filter((e) => Math.abs(e.extra) >= 1 || e.g >= 5).slice(0, 14);
  const total = entries.reduce((acc, e) => ({ g: acc.g + e.g, b: acc.b + e.b }), { g: 0, b: 0 });
  const rows = shown.map((e) => [e.name, fixed(e.g, 1), fixed(e.b, 1), `${e.extra >= 0 ? '+' : ''}${fixed(e.extra, 1)}`, pct(e.g / (total.g || 1), 0)]);
  rows.push([
    '**all sampled CPU**',
    `**${fixed(total.g, 1)}**`,
    `**${fixed(total.b, 1)}**`,
    `**+${fixed(total.g - total.b, 1)}**`,
    '100%',
  ]);
  return { rows, extra: entries.map((e) => ({ name: e.name, us: e.extra })) };
}

function machineSection(m: MachineInfo): string {
  return [
    '## Machine',
    '',
    table(
      ['', ''],
      [
        ['CPUs (`nproc`)', String(m.nproc)],
        ['CPU model', m.cpuModel],
        ['Total memory', `${m.totalMemoryGiB} GiB`],
        ['Node.js', m.node],
        ['Kernel', m.kernel],
        ['Commit', m.commit],
        ['Packages', Object.entries(m.versions).map(([n, v]) => `${n} ${v}`).join(', ')],
        ['Load average at start (1/5/15 min)', m.loadavgAtStart.map((l) => fixed(l, 2)).join(' / ')],
      ],
    ),
  ].join('\n');
}

function httpSection(h: HttpBenchResult, m: MachineInfo): string {
  const o = h.options;
  const out: string[] = [];
  out.push('## HTTP: generated stack vs bare Express');
  out.push('');
  out.push(
    [
      'Servers (each in its own child process, `NODE_ENV=production`, loaded through `node --import tsx`):',
      '',
      `- **generated**: \`createServiceApp({ name, log: createLogger('bench', 'silent'), readiness: {}, routers: [createCatalogRouter(handlers, { validateResponses: false })] })\` + \`listen(app, 0)\`: all 17 catalog routes, precompiled dispatch (runtime/src/fast: a route table compiled at startup, then security, \`express.json\`, express-openapi-validator's own request validators compiled once per operation and called directly, the handler and a plain-Node response writer; Express serves only /healthz, /readyz and what the dispatch does not own), request ids, request-log hook, problem+json errors. Response validation off (production).`,
      `- **bare express**: \`express()\` with \`express.json({ limit: '100kb' })\` and two routes, GET /films/:filmId and POST /films, calling \`res.json\`. Express defaults left as they are (x-powered-by and weak ETags on).`,
      o.modes.includes('generated-resval') ? `- **generated + response validation**: as *generated* with \`validateResponses: true\` (the default outside production: dev and test).` : '',
      o.modes.includes('fastify') ? `- **fastify** ${m.versions.fastify ?? ''}: the same two routes with the catalog spec's own JSON schemas (Uuid path parameter, FilmCreate body, Film as the response schema, so fast-json-stringify serializes), Ajv with \`allErrors\` and no \`removeAdditional\` (an unknown property is a 400, as in the generated stack), \`logger: false\`, \`bodyLimit\` 100 KB (bench/lib/fastify-server.ts).` : '',
      '',
      'All call the same in-memory functions (`bench/lib/in-memory-catalog.ts`): GET returns one fixed Film, POST echoes the body into a Film (new uuid, timestamps) with 201 and a Location header. No database.',
      '',
      `Load: autocannon ${o.connections} connections, no pipelining, ${o.warmupS} s warmup (discarded) then ${o.durationS} s measured, per endpoint and server; ${o.rounds} rounds in the order ${o.modes.join(' → ')} each round, a fresh server process per round. autocannon runs in the parent process, so on this ${m.nproc}-core machine load generator and server share the CPUs. Latency percentiles are computed from every 2xx response time (sub-millisecond resolution), not autocannon's integer-ms histogram.`,
      '',
      `POST body: the largest valid FilmCreate, ${h.bodyBytes} bytes of compact JSON (200-character title = maxLength, five distinct 32-character genre ids = maxItems and the pattern's maximum, rating "PG-13"). The schema (additionalProperties: false, maxLength 200, maxItems 5) caps a compact valid body at about 470 bytes, so the ~1 KB asked for is not reachable without padding the JSON with whitespace; the benchmark uses the largest honest body instead.`,
      '',
      `Sanity checks before each server's load: both endpoints answer their 2xx with a film; ${h.checks.length > 0 ? h.checks.map((c) => c.replace(/^[^:]+: /, '')).filter((c, i, a) => a.indexOf(c) === i).join('; ') + ' on the generated servers' : ''}.`,
    ]
      .filter((l, i, a) => !(l === '' && a[i - 1] === ''))
      .join('\n'),
  );
  out.push('');
  out.push('### Summary (mean of the rounds)');
  out.push('');
  const rows: string[][] = [];
  for (const e of ENDPOINTS) {
    const bare = h.aggregates.find((a) => a.mode === 'bare' && a.endpoint === e.id);
    for (const a of h.aggregates.filter((x) => x.endpoint === e.id)) {
      const c = h.comparisons.find((x) => x.mode === a.mode && x.endpoint === e.id);
      rows.push([
        e.label,
        MODE_LABELS[a.mode],
        `**${fixed(a.rpsMean, 0)}**`,
        `${fixed(a.rpsMin, 0)}–${fixed(a.rpsMax, 0)}`,
        fixed(a.p50Ms, 2),
        fixed(a.p99Ms, 2),
        fixed(a.serverCpuUsPerReq, 0),
        c ? `**${pct(c.throughputRatio)}**` : '100%',
        c ? c.perRound.map((r) => pct(r, 0)).join(', ') : '',
        c ? pct(c.cpuRatio) : bare === a ? '100%' : '',
      ]);
    }
  }
  out.push(
    table(
      ['Endpoint', 'Server', 'req/s', 'req/s range', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'req/s vs bare', 'per round', 'CPU/req: bare ÷ this'],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  const prod = h.comparisons.filter((c) => c.mode === 'generated');
  const resval = h.comparisons.filter((c) => c.mode === 'generated-resval');
  const verdict = (cs: typeof prod, target: number) => (cs.every((c) => c.throughputRatio >= target) ? 'met' : 'NOT met');
  out.push(
    `**Targets: generated keeps ≥ ${pct(TARGET_RATIO, 0)} of bare Express req/s — ${verdict(prod, TARGET_RATIO)}** (${prod
      .map((c) => `${endpointLabel(c.endpoint)}: ${pct(c.throughputRatio)}, by CPU per request ${pct(c.cpuRatio)}`)
      .join('; ')})` +
      (resval.length > 0
        ? `; **with response validation ≥ ${pct(RESVAL_TARGET_RATIO, 0)} — ${verdict(resval, RESVAL_TARGET_RATIO)}** (${resval.map((c) => `${endpointLabel(c.endpoint)}: ${pct(c.throughputRatio)}, by CPU per request ${pct(c.cpuRatio)}`).join('; ')})`
        : '') +
      '.',
  );
  const fastify = h.aggregates.filter((a) => a.mode === 'fastify');
  if (fastify.length > 0) {
    out.push('');
    out.push(
      `Against Fastify: ${fastify
        .map((f) => {
          const g = h.aggregates.find((a) => a.mode === 'generated' && a.endpoint === f.endpoint);
          return g ? `${endpointLabel(f.endpoint)}: generated ${pct(g.rpsMean / f.rpsMean)} of Fastify's req/s, ${pct(f.serverCpuUsPerReq / g.serverCpuUsPerReq)} by CPU per request (${fixed(g.serverCpuUsPerReq, 0)} vs ${fixed(f.serverCpuUsPerReq, 0)} µs)` : '';
        })
        .join('; ')}.`,
    );
  }
  out.push('');
  out.push('"server CPU µs/req" is the server process\'s CPU time (user + system, from `process.cpuUsage()` in the child) divided by the requests it answered; it is less sensitive than req/s to the other jobs sharing the machine. "CPU/req: bare ÷ this" is the throughput ratio a CPU-bound server would show.');
  out.push('');
  out.push('### Every run');
  out.push('');
  out.push(
    table(
      ['Round', 'Server', 'Endpoint', 'req/s', 'p50 ms', 'p99 ms', 'mean ms', 'server CPU µs/req', 'server cores', 'autocannon cores', 'other load (cores)', 'load avg 1m', 're-measured', 'non-2xx / errors / timeouts'],
      h.measurements.map((m) => [
        String(m.round),
        m.mode,
        endpointLabel(m.endpoint),
        fixed(m.rps, 0),
        fixed(m.p50Ms, 2),
        fixed(m.p99Ms, 2),
        fixed(m.meanMs, 2),
        fixed(m.serverCpuUsPerReq, 0),
        fixed(m.serverCores, 2),
        fixed(m.loadGenCores, 2),
        fixed(m.otherCores, 2),
        fixed(m.loadavg1, 2),
        m.retries > 0 ? `${m.retries}×` : '',
        `${m.non2xx} / ${m.errors} / ${m.timeouts}`,
      ]),
      ['r', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push(
    `"other load" is the machine's busy CPU time (from /proc/stat) minus the server's and autocannon's, per second of the run: the work of other jobs on this shared machine during that window. A window with more than ${o.maxOtherCores} cores of other load was measured again (1 s warmup + ${o.durationS} s, up to ${o.retryBudget} times per benchmark) and the less disturbed measurement kept ("re-measured").`,
  );
  return out.join('\n');
}

function profileSection(h: HttpBenchResult): string {
  const out: string[] = ['## Where the time goes (CPU profiles)', '', `Profiles taken because ${h.profileReason}.`];
  if (h.profiles.length === 0) {
    return out.join('\n');
  }
  out.push('');
  out.push(
    `Each server was run once more, per endpoint, under the V8 sampling profiler (inspector \`Profiler\`, 200 µs interval) for ${h.options.profileS} s of the same load after a ${h.options.warmupS} s warmup; only the load window is profiled (no startup). Self time is attributed to the package (node_modules/…), Node core module or V8 area the sampled function belongs to, then divided by the requests answered while profiling. The profiler adds its own overhead, so the absolute numbers run a little above the "server CPU µs/req" above. \`native: writev\` is the kernel's socket write (on loopback it includes delivering the bytes to autocannon); both servers send each response in one write of about the same size (the generated one adds x-request-id, the bare one X-Powered-By and an ETag), so a difference in that row reflects the two processes contending for the same CPUs rather than work the stack does. Raw profiles: \`bench/.tmp/*.cpuprofile\` (open in Chrome DevTools or speedscope).`,
  );
  for (const e of ENDPOINTS) {
    const g = profileFor(h.profiles, 'generated', e.id);
    if (!g) continue;
    const b = profileFor(h.profiles, 'bare', e.id);
    const diff = profileDiff(g, b);
    out.push('');
    out.push(`### ${e.label}`);
    out.push('');
    out.push(
      `Self CPU time per request (µs), by package or area; sorted by what the generated stack adds (${g.requests} / ${b?.requests ?? '?'} requests profiled; other jobs used ${fixed(g.otherCores ?? NaN, 2)} / ${fixed(b?.otherCores ?? NaN, 2)} cores meanwhile). Rows for code only the generated stack runs (bare ≈ 0) are robust; differences in rows both share (GC, writev, express, router, node core) move with the machine's load from one profile to the next.`,
    );
    out.push('');
    out.push(table(['Package / area', 'generated', 'bare', 'extra', 'share of generated'], diff.rows, ['l', 'r', 'r', 'r', 'r']));
    out.push('');
    out.push('Generated server, top self-time functions:');
    out.push('');
    out.push(
      table(
        ['Function', 'Where', 'Package / area', 'self ms', 'share'],
        g.topFunctions.map((f) => [`\`${f.name}\``, `\`${f.where}\``, f.category, fixed(f.ms, 0), pct(f.share)]),
        ['l', 'l', 'l', 'r', 'r'],
      ),
    );
    out.push('');
    out.push(
      `Generated server, share of busy samples with the package anywhere on the stack (inclusive): ${g.onStackByCategory
        .slice(0, 10)
        .map((r) => `${r.name} ${pct(r.share, 0)}`)
        .join(', ')}.`,
    );
  }
  return out.join('\n');
}

const hashed = (c: CodegenBenchResult) =>
  `${c.filesChecked - c.outsideGenerated.length} under generated/, git-ignored docs included${c.outsideGenerated.length ? `, plus ${c.outsideGenerated.length} outside it that the manifest lists: ${c.outsideGenerated.join(', ')}` : ''}`;

const gitStatus = (s: string) => (s === '' ? 'clean' : `\`${s.replace(/\n/g, '; ')}\``);

function codegenSection(c: CodegenBenchResult | { error: string }): string {
  const out: string[] = ['## Codegen', ''];
  if ('error' in c) {
    out.push(`The codegen benchmark failed: \n\n\`\`\`\n${c.error}\n\`\`\``);
    return out.join('\n');
  }
  out.push(
    `From the repository root, ${c.stats[0]?.runs ?? 0} runs of each, alternating (each no-op right after a cold run). "Wall" is the whole command as a person runs it (npx + Node + tsx startup included); "in-process" is the time the CLI prints for its own work.`,
  );
  out.push('');
  out.push(
    table(
      ['Run', 'Command', 'wall median s', 'wall min s', 'in-process median s', 'in-process min s', 'startup + exit (median wall − in-process) s'],
      c.stats.map((s) => [
        s.kind === 'cold' ? 'cold (full regeneration)' : 'no-op (inputs unchanged)',
        `\`${s.command}\``,
        `**${fixed(s.wallMedianS, 2)}**`,
        fixed(s.wallMinS, 2),
        fixed(s.inProcessMedianS, 3),
        fixed(s.inProcessMinS, 3),
        fixed(s.wallMedianS - s.inProcessMedianS, 2),
      ]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push(`All runs (wall / in-process, s): ${c.runs.map((r) => `${r.kind} ${fixed(r.wallS, 2)}/${fixed(r.inProcessS, 3)}`).join(', ')}.`);
  if (c.noopRetries > 0) {
    out.push('');
    out.push(
      `${c.noopRetries} no-op run(s) found their inputs changed since the cold run before them (other engineers were editing specs/ or codegen/ during the benchmark), regenerated instead, and were run again; only true no-op runs are in the table.`,
    );
  }
  out.push('');
  out.push('Per-step timings printed by the last cold run:');
  out.push('');
  out.push('```');
  out.push(c.lastColdOutput);
  out.push('```');
  out.push('');
  out.push(
    c.generatedUnchanged
      ? `**Determinism: generated/ unchanged** — all ${c.filesChecked} files (${hashed(c)}) hash identically before and after the ${c.runs.length} runs, and \`git status --porcelain -- generated/\` is the same before and after (${gitStatus(c.gitStatusBefore)}).`
      : c.codeUnchanged
        ? `**Determinism: generated code unchanged** — all ${c.filesChecked - 1} files (${hashed(c)}; the manifest aside) hash identically before and after the ${c.runs.length} runs. Only \`generated/.manifest.json\` differs: ${c.manifestChanges.join('; ') || 'its bytes changed'}. The manifest records the inputs the generator saw (specs/ and codegen/src were changing while the benchmark ran: other engineers work in this tree), not a difference in the output. \`git status --porcelain -- generated/\` before: ${gitStatus(c.gitStatusBefore)}; after: ${gitStatus(c.gitStatusAfter)}.`
        : `**Determinism check FAILED**: ${c.differences.join('; ')}. ${c.manifestChanges.length ? `Manifest: ${c.manifestChanges.join('; ')}. ` : ''}\`git status --porcelain -- generated/\` before: ${gitStatus(c.gitStatusBefore)}; after: ${gitStatus(c.gitStatusAfter)}. If specs/ or codegen/src were being edited during the run, the new output may be legitimate; re-run on a quiet tree.`,
  );
  return out.join('\n');
}

function interpretation(input: ReportInput): string {
  const { http: h, codegen: c } = input;
  const lines: string[] = [];
  const prod = h.comparisons.filter((x) => x.mode === 'generated');
  const agg = (mode: ServerMode, ep: string): Aggregate | undefined => h.aggregates.find((a) => a.mode === mode && a.endpoint === ep);
  const ratios = prod.map((x) => `${pct(x.throughputRatio, 0)} on ${endpointLabel(x.endpoint)}`).join(' and ');
  lines.push(
    `- **Throughput.** The generated stack served ${ratios} of bare Express's requests per second; the target (≥ ${pct(TARGET_RATIO, 0)}) is ${h.targetMet ? 'met' : '**not met**'}. ` +
      prod
        .map((x) => {
          const g = agg('generated', x.endpoint);
          const b = agg('bare', x.endpoint);
          return g && b
            ? `${endpointLabel(x.endpoint)}: ${fixed(g.serverCpuUsPerReq, 0)} vs ${fixed(b.serverCpuUsPerReq, 0)} µs of server CPU per request (+${fixed(g.serverCpuUsPerReq - b.serverCpuUsPerReq, 0)} µs), p50 ${fixed(g.p50Ms, 2)} vs ${fixed(b.p50Ms, 2)} ms, p99 ${fixed(g.p99Ms, 2)} vs ${fixed(b.p99Ms, 2)} ms.`
            : '';
        })
        .join(' '),
  );
  const otherOf = (mode: ServerMode, ep: string) => mean(h.measurements.filter((m) => m.mode === mode && m.endpoint === ep).map((m) => m.otherCores));
  for (const x of h.comparisons) {
    if (Math.abs(x.throughputRatio - x.cpuRatio) > 0.08) {
      lines.push(
        `- **Caveat on ${x.mode === 'generated' ? '' : `${x.mode}, `}${endpointLabel(x.endpoint)}.** Its req/s ratio (${pct(x.throughputRatio, 0)}) and CPU-per-request ratio (${pct(x.cpuRatio, 0)}) disagree by more than 8 points. Other jobs used ${fixed(otherOf(x.mode, x.endpoint), 2)} cores on average during the ${x.mode} runs and ${fixed(otherOf('bare', x.endpoint), 2)} during the bare runs, which moves req/s but hardly CPU per request; the CPU ratio is the better estimate of what the generated stack costs here.`,
      );
    }
  }
  if (h.profiles.length > 0) {
    const parts: string[] = [];
    for (const e of ENDPOINTS) {
      const g = profileFor(h.profiles, 'generated', e.id);
      const b = profileFor(h.profiles, 'bare', e.id);
      const ga = agg('generated', e.id);
      const ba = agg('bare', e.id);
      if (!g || !b || !ga || !ba) continue;
      // Code the bare server never runs: its cost is the generated stack's own, whatever the load.
      const own = Object.entries(g.selfUsPerRequest)
        .filter(([c, us]) => us >= 1 && (b.selfUsPerRequest[c] ?? 0) < 0.5 + us * 0.1 && !c.startsWith('V8:') && c !== 'native: writev')
        .map(([c, us]) => ({ name: c, us: us - (b.selfUsPerRequest[c] ?? 0) }))
        .sort((x, y) => y.us - x.us);
      const ownTotal = own.reduce((a, x) => a + x.us, 0);
      const measured = ga.serverCpuUsPerReq - ba.serverCpuUsPerReq;
      parts.push(
        `${e.label}: of the ${measured >= 0 ? '+' : ''}${fixed(measured, 0)} µs/req measured, ~${fixed(ownTotal, 0)} µs is code only the generated stack runs — ${own
          .slice(0, 7)
          .map((x) => `${x.name} +${fixed(x.us, 0)}`)
          .join(', ')}; the other ${fixed(measured - ownTotal, 0)} µs is the difference in code both share (Node's HTTP machinery, GC, and Express, which only bare runs per request)`,
      );
    }
    lines.push(
      `- **Where the time goes** (CPU profiles, generated vs bare; a negative difference is work bare Express does that the precompiled dispatch does not: its router, \`res.json\`/\`res.send\` with ETag hashing, the prototype swaps of every request): ${parts.join('. ')}.`,
    );
    const gGet = profileFor(h.profiles, 'generated', 'get');
    const ptr = gGet?.topFunctions.filter((f) => f.category === 'path-to-regexp' || /lookupRoute/.test(f.name)) ?? [];
    if (ptr.length > 0) {
      lines.push(
        `- **A concrete hotspot.** express-openapi-validator ${input.machine.versions['express-openapi-validator'] ?? ''} matches every request against the spec in \`openapi.metadata.js\` \`lookupRoute\`, which walks the route table and calls path-to-regexp's \`pathToRegexp()\` for each candidate route *on every request* (nothing is cached); in the generated GET profile: ${ptr
          .map((f) => `\`${f.name}\` (${f.category}) ${pct(f.share)}`)
          .join(', ')} of busy samples. The rest of the gap is spread thin over the extra layers each request crosses: the app router plus the operation router, the validator's middleware chain, the operation routes tried in order, the urlencoded parser, the request-id uuid, the per-request pino child logger, the AbortController and \`res.on('finish' / 'close')\` listeners, the async handler hop, and the garbage all of that leaves behind.`,
      );
    }
  }
  const resval = h.comparisons.filter((x) => x.mode === 'generated-resval');
  if (resval.length > 0) {
    lines.push(
      `- **Response validation** (dev/test default): ${resval
        .map((x) => {
          const g = agg('generated', x.endpoint);
          const r = agg('generated-resval', x.endpoint);
          return g && r ? `${endpointLabel(x.endpoint)} ${fixed(r.serverCpuUsPerReq, 0)} vs ${fixed(g.serverCpuUsPerReq, 0)} µs CPU/req (${r.serverCpuUsPerReq >= g.serverCpuUsPerReq ? '+' : ''}${fixed(r.serverCpuUsPerReq - g.serverCpuUsPerReq, 0)} µs), ${pct(x.throughputRatio, 0)} of bare req/s` : '';
        })
        .join('; ')}. Target ≥ ${pct(RESVAL_TARGET_RATIO, 0)} of bare Express.`,
    );
  }
  const spread = h.comparisons.filter((x) => x.mode === 'generated').map((x) => `${endpointLabel(x.endpoint)} ${x.perRound.map((r) => pct(r, 0)).join(' / ')}`);
  const other = mean(h.measurements.map((m) => m.otherCores));
  const otherMax = Math.max(...h.measurements.map((m) => m.otherCores));
  const serverCores = mean(h.measurements.map((m) => m.serverCores));
  const loadGen = mean(h.measurements.map((m) => m.loadGenCores));
  lines.push(
    `- **What limits throughput.** Every server process ran at ${fixed(serverCores, 2)} cores on average (Node's one JavaScript thread saturated, plus GC and libuv threads), autocannon used ${fixed(loadGen, 2)} cores, so the servers were CPU-bound and req/s ≈ 1 / (CPU per request)${h.comparisons.every((x) => Math.abs(x.throughputRatio - x.cpuRatio) <= 0.08) ? ': the "req/s vs bare" and "CPU/req" ratios agree' : ' (where the two ratios disagree, other jobs took CPU from one side; see the caveats)'}. Any CPU the generated stack spends per request comes straight off its throughput.`,
  );
  lines.push(
    `- **Noise.** Per-round generated/bare ratios: ${spread.join('; ')}. Other jobs on this shared ${input.machine.nproc}-core machine used ${fixed(other, 2)} cores on average during the measured windows (up to ${fixed(otherMax, 2)}); the servers were measured alternately so they saw the same conditions, and CPU per request is the least noisy figure.`,
  );
  const cold = 'error' in c ? undefined : c.stats.find((s) => s.kind === 'cold');
  const noop = 'error' in c ? undefined : c.stats.find((s) => s.kind === 'no-op');
  if (!('error' in c) && cold && noop) {
    lines.push(
      `- **Codegen.** A full regeneration takes ${fixed(cold.wallMedianS, 2)} s wall (median; ${fixed(cold.inProcessMedianS, 2)} s of it is the generator's own work, the rest is npx + Node + tsx startup). A no-op run takes ${fixed(noop.wallMedianS, 2)} s, of which the up-to-date check is ${fixed(noop.inProcessMedianS * 1000, 0)} ms: \`make generate\` on unchanged inputs costs only process startup. ${c.codeUnchanged ? 'Output is deterministic: the generated code was byte-identical afterwards.' : 'generated/ CHANGED during the runs — see above.'}`,
    );
  }
  return ['## Interpretation', '', ...lines].join('\n');
}

export function renderResults(input: ReportInput): string {
  return [
    '# Benchmarks',
    '',
    `Generated by \`${input.command}\` (bench/run.ts) on ${input.date}, in ${fixed(input.totalS / 60, 1)} min. Do not edit by hand: re-run \`${input.command}\`.`,
    '',
    machineSection(input.machine),
    '',
    httpSection(input.http, input.machine),
    '',
    profileSection(input.http),
    '',
    codegenSection(input.codegen),
    '',
    interpretation(input),
    '',
  ].join('\n');
}
