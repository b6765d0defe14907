/**
 * Lint rules for AsyncAPI event contracts, reported like the OpenAPI ones (file:line, a fix).
 * A contract must be AsyncAPI 3.0; each channel needs an address, a description, exactly one
 * message whose payload is an object schema, an `x-key` naming a required string property of
 * that payload and a dead-letter topic; every operation must point at a declared channel.
 */
import { relative } from 'node:path';
import type { Finding } from '../lint';
import { isObject, SpecFiles, type JsonObject } from '@marquee/openapi';

export function lintEventContract(path: string, files = new SpecFiles()): Finding[] {
  const file = files.get(path);
  const doc = file.data;
  const findings: Finding[] = [];
  const report = (rule: string, pointer: string[], message: string, fix: string) => {
    const { line, column } = file.locate(pointer);
    findings.push({ rule, severity: 'error', file: relative(process.cwd(), file.path), line, column, message, fix });
  };
  if (typeof doc.asyncapi !== 'string' || !doc.asyncapi.startsWith('3.0.')) {
    report('asyncapi-version', ['asyncapi'], `asyncapi must be 3.0.x, found ${JSON.stringify(doc.asyncapi)}`, 'set `asyncapi: 3.0.0`');
  }
  const info = isObject(doc.info) ? doc.info : {};
  if (typeof info.version !== 'string' || !/^\d+\.\d+\.\d+$/.test(info.version)) {
    report('info-version', ['info'], 'info.version must be a semantic version string', "set info.version: '1.0.0'");
  }
  const components = isObject(doc.components) ? doc.components : {};
  const messages = isObject(components.messages) ? components.messages : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const channels = isObject(doc.channels) ? doc.channels : {};
  const addresses = new Set<string>();
  for (const [name, channel] of Object.entries(channels)) {
    const at = ['channels', name];
    if (!isObject(channel)) continue;
    const address = channel.address;
    if (typeof address !== 'string' || !/^[a-z][a-z0-9._-]*$/.test(address)) {
      report('channel-address', at, `channel ${name} needs an address (the Kafka topic, lower case, dots)`, 'add `address: members.raw`');
    } else if (addresses.has(address)) {
      report('channel-address-unique', at, `topic ${address} is declared twice`, 'give each channel its own address');
    } else {
      addresses.add(address);
    }
    if (typeof channel.description !== 'string' || channel.description.trim() === '') {
      report('channel-description', at, `channel ${name} has no description`, 'say what one message means');
    }
    if (typeof channel['x-dead-letter'] !== 'string') {
      report('channel-dead-letter', at, `channel ${name} has no x-dead-letter topic`, `add \`x-dead-letter: ${String(address)}.dlq\``);
    }
    const refs = Object.values(isObject(channel.messages) ? channel.messages : {});
    if (refs.length !== 1) {
      report('channel-one-message', at, `channel ${name} must carry exactly one message type, found ${refs.length}`, 'one topic, one payload schema');
      continue;
    }
    const ref = isObject(refs[0]) && typeof refs[0].$ref === 'string' ? refs[0].$ref : '';
    const message = messages[ref.replace(/^#\/components\/messages\//, '')];
    const payloadRef = isObject(message) && isObject(message.payload) ? message.payload.$ref : undefined;
    const payload = typeof payloadRef === 'string' ? schemas[payloadRef.replace(/^#\/components\/schemas\//, '')] : isObject(message) ? message.payload : undefined;
    if (!isObject(payload) || payload.type !== 'object') {
      report('message-payload', at, `channel ${name}: the message must have an object payload schema`, 'payload: {$ref: "#/components/schemas/X"} with type: object');
      continue;
    }
    checkKey(name, channel['x-key'], payload, (m, f) => report('channel-key', at, m, f));
  }
  for (const [name, op] of Object.entries(isObject(doc.operations) ? doc.operations : {})) {
    const ref = isObject(op) && isObject(op.channel) ? op.channel.$ref : undefined;
    const target = typeof ref === 'string' ? ref.replace(/^#\/channels\//, '') : '';
    if (!(target in channels)) {
      report('operation-channel', ['operations', name], `operation ${name} points at no declared channel`, "channel: {$ref: '#/channels/<name>'}");
    }
  }
  return findings;
}

function checkKey(channel: string, key: unknown, payload: JsonObject, report: (message: string, fix: string) => void): void {
  const required = Array.isArray(payload.required) ? payload.required : [];
  const properties = isObject(payload.properties) ? payload.properties : {};
  if (typeof key !== 'string') {
    report(`channel ${channel} has no x-key (the payload property that keys its messages)`, 'add `x-key: memberId`');
  } else if (!required.includes(key) || !(key in properties)) {
    report(`channel ${channel}: x-key ${key} must be a required property of the payload`, `add ${key} to the payload's properties and required`);
  }
}
