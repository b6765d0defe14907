import { env, loadConfig, mysqlEnv } from '@marquee/runtime';

export const DEV_KEY_ENCRYPTION_SECRET = 'marquee-identity-local-dev-key-encryption-secret';

/** Parsed once at startup; invalid settings stop the service with every problem listed. */
export function loadIdentityConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      PORT: env.int({ default: 4000, min: 0, max: 65535 }),
      HOST: env.string({ default: '127.0.0.1' }),
      ...mysqlEnv({ user: 'identity', password: 'identity-local-dev', database: 'marquee_identity' }),
      /** Lifetime of issued access tokens. */
      TOKEN_TTL_SECONDS: env.int({ default: 900, min: 30, max: 86_400 }),
      /** Encrypts signing keys' private halves at rest (AES-256-GCM; the key is SHA-256 of this). Set it in production. */
      KEY_ENCRYPTION_SECRET: env.string({ default: DEV_KEY_ENCRYPTION_SECRET }),
      /** After POST /keys/rotate, how long the new key is only published before it signs (> verifiers' JWKS refetch cooldown). */
      KEY_PUBLISH_SECONDS: env.int({ default: 60, min: 0, max: 86_400 }),
      /** Token requests per client per minute (token bucket); beyond it 429 with Retry-After. */
      TOKEN_RATE_PER_MINUTE: env.int({ default: 60, min: 1, max: 1_000_000 }),
      /** Per-client limit on identity's secured operations (the runtime's, as on every service); 0 turns it off. */
      RATE_LIMIT_PER_SECOND: env.int({ default: 100, min: 0 }),
      RATE_LIMIT_BURST: env.int({ default: 200, min: 1 }),
      /** API-key introspections per calling client per minute. */
      INTROSPECT_RATE_PER_MINUTE: env.int({ default: 6000, min: 1, max: 1_000_000 }),
    },
    source,
  );
}

export type IdentityConfig = ReturnType<typeof loadIdentityConfig>;

export const ISSUER = 'marquee-identity';
export const AUDIENCE = 'marquee';
