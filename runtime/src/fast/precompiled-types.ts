/**
 * What codegen's request-validator emitter (codegen/src/emit/request-validators.ts) writes into
 * generated/<service>/validators.gen.ts, and the formats its Ajv standalone code refers to.
 * Kept free of Express, Ajv's compiler and the validator's spec loader: a service loads only
 * this, the generated functions and Ajv's small runtime helpers at start-up.
 */
import { fastFormats, fullFormats, type FormatMode } from 'ajv-formats/dist/formats';
import { formats as validatorFormats } from 'express-openapi-validator/dist/framework/ajv/formats';

/**
 * How request formats are checked, the one place that says it: the validator's middleware and
 * compiled validators take it as `ajvFormats` (compiled-validation.ts validatorOptions), the
 * generated validators' formats as requestFormats. 'full': a real calendar date, not only its
 * shape; the validator's default 'fast' let `2024-13-01` through as a date, and the event
 * contract (full mode) then refused it at produce time with a 500 (found by make fuzz).
 */
export const REQUEST_FORMAT_MODE: FormatMode = 'full';

/**
 * The formats of express-openapi-validator's request Ajv in a format mode, in the order it
 * registers them (its own, then ajv-formats' over them), so the standalone code checks exactly
 * what the validator's compiled code checked (runtime/test/precompiled-validation.test.ts
 * compares them with a live validator's).
 */
export function formatsFor(mode: FormatMode): Record<string, unknown> {
  return { 'media-range': true, ...validatorFormats, ...(mode === 'full' ? fullFormats : fastFormats) };
}

/** The formats the generated request validators check with (REQUEST_FORMAT_MODE). */
export const requestFormats: Record<string, unknown> = formatsFor(REQUEST_FORMAT_MODE);

export type StandaloneValidate = ((data: unknown) => boolean) & { errors?: object[] | null };

/** One request media type of one operation ('not_provided': a request without a body). */
export interface PrecompiledContentType {
  /** query, headers, params and cookies (the validator's coercing Ajv). */
  general: StandaloneValidate;
  /** The body (the validator's non-coercing Ajv). */
  body: StandaloneValidate;
}

export interface PrecompiledOperation {
  expressRoute: string;
  openApiRoute: string;
  /** The operation's parameters as the validator's request mutator reads them (`req.openapi.schema`). */
  schema: { parameters?: object[] };
  /** The validator's parsed parameter schemas (query, headers, params, cookies); allowEmptyValue as a list. */
  properties: Record<string, { properties?: Record<string, { type?: string; additionalProperties?: unknown }>; allowEmptyValue?: string[] }>;
  /** Query parameters a security scheme declares (allowed beside the operation's own). */
  securityQueryParams: string[];
  allowUnknownQueryParameters: boolean;
  byContentType: Record<string, PrecompiledContentType>;
}

export interface PrecompiledValidators {
  /** The validator's preprocessed components (schemas, parameters) the request mutator dereferences. */
  components: { schemas?: Record<string, object>; parameters?: Record<string, object> };
  operations: Record<string, PrecompiledOperation>;
}
