import { z } from 'zod';

// Each variable carries the hint printed when its value is rejected, so the message says what to do.
const urlWithProtocol = (protocols: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .min(min, `expected at least ${min}`)
    .max(max, `expected at most ${max}`);

/** Signs JWTs in development and tests only: the configuration refuses it when NODE_ENV=production. */
export const DEVELOPMENT_JWT_SECRET = 'podlab-development-jwt-secret-never-use-in-production';

const fields = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: wholeNumber(1, 65535).default(3000),
  DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:']).default(
    'postgresql://postgres@127.0.0.1:5432/podlab',
  ),
  REDIS_URL: urlWithProtocol(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, "-" or "_"')
    .default('podlab'),
  WORKER_CONCURRENCY: wholeNumber(1, 256).default(4),
  SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000).default(10_000),
  RESYNC_EVERY_MS: wholeNumber(200, 3_600_000).default(30_000),
  WORKER_LOCK_DURATION_MS: wholeNumber(1_000, 600_000).default(30_000),
  JWT_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters')
    .refine((value) => !/^-----BEGIN /.test(value), {
      message: 'expected a shared secret, not a PEM key (tokens are HS256)',
    })
    .default(DEVELOPMENT_JWT_SECRET),
  ADMIN_EMAIL: z.email('expected an email address').optional(),
  ADMIN_PASSWORD: z
    .string()
    .min(10, 'expected at least 10 characters')
    .max(128, 'expected at most 128 characters')
    .optional(),
  RATE_LIMIT_MAX: wholeNumber(1, 1_000_000).default(600),
  RATE_LIMIT_WINDOW_MS: wholeNumber(1_000, 3_600_000).default(60_000),
  BODY_LIMIT_BYTES: wholeNumber(1_024, 64 * 1024 * 1024).default(1_048_576),
  ACCESS_TOKEN_TTL_SECONDS: wholeNumber(1, 86_400).default(900),
  LIVE_MAX_SUBSCRIPTIONS_PER_USER: wholeNumber(1, 100_000).default(50),
  SANDBOX_QUERY_CACHE: z.enum(['on', 'off']).default('on'),
});

export const configSchema = fields.superRefine((config, ctx) => {
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['JWT_SECRET'],
      message: 'the development default cannot sign tokens in production',
    });
  }
  if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    const missing = config.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD';
    ctx.addIssue({
      code: 'custom',
      path: [missing],
      message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together',
    });
  }
});

export type ConfigVariable = keyof typeof fields.shape;

/** The variables the configuration reads (an empty value counts as unset). */
export const configVariables = Object.keys(fields.shape) as ConfigVariable[];

export const configHints: Record<ConfigVariable, string> = {
  NODE_ENV: 'set it to development, production or test',
  HOST: 'set it to the interface to listen on, e.g. 127.0.0.1 or 0.0.0.0',
  PORT: 'set it to a free TCP port between 1 and 65535, or unset it to use 3000',
  DATABASE_URL: 'set it like postgresql://user:password@host:5432/podlab, or unset it for the local default',
  REDIS_URL: 'set it like redis://host:6379, or unset it for the local default',
  LOG_LEVEL: 'set it to fatal, error, warn, info, debug, trace or silent',
  LOG_FORMAT: 'set it to json or pretty, or unset it (pretty in development, json otherwise)',
  QUEUE_PREFIX: 'set it to a short name made of letters, digits, "-" or "_", or unset it to use podlab',
  WORKER_CONCURRENCY: 'set it to a whole number of jobs between 1 and 256, or unset it to use 4',
  SHUTDOWN_TIMEOUT_MS: 'set it to a whole number of milliseconds up to 600000, or unset it to use 10000',
  RESYNC_EVERY_MS:
    'set it to how often the worker re-enqueues LIVE sandboxes with pending timers, 200 to 3600000 ms, or unset it to use 30000',
  WORKER_LOCK_DURATION_MS:
    'set it to how long a reconcile job stays locked to a silent worker before another takes it over, 1000 to 600000 ms, or unset it to use 30000',
  JWT_SECRET:
    'set it to a random secret of at least 32 characters, e.g. the output of `openssl rand -base64 48` (required in production)',
  ADMIN_EMAIL: 'set it to the email of the first admin account (with ADMIN_PASSWORD), or unset both',
  ADMIN_PASSWORD:
    'set it to the first admin password, 10 to 128 characters (with ADMIN_EMAIL), or unset both',
  RATE_LIMIT_MAX: 'set it to the GraphQL requests one user (or one address, anonymously) may make per window',
  RATE_LIMIT_WINDOW_MS: 'set it to the rate-limit window in milliseconds, between 1000 and 3600000',
  BODY_LIMIT_BYTES: 'set it to the largest request body in bytes accepted, between 1024 and 67108864',
  ACCESS_TOKEN_TTL_SECONDS:
    'set it to the lifetime of an access token in seconds, between 1 and 86400, or unset it to use 900 (15 minutes)',
  LIVE_MAX_SUBSCRIPTIONS_PER_USER:
    'set it to the open sandboxEvents subscriptions one user may hold per api process, or unset it to use 50',
  SANDBOX_QUERY_CACHE:
    'set it to on (repeated sandbox queries answered from kept bytes while the sandbox is unchanged) or off',
};

export type AppConfig = z.infer<typeof configSchema>;
