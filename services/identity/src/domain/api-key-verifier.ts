/** `mqk_<keyId>_<secret>`: making, parsing and checking API keys. */
import { randomBytes } from 'node:crypto';
import type { ApiKeyRecord, ApiKeysRepository } from '../data-access/api-keys-repository';
import { randomSecret, sameHex, sha256Hex } from './secrets';

const API_KEY = /^mqk_(k[0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function newApiKey(): { keyId: string; secret: string; key: string } {
  const keyId = `k${randomBytes(8).toString('hex')}`;
  const secret = randomSecret(32);
  return { keyId, secret, key: `mqk_${keyId}_${secret}` };
}

export function parseApiKey(key: string): { keyId: string; secret: string } | undefined {
  const match = API_KEY.exec(key);
  return match ? { keyId: match[1]!, secret: match[2]! } : undefined;
}

export type KeyCheck = { active: false; keyId?: string; tenantId?: string } | { active: true; record: ApiKeyRecord };

export class ApiKeyVerifier {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Active only for a known, unrevoked, unexpired key whose secret matches. */
  async check(key: string): Promise<KeyCheck> {
    const parsed = parseApiKey(key);
    if (!parsed) {
      return { active: false };
    }
    const record = await this.keys.get(parsed.keyId);
    if (!record || !sameHex(sha256Hex(parsed.secret), record.secretHash)) {
      return { active: false, keyId: parsed.keyId };
    }
    const expired = record.expiresAt !== null && Date.parse(record.expiresAt) <= this.clock().getTime();
    if (record.revokedAt !== null || expired) {
      return { active: false, keyId: parsed.keyId, tenantId: record.tenantId };
    }
    return { active: true, record };
  }
}
