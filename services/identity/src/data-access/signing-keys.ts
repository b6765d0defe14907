/**
 * ES256 signing keys in identity's database. A rotation publishes the new key in the JWKS at
 * once and lets it sign only from `activates_at` (now + publish delay), so verifiers that cache
 * the JWKS (and refetch on an unknown kid at most once per cooldown) know it before its first
 * token; the key it replaces signs until then (its retired_at) and stays in the JWKS until every
 * token it signed has expired. Private halves are stored encrypted (KeyEncryption). The signing
 * key is cached briefly per replica, so replicas switch within ACTIVE_CACHE_MS of activation.
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
}

export interface KeyInfo {
  kid: string;
  alg: string;
  createdAt: Date;
  activatesAt: Date;
}

interface KeyRow {
  kid: string;
  public_jwk: string | JWK;
  private_jwk_encrypted: string;
  created_at: Date;
  activates_at: Date | null;
  retired_at: Date | null;
}

export class SigningKeys {
  private cached: { key: ActiveKey; until: number } | undefined;

  constructor(
    private readonly db: Knex,
    private readonly encryption: KeyEncryption,
    private readonly options: { tokenTtlSeconds: number; publishSeconds: number },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The key new tokens are signed with; creates the first one (active at once) if there is none. */
  async active(): Promise<ActiveKey> {
    const now = this.clock();
    if (this.cached && this.cached.until > now.getTime()) {
      return this.cached.key;
    }
    let row = await this.signing(now);
    if (!row && Number((await this.db('signing_keys').count({ n: '*' }).first())?.n) === 0) {
      await this.create(now);
      row = await this.signing(now);
    }
    if (!row) {
      throw new Error('signing key: none is active');
    }
    const jwk = JSON.parse(this.encryption.decrypt(row.private_jwk_encrypted)) as JWK;
    const key: ActiveKey = { kid: row.kid, privateKey: (await importJWK(jwk, ALG)) as CryptoKey };
    // Not past the moment this key retires (a rotation's activation), so the switch is on time here.
    this.cached = { key, until: Math.min(now.getTime() + ACTIVE_CACHE_MS, row.retired_at ? new Date(row.retired_at).getTime() : Infinity) };
    return key;
  }

  /**
   * Publishes a new key that signs from now + publishSeconds on; the keys that activate before it
   * retire at that moment. Only those: a concurrent rotation's key activating later (or at the
   * same millisecond) is newer, and retiring it too left no key signing after both activated, so
   * every token request was a 500 ("none is active") until the next rotation.
   */
  async rotate(): Promise<KeyInfo> {
    const now = this.clock();
    const activatesAt = new Date(now.getTime() + this.options.publishSeconds * 1000);
    const created = await this.create(activatesAt, now);
    await this.db('signing_keys')
      .whereNot('kid', created.kid)
      .whereRaw('COALESCE(activates_at, created_at) < ?', [activatesAt])
      .where((q) => q.whereNull('retired_at').orWhere('retired_at', '>', activatesAt))
      .update({ retired_at: activatesAt });
    this.cached = undefined;
    return created;
  }

  /** Public keys whose tokens may still be valid or that will sign soon, newest first. */
  async publicKeys(): Promise<JWK[]> {
    // Slack for replicas that still sign with a retired key for up to ACTIVE_CACHE_MS.
    const oldest = new Date(this.clock().getTime() - this.options.tokenTtlSeconds * 1000 - 2 * ACTIVE_CACHE_MS);
    const rows = (await this.db('signing_keys')
      .select('kid', 'public_jwk')
      .where((q) => q.whereNull('retired_at').orWhere('retired_at', '>', oldest))
      .orderBy('created_at', 'desc')) as Pick<KeyRow, 'kid' | 'public_jwk'>[];
    return rows.map((r) => (typeof r.public_jwk === 'string' ? (JSON.parse(r.public_jwk) as JWK) : r.public_jwk));
  }

  /** The newest key already activated and not yet retired. */
  private async signing(now: Date): Promise<KeyRow | undefined> {
    return (await this.db('signing_keys')
      .where((q) => q.whereNull('activates_at').orWhere('activates_at', '<=', now))
      .where((q) => q.whereNull('retired_at').orWhere('retired_at', '>', now))
      .orderByRaw('COALESCE(activates_at, created_at) DESC')
      .orderBy('kid', 'desc')
      .first()) as KeyRow | undefined;
  }

  private async create(activatesAt: Date, createdAt = activatesAt): Promise<KeyInfo> {
    const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = `${createdAt.toISOString().slice(0, 19).replace(/:/g, '-')}-${randomBytes(3).toString('hex')}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    await this.db('signing_keys').insert({
      kid,
      alg: ALG,
      public_jwk: JSON.stringify(publicJwk),
      private_jwk_encrypted: this.encryption.encrypt(JSON.stringify(await exportJWK(privateKey))),
      created_at: createdAt,
      activates_at: activatesAt,
      retired_at: null,
    });
    return { kid, alg: ALG, createdAt, activatesAt };
  }
}
