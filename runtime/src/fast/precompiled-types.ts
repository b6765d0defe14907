/**
 * What codegen's request-validator emitter (codegen/src/emit/request-validators.ts) writes into
 * generated/<service>/validators.gen.ts, and the formats its Ajv standalone code refers to.
 * Kept free of Express, Ajv's compiler and the validator's spec loader: a service loads only
 * this, the generated functions and Ajv's small runtime helpers at start-up.
 */
import { fullFormats } from 'ajv-formats/dist/formats';
import { formats as validatorFormats } from 'express-openapi-validator/dist/framework/ajv/formats';

/**
 * The formats of express-openapi-validator's request Ajv, in the order it registers them
 * (its own, then ajv-formats in 'full' mode over them, as validatorOptions' `ajvFormats` asks: a
 * real calendar date, not only its shape), so the
 * standalone code checks exactly what the validator's compiled code checked
 * (runtime/test/precompiled-validation.test.ts compares them with a live validator's).
 */
export const requestFormats: Record<string, unknown> = { 'media-range': true, ...validatorFormats, ...fullFormats };

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
