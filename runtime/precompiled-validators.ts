// Entry for generated validators.gen.ts: the types and formats its standalone code needs (no Express, no Ajv compiler).
export { requestFormats, type PrecompiledContentType, type PrecompiledOperation, type PrecompiledValidators } from './src/fast/precompiled-types';
