// Each @ts-expect-error marks a mistake the generated server stub must refuse to compile.
import { createCatalogRouter, type CatalogHandlers } from '@marquee/generated/catalog/server.gen';
import type { Schemas } from '@marquee/generated/catalog/types.gen';

declare const complete: CatalogHandlers;
declare const film: Schemas['Film'];

// A handler set missing an operation.
const { getFilm, ...withoutGetFilm } = complete;
// @ts-expect-error Property 'getFilm' is missing
export const missing: CatalogHandlers = withoutGetFilm;

// A misspelled operation name.
export const misspelled: CatalogHandlers = {
  ...withoutGetFilm,
  // @ts-expect-error 'getFlim' does not exist in type CatalogHandlers
  getFlim: getFilm,
};

// A status the spec does not declare for getFilm.
export const undeclaredStatus: Pick<CatalogHandlers, 'getFilm'> = {
  // @ts-expect-error 201 is not a response getFilm declares
  async getFilm() {
    return { status: 201, body: film };
  },
};

// A declared status with the wrong body.
export const wrongBody: Pick<CatalogHandlers, 'getFilm'> = {
  // @ts-expect-error runtimeMinutes must be a number
  async getFilm() {
    return { status: 200, body: { ...film, runtimeMinutes: '104' } };
  },
};

// A problem body without its required fields.
export const badProblem: Pick<CatalogHandlers, 'getFilm'> = {
  // @ts-expect-error Problem requires type, title and status
  async getFilm() {
    return { status: 404, body: { detail: 'gone' } };
  },
};

// An input field that does not exist.
export const wrongInput: CatalogHandlers['getFilm'] = async ({ path }) => {
  // @ts-expect-error the path parameter is filmId, not id
  const id: string = path.id;
  return { status: 200, body: { ...film, id } };
};

// The positive control: the declared responses compile.
export const fine: CatalogHandlers['getFilm'] = async ({ path }) =>
  path.filmId === film.id ? { status: 200, body: film } : { status: 404, body: { type: 'about:blank', title: 'Not found', status: 404 } };

// Secured operations hand the handler a non-null principal: no undefined check needed.
export const tenantOf: CatalogHandlers['getFilm'] = async ({ principal }) => {
  const tenant: string = principal.tenantId;
  // @ts-expect-error scopes are strings, read-only
  principal.scopes.push(42);
  return { status: 200, body: { ...film, title: tenant } };
};

// @ts-expect-error a secured spec's router needs an authenticator (options.auth): it cannot be mounted open
export const openRouter = createCatalogRouter(complete, { validateResponses: true });
