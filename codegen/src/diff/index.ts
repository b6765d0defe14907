/** The spec diff engine: breaking-change detection between two bundled OpenAPI documents. */
export { diffSpecs } from './diff-specs';
export { RULES, RULE_IDS, ruleSpec, type ChangelogSection, type RuleId, type RuleSpec } from './rules';
export { describeOperation, formatOperation, needsMajor, SEVERITIES, type Change, type DiffOptions, type Direction, type OperationRef, type Severity } from './types';
