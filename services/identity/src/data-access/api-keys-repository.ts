/** API keys: metadata plus a SHA-256 hash of the secret; the secret itself is never stored. */
import type { Knex } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/identity/types.gen';
import { iso, isoOrNull, jsonColumn, pageOf } from './rows';

type ApiKey = Schemas['ApiKey'];

export interface ApiKeyRecord extends ApiKey {
  secretHash: string;
}

interface ApiKeyRow {
  key_id: string;
  tenant_id: string;
  name: string;
  secret_hash: string;
  scopes: unknown;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const toApiKey = (r: ApiKeyRow): ApiKeyRecord => ({
  keyId: r.key_id,
  tenantId: r.tenant_id,
  name: r.name,
  scopes: jsonColumn<string[]>(r.scopes),
  createdAt: iso(r.created_at),
  expiresAt: isoOrNull(r.expires_at),
  revokedAt: isoOrNull(r.revoked_at),
  secretHash: r.secret_hash,
});

export class ApiKeysRepository {
  constructor(private readonly db: Knex) {}

  async create(args: { keyId: string; tenantId: string; name: string; scopes: string[]; expiresAt: string | null; secretHash: string }, now = new Date()): Promise<ApiKey> {
    await this.db('api_keys').insert({
      key_id: args.keyId,
      tenant_id: args.tenantId,
      name: args.name,
      secret_hash: args.secretHash,
      scopes: JSON.stringify(args.scopes),
      created_at: now,
      expires_at: args.expiresAt === null ? null : new Date(args.expiresAt),
      revoked_at: null,
    });
    return { keyId: args.keyId, tenantId: args.tenantId, name: args.name, scopes: args.scopes, createdAt: iso(now), expiresAt: args.expiresAt === null ? null : iso(args.expiresAt), revokedAt: null };
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const row = (await this.db('api_keys').where({ key_id: keyId }).first()) as ApiKeyRow | undefined;
    return row ? toApiKey(row) : undefined;
  }

  async list(tenantId: string, args: { limit: number; afterId?: string }) {
    const q = this.db('api_keys').where('tenant_id', tenantId).orderBy('key_id').limit(args.limit + 1);
    if (args.afterId) q.where('key_id', '>', args.afterId);
    const page = pageOf(((await q) as ApiKeyRow[]).map(toApiKey), args.limit, (k) => k.keyId);
    return { items: page.items.map(({ secretHash: _secret, ...key }) => key), lastId: page.lastId };
  }

  /** Sets revoked_at once; false when there is no such key. */
  async revoke(keyId: string, now = new Date()): Promise<ApiKeyRecord | undefined> {
    await this.db('api_keys').where({ key_id: keyId }).whereNull('revoked_at').update({ revoked_at: now });
    return this.get(keyId);
  }
}
