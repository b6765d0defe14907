/**
 * The breaking-change gate for event contracts. Each channel is read as an operation whose
 * payload is BOTH a request body (the producer writes it, and messages already in the log must
 * stay valid under the new schema: narrowing a type, a new required field or a tighter enum is
 * breaking) and a response (consumers read it: removing a field they read is breaking). The
 * OpenAPI diff engine then judges it with the same rules, pointers and version check.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { diffSpecs, type BaseRef, type BaseTrees, type ServiceComparison } from '@marquee/diff';
import type { JsonObject } from '@marquee/openapi';
import { EVENT_SPEC } from './index';
import { loadEventContract, type EventContract } from './model';

/** The contract as an OpenAPI 3.1 document: `POST /<topic>` takes and returns the payload. */
export function eventsAsOpenApi(contract: EventContract): JsonObject {
  const paths: JsonObject = {};
  for (const channel of contract.channels) {
    const content = { 'application/json': { schema: { $ref: `#/components/schemas/${channel.schemaName}` } } };
    paths[`/${channel.address}`] = {
      post: {
        operationId: channel.name,
        summary: channel.description,
        requestBody: { required: true, content },
        responses: { '200': { description: `a ${channel.message} message`, content } },
      },
    };
  }
  return { openapi: '3.1.0', info: { title: contract.title, version: contract.version }, paths, components: { schemas: contract.schemas } };
}

/** Compares specs/<service>/asyncapi.yaml with the base's; reported as service `<service>-events`. */
export function compareEvents(args: { root: string; service: string; base: BaseRef; trees: BaseTrees; today?: string }): ServiceComparison {
  const { root, service, base, trees } = args;
  const label = `${service}-events`;
  const revision = loadEventContract(join(root, 'specs', service, EVENT_SPEC));
  const basePath = base.ref === undefined ? undefined : join(trees.specsDir(base.ref), service, EVENT_SPEC);
  if (basePath === undefined || !existsSync(basePath)) {
    return { service: label, base, status: 'new-service', revisionVersion: revision.version, changes: [] };
  }
  const baseContract = loadEventContract(basePath);
  const changes = diffSpecs(eventsAsOpenApi(baseContract), eventsAsOpenApi(revision), args.today !== undefined ? { today: args.today } : {});
  return { service: label, base, status: 'compared', baseVersion: baseContract.version, revisionVersion: revision.version, changes };
}
