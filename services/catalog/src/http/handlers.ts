/**
 * Catalog handlers: thin translations between the generated contract and the repositories.
 * The compiler holds every method to the responses the spec declares.
 */
import { conflict, decodeCursor, encodeCursor, notFound, unprocessable, type FieldError } from '@marquee/runtime';
import type { CatalogHandlers } from '@marquee/generated/catalog/server.gen';
import type { FilmsRepository } from '../data-access/films-repository';
import type { PlacesRepository } from '../data-access/places-repository';
import { isDuplicateKey, isForeignKeyViolation } from '../data-access/rows';

export function createCatalogHandlers(deps: { films: FilmsRepository; places: PlacesRepository }): CatalogHandlers {
  const { films, places } = deps;

  const page = <T>(result: { items: T[]; lastId: string | null }) => ({
    items: result.items,
    nextCursor: result.lastId === null ? null : encodeCursor({ id: result.lastId }),
  });

  /** 422 naming each referenced id that does not exist. */
  const requireExisting = async (table: 'genres' | 'regions' | 'circuits', refs: { pointer: string; id: string }[]) => {
    const found = await places.existing(table, refs.map((r) => r.id));
    const missing: FieldError[] = refs
      .filter((r) => !found.has(r.id))
      .map((r) => ({ location: 'body', pointer: r.pointer, detail: `no ${table.replace(/s$/, '')} with id '${r.id}'` }));
    if (missing.length > 0) {
      throw unprocessable(missing.map((m) => m.detail).join('; '), missing);
    }
  };

  return {
    async listFilms({ query }) {
      const after = decodeCursor(query.cursor, ['id'] as const);
      const result = await films.list({
        limit: query.limit ?? 50,
        ...(query.ids ? { ids: query.ids } : {}),
        ...(query.genre ? { genre: query.genre } : {}),
        ...(query.rating ? { rating: query.rating } : {}),
        ...(query.releasedFrom ? { releasedFrom: query.releasedFrom } : {}),
        ...(query.releasedTo ? { releasedTo: query.releasedTo } : {}),
        ...(after ? { afterId: after.id } : {}),
      });
      return { status: 200, body: page(result) };
    },

    async createFilm({ body }) {
      await requireExisting('genres', body.genres.map((id, i) => ({ pointer: `/genres/${i}`, id })));
      const film = await films.create(body);
      return { status: 201, body: film, headers: { Location: `/films/${film.id}` } };
    },

    async getFilm({ path }) {
      const film = await films.get(path.filmId);
      if (!film) throw notFound(`no film with id ${path.filmId}`);
      return { status: 200, body: film };
    },

    async updateFilm({ path, body }) {
      if (body.genres) {
        await requireExisting('genres', body.genres.map((id, i) => ({ pointer: `/genres/${i}`, id })));
      }
      const film = await films.update(path.filmId, body);
      if (!film) throw notFound(`no film with id ${path.filmId}`);
      return { status: 200, body: film };
    },

    async deleteFilm({ path }) {
      if (!(await films.delete(path.filmId))) throw notFound(`no film with id ${path.filmId}`);
      return { status: 204 };
    },

    async listGenres() {
      return { status: 200, body: { items: await places.listGenres() } };
    },

    async listRegions({ query }) {
      return { status: 200, body: { items: await places.listRegions(query.country) } };
    },

    async getRegion({ path }) {
      const region = await places.getRegion(path.regionId);
      if (!region) throw notFound(`no region with id ${path.regionId}`);
      return { status: 200, body: region };
    },

    async listCircuits({ query }) {
      const after = decodeCursor(query.cursor, ['id'] as const);
      return { status: 200, body: page(await places.listCircuits(query.limit ?? 50, after?.id)) };
    },

    async createCircuit({ body }) {
      try {
        return { status: 201, body: await places.createCircuit(body.name) };
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict(`a circuit named '${body.name}' already exists`);
        throw err;
      }
    },

    async getCircuit({ path }) {
      const circuit = await places.getCircuit(path.circuitId);
      if (!circuit) throw notFound(`no circuit with id ${path.circuitId}`);
      return { status: 200, body: circuit };
    },

    async deleteCircuit({ path }) {
      try {
        if (!(await places.deleteCircuit(path.circuitId))) throw notFound(`no circuit with id ${path.circuitId}`);
      } catch (err) {
        if (isForeignKeyViolation(err)) throw conflict('the circuit still operates cinemas; delete or move them first');
        throw err;
      }
      return { status: 204 };
    },

    async listCinemas({ query }) {
      const after = decodeCursor(query.cursor, ['id'] as const);
      const result = await places.listCinemas({
        limit: query.limit ?? 50,
        ...(query.circuitId ? { circuitId: query.circuitId } : {}),
        ...(query.regionId ? { regionId: query.regionId } : {}),
        ...(after ? { afterId: after.id } : {}),
      });
      return { status: 200, body: page(result) };
    },

    async createCinema({ body }) {
      await requireExisting('circuits', [{ pointer: '/circuitId', id: body.circuitId }]);
      await requireExisting('regions', [{ pointer: '/regionId', id: body.regionId }]);
      return { status: 201, body: await places.createCinema(body) };
    },

    async getCinema({ path }) {
      const cinema = await places.getCinema(path.cinemaId);
      if (!cinema) throw notFound(`no cinema with id ${path.cinemaId}`);
      return { status: 200, body: cinema };
    },

    async updateCinema({ path, body }) {
      if (body.circuitId) await requireExisting('circuits', [{ pointer: '/circuitId', id: body.circuitId }]);
      if (body.regionId) await requireExisting('regions', [{ pointer: '/regionId', id: body.regionId }]);
      const cinema = await places.updateCinema(path.cinemaId, body);
      if (!cinema) throw notFound(`no cinema with id ${path.cinemaId}`);
      return { status: 200, body: cinema };
    },

    async deleteCinema({ path }) {
      if (!(await places.deleteCinema(path.cinemaId))) throw notFound(`no cinema with id ${path.cinemaId}`);
      return { status: 204 };
    },
  };
}
