/** The identity service as steps: datastore, repositories, domain, handlers, the generated router (enforcing the spec's security with local keys). */
import { createMysql, createServiceApp, mysqlReadiness, rateLimitFrom, type Knex, type Logger, type OperationRouterOptions, type ServiceApp } from '@marquee/runtime';
import { createIdentityRouter } from '@marquee/generated/identity/server.gen';
import type { IdentityConfig } from './config';
import { ApiKeysRepository } from './data-access/api-keys-repository';
import { AuditLog } from './data-access/audit-log';
import { SigningKeys } from './data-access/signing-keys';
import { TenantsRepository } from './data-access/tenants-repository';
import { ApiKeyVerifier } from './domain/api-key-verifier';
import { KeyEncryption } from './domain/key-encryption';
import { RateLimiter } from './domain/rate-limiter';
import { TokenIssuer } from './domain/token-issuer';
import { auditDenials } from './http/access-audit';
import { createIdentityHandlers } from './http/handlers';
import { localAuthenticator } from './http/local-auth';

export interface IdentityService extends ServiceApp {
  db: Knex;
  keys: SigningKeys;
}

export function buildIdentityService(args: { config: IdentityConfig; log: Logger; router?: OperationRouterOptions; clock?: () => Date }): IdentityService {
  const { config, log } = args;
  const clock = args.clock ?? (() => new Date());
  const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
  const keys = new SigningKeys(db, new KeyEncryption(config.KEY_ENCRYPTION_SECRET), { tokenTtlSeconds: config.TOKEN_TTL_SECONDS, publishSeconds: config.KEY_PUBLISH_SECONDS }, clock);
  const tenants = new TenantsRepository(db);
  const apiKeys = new ApiKeysRepository(db);
  const verifier = new ApiKeyVerifier(apiKeys, clock);
  const audit = new AuditLog(db, log);
  const { auth, callerOf } = localAuthenticator({ keys, apiKeys: verifier });
  const handlers = createIdentityHandlers({
    tenants,
    apiKeys,
    verifier,
    keys,
    audit,
    issuer: new TokenIssuer(keys, config.TOKEN_TTL_SECONDS, clock),
    tokenLimiter: new RateLimiter(config.TOKEN_RATE_PER_MINUTE),
    introspectLimiter: new RateLimiter(config.INTROSPECT_RATE_PER_MINUTE),
    clock,
  });
  const service = createServiceApp({
    name: 'identity',
    log,
    readiness: { mysql: mysqlReadiness(db) },
    routers: [createIdentityRouter(handlers, { ...args.router, auth, rateLimit: rateLimitFrom(config) })],
    observe: auditDenials(audit, callerOf),
  });
  return { ...service, db, keys };
}
