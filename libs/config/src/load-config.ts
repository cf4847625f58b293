import {
  configHints,
  configSchema,
  configVariables,
  type AppConfig,
  type ConfigVariable,
} from './config.schema';

export interface ConfigProblem {
  variable: string;
  value: string | undefined;
  message: string;
  hint: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      [
        'Invalid configuration:',
        ...problems.map(
          (p) =>
            `  ${p.variable}=${p.value === undefined ? '(unset)' : JSON.stringify(p.value)}: ${p.message}; ${p.hint}.`,
        ),
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function isVariable(key: string): key is ConfigVariable {
  return Object.hasOwn(configHints, key);
}

/** Parses the environment; an empty string counts as unset so `PORT= npm start` falls back to the default. */
export function parseConfig(env: Env): AppConfig {
  const input: Env = {};
  for (const key of configVariables) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value.trim();
  }
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(environment)');
      return {
        variable,
        value: input[variable],
        message: issue.message,
        hint: isVariable(variable) ? configHints[variable] : 'check the environment',
      };
    }),
  );
}

/** For entry points: a bad value stops the process with a message naming the variable and what to do. */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

export type LogFormat = 'json' | 'pretty';

export function logFormat(config: Pick<AppConfig, 'NODE_ENV' | 'LOG_FORMAT'>): LogFormat {
  return config.LOG_FORMAT ?? (config.NODE_ENV === 'development' ? 'pretty' : 'json');
}

/** pino options derived from the configuration: JSON lines by default, pino-pretty (a dev dependency) on request. */
export function pinoOptions(config: Pick<AppConfig, 'NODE_ENV' | 'LOG_FORMAT' | 'LOG_LEVEL'>): {
  level: string;
  transport?: { target: string; options: Record<string, unknown> };
} {
  if (logFormat(config) === 'json') return { level: config.LOG_LEVEL };
  return {
    level: config.LOG_LEVEL,
    transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } },
  };
}
