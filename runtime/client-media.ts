// Entry for the generator: which media types the client hands over as bytes (no DOM, no Express).
export { isBinaryMedia } from './src/client-core/media';
