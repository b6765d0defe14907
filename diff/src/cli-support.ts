/** What the two contract CLIs (breaking.ts, release.ts) share: I/O seams and argument helpers. */
import { UsageError } from './compare-service';
import { repoRoot } from './git';

/** Where a CLI runs and writes; tests pass their own. */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Today's date (YYYY-MM-DD); defaults to the current UTC date. */
  today?: string;
}

/** `--base=v1` → ['--base', 'v1']; anything else → [arg, undefined]. */
export function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

/** Reads the value of an option: inline (`--x=v`) or the next argument. */
export function optionValue(flag: string, inline: string | undefined, next: () => string | undefined): string {
  const v = inline ?? next();
  if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) {
    throw new UsageError(`${flag} needs a value`);
  }
  return v;
}

/** The repository root containing `cwd`. */
export function rootOf(cwd: string): string {
  try {
    return repoRoot(cwd);
  } catch {
    throw new UsageError(`${cwd} is not inside a git repository`);
  }
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
