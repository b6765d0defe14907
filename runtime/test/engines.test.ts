/** Round trips through the shared adapters over the real engines started by scripts/infra.sh. */
import { randomUUID } from 'node:crypto';
import { createKafka, createLogger, createSearch, kafkaReadiness, searchReadiness } from '../index';
import { ELASTICSEARCH_URL, KAFKA_BROKERS } from '../../test/support/engines';

const log = createLogger('engines-test', 'silent');

test('When messages are produced to a fresh topic, Then a new consumer group reads them back in order', async () => {
  const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: 'roundtrip', log });
  const topic = `roundtrip-${randomUUID()}`;
  const admin = kafka.admin();
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `roundtrip-${randomUUID()}` });
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await producer.connect();
    await producer.send({ topic, messages: ['one', 'two', 'three'].map((value, i) => ({ key: `k${i}`, value })) });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only received ${JSON.stringify(received)}`)), 20000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message.value?.toString() ?? '');
          if (received.length === 3) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    expect(received).toEqual(['one', 'two', 'three']);
    const ready = kafkaReadiness(kafka);
    await expect(ready()).resolves.toBeUndefined();
    await ready.close();
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}, 40000);

test('When a document is indexed and the index refreshed, Then a term query finds it and the client accepts the node', async () => {
  const search = createSearch({ node: ELASTICSEARCH_URL });
  const index = `roundtrip-${randomUUID()}`;
  try {
    const info = await search.info();
    expect(info.version.number).toMatch(/^8\./);
    await search.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { dynamic: 'strict', properties: { region: { type: 'keyword' }, visits: { type: 'integer' } } },
    });
    await search.index({ index, id: 'm-1', document: { region: 'CA-ON', visits: 7 } });
    await search.index({ index, id: 'm-2', document: { region: 'CA-QC', visits: 2 } });
    await search.indices.refresh({ index });
    const found = await search.search({ index, query: { bool: { filter: [{ term: { region: 'CA-ON' } }, { range: { visits: { gte: 5 } } }] } } });
    expect(found.hits.hits.map((h) => h._id)).toEqual(['m-1']);
    await expect(searchReadiness(search)()).resolves.toBeUndefined();
  } finally {
    await search.indices.delete({ index }, { ignore: [404] });
    await search.close();
  }
});
