/** OpenAPI documents as the generator and the diff engine read them. */
export { bundleSpec, type BundleResult } from './bundle';
export * from './load';
export { jsonLocator } from './json-positions';
export { HTTP_METHODS, synthesizeId, toIdentifier, type HttpMethod } from './names';
