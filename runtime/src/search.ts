/**
 * Elasticsearch through the official v8 client: short timeouts, one retry, and a readiness
 * check on cluster health. Services keep their own indices behind aliases.
 */
import type { Client } from '@elastic/elasticsearch';
import type * as Elastic from '@elastic/elasticsearch';

export type { Client as SearchClient };

/** Loaded on first use: services without Elasticsearch do not pay for it at start-up (cold start, #11). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const elastic = (): typeof Elastic => require('@elastic/elasticsearch') as typeof Elastic;

export function createSearch(settings: { node: string; requestTimeoutMs?: number }): Client {
  const { Client } = elastic();
  return new Client({
    node: settings.node,
    requestTimeout: settings.requestTimeoutMs ?? 5000,
    maxRetries: 1,
    sniffOnStart: false,
  });
}

/** Readiness: cluster health answers and is not red. */
export function searchReadiness(client: Client): () => Promise<void> {
  return async () => {
    const health = await client.cluster.health({ timeout: '1s' }, { requestTimeout: 1500, maxRetries: 0 });
    if (health.status === 'red') {
      throw new Error('elasticsearch: cluster health is red');
    }
  };
}
