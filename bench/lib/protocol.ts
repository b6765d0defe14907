/** Messages between http-bench.ts and its server children. */

export const SERVER_MODES = ['generated', 'bare', 'generated-resval'] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

export function isServerMode(value: unknown): value is ServerMode {
  return typeof value === 'string' && (SERVER_MODES as readonly string[]).includes(value);
}

export type ParentMessage = { type: 'cpu' } | { type: 'profile-start' } | { type: 'profile-stop'; path: string } | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; port: number; pid: number }
  | { type: 'cpu'; userUs: number; systemUs: number }
  | { type: 'profile-started' }
  | { type: 'profile-stopped'; path: string };
