/**
 * What `marquee diff` compares: a spec file (YAML or JSON, any number of files joined by
 * relative `$ref`s), or `REF:PATH`, the same file as it was at a git ref of the repository
 * around the working directory. A ref's whole folder is written to a temp dir so relative refs
 * resolve there exactly as they did at that commit.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { bundleSpec, getAt, SpecFiles, SpecLoadError, type BundleResult, type JsonObject, type LoadedFile } from '@marquee/openapi';
import { joinPointer, splitPointer } from './pointer';
import { git, repoRoot, resolveCommit } from './git';

export interface DiffInput {
  /** As the user wrote it. */
  label: string;
  /** The bundled document the diff engine reads. */
  document: JsonObject;
  /**
   * Where a pointer into the bundled document is written: the user's root file, or the file a
   * component or path item was imported from, as `file:line:column` when the node is there.
   */
  locate(pointer: string): SourceLocation;
}

export interface SourceLocation {
  /** As the user would open it: their own path, or `REF:PATH` for a file at a git ref. */
  file: string;
  /** RFC 6901 pointer into `file` (into the bundled document when no file holds the node). */
  pointer: string;
  line?: number;
  column?: number;
}

/** Loads every input, then removes the temp dirs refs were written to. */
export function loadDiffInputs(args: readonly string[], cwd: string): DiffInput[] {
  const temps: string[] = [];
  try {
    return args.map((arg) => loadOne(arg, cwd, temps));
  } finally {
    for (const dir of temps) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function loadOne(arg: string, cwd: string, temps: string[]): DiffInput {
  const asFile = resolve(cwd, arg);
  if (existsSync(asFile)) {
    return load(asFile, arg, (p) => relative(cwd, p));
  }
  const colon = arg.indexOf(':');
  if (colon > 0) {
    const ref = arg.slice(0, colon);
    const path = arg.slice(colon + 1);
    const root = gitRoot(cwd);
    if (root && resolveCommit(root, ref)) {
      const dir = mkdtempSync(join(tmpdir(), 'marquee-diff-'));
      temps.push(dir);
      const inRepo = relative(root, resolve(cwd, path));
      extractFolder(root, ref, dirname(inRepo), dir);
      const file = join(dir, inRepo);
      if (!existsSync(file)) {
        throw new SpecLoadError(`no file ${inRepo} at git ref '${ref}'`, arg);
      }
      return load(file, arg, (p) => `${ref}:${relative(dir, p)}`);
    }
  }
  throw new SpecLoadError('no such file (and not REF:PATH of a git ref here); give a path to a YAML or JSON OpenAPI document', arg);
}

function load(file: string, label: string, display: (absolutePath: string) => string): DiffInput {
  const files = new SpecFiles();
  const rootFile = files.get(file);
  const version = rootFile.data.openapi;
  if (typeof version !== 'string' || !/^3\.[01]\./.test(version)) {
    const found = rootFile.data.swagger !== undefined ? `swagger: ${String(rootFile.data.swagger)}` : `openapi: ${String(version)}`;
    throw new SpecLoadError(`not an OpenAPI 3.0 or 3.1 document (${found}); convert Swagger 2.0 first`, label);
  }
  const bundle = bundleSpec(file, files);
  const locate = (pointer: string): SourceLocation => {
    const segments = splitPointer(pointer);
    const { source, inSource } = sourceOf(segments, rootFile, bundle.origins, files);
    const name = source === rootFile ? label : display(source.path);
    if (getAt(source.data, inSource) === undefined) {
      return { file: name, pointer };
    }
    return { file: name, pointer: joinPointer('', ...inSource), ...source.locate(inSource) };
  };
  return { label, document: bundle.document, locate };
}

/** The file holding a bundled pointer: the deepest imported part that contains it, else the root. */
function sourceOf(segments: string[], rootFile: LoadedFile, origins: BundleResult['origins'], files: SpecFiles): { source: LoadedFile; inSource: string[] } {
  for (let depth = Math.min(segments.length, 3); depth >= 2; depth--) {
    const origin = origins.get(joinPointer('', ...segments.slice(0, depth)));
    if (origin) {
      return { source: files.get(origin.file), inSource: [...origin.pointer, ...segments.slice(depth)] };
    }
  }
  return { source: rootFile, inSource: segments };
}

function gitRoot(cwd: string): string | undefined {
  try {
    return repoRoot(cwd);
  } catch {
    return undefined;
  }
}

function extractFolder(root: string, ref: string, folder: string, dir: string): void {
  const listed = git(root, ['ls-tree', '-r', '--name-only', ref, '--', folder === '' ? '.' : folder]);
  if (listed === '') {
    return;
  }
  const archive = execFileSync('git', ['archive', '--format=tar', ref, '--', folder === '' ? '.' : folder], { cwd: root, maxBuffer: 512 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive, stdio: ['pipe', 'ignore', 'pipe'] });
}
