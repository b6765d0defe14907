/** Messages between http-bench.ts and its server children. */

/**
 * generated: the generated stack with its authenticator trusting every request (no token verified);
 * generated-auth: the same with real ES256 bearer verification (the parent sends the child's token);
 * fastify: Fastify with the same two routes and the spec's JSON schemas (bench/lib/fastify-server.ts).
 */
export const SERVER_MODES = ['generated', 'bare', 'generated-resval', 'generated-auth', 'fastify'] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

export function isServerMode(value: unknown): value is ServerMode {
  return typeof value === 'string' && (SERVER_MODES as readonly string[]).includes(value);
}

export type ParentMessage = { type: 'cpu' } | { type: 'profile-start' } | { type: 'profile-stop'; path: string } | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; port: number; pid: number; token?: string }
  | { type: 'cpu'; userUs: number; systemUs: number }
  | { type: 'profile-started' }
  | { type: 'profile-stopped'; path: string };
