/**
 * `make seed` imports every catalog tenant's data, and ingest takes the tenant from the caller's
 * token (#10). So, as the platform administrator (IDENTITY_ADMIN_CLIENT_ID / _SECRET, default the
 * local-dev marquee-admin client), this makes sure the tenant exists in identity and creates a
 * client of it for this seed run (scopes ingest:read ingest:write), whose secret is only shown
 * at creation. Local development only, like the seeded clients.
 */
import { clientCredentialsToken } from '@marquee/runtime';
import { IdentityClient } from '@marquee/generated/identity/client.gen';

export interface SeedClient {
  clientId: string;
  clientSecret: string;
}

export function identityAdmin(env: NodeJS.ProcessEnv = process.env): IdentityClient {
  const identityUrl = env.IDENTITY_URL ?? 'http://127.0.0.1:4000';
  const token = clientCredentialsToken({
    tokenUrl: `${identityUrl}/oauth/token`,
    clientId: env.IDENTITY_ADMIN_CLIENT_ID ?? 'marquee-admin',
    clientSecret: env.IDENTITY_ADMIN_CLIENT_SECRET ?? 'marquee-admin-local-dev-secret',
    scope: 'identity:admin',
  });
  return new IdentityClient({ baseUrl: identityUrl, credentials: { token } });
}

export async function seedClientFor(admin: IdentityClient, tenant: { id: string; name: string }): Promise<SeedClient> {
  const created = await admin.createTenant({ body: { id: tenant.id, name: tenant.name, kind: 'exhibitor' } });
  if (created.status !== 201 && created.status !== 409) throw new Error(`identity refused tenant ${tenant.id}: ${created.status} ${JSON.stringify(created.body)}`);
  const clientId = `seed-${tenant.id.slice(0, 40)}-${Date.now().toString(36)}`.replace(/-+$/, '');
  const client = await admin.createClient({ path: { tenantId: tenant.id }, body: { clientId, name: 'make seed importer (local development)', allowedScopes: ['ingest:read', 'ingest:write'] } });
  if (client.status !== 201) throw new Error(`identity refused a client for ${tenant.id}: ${client.status} ${JSON.stringify(client.body)}`);
  return { clientId: client.body.clientId, clientSecret: client.body.clientSecret };
}
