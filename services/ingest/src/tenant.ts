/**
 * The one place ingest learns the caller's tenant: the authenticated principal's (issue #10),
 * from the token's `tenant` claim or the API key's tenant. The handlers stay as they are.
 */
export function tenantOf(input: { principal: { tenantId: string } }): string {
  return input.principal.tenantId;
}
