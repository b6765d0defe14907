/**
 * Severity levels. Their own module: the rule catalog (rules.ts) gives each rule a severity and
 * a Change (types.ts) names its rule, so rules.ts and types.ts would otherwise import each other.
 */

/**
 * How a change affects consumers, most severe first. `breaking`: a request an existing client
 * sends, or a response it handles, changes on the wire. `source-breaking`: the wire is the same
 * but generated code changes shape (a renamed path parameter or operationId renames a client
 * argument or method), so SDK users must edit their code; SDK versions follow the spec's, so it
 * still needs a major version. `non-breaking`: an addition. `info`: documentation-level.
 */
export const SEVERITIES = ['breaking', 'source-breaking', 'non-breaking', 'info'] as const;

export type Severity = (typeof SEVERITIES)[number];

/** Whether a change needs a major version: it breaks clients on the wire or in their source. */
export function needsMajor(severity: Severity): boolean {
  return severity === 'breaking' || severity === 'source-breaking';
}
