/**
 * Local-development identities, idempotent: the demo tenant northstar-cinemas with a demo client,
 * and the platform tenant with a service client (catalog/audience introspect API keys with it)
 * and an admin client. Their secrets are fixed so `make up` can print a working curl line; they
 * are for a developer's machine only (set your own clients up anywhere else).
 */
import type { Knex } from '@marquee/runtime';
import { hashSecret, verifySecret } from '../domain/secrets';

export const DEMO_TENANT = { id: 'northstar-cinemas', name: 'Northstar Cinemas', kind: 'exhibitor' } as const;
export const PLATFORM_TENANT = { id: 'marquee-platform', name: 'Marquee platform', kind: 'platform' } as const;

export const SEED_CLIENTS = [
  {
    tenantId: DEMO_TENANT.id,
    clientId: 'northstar-demo',
    secret: 'northstar-demo-local-dev-secret',
    name: 'Northstar demo client (local development)',
    allowedScopes: ['catalog:read', 'catalog:write', 'audience:read', 'audience:write', 'ingest:read', 'ingest:write', 'campaigns:read', 'campaigns:write', 'insights:read'],
  },
  {
    tenantId: PLATFORM_TENANT.id,
    clientId: 'marquee-services',
    secret: 'marquee-services-local-dev-secret',
    name: 'Service identity of the services (API-key introspection; the enricher reads the catalog)',
    allowedScopes: ['identity:introspect', 'catalog:read'],
  },
  {
    tenantId: PLATFORM_TENANT.id,
    clientId: 'marquee-admin',
    secret: 'marquee-admin-local-dev-secret',
    name: 'Platform administrator (local development)',
    allowedScopes: ['identity:admin', 'identity:introspect'],
  },
] as const;

export async function seedIdentity(db: Knex): Promise<string> {
  const now = new Date();
  for (const tenant of [DEMO_TENANT, PLATFORM_TENANT]) {
    await db('tenants').insert({ ...tenant, created_at: now }).onConflict('id').ignore();
  }
  for (const c of SEED_CLIENTS) {
    const existing = (await db('clients').where({ client_id: c.clientId }).first()) as { secret_hash: string } | undefined;
    const secretHash = existing && (await verifySecret(c.secret, existing.secret_hash)) ? existing.secret_hash : await hashSecret(c.secret);
    const row = { tenant_id: c.tenantId, name: c.name, secret_hash: secretHash, allowed_scopes: JSON.stringify(c.allowedScopes) };
    if (existing) {
      await db('clients').where({ client_id: c.clientId }).update(row);
    } else {
      await db('clients').insert({ ...row, client_id: c.clientId, created_at: now });
    }
  }
  return `tenants ${DEMO_TENANT.id}, ${PLATFORM_TENANT.id}; clients ${SEED_CLIENTS.map((c) => c.clientId).join(', ')}`;
}
