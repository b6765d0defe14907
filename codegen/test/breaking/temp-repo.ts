/**
 * Throwaway git repositories under os.tmpdir() for the end-to-end tests: a copy of this repo's
 * specs/ (and, on request, the audience service, generated/ and a node_modules link, so the
 * impact finder has real consumers), committed on `main` with every service at 1.0.0.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { listServices, setInfoVersion, type CliIo } from '@marquee/diff';

export const REPO = resolve(__dirname, '../../..');

export interface TempRepo {
  dir: string;
  git: (...args: string[]) => string;
  /** Edits a YAML file in place through the yaml Document API. */
  editYaml: (file: string, edit: (doc: ReturnType<typeof parseDocument>) => void) => void;
  read: (file: string) => string;
  write: (file: string, text: string) => void;
  remove: () => void;
}

/** Every service starts at 1.0.0 in the copy, so tests do not depend on the real specs' versions. */
export function createTempRepo(options: { consumers?: boolean } = {}): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-diff-e2e-'));
  cpSync(join(REPO, 'specs'), join(dir, 'specs'), { recursive: true });
  for (const service of listServices(join(dir, 'specs'))) {
    const spec = join(dir, 'specs', service, 'openapi.yaml');
    writeFileSync(spec, setInfoVersion(readFileSync(spec, 'utf8'), '1.0.0'));
    rmSync(join(dir, 'specs', service, 'CHANGELOG.md'), { force: true });
  }
  if (options.consumers) {
    cpSync(join(REPO, 'services', 'audience', 'src'), join(dir, 'services', 'audience', 'src'), { recursive: true });
    cpSync(join(REPO, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  }
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Diff Test');
  git('config', 'user.email', 'diff-test@example.invalid');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'initial contracts');
  const path = (file: string) => join(dir, file);
  return {
    dir,
    git,
    editYaml: (file, edit) => {
      const doc = parseDocument(readFileSync(path(file), 'utf8'));
      edit(doc);
      writeFileSync(path(file), doc.toString());
    },
    read: (file) => readFileSync(path(file), 'utf8'),
    write: (file, text) => {
      mkdirSync(dirname(path(file)), { recursive: true });
      writeFileSync(path(file), text);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI's exported `main` in-process against a directory. */
export function runMain(main: (argv: string[], io: CliIo) => number, cwd: string, argv: string[], today?: string): CliRun {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), ...(today ? { today } : {}) });
  return { code, stdout, stderr };
}

/** Runs a CLI file the way a person does (`npx tsx file ...`), in a child process. */
export function spawnCli(file: string, cwd: string, argv: string[]): CliRun {
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(REPO, file), ...argv], { cwd, encoding: 'utf8' });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
