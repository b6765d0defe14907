/**
 * Transport responses (rule `transport-responses`): statuses the platform's runtime answers for
 * an operation before or around its handler, so its spec must declare them for generated
 * clients, docs and mocks to know them.
 *
 * A lint rule rather than the bundler adding them: specs/ stays the whole contract as written,
 * the same one reviewers read, `marquee diff` and `make breaking` compare and third-party tools
 * load; a response the bundler added would be in generated/openapi.json but in no spec, and a
 * runtime change would alter every contract without a spec diff to review. The cost is one `$ref`
 * line per status, and a forgotten one fails `make generate` at its file:line.
 */
import type { JsonValue, LoadedFile } from '@marquee/openapi';
import { isObject } from '@marquee/openapi';

/** When the runtime can answer a status: every operation, secured ones, or those taking a body. */
type Applies = 'always' | 'secured' | 'body';

/** The platform's transport responses and the shared response (specs/common/components.yaml) each one refers to. */
export const TRANSPORT_RESPONSES: readonly { status: string; applies: Applies; component: string; why: string }[] = [
  { status: '431', applies: 'always', component: 'HeadersTooLarge', why: "the server's 16 KB header limit" },
  { status: '429', applies: 'secured', component: 'TooManyRequests', why: "the runtime's per-client rate limit on secured operations" },
  { status: '503', applies: 'secured', component: 'ServiceUnavailable', why: 'authentication needs the key set or identity, and a handler its datastores' },
  { status: '413', applies: 'body', component: 'PayloadTooLarge', why: 'the body size limit' },
  { status: '415', applies: 'body', component: 'UnsupportedMediaType', why: 'a body in a media type the operation does not take' },
];

type Report = (rule: string, at: { file: LoadedFile; pointer: string[] }, message: string, fix: string) => void;

/** Whether callers need credentials: a non-empty effective security with no empty alternative. */
export function isSecured(effectiveSecurity: JsonValue | undefined): boolean {
  return Array.isArray(effectiveSecurity) && effectiveSecurity.length > 0 && effectiveSecurity.every((alt) => isObject(alt) && Object.keys(alt).length > 0);
}

/**
 * One finding per operation, naming every transport status it leaves undeclared. The fix refers
 * to a response the spec's own files define under that name (`responseRef`), never to a file the
 * project may not have.
 */
export function lintTransportResponses(args: {
  op: Record<string, JsonValue>;
  at: { file: LoadedFile; pointer: string[] };
  label: string;
  secured: boolean;
  responseRef: (component: string) => string | undefined;
  report: Report;
}): void {
  const { op, at, label, secured, responseRef, report } = args;
  const declared = isObject(op.responses) ? op.responses : {};
  const applies: Record<Applies, boolean> = { always: true, secured, body: op.requestBody !== undefined };
  const missing = TRANSPORT_RESPONSES.filter((t) => applies[t.applies] && !(t.status in declared));
  if (missing.length === 0) {
    return;
  }
  const id = typeof op.operationId === 'string' ? ` (${op.operationId})` : '';
  const suggestion = (t: (typeof TRANSPORT_RESPONSES)[number]) => {
    const ref = responseRef(t.component);
    return ref ? `'${t.status}': { $ref: '${ref}' }` : `'${t.status}' (an application/problem+json response, ideally one shared as components/responses/${t.component})`;
  };
  report(
    'transport-responses',
    { file: at.file, pointer: isObject(op.responses) ? [...at.pointer, 'responses'] : at.pointer },
    `${label}${id} does not declare ${missing.map((t) => `${t.status} (${t.why})`).join(', ')}, which the platform answers`,
    `add ${missing.map(suggestion).join(', ')} to its responses`,
  );
}
