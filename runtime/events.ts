// Entry for generated event contracts: typed topics, validating producer and consumer (kafkajs + Ajv).
export * from './src/events';
