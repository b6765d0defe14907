/**
 * `make corpus`: the generator on every large public spec of manifest.json (fetched into the
 * cache by fetch.ts), as a new user would run it: lint at the default severities, bundle, IR,
 * every code emitter, then one `tsc` over all outputs (errors counted per spec). One line per spec; a spec
 * the manifest marks `expect: fail` must fail with its `message` (a clear one, no stack trace).
 *
 *   npx tsx codegen/corpus/run.ts [--only github,stripe] [--keep] [--json FILE]
 *
 * Exits 1 when any spec does not do what the manifest expects; outputs are kept then (and with
 * --keep) in a temp dir whose path is printed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { typecheck } from '../test/fixtures/harness';
import { generateService } from '../src/generate';
import { DEFAULT_LINT_CONFIG } from '../src/lint-config';
import { corpusSpecs, fetchCorpus, type CorpusSpec } from './fetch';

export interface SpecReport {
  name: string;
  ok: boolean;
  operations: number;
  warnings: number;
  lintWarnings: number;
  lintErrors: number;
  generateS: number;
  tscS: number;
  tscErrors: string[];
  /** The first line of the generator's error, when it failed. */
  error?: string;
  note?: string;
}

type Expect = CorpusSpec & { expect?: 'fail'; message?: string };

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

export async function runCorpus(specs: Expect[], paths: Map<string, string>, dir: string, log: (line: string) => void): Promise<SpecReport[]> {
  const reports: SpecReport[] = [];
  for (const spec of specs) {
    const out = join(dir, spec.name);
    const started = performance.now();
    const report: SpecReport = { name: spec.name, ok: false, operations: 0, warnings: 0, lintWarnings: 0, lintErrors: 0, generateS: 0, tscS: 0, tscErrors: [] };
    try {
      const result = await generateService({ name: spec.name, specPath: paths.get(spec.name)!, docs: false, lintConfig: DEFAULT_LINT_CONFIG });
      report.generateS = (performance.now() - started) / 1000;
      report.operations = result.ir.operations.length;
      report.warnings = result.ir.warnings.length;
      report.lintErrors = result.findings.filter((f) => f.severity === 'error').length;
      report.lintWarnings = result.findings.length - report.lintErrors;
      for (const file of result.code) {
        mkdirSync(dirname(join(out, file.path)), { recursive: true });
        writeFileSync(join(out, file.path), file.content);
      }
      report.ok = spec.expect !== 'fail' && report.lintErrors === 0;
      if (spec.expect === 'fail') {
        report.note = 'expected to fail, but generated';
      }
    } catch (err) {
      report.generateS = (performance.now() - started) / 1000;
      report.error = firstLine(err);
      const clear = !(err instanceof Error && /^\s+at /m.test(err.message));
      report.ok = spec.expect === 'fail' && clear && new RegExp(spec.message ?? '^$').test(report.error);
      if (!report.ok) {
        report.note = spec.expect === 'fail' ? `expected a message matching /${spec.message}/` : 'expected to generate';
      }
    }
    reports.push(report);
  }
  // One tsc run over every output (lib and runtime types are checked once), errors per spec.
  const generated = reports.filter((r) => r.error === undefined);
  if (generated.length > 0) {
    log(`corpus: tsc over ${generated.length} outputs ...`);
    const tscStarted = performance.now();
    const errors = typecheck(dir).filter((l) => /error TS\d+/.test(l));
    const tscS = (performance.now() - tscStarted) / 1000;
    for (const r of generated) {
      r.tscS = tscS;
      r.tscErrors = errors.filter((l) => l.startsWith(`${r.name}/`));
      r.ok &&= r.tscErrors.length === 0;
    }
    const stray = errors.filter((l) => !generated.some((r) => l.startsWith(`${r.name}/`)));
    if (stray.length > 0) {
      throw new Error(`tsc reported errors outside any spec's output: ${stray[0]}`);
    }
  }
  for (const r of reports) {
    log(formatReport(r));
  }
  return reports;
}

export function formatReport(r: SpecReport): string {
  const status = r.ok ? 'ok  ' : 'FAIL';
  if (r.error !== undefined) {
    return `${status} ${r.name.padEnd(24)} generator refused in ${r.generateS.toFixed(1)}s: ${r.error}${r.note ? `  [${r.note}]` : ''}`;
  }
  const tsc = r.tscErrors.length === 0 ? '0 tsc errors' : `${r.tscErrors.length} tsc errors, first: ${r.tscErrors[0]}`;
  return `${status} ${r.name.padEnd(24)} ${String(r.operations).padStart(4)} ops  generate ${r.generateS.toFixed(1)}s  ${tsc}  lint ${r.lintErrors} errors/${r.lintWarnings} warnings  ${r.warnings} skipped-feature warnings${r.note ? `  [${r.note}]` : ''}`;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : undefined;
  const jsonOut = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined;
  const paths = fetchCorpus((l) => process.stdout.write(`${l}\n`));
  const specs = (corpusSpecs() as Expect[]).filter((s) => !only || only.includes(s.name));
  const dir = mkdtempSync(join(tmpdir(), 'marquee-large-corpus-'));
  process.stdout.write(`corpus: ${specs.length} specs; outputs in ${dir}\n`);
  const reports = await runCorpus(specs, paths, dir, (l) => process.stdout.write(`${l}\n`));
  if (jsonOut) {
    writeFileSync(jsonOut, `${JSON.stringify(reports, null, 2)}\n`);
  }
  const failed = reports.filter((r) => !r.ok);
  process.stdout.write(`corpus: ${reports.length - failed.length} passed, ${failed.length} failed\n`);
  if (failed.length === 0 && !argv.includes('--keep')) {
    rmSync(dir, { recursive: true, force: true });
  } else {
    process.stdout.write(`corpus: outputs kept in ${dir}\n`);
  }
  return failed.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`corpus: ${firstLine(err)}\n`);
      process.exit(1);
    },
  );
}
