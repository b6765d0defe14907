/**
 * Client emitter: a fetch-based class with one typed method per operation. Responses come back
 * as the operation's status-discriminated union; transport failures throw UpstreamUnavailableError.
 */
import { pascal, toIdentifier, type IRService } from '../ir';
import type { EmittedFile } from './emitter';
import { HEADER, doc, key, str } from './text';

export function emitClient(ir: IRService, serviceName: string): EmittedFile[] {
  const svc = pascal(toIdentifier(serviceName));
  const names = ir.operations.map((op) => pascal(op.operationId));
  const typeImports = names.flatMap((n) => [`${n}Request`, `${n}Response`]);
  const out: string[] = [HEADER];
  out.push("import { HttpClient, type ApiResult, type CallOptions, type ClientOptions } from '@marquee/runtime/client';\n");
  out.push("import { operations } from './operations.gen';\n");
  if (typeImports.length > 0) {
    out.push(`import type {\n${typeImports.map((t) => `  ${t},\n`).join('')}} from './operations.gen';\n`);
  }
  out.push('\n');
  out.push(doc([`Typed client for ${ir.title} ${ir.version}.`, 'Idempotent calls retry with backoff on network errors, 429 and 502-504 (honouring Retry-After).']));
  out.push(`export class ${svc}Client {\n`);
  out.push('  private readonly http: HttpClient;\n\n');
  out.push(`  constructor(options: ClientOptions) {\n    this.http = new HttpClient({ service: ${str(serviceName)}, ...options });\n  }\n`);
  for (const op of ir.operations) {
    const n = pascal(op.operationId);
    const required =
      (['path', 'query', 'header', 'cookie'] as const).some((loc) => op.parameters[loc].some((p) => p.required)) ||
      op.requestBody?.required === true;
    out.push('\n');
    out.push(doc([op.summary, op.description, `${op.method.toUpperCase()} ${op.path}`, op.deprecated ? '@deprecated' : undefined], '  '));
    const param = required ? `request: ${n}Request` : `request: ${n}Request = {}`;
    out.push(`  ${key(op.operationId)}(${param}, options?: CallOptions): Promise<ApiResult<${n}Response>> {\n`);
    out.push(`    return this.http.call(operations[${str(op.operationId)}], ${str(op.operationId)}, request, options) as Promise<ApiResult<${n}Response>>;\n`);
    out.push('  }\n');
  }
  out.push('}\n');
  return [{ path: 'client.gen.ts', content: out.join('') }];
}
