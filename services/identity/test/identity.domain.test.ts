/** Pure pieces of identity: rate limiter, key encryption at rest, secret hashing, API key format. */
import { KeyEncryption } from '../src/domain/key-encryption';
import { RateLimiter } from '../src/domain/rate-limiter';
import { VerifiedSecrets, hashSecret, verifySecret } from '../src/domain/secrets';
import { newApiKey, parseApiKey } from '../src/domain/api-key-verifier';

describe('RateLimiter', () => {
  it('allows perMinute in a burst, then tells how long to wait, and refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i += 1) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });

  it('reports Retry-After in whole seconds for slow rates', () => {
    const limiter = new RateLimiter(2, () => 0);
    limiter.take('k');
    limiter.take('k');
    expect(limiter.take('k')).toBe(30);
  });
});

describe('KeyEncryption', () => {
  it('round-trips, hides the plaintext, and refuses another secret or a tampered value', () => {
    const sealed = new KeyEncryption('one').encrypt('{"d":"private"}');
    expect(sealed).not.toContain('private');
    expect(new KeyEncryption('one').decrypt(sealed)).toBe('{"d":"private"}');
    expect(() => new KeyEncryption('two').decrypt(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('{"d":"other!!!!"}').toString('base64url');
    expect(() => new KeyEncryption('one').decrypt(parts.join('.'))).toThrow();
  });
});

describe('secrets', () => {
  it('scrypt hashes are salted and verify only the right secret', async () => {
    const [a, b] = [await hashSecret('s3cret'), await hashSecret('s3cret')];
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(await verifySecret('s3cret', a)).toBe(true);
    expect(await verifySecret('s3cret!', a)).toBe(false);
    expect(await verifySecret('s3cret', 'md5$abc')).toBe(false);
  });

  it('VerifiedSecrets remembers only a secret that verified, for its TTL, and only for that stored hash', async () => {
    let now = 0;
    const cache = new VerifiedSecrets(1000, 10, () => now);
    const stored = await hashSecret('right');
    expect(await cache.verify('c', 'wrong', stored)).toBe(false);
    expect(await cache.verify('c', 'wrong', stored)).toBe(false);
    expect(await cache.verify('c', 'right', stored)).toBe(true);
    expect(await cache.verify('c', 'right', await hashSecret('other'))).toBe(false);
    now += 2000;
    expect(await cache.verify('c', 'right', stored)).toBe(true);
  });

  it('API keys parse back into id and secret; anything else does not', () => {
    const made = newApiKey();
    expect(parseApiKey(made.key)).toEqual({ keyId: made.keyId, secret: made.secret });
    for (const bad of ['', 'mqk_', `mqk_${made.keyId}`, `${made.key}x`, made.key.replace('mqk_', 'mqx_')]) expect(parseApiKey(bad)).toBeUndefined();
  });
});

