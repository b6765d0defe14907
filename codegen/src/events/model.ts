/**
 * AsyncAPI 3.0 event contracts (specs/<service>/asyncapi.yaml) read into a small model: one
 * entry per channel (a Kafka topic) with its message payload as a self-contained JSON Schema
 * (local component refs rewritten to `#/$defs/...`), the property that keys the messages and the
 * dead-letter topic. Shared by the lint rules, the emitter and the breaking-change gate.
 */
import { bundleSpec, isObject, SpecFiles, type JsonObject, type JsonValue } from '@marquee/openapi';

export interface EventChannel {
  /** The channel's key in the document: `membersRaw`. */
  name: string;
  /** The Kafka topic: `members.raw`. */
  address: string;
  deadLetter: string;
  key: string;
  description: string;
  /** The (single) message's name and its payload, self-contained (`$defs`). */
  message: string;
  schemaName: string;
  schema: JsonObject;
}

export interface EventContract {
  title: string;
  version: string;
  /** The bundled document. */
  document: JsonObject;
  channels: EventChannel[];
  /** Every component schema (for type emission), refs rewritten to type names. */
  schemas: Record<string, JsonObject>;
  inputs: string[];
}

const LOCAL_SCHEMA = /^#\/components\/schemas\/([^/]+)$/;

export function loadEventContract(path: string, files = new SpecFiles()): EventContract {
  const bundled = bundleSpec(path, files);
  const document = bundled.document;
  const components = isObject(document.components) ? document.components : {};
  const schemas = (isObject(components.schemas) ? components.schemas : {}) as Record<string, JsonObject>;
  const messages = isObject(components.messages) ? components.messages : {};
  const info = isObject(document.info) ? document.info : {};
  const channels: EventChannel[] = [];
  for (const [name, raw] of Object.entries(isObject(document.channels) ? document.channels : {})) {
    if (!isObject(raw)) continue;
    const refs = Object.values(isObject(raw.messages) ? raw.messages : {});
    const first = refs[0];
    const messageName = isObject(first) && typeof first.$ref === 'string' ? first.$ref.replace(/^.*\//, '') : '';
    const message = messages[messageName];
    const payload = isObject(message) && isObject(message.payload) ? message.payload : {};
    const schemaName = typeof payload.$ref === 'string' ? payload.$ref.replace(/^.*\//, '') : `${messageName}Payload`;
    channels.push({
      name,
      address: String(raw.address ?? ''),
      deadLetter: String(raw['x-dead-letter'] ?? `${String(raw.address ?? name)}.dlq`),
      key: String(raw['x-key'] ?? ''),
      description: String(raw.description ?? ''),
      message: messageName,
      schemaName,
      schema: selfContained(payload, schemas),
    });
  }
  return { title: String(info.title ?? ''), version: String(info.version ?? ''), document, channels, schemas, inputs: bundled.files };
}

/** The payload with every component schema it reaches under `$defs`. */
export function selfContained(payload: JsonObject, schemas: Record<string, JsonObject>): JsonObject {
  const defs: JsonObject = {};
  const visit = (node: JsonValue): JsonValue => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      const m = k === '$ref' && typeof v === 'string' ? LOCAL_SCHEMA.exec(v) : null;
      if (m) {
        const target = m[1]!;
        if (!(target in defs) && schemas[target]) {
          defs[target] = {};
          defs[target] = visit(schemas[target]);
        }
        out.$ref = `#/$defs/${target}`;
      } else {
        out[k] = visit(v);
      }
    }
    return out;
  };
  const root = visit(payload) as JsonObject;
  return Object.keys(defs).length > 0 ? { ...root, $defs: defs } : root;
}
