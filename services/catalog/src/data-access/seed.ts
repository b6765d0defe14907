import type { Knex } from '@marquee/runtime';
import { catalogSeed } from './seed-data';

/** Loads the demo catalog. Idempotent: ids are deterministic and existing rows are kept. */
export async function seedCatalog(db: Knex, now = new Date('2026-01-01T00:00:00.000Z')): Promise<string> {
  const { circuits, cinemas, films } = catalogSeed();
  const stamp = { created_at: now, updated_at: now };
  await db.transaction(async (trx) => {
    await trx('circuits').insert(circuits.map((c) => ({ id: c.id, name: c.name, ...stamp }))).onConflict('id').ignore();
    await trx('cinemas')
      .insert(cinemas.map((c) => ({ id: c.id, name: c.name, circuit_id: c.circuitId, region_id: c.regionId, city: c.city, screens: c.screens, ...stamp })))
      .onConflict('id')
      .ignore();
    for (let i = 0; i < films.length; i += 200) {
      const chunk = films.slice(i, i + 200);
      await trx('films')
        .insert(chunk.map((f) => ({ id: f.id, title: f.title, release_date: f.releaseDate, runtime_minutes: f.runtimeMinutes, rating: f.rating, ...stamp })))
        .onConflict('id')
        .ignore();
      await trx('film_genres')
        .insert(chunk.flatMap((f) => f.genres.map((genre_id, position) => ({ film_id: f.id, genre_id, position }))))
        .onConflict(['film_id', 'genre_id'])
        .ignore();
    }
  });
  return `seeded ${circuits.length} circuits, ${cinemas.length} cinemas, ${films.length} films`;
}
