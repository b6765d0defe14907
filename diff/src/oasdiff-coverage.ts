/**
 * How each of oasdiff's breaking (error-level) checks maps onto our rules: covered by one or
 * more rules, lacking, or not a break for us (with the reason). oasdiff spells one idea many
 * times over (request-body-, request-property-, request-parameter-... × max-, min-, ... ×
 * set/increased/decreased), so the mapping is written per family, as ordered patterns; the
 * first that matches a check id decides. diff/src/rules-coverage.ts renders it into
 * RULES.md with the counts, and diff/test/oasdiff-agreement.test.ts checks the claims
 * on the corpus pairs by running both engines.
 */
import type { RuleId } from './rules';

export type CoverageStatus = 'covered' | 'lacking' | 'differs';

export interface Family {
  /** Short name for the table, e.g. `request limits set or tightened`. */
  family: string;
  match: RegExp;
  status: CoverageStatus;
  /** For `covered`: the rules that report it (one of them fires on a pair oasdiff flags). */
  rules?: readonly RuleId[];
  /** For `lacking` and `differs`: why. */
  why?: string;
}

const REQ = '(body|property|parameter|parameter-property|header-property)';
const RESP = '(body|property|header|mediatype)';
const LIMIT =
  '(max|min|exclusive-max|exclusive-min|max-length|min-length|max-items|min-items|max-properties|min-properties|max-contains|min-contains|multiple-of|unique-items|pattern)';
const STRUCTURE =
  '(contains|if|then|else|dependent-required|dependent-schema|property-names|pattern-property|unevaluated-items|unevaluated-properties|content-schema|content-encoding|content-media-type)';
const LIFECYCLE_WHY =
  'not a wire change: sunset and stability metadata on something still served is a deprecation policy (oasdiff lints it); we check x-sunset when an operation is actually removed';

const f = (family: string, match: string, status: CoverageStatus, more: { rules?: RuleId[]; why?: string }): Family => ({
  family,
  match: new RegExp(`^${match}$`),
  status,
  ...more,
});

