/**
 * The Fastify column of the HTTP benchmark: the same two routes as the bare Express app, with the
 * catalog spec's own JSON schemas (Uuid path parameter, FilmCreate body, Film response, $refs
 * inlined from generated/catalog/openapi.json), validated by Fastify's Ajv with allErrors like the
 * generated stack, and serialized by fast-json-stringify from the Film schema.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import spec from '@marquee/generated/catalog/openapi.json';
import { findFilm, makeFilm, type FilmCreate } from './in-memory-catalog';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A component schema with every local $ref inlined and documentation-only keywords dropped. */
export function catalogSchema(name: string): Json {
  const schemas = (spec as unknown as { components: { schemas: Record<string, Json> } }).components.schemas;
  const inline = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(inline);
    if (node === null || typeof node !== 'object') return node;
    const ref = node.$ref;
    if (typeof ref === 'string') {
      return inline(schemas[ref.replace('#/components/schemas/', '')]!);
    }
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k !== 'example' && k !== 'examples' && k !== 'description') out[k] = inline(v);
    }
    return out;
  };
  return inline(schemas[name]!);
}

export async function startFastify(): Promise<number> {
  const app = Fastify({
    logger: false,
    keepAliveTimeout: 5000, // as runtime listen() does
    bodyLimit: 100 * 1024,
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
  });
  const film = catalogSchema('Film');
  app.get<{ Params: { filmId: string } }>(
    '/films/:filmId',
    { schema: { params: { type: 'object', required: ['filmId'], properties: { filmId: catalogSchema('Uuid') } }, response: { 200: film } } },
    async (req) => findFilm(req.params.filmId),
  );
  app.post<{ Body: FilmCreate }>('/films', { schema: { body: catalogSchema('FilmCreate'), response: { 201: film } } }, async (req, reply) => {
    const created = makeFilm(req.body);
    void reply.code(201).header('location', `/films/${created.id}`);
    return created;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}
