/** The audience query DSL: field registry, validation, compilation to Elasticsearch, result mapping, index mapping. */
export {
  AGE_BANDS,
  BREAKDOWN_FIELD_NAMES,
  FIELD_NAMES,
  FIELDS,
  GENDERS,
  GENRE_IDS,
  MEMBERSHIP_STATUSES,
  OPERATORS,
  QUERY_LIMITS,
  SAMPLE_FIELD_NAMES,
  SORT_FIELD_NAMES,
  getField,
  indexPath,
} from './field-registry';
export type { BreakdownSupport, FieldName, FieldSpec, FieldType, GenreId, KeySpec, Operator, ValueRule } from './field-registry';
export type { ParsedBreakdown, ParsedCondition, ParsedExpression, ParsedQuery, ParsedRange, ParsedSample, Scalar } from './parsed-query';
export { acceptedAudienceQuery, parseAudienceQuery, validateAudienceQuery } from './validate';
export type { ParseResult } from './validate';
export { MEMBER_ID_FIELD, TENANT_FIELD, compileFilter, compileParsedQuery, compileQuery } from './compile';
export type { CompileContext, CompiledDimension, CompiledQuery, SearchBody } from './compile';
export type { EsQuery } from './compile-condition';
export { toBreakdownResult, toCountResult, toExplainResult, toSampleResult, totalHits } from './results';
export type {
  BreakdownBucket,
  BreakdownDimension,
  BreakdownResult,
  CountResult,
  ExplainResult,
  SampleItem,
  SampleResult,
  SearchResponseLike,
} from './results';
export {
  PROFILE_INDEX_ALIAS,
  PROFILE_INDEX_SETTINGS,
  PROFILE_MAPPINGS,
  PROFILE_MAPPING_VERSION,
  profileIndexBody,
  profileIndexName,
} from './profile-mapping';
export type { ProfileDocument } from './profile-mapping';
