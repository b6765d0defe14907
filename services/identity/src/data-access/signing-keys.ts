/**
 * ES256 signing keys in identity's database: the newest unretired key signs; a rotated-out key
 * stays in the JWKS until every token it signed has expired (retired_at + token lifetime).
 * Private halves are stored encrypted (KeyEncryption). The active key is cached briefly, so a
 * rotation by another replica is picked up within ACTIVE_CACHE_MS.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Knex } from '@marquee/runtime';
import type { KeyEncryption } from '../domain/key-encryption';

const ALG = 'ES256';
const ACTIVE_CACHE_MS = 10_000;

export interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
  createdAt: Date;
}

interface KeyRow {
  kid: string;
  alg: string;
  public_jwk: string | JWK;
  private_jwk_encrypted: string;
  created_at: Date;
  retired_at: Date | null;
}

export class SigningKeys {
  private cached: { key: ActiveKey; until: number } | undefined;

  constructor(
    private readonly db: Knex,
    private readonly encryption: KeyEncryption,
    private readonly tokenTtlSeconds: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The key new tokens are signed with; creates the first one if there is none. */
  async active(): Promise<ActiveKey> {
    const now = Date.now();
    if (this.cached && this.cached.until > now) {
      return this.cached.key;
    }
    let row = await this.newestUnretired();
    if (!row) {
      await this.create();
      row = await this.newestUnretired();
    }
    if (!row) {
      throw new Error('signing key: none could be created');
    }
    const jwk = JSON.parse(this.encryption.decrypt(row.private_jwk_encrypted)) as JWK;
    const key: ActiveKey = { kid: row.kid, privateKey: (await importJWK(jwk, ALG)) as CryptoKey, createdAt: row.created_at };
    this.cached = { key, until: now + ACTIVE_CACHE_MS };
    return key;
  }

  /** A new active key; every older key is retired (and leaves the JWKS a token lifetime later). */
  async rotate(): Promise<{ kid: string; alg: string; createdAt: Date }> {
    const created = await this.create();
    await this.db('signing_keys').whereNull('retired_at').whereNot('kid', created.kid).update({ retired_at: created.createdAt });
    this.cached = undefined;
    return { kid: created.kid, alg: ALG, createdAt: created.createdAt };
  }

  /** Public keys whose tokens may still be valid, newest first. */
  async publicKeys(): Promise<JWK[]> {
    const oldest = new Date(this.clock().getTime() - this.tokenTtlSeconds * 1000);
    const rows = (await this.db('signing_keys')
      .select('kid', 'public_jwk')
      .where((q) => q.whereNull('retired_at').orWhere('retired_at', '>', oldest))
      .orderBy('created_at', 'desc')) as Pick<KeyRow, 'kid' | 'public_jwk'>[];
    return rows.map((r) => (typeof r.public_jwk === 'string' ? (JSON.parse(r.public_jwk) as JWK) : r.public_jwk));
  }

  private async newestUnretired(): Promise<KeyRow | undefined> {
    return (await this.db('signing_keys').whereNull('retired_at').orderBy('created_at', 'desc').orderBy('kid', 'desc').first()) as KeyRow | undefined;
  }

  private async create(): Promise<{ kid: string; createdAt: Date }> {
    const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
    const createdAt = this.clock();
    const kid = `${createdAt.toISOString().slice(0, 19).replace(/:/g, '-')}-${randomBytes(3).toString('hex')}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    const privateJwk = await exportJWK(privateKey);
    await this.db('signing_keys').insert({
      kid,
      alg: ALG,
      public_jwk: JSON.stringify(publicJwk),
      private_jwk_encrypted: this.encryption.encrypt(JSON.stringify(privateJwk)),
      created_at: createdAt,
      retired_at: null,
    });
    return { kid, createdAt };
  }
}
