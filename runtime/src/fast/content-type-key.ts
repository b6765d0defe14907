import { ContentType } from 'express-openapi-validator/dist/middlewares/util';

/** The key the validator caches a request's middleware under: its normalized Content-Type, or 'not_provided'. */
export function contentTypeKey(header: string | undefined): string {
  if (header === undefined) {
    return 'not_provided';
  }
  // No parameters (the usual 'application/json'): normalize() would return just this.
  return header.includes(';') ? (ContentType.fromString(header).normalize() ?? 'not_provided') : header.toLowerCase().trim() || 'not_provided';
}
