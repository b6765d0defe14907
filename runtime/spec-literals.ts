// Entry for the generator: which parts of a spec are literal data (no Express, no logger).
export { containsRefKey, isExtensionEntry, isLiteralData, isNamedMap, withoutLiteralRefs } from './src/spec-literals';
