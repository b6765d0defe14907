/**
 * The one place ingest learns the caller's tenant. Today: the X-Tenant-Id header, as audience
 * does. When authentication lands (issue #10) this reads the principal's tenantId instead and
 * the handlers stay as they are.
 */
export function tenantOf(input: { headers: { 'X-Tenant-Id': string } }): string {
  return input.headers['X-Tenant-Id'];
}
