/**
 * Non-JSON media for every Marquee client (in-repo and SDK): binary responses as Blobs (bytes
 * untouched), text/event-stream as an async iterator of events parsed as they arrive,
 * multipart/form-data encoded per the operation's `encoding`, and the choice of request media
 * type when an operation declares several. Dependency-free: fetch, Blob, FormData, TextDecoder.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 * @see https://spec.openapis.org/oas/v3.1.0#encoding-object
 */
const JSON_LIKE = /^application\/([a-z0-9.+-]*\+)?json\b/i;
const TEXT_LIKE = /^(text\/(?!event-stream)|application\/(x-www-form-urlencoded|([a-z0-9.+-]*\+)?xml|javascript|x-ndjson|ndjson|yaml|x-yaml|problem\+xml)\b)/i;

/** One server-sent event; `data` is parsed as JSON when it is a JSON object, array or string. */
export interface ServerSentEvent<T = unknown> {
  event?: string;
  id?: string;
  retry?: number;
  data: T;
}

/** Whether a response of this media type is bytes (not text, JSON or an event stream). */
export function isBinaryMedia(mediaType: string): boolean {
  const type = mediaType.split(';')[0]!.trim();
  return type !== '' && !JSON_LIKE.test(type) && !TEXT_LIKE.test(type) && type !== 'text/event-stream' && !type.startsWith('multipart/');
}

function parseData(text: string): unknown {
  if (/^\s*[[{"]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Parses an event stream incrementally: each event is yielded as soon as its blank line arrives. */
export async function* readEventStream(body: ReadableStream<Uint8Array> | null): AsyncGenerator<ServerSentEvent> {
  if (!body) {
    return;
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event: { event?: string; id?: string; retry?: number; data: string[] } = { data: [] };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = done ? '' : lines.pop()!;
      for (const line of lines) {
        if (line === '') {
          if (event.data.length > 0) {
            yield { ...(event.event ? { event: event.event } : {}), ...(event.id !== undefined ? { id: event.id } : {}), ...(event.retry !== undefined ? { retry: event.retry } : {}), data: parseData(event.data.join('\n')) };
          }
          event = { data: [] };
          continue;
        }
        if (line.startsWith(':')) {
          continue; // comment / keep-alive
        }
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data.push(value);
        else if (field === 'event') event.event = value;
        else if (field === 'id') event.id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
      }
      if (done) {
        return;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Whether a body value is raw content (text or bytes) rather than an object of fields. */
export function isRawBody(body: unknown): boolean {
  return typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof URLSearchParams;
}

/**
 * The request media type: the caller's choice, else the first declared one that can carry this
 * body (raw text or bytes never go as multipart or a form; objects prefer JSON).
 */
export function chooseRequestMediaType(declared: readonly string[], body: unknown, chosen: string | undefined): string | undefined {
  const fields = (t: string) => t.startsWith('multipart/') || t === 'application/x-www-form-urlencoded';
  if (chosen !== undefined) {
    if (isRawBody(body) && fields(chosen)) {
      throw new TypeError(`a ${typeof body === 'string' ? 'string' : 'binary'} body cannot be sent as ${chosen}: pass an object of fields, or choose another contentType (${declared.join(', ')})`);
    }
    return chosen;
  }
  if (body === undefined || declared.length <= 1) {
    if (declared[0] !== undefined && isRawBody(body) && fields(declared[0])) {
      throw new TypeError(`a ${typeof body === 'string' ? 'string' : 'binary'} body cannot be sent as ${declared[0]}: pass an object of its fields`);
    }
    return declared[0];
  }
  if (isRawBody(body)) {
    const raw = declared.filter((t) => !fields(t));
    const wanted = typeof body === 'string' ? raw.find((t) => !isBinaryMedia(t) && !JSON_LIKE.test(t)) : raw.find((t) => isBinaryMedia(t));
    const pick = wanted ?? raw[0];
    if (pick === undefined) {
      throw new TypeError(`a ${typeof body === 'string' ? 'string' : 'binary'} body cannot be sent as ${declared.join(' or ')}: pass an object of fields`);
    }
    return pick;
  }
  return declared.find((t) => JSON_LIKE.test(t)) ?? declared[0];
}

/**
 * multipart/form-data per the spec: Blobs (files) as they are, arrays as one part per item,
 * objects as JSON parts, anything else as text; `encoding[field]` (a content type) makes a
 * non-file part a Blob of that type (JSON-encoded for JSON types).
 */
export function encodeMultipart(body: Record<string, unknown>, encoding: Readonly<Record<string, string>> = {}): FormData {
  const form = new FormData();
  const append = (name: string, value: unknown) => {
    if (value === undefined || value === null) {
      return;
    }
    if (value instanceof Blob) {
      form.append(name, value);
      return;
    }
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      form.append(name, new Blob([value as ArrayBuffer], { type: encoding[name] ?? 'application/octet-stream' }));
      return;
    }
    const type = encoding[name];
    const isObject = typeof value === 'object';
    if (type !== undefined && type !== 'text/plain') {
      form.append(name, new Blob([JSON_LIKE.test(type) || isObject ? JSON.stringify(value) : String(value)], { type }));
    } else if (isObject) {
      form.append(name, new Blob([JSON.stringify(value)], { type: 'application/json' }));
    } else {
      form.append(name, String(value));
    }
  };
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value) && !(encoding[name] !== undefined && JSON_LIKE.test(encoding[name]!))) {
      for (const item of value) {
        append(name, item);
      }
    } else {
      append(name, value);
    }
  }
  return form;
}
