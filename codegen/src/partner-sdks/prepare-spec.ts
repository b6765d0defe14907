/**
 * Deterministic pre-processing of a bundled spec before openapi-generator reads it. Each step
 * works around a generator limit with OpenAPI 3.1 and is explained in
 * codegen/partner-sdks/README.md. The input is never modified.
 */

export interface Spec {
  info: { version: string; title: string };
  [key: string]: unknown;
}

/** The spec the partner SDKs are generated from. */
export function prepareSpec(bundled: Spec): Spec {
  const spec = structuredClone(bundled);
  return spec;
}
