/**
 * README.md of a TypeScript SDK package: install, authentication (from the spec's security
 * schemes), a first call, error handling, pagination, and every operation, with examples built
 * from the spec's own examples.
 */
import { isObject, type JsonValue } from '@marquee/openapi';
import { pascal, toIdentifier, type IROperation, type IRService } from '../ir';
import { isCursorPaginated, sdkClassName, sdkFunctionName, type SdkSecurity } from './sdk';

export function emitSdkReadme(ir: IRService, service: string, packageName: string, security: SdkSecurity, baseUrl: string): string {
  const ops = ir.operations;
  const first = ops.find((op) => op.method === 'get' && !requiresInput(op)) ?? ops[0];
  const posts = ops.filter((op) => op.method === 'post' && op.requestBody !== undefined);
  const create = posts.find((op) => /^create/.test(op.operationId)) ?? posts[0];
  const list = ops.find((op) => isCursorPaginated(op, ir.schemas));
  const lines: string[] = [
    `# ${packageName}`,
    '',
    `TypeScript SDK for ${ir.title} ${ir.version}, generated from its OpenAPI contract. ESM with type`,
    'declarations, tree-shakable (one function per operation), no runtime dependencies (global `fetch`,',
    'Node.js 20+ or any modern browser).',
    '',
    ...(ir.description ? [ir.description.trim(), ''] : []),
    '## Install',
    '',
    '```sh',
    `npm install ${packageName}`,
    '```',
    '',
    '## Authentication',
    '',
  ];
  if (security.bearer) {
    lines.push(
      '- OAuth2 / bearer: `token` is a string or a function returning one (called per request, so it can refresh).',
      ...(security.tokenUrl ? [`  Client-credentials tokens come from \`${security.tokenUrl}\`${security.scopes.length > 0 ? `; scopes: ${security.scopes.map((s) => `\`${s}\``).join(', ')}` : ''}.`] : []),
    );
  }
  if (security.apiKeyHeader) {
    lines.push(`- API key: \`apiKey\` is sent in the \`${security.apiKeyHeader}\` header.`);
  }
  lines.push(
    '',
    '```ts',
    `import { createClient${first ? `, ${toIdentifier(first.operationId)}` : ''} } from '${packageName}';`,
    '',
    `const ${service} = createClient({`,
    `  baseUrl: ${JSON.stringify(baseUrl)},`,
    security.bearer ? '  token: async () => myTokenCache.get(), // or apiKey: process.env.MARQUEE_API_KEY' : '  apiKey: process.env.MARQUEE_API_KEY,',
    '  timeoutMs: 5000, // per attempt; idempotent calls retry twice with backoff, honouring Retry-After',
    '});',
  );
  if (first) {
    lines.push(`const result = await ${toIdentifier(first.operationId)}(${service}${exampleRequest(first, ir)});`);
  }
  lines.push('```', '', `Prefer methods? \`new ${sdkClassName(service)}({ baseUrl, token })\` has every operation as a method.`, '');
  if (create) {
    const id = toIdentifier(create.operationId);
    lines.push(
      '## Errors',
      '',
      'A 2xx resolves with its body. Every declared error response rejects with an `ApiError` whose',
      '`status` and `body` are typed per operation (`<Operation>Error`); problem+json bodies name each',
      'culprit in `errors[].pointer`. Every error carries the `requestId` (X-Request-Id) of the call',
      'and the response headers its status declares (`headers`, typed: an integer `Retry-After` is a number).',
      'Pass `{ withResponse: true }` as a call\'s options to get `{ status, body, headers, response }` instead of the body.',
      'Unreachable services and timeouts reject with `NetworkError`.',
      '',
      '```ts',
      `import { ${id}, is${pascal(id)}Error } from '${packageName}';`,
      '',
      'try {',
      `  const result = await ${id}(${service}${exampleRequest(create, ir)});`,
      '} catch (error) {',
      `  if (is${pascal(id)}Error(error) && error.status === 400) {`,
      '    console.log(error.body.errors?.map((e) => e.pointer), error.requestId);',
      '  } else {',
      '    throw error;',
      '  }',
      '}',
      '```',
      '',
    );
  }
  if (list) {
    const n = pascal(toIdentifier(list.operationId));
    lines.push(
      '## Pagination',
      '',
      'Cursor-paginated lists have an async iterator that fetches the next page when the loop gets there:',
      '',
      '```ts',
      `import { iterate${n} } from '${packageName}';`,
      '',
      `for await (const item of iterate${n}(${service}, { query: { limit: 50 } })) {`,
      '  console.log(item);',
      '}',
      '```',
      '',
    );
  }
  lines.push('## Operations', '', '| Function | Request | Summary |', '| --- | --- | --- |');
  for (const op of ops) {
    const summary = (op.summary ?? '').replace(/\|/g, '\\|');
    lines.push(`| \`${sdkFunctionName(op)}\`${op.deprecated ? ' (deprecated)' : ''} | \`${op.method.toUpperCase()} ${op.path}\` | ${summary} |`);
  }
  lines.push('', 'Changes between released versions of the contract: CHANGELOG.md.', '');
  return lines.join('\n');
}

function requiresInput(op: IROperation): boolean {
  return (['path', 'query', 'header', 'cookie'] as const).some((loc) => op.parameters[loc].some((p) => p.required)) || op.requestBody?.required === true;
}

/** `, { path: {...}, headers: {...}, body: {...} }` from the spec's examples, or '' when nothing is required. */
function exampleRequest(op: IROperation, ir: IRService): string {
  const parts: string[] = [];
  const params = (loc: 'path' | 'query' | 'header', field: string) => {
    const required = op.parameters[loc].filter((p) => p.required || loc === 'query');
    const chosen = loc === 'query' ? required.filter((p) => p.example !== undefined).slice(0, 1) : required;
    if (chosen.length > 0) {
      const entries = chosen.map((p) => `${JSON.stringify(p.name)}: ${JSON.stringify(p.example ?? exampleOf(p.schema, ir, 0) ?? 'value')}`);
      parts.push(`${field}: { ${entries.join(', ')} }`);
    }
  };
  params('path', 'path');
  params('query', 'query');
  params('header', 'headers');
  const media = op.requestBody?.contents[0];
  if (media) {
    parts.push(`body: ${JSON.stringify(media.example ?? exampleOf(media.schema, ir, 0) ?? {})}`);
  }
  return parts.length === 0 ? '' : `, { ${parts.join(', ')} }`;
}

function exampleOf(schema: JsonValue | undefined, ir: IRService, depth: number): JsonValue | undefined {
  if (!isObject(schema) || depth > 4) {
    return undefined;
  }
  const ref = typeof schema.$ref === 'string' ? schema.$ref.match(/^#\/components\/schemas\/(.+)$/)?.[1] : undefined;
  if (ref !== undefined) {
    return exampleOf(ir.schemas[ref], ir, depth + 1);
  }
  if (schema.example !== undefined) {
    return schema.example;
  }
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    return schema.examples[0];
  }
  if (isObject(schema.properties)) {
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
    const out: Record<string, JsonValue> = {};
    for (const name of required) {
      const value = exampleOf(schema.properties[name], ir, depth + 1);
      if (value !== undefined) {
        out[name] = value;
      }
    }
    return out;
  }
  return undefined;
}
