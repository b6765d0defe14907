/** Shared steps of identity's HTTP tests: tokens for the seeded local-dev clients, unique tenants. */
import { randomBytes } from 'node:crypto';
import { http, startIdentity, type Started } from '../../../test/support/platform';
import { SEED_CLIENTS } from '../src/data-access/seed';

export type SeedClientId = (typeof SEED_CLIENTS)[number]['clientId'];

export function seedClient(clientId: SeedClientId) {
  const client = SEED_CLIENTS.find((c) => c.clientId === clientId);
  if (!client) throw new Error(`no seed client ${clientId}`);
  return client;
}

/** POST /oauth/token with a form body (`basic` sends the credentials with HTTP Basic instead). */
export function tokenRequest(url: string, form: Record<string, string>, basic?: { id: string; secret: string }) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`).toString('base64')}`;
  }
  return http(`${url}/oauth/token`, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
}

export async function tokenFor(url: string, clientId: string, secret: string, scope?: string): Promise<string> {
  const response = await tokenRequest(url, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, ...(scope ? { scope } : {}) });
  if (response.status !== 200) throw new Error(`token for ${clientId}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.access_token as string;
}

export async function seedToken(url: string, clientId: SeedClientId, scope?: string): Promise<string> {
  return tokenFor(url, clientId, seedClient(clientId).secret, scope);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const uniqueTenantId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Creates a tenant as the admin and returns its id. */
export async function createTenant(url: string, adminToken: string, prefix: string, kind = 'exhibitor'): Promise<string> {
  const id = uniqueTenantId(prefix);
  const created = await http(`${url}/tenants`, { method: 'POST', headers: bearer(adminToken), json: { id, name: `Tenant ${id}`, kind } });
  if (created.status !== 201) throw new Error(`create tenant: ${created.status} ${JSON.stringify(created.body)}`);
  return id;
}

/** Identity on its test database and a token of the seeded admin client. */
export async function startWithAdmin(): Promise<{ identity: Started; admin: string }> {
  const identity = await startIdentity();
  return { identity, admin: await seedToken(identity.url, 'marquee-admin') };
}
