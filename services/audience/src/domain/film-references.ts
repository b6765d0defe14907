/**
 * Segments refer to catalog films. Before a segment is stored, every film id is checked
 * through the generated catalog client: unknown ids are a 422 naming each one; a catalog that
 * cannot answer is a 503, and nothing is stored. The call forwards the caller's credential, so a
 * caller without catalog:read gets 403.
 */
import { DependencyUnavailableError, ForbiddenError, unprocessable } from '@marquee/runtime';
import type { CatalogClient } from '@marquee/generated/audience/clients/catalog/client.gen';
import type { CallerContext } from '@marquee/runtime/client';

/** `caller`: the handler's request context, whose request id and credential the catalog call carries. */
export async function assertFilmsExist(catalog: CatalogClient, filmIds: readonly string[], caller: CallerContext): Promise<void> {
  if (filmIds.length === 0) {
    return;
  }
  const result = await catalog.listFilms({ query: { ids: [...filmIds], limit: 200 } }, { context: caller });
  // The call carries the caller's own credential: without catalog:read the caller may not check films.
  if (result.status === 401 || result.status === 403) {
    throw new ForbiddenError(['catalog:read'], "checking film ids in the catalog needs scope 'catalog:read' on the caller's credential");
  }
  if (result.status !== 200) {
    throw new DependencyUnavailableError('catalog', { detail: `catalog answered ${result.status} while checking film ids; retry later` });
  }
  const known = new Set(result.body.items.map((film) => film.id));
  const missing = filmIds.map((id, index) => ({ id, index })).filter(({ id }) => !known.has(id));
  if (missing.length > 0) {
    throw unprocessable(
      `${missing.length} film id(s) do not exist in the catalog`,
      missing.map(({ id, index }) => ({ location: 'body', pointer: `/filmIds/${index}`, detail: `no film with id '${id}' in the catalog` })),
    );
  }
}
