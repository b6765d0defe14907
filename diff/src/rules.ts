/**
 * The rule catalog: every change the diff engine can report, with a fixed severity, the
 * CHANGELOG section it lands in and a default fix hint. Severity is decided here, once, from
 * the client's point of view: a request change breaks when the server accepts less, a
 * response change breaks when the server may send something an existing client cannot handle.
 */
import type { Severity } from './severity';

export type ChangelogSection = 'added' | 'changed' | 'deprecated' | 'removed';

export interface RuleSpec {
  severity: Severity;
  section: ChangelogSection;
  fix: string;
}

const MAJOR = 'or release it as a new major version.';
const NONE = 'No action needed; release at least a minor version.';
const INFO = 'No action needed.';

const rule = (severity: Severity, section: ChangelogSection, fix: string): RuleSpec => ({ severity, section, fix });

export const RULES = {
  // Operations and paths
  'path-removed': rule('breaking', 'removed', 'Restore the path; deprecate its operations with an x-sunset date and remove them in a new major version.'),
  'operation-removed': rule('breaking', 'removed', 'Restore the operation; deprecate it with an x-sunset date and remove it in a new major version.'),
  'deprecated-operation-removed-before-sunset': rule(
    'breaking',
    'removed',
    'Keep the operation until its x-sunset date, or announce an earlier sunset and release a new major version.',
  ),
  'deprecated-operation-removed': rule('breaking', 'removed', 'Announce a sunset date (x-sunset) before removing a deprecated operation, or release it as a new major version.'),
  'deprecated-operation-removed-after-sunset': rule('info', 'removed', 'Expected removal: the operation was deprecated and its sunset date has passed.'),
  'path-added': rule('non-breaking', 'added', NONE),
  'operation-added': rule('non-breaking', 'added', NONE),
  'operation-deprecated': rule('info', 'deprecated', 'Announce a removal date with `x-sunset: YYYY-MM-DD` so consumers can plan.'),
  'operation-sunset-moved-earlier': rule('breaking', 'changed', `Keep the sunset date consumers were given (a later date is fine), ${MAJOR}`),
  'webhook-removed': rule('breaking', 'removed', `Keep sending the webhook (deprecate it first), ${MAJOR}`),
  'webhook-added': rule('non-breaking', 'added', NONE),
  'callback-removed': rule('breaking', 'removed', `Keep calling the callback (deprecate it first), ${MAJOR}`),
  'callback-added': rule('non-breaking', 'added', NONE),
  'operation-id-changed': rule(
    'source-breaking',
    'changed',
    `Keep the old operationId: the wire is unchanged, but generated clients and SDKs name their methods after it, ${MAJOR}`,
  ),

  // Request parameters
  'request-parameter-added-required': rule('breaking', 'added', `Make the parameter optional with a server-side default, ${MAJOR}`),
  'request-parameter-added-optional': rule('non-breaking', 'added', NONE),
  'request-parameter-removed': rule('breaking', 'removed', `Keep accepting the parameter (mark it deprecated) until the next major version, ${MAJOR}`),
  'request-parameter-renamed': rule('breaking', 'changed', `Accept the old name as a deprecated alias next to the new one, ${MAJOR}`),
  'request-path-parameter-renamed': rule(
    'source-breaking',
    'changed',
    `Keep the old template name: the URL is unchanged, but generated clients and SDKs take path parameters by name, ${MAJOR}`,
  ),
  'request-parameter-moved': rule('breaking', 'changed', `Accept the parameter in both locations during a deprecation period, ${MAJOR}`),
  'request-parameter-made-required': rule('breaking', 'changed', `Keep the parameter optional with a server-side default, ${MAJOR}`),
  'request-parameter-made-optional': rule('non-breaking', 'changed', NONE),
  'request-parameter-style-changed': rule('breaking', 'changed', `Keep the serialization (style/explode) existing clients send, ${MAJOR}`),
  'request-parameter-deprecated': rule('info', 'deprecated', 'Tell consumers what to send instead, and when the parameter goes away.'),

  // Request bodies
  'request-body-made-required': rule('breaking', 'changed', `Keep the request body optional, ${MAJOR}`),
  'request-body-made-optional': rule('non-breaking', 'changed', NONE),
  'request-body-added': rule('non-breaking', 'added', NONE),
  'request-body-removed': rule('breaking', 'removed', `Keep accepting (and ignoring) the body until the next major version, ${MAJOR}`),
  'request-media-type-removed': rule('breaking', 'removed', `Keep accepting the media type, ${MAJOR}`),
  'request-media-type-added': rule('non-breaking', 'added', NONE),
  'request-property-added-required': rule('breaking', 'added', `Make the property optional with a server-side default, ${MAJOR}`),
  'request-property-added-optional': rule('non-breaking', 'added', NONE),
  'request-property-removed': rule('breaking', 'removed', `Keep accepting the property (mark it deprecated) until the next major version, ${MAJOR}`),
  'request-property-made-required': rule('breaking', 'changed', `Keep the property optional with a server-side default, ${MAJOR}`),
  'request-property-made-optional': rule('non-breaking', 'changed', NONE),
  'property-deprecated': rule('info', 'deprecated', 'Tell consumers what to use instead, and when the property goes away.'),

  // Responses
  'response-status-removed': rule('breaking', 'removed', `Keep returning the status for the cases that produced it, ${MAJOR}`),
  'response-error-status-removed': rule('non-breaking', 'removed', INFO),
  'response-status-added': rule('non-breaking', 'added', 'Make sure consumers handle the new status (generated clients return it as a typed result).'),
  'response-media-type-removed': rule('breaking', 'removed', `Keep serving the media type, ${MAJOR}`),
  'response-media-type-added': rule('non-breaking', 'added', NONE),
  'response-property-removed': rule('breaking', 'removed', `Keep returning the property (mark it deprecated) until the next major version, ${MAJOR}`),
  'response-property-made-optional': rule('breaking', 'changed', `Keep always returning the property, ${MAJOR}`),
  'response-property-added': rule('non-breaking', 'added', NONE),
  'response-property-made-required': rule('non-breaking', 'changed', NONE),
  'response-header-removed': rule('breaking', 'removed', `Keep sending the header, ${MAJOR}`),
  'response-header-made-optional': rule('breaking', 'changed', `Keep always sending the header, ${MAJOR}`),
  'response-header-added': rule('non-breaking', 'added', NONE),

  // Schema values, request side (the server must keep accepting what it accepted)
  'request-type-changed': rule('breaking', 'changed', `Keep accepting the old type (e.g. with oneOf of both types), ${MAJOR}`),
  'request-type-widened': rule('non-breaking', 'changed', NONE),
  'request-type-added': rule('breaking', 'changed', `Keep the schema untyped (or list every type it accepted), ${MAJOR}`),
  'request-format-changed': rule('breaking', 'changed', `Keep the old format, ${MAJOR}`),
  'request-format-removed': rule('non-breaking', 'changed', NONE),
  'request-nullable-removed': rule('breaking', 'changed', `Keep accepting null, ${MAJOR}`),
  'request-nullable-added': rule('non-breaking', 'changed', NONE),
  'request-enum-value-removed': rule('breaking', 'removed', `Keep accepting the value (document it as deprecated), ${MAJOR}`),
  'request-enum-value-added': rule('non-breaking', 'added', NONE),
  'request-constraint-tightened': rule('breaking', 'changed', `Keep the old limit for requests, ${MAJOR}`),
  'request-constraint-loosened': rule('non-breaking', 'changed', NONE),
  'request-default-changed': rule(
    'breaking',
    'changed',
    `Keep the old default (clients that omit the value rely on it); make the new behaviour opt-in, ${MAJOR}`,
  ),
  'request-default-added': rule('info', 'changed', INFO),
  'request-additional-properties-closed': rule('breaking', 'changed', `Keep accepting (and ignoring) unknown properties, ${MAJOR}`),
  'request-additional-properties-opened': rule('non-breaking', 'changed', NONE),
  'request-variant-removed': rule('breaking', 'removed', `Keep accepting the variant, ${MAJOR}`),
  'request-variant-added': rule('non-breaking', 'added', NONE),
  'request-one-of-overlap': rule(
    'breaking',
    'added',
    `Make the variants disjoint (a discriminator, different types, or required properties the others forbid with additionalProperties: false), use anyOf, ${MAJOR}`,
  ),

  // Schema values, response side (the server must not send anything new or looser)
  'response-type-changed': rule('breaking', 'changed', `Keep returning the old type (add a new property for the new one), ${MAJOR}`),
  'response-type-narrowed': rule('non-breaking', 'changed', NONE),
  'response-type-removed': rule('breaking', 'changed', `Keep declaring the type the response had (clients are generated from it), ${MAJOR}`),
  'response-format-changed': rule('breaking', 'changed', `Keep the old format (add a new property for the new one), ${MAJOR}`),
  'response-format-added': rule('non-breaking', 'changed', NONE),
  'response-nullable-added': rule('breaking', 'changed', `Keep the value non-null (omit or default it instead), ${MAJOR}`),
  'response-nullable-removed': rule('non-breaking', 'changed', NONE),
  'response-enum-value-added': rule(
    'breaking',
    'added',
    `Only return the new value to clients that opt in, or document that clients must tolerate unknown values, ${MAJOR}`,
  ),
  'response-enum-value-removed': rule('non-breaking', 'removed', NONE),
  'response-constraint-loosened': rule('breaking', 'changed', `Keep the old limit for responses, ${MAJOR}`),
  'response-constraint-tightened': rule('non-breaking', 'changed', NONE),
  'response-default-changed': rule('info', 'changed', INFO),
  'response-additional-properties-changed': rule('info', 'changed', INFO),
  'response-variant-added': rule('breaking', 'added', `Only return the new variant to clients that opt in, ${MAJOR}`),
  'response-variant-removed': rule('non-breaking', 'removed', NONE),

  // Discriminators (both directions)
  'discriminator-changed': rule('breaking', 'changed', `Keep the discriminator property and what each value selects; add new values instead, ${MAJOR}`),
  'request-discriminator-value-removed': rule('breaking', 'removed', `Keep accepting the old value as an alias in the mapping, ${MAJOR}`),
  'request-discriminator-value-added': rule('non-breaking', 'added', NONE),
  'response-discriminator-value-added': rule(
    'breaking',
    'added',
    `Keep sending the values clients know (generated clients pick the type by it), or document that clients must tolerate unknown values, ${MAJOR}`,
  ),
  'response-discriminator-value-removed': rule('non-breaking', 'removed', NONE),

  // Security
  'security-requirement-added': rule('breaking', 'changed', `Keep the operation reachable with the credentials clients already send, ${MAJOR}`),
  'security-requirement-removed': rule('non-breaking', 'changed', NONE),
  'security-scope-added': rule('breaking', 'changed', `Keep the old scopes sufficient, ${MAJOR}`),
  'security-scope-removed': rule('non-breaking', 'changed', NONE),
  'security-alternative-added': rule('non-breaking', 'added', NONE),
  'security-alternative-removed': rule('breaking', 'removed', `Keep accepting the old way to authenticate, ${MAJOR}`),
  'security-scheme-changed': rule(
    'breaking',
    'changed',
    `Keep the scheme's type, location and name (add a new scheme as another alternative instead), ${MAJOR}`,
  ),
} as const satisfies Record<string, RuleSpec>;

export type RuleId = keyof typeof RULES;

/** Every rule id, in catalog order. */
export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function ruleSpec(id: RuleId): RuleSpec {
  return RULES[id];
}
