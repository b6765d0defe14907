/**
 * Found by `make faults`: while Kafka restarted, one of the enricher's consumers crashed with an
 * error kafkajs deems fatal ("the coordinator is not aware of this member"); kafkajs does not
 * restart a consumer after such an error, so its partitions stayed unconsumed until the process
 * was restarted. startEventConsumer now starts a new consumer. Real Kafka; the fatal error is
 * raised from the handler, which takes the same kafkajs crash path.
 */
import { KafkaJSNonRetriableError } from 'kafkajs';
import { createKafka } from '../index';
import { defineTopic, ensureTopics, startEventConsumer, type RunningConsumer } from '../events';
import { KAFKA_BROKERS, eventually } from '../../test/support/engines';
import { uniquePrefix } from '../../test/support/pipeline';

interface Ping { id: string }
const prefix = uniquePrefix();
const topic = defineTopic<Ping, 'id'>({ channel: 'pings', address: `${prefix}pings`, deadLetter: `${prefix}pings.dlq`, key: 'id', message: 'Ping', version: '1.0.0', schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } });
const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: `revive-${process.pid}` });
const producer = kafka.producer();
let running: RunningConsumer | undefined;

afterAll(async () => {
  await running?.stop();
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic.address, topic.deadLetter] }).catch(() => undefined);
  await admin.disconnect();
});

test('When a consumer crashes with an error kafkajs will not restart it after, Then a new consumer takes over and the event is handled', async () => {
  await ensureTopics(kafka, [topic.address]);
  await producer.connect();
  const handled: string[] = [];
  const crashes: unknown[] = [];
  let fail = true;
  running = await startEventConsumer<Ping, 'id'>({
    kafka,
    producer,
    topic,
    groupId: `${prefix}revive`,
    handle: async (events) => {
      if (fail) {
        fail = false;
        throw new KafkaJSNonRetriableError('The coordinator is not aware of this member');
      }
      handled.push(...events.map((e) => e.value.id));
    },
    onError: (err) => crashes.push(err),
  });
  await producer.send({ topic: topic.address, messages: [{ key: 'p1', value: JSON.stringify({ id: 'p1' }) }] });
  await eventually(async () => handled.includes('p1'), 60_000);
  expect(crashes.length).toBeGreaterThanOrEqual(1);
}, 90_000);
