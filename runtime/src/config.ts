/**
 * Typed configuration from the environment, parsed once at startup. Every invalid or missing
 * variable is reported in one error, so a misconfigured service says everything at once.
 */
type Parser<T> = { parse(raw: string | undefined, name: string): T };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const env = {
  string(options: { default?: string } = {}): Parser<string> {
    return {
      parse(raw, name) {
        const value = raw ?? options.default;
        if (value === undefined || value === '') {
          throw new Error(`${name} is required`);
        }
        return value;
      },
    };
  },
  int(options: { default?: number; min?: number; max?: number } = {}): Parser<number> {
    return {
      parse(raw, name) {
        if (raw === undefined || raw === '') {
          if (options.default === undefined) {
            throw new Error(`${name} is required`);
          }
          return options.default;
        }
        const value = Number(raw);
        if (!Number.isInteger(value)) {
          throw new Error(`${name} must be an integer, got '${raw}'`);
        }
        if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
          throw new Error(`${name} must be between ${options.min ?? '-inf'} and ${options.max ?? 'inf'}, got ${value}`);
        }
        return value;
      },
    };
  },
  /** A string that may be left out (undefined). */
  optional(): Parser<string | undefined> {
    return { parse: (raw) => (raw === undefined || raw === '' ? undefined : raw) };
  },
  url(options: { default?: string } = {}): Parser<string> {
    return {
      parse(raw, name) {
        const value = raw ?? options.default;
        if (!value || !URL.canParse(value)) {
          throw new Error(`${name} must be a URL, got '${value ?? ''}'`);
        }
        return value.replace(/\/+$/, '');
      },
    };
  },
};

export function loadConfig<S extends Record<string, Parser<unknown>>>(
  schema: S,
  source: NodeJS.ProcessEnv = process.env,
): Readonly<{ [K in keyof S]: S[K] extends Parser<infer T> ? T : never }> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, parser] of Object.entries(schema)) {
    try {
      out[name] = parser.parse(source[name], name);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return Object.freeze(out) as never;
}
