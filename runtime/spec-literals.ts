// Entry for the generator: which parts of a spec are literal data (no Express, no logger).
export { containsRefKey, isLiteralData, withoutLiteralRefs } from './src/spec-literals';
