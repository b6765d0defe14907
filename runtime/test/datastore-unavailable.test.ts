/**
 * Which engine errors mean "retry later" (503 problem+json with Retry-After) rather than a bug
 * (500). Each row is an error `make faults` met while it stopped and restarted an engine under load.
 */
import { errors } from '@elastic/transport';
import { isDatastoreUnavailable } from '../index';
import { problemFor } from '../src/problem';

function esError(statusCode: number, type: string): Error {
  const body = { error: { root_cause: [{ type, reason: null }], type: 'search_phase_execution_exception', reason: 'all shards failed' }, status: statusCode };
  return new errors.ResponseError({ body, statusCode, headers: {}, warnings: null, meta: {} as never });
}

/** What mysql2 throws when a query is written to a connection MariaDB closed while stopping. */
function mysqlClosed(code: string): Error {
  return Object.assign(new Error('This socket has been ended by the other party'), { code, fatal: true });
}

type TestCase = [string, { given: unknown; want: boolean }];
const cases: TestCase[] = [
  ['Elasticsearch restarted, shards not assigned yet (503 no_shard_available_action_exception)', { given: esError(503, 'no_shard_available_action_exception'), want: true }],
  ['Elasticsearch queues full (429 es_rejected_execution_exception)', { given: esError(429, 'es_rejected_execution_exception'), want: true }],
  ['MariaDB closed the connection under a query (EPIPE)', { given: mysqlClosed('EPIPE'), want: true }],
  ['a query queued on a connection that already failed', { given: mysqlClosed('PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR'), want: true }],
  ['Elasticsearch 400 (a bad query is a bug, not an outage)', { given: esError(400, 'parsing_exception'), want: false }],
  ['Elasticsearch 404 index_not_found', { given: esError(404, 'index_not_found_exception'), want: false }],
  ['a duplicate key (ER_DUP_ENTRY)', { given: Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' }), want: false }],
];

test.each(cases)('When the engine fails with %s, Then isDatastoreUnavailable is as expected', (_name, { given, want }) => {
  expect(isDatastoreUnavailable(given)).toBe(want);
});

test('When Elasticsearch answers 503 after a restart, Then the caller gets 503 problem+json with Retry-After, not a 500', () => {
  const { problem, headers } = problemFor(esError(503, 'no_shard_available_action_exception'), { instance: '/audience/count', requestId: 'r1', contentType: 'application/json' });
  expect(problem.status).toBe(503);
  expect(headers['retry-after']).toBe('5');
});
