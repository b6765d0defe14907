import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; LOG_LEVEL=silent in tests. Secrets are redacted by path. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'password', '*.password'], censor: '[redacted]' },
  });
}