export const FAMILIES: readonly Family[] = [
  // Operations, paths, webhooks
  f('operation removed (deprecated or not)', 'api-removed-without-deprecation', 'covered', { rules: ['operation-removed'] }),
  f('path removed', 'api-path-removed-without-deprecation', 'covered', { rules: ['path-removed'] }),
  f('removed before its sunset date', 'api-(path-)?removed-before-sunset', 'covered', { rules: ['deprecated-operation-removed-before-sunset'] }),
  f('removed with a missing or invalid sunset date', 'api-path-sunset-parse', 'covered', { rules: ['deprecated-operation-removed'] }),
  f('webhook removed', 'webhook-removed', 'covered', { rules: ['webhook-removed'] }),
  f('sunset date moved earlier', 'api-sunset-date-changed-earlier', 'covered', { rules: ['operation-sunset-moved-earlier'] }),
  f('sunset date deleted', 'sunset-deleted', 'differs', {
    why: 'dropping the date changes no request; removing the operation later without a date is then breaking itself (deprecated-operation-removed)',
  }),
  f('deprecation and stability policy', '(api-deprecated-sunset-missing|api-deprecated-sunset-parse|api-invalid-stability-level|api-stability-decreased|api-sunset-date-changed-too-small|api-sunset-date-too-small)', 'differs', { why: LIFECYCLE_WHY }),
  f(
    'parameter and property lifecycle policy',
    '(request-parameter|request-property|response-property)-(deprecated-sunset-missing|deprecated-sunset-invalid|sunset-parse|sunset-date-changed-earlier|sunset-date-changed-too-small|sunset-date-too-small|sunset-deleted|stability-decreased)',
    'differs',
    { why: LIFECYCLE_WHY },
  ),

  // Security
  f('security requirement or alternative removed', '(api-security-removed|api-global-security-removed)', 'covered', {
    rules: ['security-alternative-removed', 'security-requirement-added'],
  }),
  f('scope added', '(api-security-scope-added|api-global-security-scope-added)', 'covered', { rules: ['security-scope-added'] }),
  f('anonymous access removed', 'api-security-anonymous-access-removed', 'covered', { rules: ['security-requirement-added'] }),
  f('security scheme component changed', 'api-security-component-(api-key-in|api-key-name|http-scheme|type)-changed', 'covered', {
    rules: ['security-scheme-changed'],
  }),

  // Parameters
  f('required parameter added', '(new-request-path-parameter|new-required-request-parameter|new-required-request-default-parameter-to-existing-path)', 'covered', {
    rules: ['request-parameter-added-required'],
  }),
  f('parameter made required', 'request-parameter-became-required', 'covered', { rules: ['request-parameter-made-required'] }),
  f('parameter removed before its sunset', 'request-parameter-removed-before-sunset', 'covered', { rules: ['request-parameter-removed'] }),

  // Request bodies and media types
  f('request body added required or made required', 'request-body-(added-required|became-required)', 'covered', { rules: ['request-body-made-required'] }),
  f('request body removed', 'request-body-removed', 'covered', { rules: ['request-body-removed'] }),
  f('request media type removed', 'request-body-media-type-removed', 'covered', { rules: ['request-media-type-removed'] }),
  f('request media type gains a schema', 'request-body-media-type-schema-added', 'covered', { rules: ['request-type-added'] }),
  f('request media type gains an itemSchema (OpenAPI 3.2)', 'request-body-media-type-item-schema-added', 'lacking', { why: 'OpenAPI 3.2 itemSchema (streamed items) is not read yet' }),

  // Request properties
  f('required request property added', '(new-required-request-property|new-required-request-property-with-default|new-required-request-header-property)', 'covered', {
    rules: ['request-property-added-required'],
  }),
  f('request property made required', '(request-property-became-required|request-property-became-required-with-default|request-header-property-became-required)', 'covered', {
    rules: ['request-property-made-required'],
  }),
  f('required request property no longer readOnly', 'request-required-property-became-not-read-only', 'covered', { rules: ['request-property-added-required'] }),
  f('request property removed before its sunset', 'request-property-removed-before-sunset', 'covered', { rules: ['request-property-removed'] }),

  // Request values
  f('request limits set or tightened', `request-${REQ}-${LIMIT}-(set|added|increased|decreased)`, 'covered', { rules: ['request-constraint-tightened'] }),
  f('request multipleOf changed', `request-${REQ}-multiple-of-changed`, 'covered', { rules: ['request-constraint-tightened'] }),
  f('request restricted to an enum or const', `request-${REQ}-(became-enum|const-added)`, 'covered', { rules: ['request-constraint-tightened'] }),
  f('request enum value removed, const changed', `request-${REQ}-(enum-value-removed|const-changed)`, 'covered', { rules: ['request-enum-value-removed'] }),
  f('request no longer nullable', `request-${REQ}-became-not-nullable`, 'covered', { rules: ['request-nullable-removed'] }),
  f('request type changed or narrowed', `request-${REQ}-(type-changed|list-of-types-narrowed|type-specialized)`, 'covered', {
    rules: ['request-type-changed', 'request-format-changed', 'request-type-added'],
  }),
  f('request JSON Schema 2020-12 keyword added or changed', `request-${REQ}-${STRUCTURE}-(added|changed)`, 'covered', { rules: ['request-constraint-tightened'] }),
  f('request oneOf/anyOf branch removed (oasdiff also reads anyOf → oneOf so)', `request-${REQ}-(one-of|any-of)-removed`, 'covered', {
    rules: ['request-variant-removed', 'request-one-of-overlap'],
  }),
  f('request allOf part added', `request-${REQ}-all-of-added`, 'differs', {
    why: 'allOf parts are merged and the merged schema compared: a new part breaks only when it adds something that does (a required property, a limit); oasdiff flags any new part',
  }),
  f('request body wrapped in a oneOf', 'request-body-wrapped-in-one-of', 'differs', {
    why: 'breaking only when the branches overlap (request-one-of-overlap); a discriminated or disjoint oneOf accepts everything it did',
  }),
  f('request schema became `false`', `request-${REQ}-schema-became-false`, 'covered', { rules: ['request-type-changed'] }),
  f('x-extensible-enum value removed', `request-${REQ}-x-extensible-enum-value-removed`, 'covered', { rules: ['request-enum-value-removed'] }),

  // Responses
  f('success status removed', 'response-success-status-removed', 'covered', { rules: ['response-status-removed'] }),
  f('response media type removed or renamed', 'response-media-type-(removed|name-generalized|parameter-changed|parameter-removed)', 'covered', {
    rules: ['response-media-type-removed'],
  }),
  f('response media type schema removed', 'response-body-media-type-schema-removed', 'covered', { rules: ['response-type-removed'] }),
  f('response media type itemSchema removed (OpenAPI 3.2)', 'response-body-media-type-item-schema-removed(-untyped)?', 'lacking', { why: 'OpenAPI 3.2 itemSchema (streamed items) is not read yet' }),
  f('required response header removed', 'required-response-header-removed', 'covered', { rules: ['response-header-removed'] }),
  f('response header made optional', 'response-header-became-optional', 'covered', { rules: ['response-header-made-optional'] }),
  f('required response property removed', 'response-required-property-(removed|removed-before-sunset|became-write-only)', 'covered', { rules: ['response-property-removed'] }),
  f('response property made optional', 'response-property-became-optional', 'covered', { rules: ['response-property-made-optional'] }),

  // Response values
  f('response limits unset or loosened', `response-${RESP}-${LIMIT}-(unset|removed|increased|decreased)`, 'covered', { rules: ['response-constraint-loosened'] }),
  f('response multipleOf changed', `response-${RESP}-multiple-of-changed`, 'covered', { rules: ['response-constraint-loosened'] }),
  f('response enum or const dropped', `response-${RESP}-(became-not-enum|const-removed)`, 'covered', { rules: ['response-constraint-loosened'] }),
  f('response enum value added, const changed', `response-${RESP}-(enum-value-added|const-changed)`, 'covered', { rules: ['response-enum-value-added'] }),
  f('response became nullable', `response-${RESP}-became-nullable`, 'covered', { rules: ['response-nullable-added'] }),
  f('response type changed or widened', `response-${RESP}-(type-changed|type-generalized|list-of-types-widened)`, 'covered', {
    rules: ['response-type-changed', 'response-format-changed'],
  }),
  f('response JSON Schema 2020-12 keyword removed or changed', `response-${RESP}-${STRUCTURE}-(removed|changed)`, 'covered', { rules: ['response-constraint-loosened'] }),
  f('response oneOf/anyOf branch added', `response-${RESP}-(one-of|any-of)-added`, 'covered', { rules: ['response-variant-added'] }),
  f('response body wrapped in a oneOf', 'response-body-wrapped-in-one-of', 'covered', { rules: ['response-variant-added'] }),
  f('response allOf part removed', `response-${RESP}-all-of-removed`, 'differs', {
    why: 'allOf parts are merged and the merged schema compared: dropping a part breaks only when it drops something that does (a property, a limit)',
  }),
  f('response schema became or stopped being `false`', `response-${RESP}-schema-became-(not-)?false`, 'covered', { rules: ['response-type-changed'] }),
];

export interface Classified {
  id: string;
  entry?: Family;
}

/** The first family whose pattern matches the check id (undefined: not mapped yet). */
export function classify(id: string): Family | undefined {
  return FAMILIES.find((family) => family.match.test(id));
}
