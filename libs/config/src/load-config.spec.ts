import { DEVELOPMENT_JWT_SECRET } from './config.schema';
import { ConfigError, loadConfigOrExit, logFormat, parseConfig, pinoOptions } from './load-config';

function problemsOf(env: Record<string, string>) {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(parseConfig({})).toEqual({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 3000,
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/podlab',
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'info',
      QUEUE_PREFIX: 'podlab',
      WORKER_CONCURRENCY: 4,
      SHUTDOWN_TIMEOUT_MS: 10000,
      RESYNC_EVERY_MS: 30000,
      WORKER_LOCK_DURATION_MS: 30000,
      JWT_SECRET: DEVELOPMENT_JWT_SECRET,
      RATE_LIMIT_MAX: 600,
      RATE_LIMIT_WINDOW_MS: 60000,
      BODY_LIMIT_BYTES: 1048576,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      LIVE_MAX_SUBSCRIPTIONS_PER_USER: 50,
      SANDBOX_QUERY_CACHE: 'on',
    });
  });

  it('refuses to sign tokens with the development secret in production', () => {
    const error = problemsOf({ NODE_ENV: 'production' });
    expect(error.problems).toEqual([
      expect.objectContaining({ variable: 'JWT_SECRET', hint: expect.stringMatching(/^set it/) }),
    ]);
    const secret = 'a-production-secret-of-enough-length-0123456789';
    expect(parseConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET).toBe(secret);
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'root@example.com' }).problems[0]?.variable).toBe('ADMIN_PASSWORD');
    expect(problemsOf({ ADMIN_PASSWORD: 'long-enough-password' }).problems[0]?.variable).toBe('ADMIN_EMAIL');
    expect(
      parseConfig({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'long-enough-password' }),
    ).toMatchObject({ ADMIN_EMAIL: 'root@example.com' });
  });

  it('reads and coerces the values that are set, and ignores unrelated variables', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgres://app:secret@db:5432/podlab',
      REDIS_URL: 'rediss://cache:6380',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      WORKER_CONCURRENCY: '16',
      JWT_SECRET: 'a-production-secret-of-enough-length-0123456789',
      HOME: '/root',
    });
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      PORT: 8080,
      DATABASE_URL: 'postgres://app:secret@db:5432/podlab',
      REDIS_URL: 'rediss://cache:6380',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      WORKER_CONCURRENCY: 16,
    });
    expect(config).not.toHaveProperty('HOME');
  });

  it('treats an empty or blank value as unset', () => {
    expect(parseConfig({ PORT: '', REDIS_URL: '  ' })).toMatchObject({
      PORT: 3000,
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '3000.5'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_URL', 'mysql://root@127.0.0.1/podlab'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_FORMAT', 'xml'],
    ['QUEUE_PREFIX', 'has space'],
    ['WORKER_CONCURRENCY', '0'],
    ['SHUTDOWN_TIMEOUT_MS', '-1'],
    ['RESYNC_EVERY_MS', '50'],
    ['WORKER_LOCK_DURATION_MS', '10'],
    ['JWT_SECRET', 'too-short'],
    [
      'JWT_SECRET',
      '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
    ],
    ['RATE_LIMIT_MAX', '0'],
    ['BODY_LIMIT_BYTES', '10'],
  ])('rejects %s=%s with a message naming the variable, its value and a fix', (variable, value) => {
    const error = problemsOf({ [variable]: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ variable, value });
    expect(error.problems[0]?.hint).toMatch(/^set it/);
    expect(error.message).toContain(`${variable}=${JSON.stringify(value)}: `);
  });

  it('reports every bad variable at once', () => {
    const error = problemsOf({ PORT: 'x', REDIS_URL: 'nope' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['PORT', 'REDIS_URL']);
    expect(error.message.split('\n')).toHaveLength(3);
  });
});

describe('loadConfigOrExit', () => {
  it('writes the message to stderr and exits with status 1 on a bad value', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => loadConfigOrExit({ PORT: 'eighty' })).toThrow('exit 1');
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining('PORT="eighty": '));
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining('set it to a free TCP port'));
    } finally {
      exit.mockRestore();
      stderr.mockRestore();
    }
  });

  it('returns the configuration when it is valid', () => {
    expect(loadConfigOrExit({ PORT: '4000' }).PORT).toBe(4000);
  });
});

describe('logging options', () => {
  it('writes JSON outside development unless pretty output is requested', () => {
    expect(logFormat({ NODE_ENV: 'production' })).toBe('json');
    expect(logFormat({ NODE_ENV: 'test' })).toBe('json');
    expect(logFormat({ NODE_ENV: 'development' })).toBe('pretty');
    expect(logFormat({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' })).toBe('pretty');
    expect(logFormat({ NODE_ENV: 'development', LOG_FORMAT: 'json' })).toBe('json');
  });

  it('uses pino-pretty only for the pretty format', () => {
    expect(pinoOptions({ NODE_ENV: 'production', LOG_LEVEL: 'info' })).toEqual({ level: 'info' });
    expect(pinoOptions({ NODE_ENV: 'development', LOG_LEVEL: 'debug' }).transport?.target).toBe(
      'pino-pretty',
    );
  });
});
