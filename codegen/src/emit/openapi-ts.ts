/**
 * openapi-typescript's transform without its Redocly front end. `openapiTS(document)` first
 * builds a Redocly config, lints the document with Redocly's "minimal" rules and re-bundles it;
 * the documents we hand it are already linted and bundled by our own pipeline (one document,
 * local `$ref`s only), so that front end only costs time: loading @redocly/openapi-core is
 * about 40% of a cold `make generate`'s module loading, and its lint and bundle walks as much
 * again per service. This calls the same transform with the same context `openapiTS` builds
 * for our options (openapi-typescript 7.x, dist/index.cjs); the output is byte-identical
 * (`make check-generated`, codegen/test/openapi-ts.test.ts compares both on every fixture).
 *
 * The package's exports map hides its internal modules, so they are required by file path.
 */
import { dirname, join } from 'node:path';
import type { GlobalContext, OpenAPI3, OpenAPITSOptions, astToString as AstToString, resolveRef as ResolveRef, scanDiscriminators as ScanDiscriminators, transformSchema as TransformSchema } from 'openapi-typescript';
import type ts from 'typescript';

interface Internals {
  transformSchema: typeof TransformSchema;
  astToString: typeof AstToString;
  scanDiscriminators: typeof ScanDiscriminators;
  resolveRef: typeof ResolveRef;
}

let internals: Internals | undefined;

function load(): Internals {
  if (!internals) {
    const dist = dirname(require.resolve('openapi-typescript'));
    /* eslint-disable @typescript-eslint/no-require-imports -- internal modules of a pinned package, by path */
    const transformSchema = require(join(dist, 'transform', 'index.cjs')) as typeof TransformSchema;
    const utils = require(join(dist, 'lib', 'utils.cjs')) as { scanDiscriminators: typeof ScanDiscriminators; resolveRef: typeof ResolveRef };
    const tsLib = require(join(dist, 'lib', 'ts.cjs')) as { astToString: typeof AstToString };
    /* eslint-enable @typescript-eslint/no-require-imports */
    internals = { transformSchema, astToString: tsLib.astToString, scanDiscriminators: utils.scanDiscriminators, resolveRef: utils.resolveRef };
  }
  return internals;
}

/** The TypeScript AST openapi-typescript makes of an already bundled OpenAPI 3.x document. */
export function openapiToTs(schema: OpenAPI3, options: Pick<OpenAPITSOptions, 'alphabetize' | 'silent' | 'defaultNonNullable'> = {}): ts.Node[] {
  const { transformSchema, scanDiscriminators, resolveRef } = load();
  const version = Number.parseFloat(String(schema.openapi));
  if (!(version >= 3 && version < 4)) {
    throw new Error(`Unsupported OpenAPI version: ${String(schema.openapi)}`);
  }
  const silent = options.silent ?? false;
  // The defaults openapiTS applies (openapi-typescript dist/index.cjs), for the options we pass.
  const ctx: GlobalContext = {
    additionalProperties: false,
    alphabetize: options.alphabetize ?? false,
    arrayLength: false,
    defaultNonNullable: options.defaultNonNullable ?? true,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined as unknown as GlobalContext['redoc'],
    silent,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve($ref) {
      return resolveRef(schema, $ref, { silent });
    },
  };
  return transformSchema(schema, ctx);
}

export function astToString(ast: ts.Node[]): string {
  return load().astToString(ast);
}
