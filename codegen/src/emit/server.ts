/**
 * Server stub emitter: a `<Service>Handlers` interface with one method per operationId and a
 * router factory that mounts them through the shared runtime (express-openapi-validator,
 * problem+json errors, deprecation headers).
 */
import { pascal, toIdentifier, type IRService } from '../ir';
import type { EmittedFile } from './emitter';
import { HEADER, doc, key } from './text';

export function emitServer(ir: IRService, serviceName: string): EmittedFile[] {
  const svc = pascal(toIdentifier(serviceName));
  const names = ir.operations.map((op) => pascal(op.operationId));
  const typeImports = names.flatMap((n) => [`${n}Input`, `${n}Response`]);
  const secured = ir.operations.some((op) => op.security !== undefined && op.security.length > 0);
  const out: string[] = [HEADER];
  out.push("import type { Router } from 'express';\n");
  out.push(`import { createOperationRouter, ${secured ? 'type Authenticator, ' : ''}type OperationRouterOptions, type RequestContext } from '@marquee/runtime';\n`);
  out.push("import { operations, type OperationId } from './operations.gen';\n");
  if (typeImports.length > 0) {
    out.push(`import type {\n${typeImports.map((t) => `  ${t},\n`).join('')}} from './operations.gen';\n`);
  }
  out.push("import spec from './openapi.json';\n");
  out.push("import { requestValidators } from './validators.gen';\n\n");
  out.push(doc([`What a ${ir.title} server implements: one method per operation.`, 'Return one of the declared responses; throw an AppError for anything else.']));
  out.push(`export interface ${svc}Handlers {\n`);
  for (const op of ir.operations) {
    const n = pascal(op.operationId);
    out.push(doc([op.summary, op.description, `${op.method.toUpperCase()} ${op.path}`, op.deprecated ? '@deprecated' : undefined], '  '));
    out.push(`  ${key(op.operationId)}(input: ${n}Input, ctx: RequestContext): Promise<${n}Response>;\n`);
  }
  out.push('}\n\n');
  out.push(
    doc([
      `Mounts ${svc}Handlers on an Express router: requests validated against the spec, responses too when options.validateResponses is set.`,
      secured ? 'Declared security is enforced before validation with options.auth: 401 without valid credentials, 403 without the scope.' : undefined,
    ]),
  );
  const optionsType = secured ? `OperationRouterOptions<OperationId> & { auth: Authenticator }` : `OperationRouterOptions<OperationId> = {}`;
  out.push(`export function create${svc}Router(handlers: ${svc}Handlers, options: ${optionsType}): Router {\n`);
  out.push(`  return createOperationRouter({ spec, operations, handlers, options, validators: requestValidators });\n`);
  out.push('}\n');
  return [{ path: 'server.gen.ts', content: out.join('') }];
}
