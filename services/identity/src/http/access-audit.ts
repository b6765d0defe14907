/**
 * Audits every 401 and 403 on identity's secured operations as `access.denied`, with who it was
 * when the credential verified (a 403) and which operation; never the credential itself. The
 * token endpoint's own refusals are audited there (token.refused).
 *
 * A plain Node observer (createServiceApp's `observe`), so it sees requests the precompiled
 * dispatch answers as well as those Express serves.
 */
import type { Authenticated, RequestObserver } from '@marquee/runtime';
import type { AuditLog } from '../data-access/audit-log';

export function auditDenials(audit: AuditLog, callerOf: (headers: object) => Authenticated | undefined): RequestObserver {
  return (req, res) => {
    res.once('finish', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      if ((res.statusCode !== 401 && res.statusCode !== 403) || path === '/oauth/token') {
        return;
      }
      const caller = callerOf(req.headers);
      void audit.tryRecord({
        type: 'access.denied',
        tenantId: caller?.principal.tenantId ?? null,
        actor: caller?.principal.subject ?? null,
        target: `${req.method ?? 'GET'} ${path}`,
        detail: res.statusCode === 403 ? 'valid credential without the needed scope' : `no valid credential (${req.headers.authorization ? 'bearer token' : req.headers['x-api-key'] ? 'API key' : 'none'})`,
      });
    });
  };
}
