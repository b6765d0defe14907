/**
 * Secrets: generated with 256 bits of entropy, stored only as hashes. Client secrets use scrypt
 * (memory-hard, salted); API-key secrets, checked on every introspection, use SHA-256, which is
 * enough for random 256-bit secrets (nothing to brute-force) and costs microseconds.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

function scryptAsync(secret: string, salt: Buffer, params: { N: number; r: number; p: number; keylen: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$<salt>$<hash>`, base64url parts. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), keylen: expected.length });
  return timingSafeEqual(actual, expected);
}

/** A hash to verify against when the client is unknown, so both cases take as long. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashSecret(randomSecret());
  return decoy;
}

export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/**
 * Remembers, for a few minutes, that a (client, secret, stored hash) triple verified, so a
 * client asking for tokens again skips the deliberately slow scrypt. Only a SHA-256 of the triple
 * is kept; a wrong secret never hits it and always pays the full scrypt cost; a changed stored
 * hash (new secret) no longer matches.
 */
export class VerifiedSecrets {
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly ttlMs = 300_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(clientId: string, secret: string, stored: string): Promise<boolean> {
    const key = createHash('sha256').update(`${clientId}\0${secret}\0${stored}`, 'utf8').digest('base64url');
    const until = this.entries.get(key);
    if (until !== undefined && until > this.now()) {
      return true;
    }
    const ok = await verifySecret(secret, stored);
    if (ok) {
      if (this.entries.size >= this.maxEntries) {
        this.entries.clear();
      }
      this.entries.set(key, this.now() + this.ttlMs);
    }
    return ok;
  }
}
