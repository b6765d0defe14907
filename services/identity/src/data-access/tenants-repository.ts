/** Tenants and their users and OAuth2 clients. */
import { randomUUID } from 'node:crypto';
import type { Knex } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/identity/types.gen';
import { iso, jsonColumn, pageOf } from './rows';

type Tenant = Schemas['Tenant'];
type User = Schemas['User'];
type Client = Schemas['Client'];

export interface ClientRecord extends Client {
  secretHash: string;
}

interface ClientRow {
  client_id: string;
  tenant_id: string;
  name: string;
  secret_hash: string;
  allowed_scopes: unknown;
  created_at: Date;
}

const toTenant = (r: { id: string; name: string; kind: string; created_at: Date }): Tenant => ({ id: r.id, name: r.name, kind: r.kind as Tenant['kind'], createdAt: iso(r.created_at) });
const toUser = (r: { id: string; tenant_id: string; email: string; name: string; created_at: Date }): User => ({ id: r.id, tenantId: r.tenant_id, email: r.email, name: r.name, createdAt: iso(r.created_at) });
const toClient = (r: ClientRow): ClientRecord => ({
  clientId: r.client_id,
  tenantId: r.tenant_id,
  name: r.name,
  allowedScopes: jsonColumn<string[]>(r.allowed_scopes),
  createdAt: iso(r.created_at),
  secretHash: r.secret_hash,
});

export class TenantsRepository {
  constructor(private readonly db: Knex) {}

  async createTenant(input: Schemas['TenantCreate'], now = new Date()): Promise<Tenant> {
    await this.db('tenants').insert({ id: input.id, name: input.name, kind: input.kind, created_at: now });
    return { ...input, createdAt: iso(now) };
  }

  async getTenant(id: string): Promise<Tenant | undefined> {
    const row = await this.db('tenants').where({ id }).first();
    return row ? toTenant(row) : undefined;
  }

  async listTenants(args: { limit: number; kind?: string; afterId?: string }) {
    const q = this.db('tenants').orderBy('id').limit(args.limit + 1);
    if (args.kind) q.where('kind', args.kind);
    if (args.afterId) q.where('id', '>', args.afterId);
    return pageOf((await q).map(toTenant), args.limit, (t) => t.id);
  }

  async createUser(tenantId: string, input: Schemas['UserCreate'], now = new Date()): Promise<User> {
    const id = randomUUID();
    await this.db('users').insert({ id, tenant_id: tenantId, email: input.email, name: input.name, created_at: now });
    return { id, tenantId, email: input.email, name: input.name, createdAt: iso(now) };
  }

  async listUsers(tenantId: string, args: { limit: number; afterId?: string }) {
    const q = this.db('users').where('tenant_id', tenantId).orderBy('id').limit(args.limit + 1);
    if (args.afterId) q.where('id', '>', args.afterId);
    return pageOf((await q).map(toUser), args.limit, (u) => u.id);
  }

  async createClient(args: { tenantId: string; clientId: string; name: string; allowedScopes: string[]; secretHash: string }, now = new Date()): Promise<Client> {
    await this.db('clients').insert({
      client_id: args.clientId,
      tenant_id: args.tenantId,
      name: args.name,
      secret_hash: args.secretHash,
      allowed_scopes: JSON.stringify(args.allowedScopes),
      created_at: now,
    });
    return { clientId: args.clientId, tenantId: args.tenantId, name: args.name, allowedScopes: args.allowedScopes, createdAt: iso(now) };
  }

  async getClient(clientId: string): Promise<ClientRecord | undefined> {
    const row = (await this.db('clients').where({ client_id: clientId }).first()) as ClientRow | undefined;
    return row ? toClient(row) : undefined;
  }

  async listClients(tenantId: string, args: { limit: number; afterId?: string }) {
    const q = this.db('clients').where('tenant_id', tenantId).orderBy('client_id').limit(args.limit + 1);
    if (args.afterId) q.where('client_id', '>', args.afterId);
    const page = pageOf(((await q) as ClientRow[]).map(toClient), args.limit, (c) => c.clientId);
    return { items: page.items.map(({ secretHash: _secret, ...client }) => client), lastId: page.lastId };
  }
}
