// Nest wiring of the WebSocket endpoint: the LiveSocketServer on the api's HTTP server, authenticating with the
// same pinned-HS256 token verification as HTTP, validating with the same rules, formatting errors the same way.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { type AppConfig } from '@podlab/config';
import type { AuthUser } from '../auth/auth.types';
import { bearerToken } from '../auth/bearer-token';
import { TokenService } from '../auth/token.service';
import { APP_CONFIG } from '../config/app-config.module';
import { formatGraphqlErrors } from '../errors/graphql-error.formatter';
import { MAX_QUERY_TOKENS } from '../hardening/graphql-hardening';
import { graphqlValidationRules } from '../hardening/graphql-limits';
import { LiveSocketServer } from './live-socket-server';

@Injectable()
export class LiveSocketGateway implements OnModuleInit {
  private readonly logger = new Logger('LiveSocket');
  private server: LiveSocketServer<AuthUser> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  /** The shared-execution counters of this process (tests and benchmarks). */
  get stats() {
    return this.server?.shared.stats;
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const graphql = fastify as unknown as { graphql?: { schema: GraphQLSchema } };
    const server = new LiveSocketServer<AuthUser>({
      schema: () => {
        if (!graphql.graphql) throw new Error('the GraphQL module has not started');
        return graphql.graphql.schema;
      },
      authenticate: async (params) => {
        const token = bearerToken(params?.['authorization'] ?? params?.['Authorization']);
        return token ? this.tokens.verifyAccessClaims(token) : null;
      },
      context: (user) => ({ user }),
      validationRules: graphqlValidationRules(this.config.NODE_ENV === 'production'),
      maxTokens: MAX_QUERY_TOKENS,
      format: (result: ExecutionResult) =>
        formatGraphqlErrors({ ...result, errors: result.errors ?? [] }, { app: fastify }).response,
      log: this.logger,
    });
    this.server = server;
    server.attach(fastify.server);
    // Before the HTTP server closes: open sockets would otherwise keep it waiting.
    fastify.addHook('preClose', async () => server.close());
  }
}
