/**
 * Audits every 401 and 403 on identity's secured operations as `access.denied`, with who it was
 * when the credential verified (a 403) and which operation; never the credential itself. The
 * token endpoint's own refusals are audited there (token.refused).
 */
import type { RequestHandler } from 'express';
import type { Authenticated } from '@marquee/runtime';
import type { AuditLog } from '../data-access/audit-log';

export function auditDenials(audit: AuditLog, callerOf: (headers: object) => Authenticated | undefined): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      if ((res.statusCode !== 401 && res.statusCode !== 403) || req.path === '/oauth/token') {
        return;
      }
      const caller = callerOf(req.headers);
      void audit.tryRecord({
        type: 'access.denied',
        tenantId: caller?.principal.tenantId ?? null,
        actor: caller?.principal.subject ?? null,
        target: `${req.method} ${req.path}`,
        detail: res.statusCode === 403 ? 'valid credential without the needed scope' : `no valid credential (${req.headers.authorization ? 'bearer token' : req.headers['x-api-key'] ? 'API key' : 'none'})`,
      });
    });
    next();
  };
}
