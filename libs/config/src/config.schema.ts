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

export const configSchema = z.object({
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
});

export type ConfigVariable = keyof typeof configSchema.shape;

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
};

export type AppConfig = z.infer<typeof configSchema>;
