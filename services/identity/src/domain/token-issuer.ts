/** Access tokens: ES256 JWTs with the claims every Marquee service reads (DESIGN / issue #10). */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AUDIENCE, ISSUER } from '../config';
import type { SigningKeys } from '../data-access/signing-keys';

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  kid: string;
  jti: string;
}

export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly ttlSeconds: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async issue(args: { clientId: string; tenantId: string; scopes: readonly string[]; service?: boolean }): Promise<IssuedToken> {
    const key = await this.keys.active();
    const now = Math.floor(this.clock().getTime() / 1000);
    const jti = randomUUID();
    // `kind: service` marks the platform's own clients (service identities); the runtime's principal reads it.
    const accessToken = await new SignJWT({ tenant: args.tenantId, scope: args.scopes.join(' '), client_id: args.clientId, ...(args.service ? { kind: 'service' } : {}) })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(args.clientId)
      .setJti(jti)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(key.privateKey);
    return { accessToken, expiresIn: this.ttlSeconds, kid: key.kid, jti };
  }
}
