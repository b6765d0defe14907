/**
 * The scan behind ImpactFinder (impact.ts), found statically with the TypeScript compiler: one
 * Program over services/*\/src (and web/src) with the repository's compiler options, then every
 * call whose receiver's type (from the type checker, so aliases, `this.catalog` fields and
 * injected clients all count) has the called method from a generated `<Service>Client` class in
 * generated/<service>/client.gen.ts (or the release of it a consumer pins, generated/<consumer>/clients/<service>/).
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface ConsumerCall {
  /** Service whose generated client is called (`catalog`). */
  service: string;
  /** Client method, which is the operationId (`listFilms`). */
  method: string;
  /** Calling file, relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  column: number;
}

/** generated/<service>/client.gen.ts, or a consumer's pinned release of it: generated/<consumer>/clients/<service>/client.gen.ts. */
const CLIENT_FILE = /[\\/]generated[\\/](?:[^\\/]+[\\/]clients[\\/])?([^\\/]+)[\\/]client\.gen\.(?:d\.)?ts$/;

/** The consumer files: services/<name>/src/**\/*.ts and web/src/**\/*.ts. */
export function consumerFiles(root: string): string[] {
  const dirs: string[] = [];
  const servicesDir = join(root, 'services');
  if (existsSync(servicesDir)) {
    for (const entry of readdirSync(servicesDir, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(servicesDir, entry.name, 'src'))) {
        dirs.push(join(servicesDir, entry.name, 'src'));
      }
    }
  }
  if (existsSync(join(root, 'web', 'src'))) {
    dirs.push(join(root, 'web', 'src'));
  }
  return dirs.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((p) => p.endsWith('.ts') && !p.split(/[\\/]/).includes('node_modules'))
      .map((p) => join(dir, p))
      .sort(),
  );
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = ['tsconfig.base.json', 'tsconfig.json'].map((f) => join(root, f)).find((f) => existsSync(f));
  const fallback: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022, strict: true };
  if (!configPath) {
    return fallback;
  }
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) {
    return fallback;
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
  // Only symbols are needed: skip emit and library checking, ignore `types` that may be absent.
  return { ...parsed.options, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2023.d.ts'] };
}

/** Every call into a generated client from consumer code. */
export function scanCalls(root: string): ConsumerCall[] {
  const files = consumerFiles(root);
  if (files.length === 0) {
    return [];
  }
  const program = ts.createProgram({ rootNames: files, options: compilerOptions(root) });
  const checker = program.getTypeChecker();
  const realRoot = realpathSync(root);
  const calls: ConsumerCall[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) {
      continue;
    }
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const call = clientCall(checker, node);
        if (call) {
          const { line, character } = source.getLineAndCharacterOfPosition(node.expression.getStart(source));
          const rel = relative(realRoot, realpathSync(file)).split(sep).join('/');
          calls.push({ ...call, file: rel, line: line + 1, column: character + 1 });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

/**
 * `catalog.listFilms(...)` → { service: 'catalog', method: 'listFilms' } when the receiver's type
 * (any member of a union, `undefined` removed) has that method from a generated client class;
 * subclasses of a generated client inherit its methods and count too.
 */
function clientCall(checker: ts.TypeChecker, call: ts.CallExpression): { service: string; method: string } | undefined {
  const callee = skipParentheses(call.expression);
  let method: string;
  if (ts.isPropertyAccessExpression(callee)) {
    method = callee.name.text;
  } else if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) {
    method = callee.argumentExpression.text;
  } else {
    return undefined;
  }
  const receiver = checker.getNonNullableType(checker.getTypeAtLocation(callee.expression));
  for (const type of receiver.isUnion() ? receiver.types : [receiver]) {
    for (const declaration of checker.getPropertyOfType(type, method)?.declarations ?? []) {
      const owner = declaration.parent;
      const match = CLIENT_FILE.exec(declaration.getSourceFile().fileName);
      if (ts.isClassDeclaration(owner) && owner.name?.text.endsWith('Client') && match?.[1]) {
        return { service: match[1], method };
      }
    }
  }
  return undefined;
}

function skipParentheses(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node;
}
