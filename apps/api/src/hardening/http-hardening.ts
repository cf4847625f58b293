// Fastify-level defences of /graphql: per-user rate limits counted in Redis (@fastify/rate-limit with our batched
// Redis store, batched-rate-limit-store.ts), applied in the route's onRequest hook, so a refused request never
// reaches parsing or a resolver.
import rateLimit from '@fastify/rate-limit';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { type AppConfig } from '@podlab/config';
import { bearerToken } from '../auth/bearer-token';
import { BatchedRedisRateLimitStore, useStore } from './batched-rate-limit-store';
import { TokenService } from '../auth/token.service';
import { ApiError } from '../errors/api-error';

interface RateLimitedRequest {
  url: string;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Rate-limit key: the user id of a valid access token, else the client address (anonymous callers). */
export async function rateLimitKey(request: RateLimitedRequest, tokens: TokenService): Promise<string> {
  const token = bearerToken(request.headers['authorization']);
  if (token) {
    const user = await tokens.verifyAccessToken(token).catch(() => null);
    if (user) return `user:${user.id}`;
  }
  return `ip:${request.ip}`;
}

export async function registerHttpHardening(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const tokens = app.get(TokenService);
  const redis = new Redis(config.REDIS_URL, {
    connectionName: 'podlab-api-rate-limit',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
  });
  // Redis is a doorbell, not a dependency of answering: while it is down, requests pass (skipOnError) and
  // ioredis reconnects by itself.
  redis.on('error', () => undefined);
  const store = new BatchedRedisRateLimitStore(redis, `${config.QUEUE_PREFIX}:rate-limit:`);
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    store: useStore(store),
    skipOnError: true,
    allowList: (request) => !request.url.startsWith('/graphql'),
    keyGenerator: (request) => rateLimitKey(request, tokens),
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new ApiError('RATE_LIMITED', `Too many requests: retry in ${context.after}.`, {
          retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
        }),
        { statusCode: context.statusCode },
      ),
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => {
      await store.flush();
      await redis.quit().catch(() => redis.disconnect());
    });
}
