// Entry for generated clients: no Express, no logger; runs in Node and browsers.
export * from './src/client/index';
