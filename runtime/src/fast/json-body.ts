/**
 * The JSON body of a request on the precompiled dispatch, read without body-parser's machinery
 * (type-is, content-type parsing, raw-body's decoder stream, iconv). Measured in audience with the
 * stages timed (count queries against an instant stand-in for Elasticsearch, 2,000 requests, load
 * ~8, 2026-12-02): reading and parsing a small body took 0.29 ms at p50 through express.json and
 * 0.18 ms here, most of the rest being the wait for the body's bytes.
 *
 * It owns only the common case: `application/json`, bare or with charset=utf-8, a Content-Length
 * within the limit, no Content-Encoding (or identity). Anything else goes to express.json as
 * before. What it produces is express.json's: the same value for a body that parses, `{}` for an
 * empty one, a leading BOM dropped (iconv's UTF-8 decoder drops it), and for a body that does not
 * parse the same 400 error with body-parser's message (its strict first-character check included)
 * and type `entity.parse.failed`. runtime/test/json-body.test.ts runs the two side by side.
 */
import type { IncomingMessage } from 'node:http';
import createError from 'http-errors';

/** The `bytes` package (express.json's own parser of limits such as '100kb'). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bytes = require('bytes') as { parse(value: string | number): number | null };

type Next = (err?: unknown) => void;
type Middleware = (req: never, res: never, next: Next) => void;

export interface JsonBodyReader {
  /** Reads and parses `req`'s body into `req.body` (undefined when there is none), as express.json would. */
  read(req: IncomingMessage & { body?: unknown }, res: unknown): Promise<void>;
}

export function createJsonBodyReader(limit: string | number, jsonParser: Middleware): JsonBodyReader {
  const limitBytes = typeof limit === 'number' ? limit : bytes.parse(limit);
  const viaExpress = (req: IncomingMessage, res: unknown): Promise<void> =>
    new Promise((resolve, reject) => {
      jsonParser(req as never, res as never, (err?: unknown) => (err ? reject(err) : resolve()));
    });
  return {
    read(req, res) {
      const headers = req.headers;
      if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) {
        req.body = undefined; // what express.json leaves on a request without a body
        return Promise.resolve();
      }
      const length = ownedLength(req, limitBytes);
      return length === undefined ? viaExpress(req, res) : readOwned(req, length).then((text) => {
        req.body = parseLikeBodyParser(text);
      });
    },
  };
}

/** The declared length when this reader owns the request, else undefined (express.json reads it). */
function ownedLength(req: IncomingMessage, limitBytes: number | null): number | undefined {
  const headers = req.headers;
  if (headers['transfer-encoding'] !== undefined) return undefined;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return undefined;
  if (!jsonInUtf8(headers['content-type'])) return undefined;
  const declared = headers['content-length'];
  if (declared === undefined || !/^\d{1,15}$/.test(declared)) return undefined;
  const length = Number(declared);
  return limitBytes !== null && length > limitBytes ? undefined : length;
}

/** `application/json`, bare or with `charset=utf-8` (any case, quoted or not). No Content-Type: express.json leaves such a body unread. */
function jsonInUtf8(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semi = contentType.indexOf(';');
  if ((semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase() !== 'application/json') return false;
  if (semi < 0) return true;
  const params = contentType.slice(semi + 1).trim().toLowerCase();
  return params === '' || params === 'charset=utf-8' || params === 'charset="utf-8"';
}

/** The body as text; a client that goes away mid-body gets raw-body's own error. */
function readOwned(req: IncomingMessage, length: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      if (received !== length) {
        reject(createError(400, 'request size did not match content length', { expected: length, length, received, type: 'request.size.invalid' }));
        return;
      }
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received);
      // iconv's UTF-8 decoder, which body-parser uses, drops a leading byte order mark.
      const start = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
      resolve(body.toString('utf8', start));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(createError(400, err));
    };
    const onAborted = () => {
      cleanup();
      reject(createError(400, 'request aborted', { code: 'ECONNABORTED', expected: length, length, received, type: 'request.aborted' }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/** body-parser 2's strict JSON parse, and its errors (type entity.parse.failed, status 400). */
export function parseLikeBodyParser(text: string): unknown {
  if (text.length === 0) {
    return {}; // body-parser's special case for an empty JSON body
  }
  try {
    if (text[0] !== '{' && text[0] !== '[') {
      const first = FIRST_NON_WHITESPACE.exec(text)?.[1] || undefined;
      if (first !== '{' && first !== '[') {
        throw strictViolation(text, first);
      }
    }
    return JSON.parse(text);
  } catch (err) {
    throw createError(400, onlyMessage(err as SyntaxError), { body: text, type: 'entity.parse.failed' });
  }
}

/** The SyntaxError JSON.parse gives for the text with everything from the first bad character on masked, as body-parser reports a non-object body. */
function strictViolation(text: string, first: string | undefined): SyntaxError {
  const index = first === undefined ? -1 : text.indexOf(first);
  const partial = index === -1 ? '' : text.substring(0, index) + '#'.repeat(text.length - index);
  try {
    JSON.parse(partial);
    return new SyntaxError('strict violation');
  } catch (err) {
    const e = err as SyntaxError;
    const message = e.message.replace(/#+/g, (placeholder) => text.substring(index, index + placeholder.length));
    e.stack = e.stack?.replace(e.message, message);
    e.message = message;
    return e;
  }
}

/** body-parser keeps only a syntax error's message and stack. */
function onlyMessage(error: SyntaxError): SyntaxError {
  for (const key of Object.getOwnPropertyNames(error)) {
    if (key !== 'stack' && key !== 'message') {
      delete (error as unknown as Record<string, unknown>)[key];
    }
  }
  return error;
}
