/**
 * The precompiled dispatch's JSON body reader (runtime/src/fast/json-body.ts) against express.json,
 * side by side over real HTTP: for every body, valid or not, the same `req.body` or the same error
 * (status, type, message). Bodies it does not own (compressed, another charset, over the limit,
 * chunked) are read by express.json itself.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { createJsonBodyReader, parseLikeBodyParser } from '../src/fast/json-body';

const LIMIT = '1kb';
const jsonParser = express.json({ limit: LIMIT, type: ['application/json', 'application/*+json'] });
const reader = createJsonBodyReader(LIMIT, jsonParser as never);

type Outcome = { body: unknown } | { error: { status: unknown; type: unknown; message: unknown } };

let server: Server;
let port: number;

beforeAll(async () => {
  // x-reader: fast (the reader) or express (express.json alone); the answer says what the request body became.
  server = createServer((req, res) => {
    const answer = (outcome: Outcome) => res.end(JSON.stringify(outcome));
    const r = req as IncomingMessage & { body?: unknown };
    const done = (err?: unknown) => {
      if (err) {
        const e = err as { status?: unknown; type?: unknown; message?: unknown };
        answer({ error: { status: e.status, type: e.type, message: e.message } });
      } else {
        answer({ body: r.body === undefined ? '(undefined)' : r.body });
      }
    };
    if (req.headers['x-reader'] === 'fast') {
      reader.read(r, res).then(() => done(), done);
    } else {
      if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
        r.body = undefined;
        done();
        return;
      }
      jsonParser(r as never, res as never, done);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function send(reader: 'fast' | 'express', body: Buffer | undefined, headers: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'x-reader': reader, ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Outcome));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function bothAgree(body: Buffer | undefined, headers: Record<string, string> = {}): Promise<Outcome> {
  const fast = await send('fast', body, headers);
  const viaExpress = await send('express', body, headers);
  expect(fast).toEqual(viaExpress);
  return fast;
}

const texts = [
  '{"where":{"field":"age","op":"between","value":[25,34]}}',
  '[1,2,{"a":null}]',
  '{"é":"ü","emoji":"🎬","escaped":"\\u00e9"}',
  '',
  '   {"lead":"whitespace"}',
  '\n\t[]',
  '"a string"',
  '42',
  'true',
  'null',
  '   ',
  '{bad json',
  '{"a":1}garbage',
  '{"a":1,}',
  '[1,2',
  'x{"a":1}',
  '  nope',
  '{"deep":' + '['.repeat(50) + ']'.repeat(50) + '}',
];

describe('the fast JSON body reader agrees with express.json', () => {
  it.each(texts.map((t) => [JSON.stringify(t).slice(0, 60), t]))('body %s', async (_label, text) => {
    await bothAgree(Buffer.from(text, 'utf8'));
  });

  it('parses a valid body to the same value, and a malformed one to the same 400 naming the position', async () => {
    expect(await bothAgree(Buffer.from('{"a":[1,2]}'))).toEqual({ body: { a: [1, 2] } });
    const bad = await bothAgree(Buffer.from('{"a":1,}'));
    expect(bad).toMatchObject({ error: { status: 400, type: 'entity.parse.failed' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(/position 7/);
  });

  it('drops a leading byte order mark as express.json does', async () => {
    expect(await bothAgree(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":true}')]))).toEqual({ body: { bom: true } });
  });

  it('decodes invalid UTF-8 the same way', async () => {
    await bothAgree(Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]));
  });

  it('reads an empty JSON body as {}, leaves a body without Content-Type unread, and a request without a length has no body', async () => {
    expect(await bothAgree(Buffer.alloc(0))).toEqual({ body: {} });
    expect(await bothAgree(undefined)).toEqual({ body: '(undefined)' });
    const noLength = { headers: {} } as IncomingMessage & { body?: unknown };
    await reader.read(noLength, {});
    expect('body' in noLength && noLength.body === undefined).toBe(true);
  });

  it('agrees on charset parameters it owns and those it leaves to express.json', async () => {
    const body = Buffer.from('{"ok":1}');
    for (const type of ['application/json; charset=utf-8', 'application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/json; charset=latin1', 'application/json; charset=utf-16']) {
      await bothAgree(body, { 'content-type': type });
    }
  });

  it('leaves a compressed body and one over the limit to express.json (same answers)', async () => {
    const text = '{"zipped":true}';
    expect(await bothAgree(gzipSync(text), { 'content-encoding': 'gzip' })).toEqual({ body: { zipped: true } });
    const tooLarge = await bothAgree(Buffer.from(JSON.stringify({ pad: 'x'.repeat(2000) })));
    expect(tooLarge).toMatchObject({ error: { status: 413, type: 'entity.too.large' } });
  });

  it('agrees on 300 random near-JSON strings', async () => {
    const alphabet = ['{', '}', '[', ']', '"', ':', ',', ' ', '\n', 'a', '1', '-', '.', 'e', 'true', 'null', '\\', 'é'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const n = Math.floor(next() * 12);
      const text = Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      await bothAgree(Buffer.from(text));
    }
  });
});

describe('parseLikeBodyParser', () => {
  it('answers {} for an empty body, as body-parser does', () => {
    expect(parseLikeBodyParser('')).toEqual({});
  });

  it('refuses a top-level primitive with the character it found, at its position', () => {
    expect(() => parseLikeBodyParser('  "x"')).toThrow(expect.objectContaining({ status: 400, type: 'entity.parse.failed', message: expect.stringContaining('"') }));
  });
});
