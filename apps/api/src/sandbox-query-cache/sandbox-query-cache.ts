// Answers repeated `sandbox` queries with the bytes of an earlier answer while the sandbox has not changed, before
// Mercurius and Nest see the request (M7: a learner's page, a cluster view and an instructor's dashboard ask the
// same query again and again, and most of a request's CPU was GraphQL execution, Nest's per-field wrappers and
// the two reads behind them).
//
// Per request, once Fastify parsed the body and the rate limiter counted it: the bearer token is verified (as
// the guard does), the document is recognised as cacheable (cacheable-query.ts), the sandbox's row and head version
// are read fresh (concurrent requests for one sandbox share that read, never one that began before they arrived:
// read-your-writes holds), the access policy is asked as the resolver would, and an answer kept for the same
// document, variables, record and head version is sent as it was. Anything else (no or bad token, a foreign or
// missing sandbox, another operation, an answer with errors) goes on to Mercurius untouched, which answers or
// refuses as it always did. A miss renders through Mercurius itself (`fastify.graphql`, same schema, guards,
// resolvers and serializer) with the record and projection just read pinned in the GraphQL context, so the kept
// answer is exactly that version's.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AppConfig } from '@podlab/config';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
  specifiedRules,
  validate,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { type SandboxRecord, SandboxService } from '@podlab/sandbox';
import { type AuthUser } from '../auth/auth.types';
import { bearerToken } from '../auth/bearer-token';
import { SandboxAccessPolicy } from '../auth/sandbox-access.policy';
import { TokenService } from '../auth/token.service';
import { APP_CONFIG } from '../config/app-config.module';
import { MAX_QUERY_TOKENS } from '../hardening/graphql-hardening';
import { graphqlValidationRules } from '../hardening/graphql-limits';
import { CoalescedReads } from '../sandboxes/coalesced-reads';
import { type PinnableContext, type PinnedSandboxHead, SandboxHeads } from '../sandboxes/sandbox-heads';
import { type CacheableQuery, cacheableQuery } from './cacheable-query';

/** Documents remembered as cacheable or not (by their text). */
const DOCUMENTS_KEPT = 1_000;
/** Longer documents are never analysed (the sandbox pages' queries are a few hundred bytes). */
const MAX_DOCUMENT_LENGTH = 20_000;
/** Bytes of answers kept, all sandboxes together (least recently used forgotten first). */
const ANSWER_BYTES_KEPT = 64 * 1024 * 1024;

const CONTENT_TYPE = 'application/json; charset=utf-8';

interface GraphqlBody {
  readonly query?: unknown;
  readonly variables?: unknown;
  readonly operationName?: unknown;
  readonly extensions?: unknown;
  readonly persisted?: unknown;
}

interface KeptAnswer {
  /** The head version the answer is of. */
  readonly version: number;
  /** The record's fields an answer can show (recordFingerprint). */
  readonly fingerprint: string;
  readonly bytes: Buffer;
}

interface SandboxHead {
  readonly record: SandboxRecord;
  readonly version: number;
}

/** Counters for tests and logs. */
export interface SandboxQueryCacheStats {
  /** Requests answered with kept bytes. */
  readonly hits: number;
  /** Requests answered by rendering (then kept). */
  readonly renders: number;
  /** Cacheable-looking requests handed on to Mercurius (refused, foreign, errors). */
  readonly passed: number;
}

/** Mercurius' server-side execution (decorated on the Fastify instance). */
type ExecuteGraphql = (
  source: string,
  context: object,
  variables?: Record<string, unknown>,
  operationName?: string,
) => Promise<ExecutionResult>;

@Injectable()
export class SandboxQueryCache {
  private readonly documents = new LRUCache<string, CacheableQuery | false>({ max: DOCUMENTS_KEPT });
  private readonly answers = new LRUCache<string, KeptAnswer>({
    maxSize: ANSWER_BYTES_KEPT,
    sizeCalculation: (answer, key) => answer.bytes.length + key.length,
  });
  /** The generation last seen per sandbox, so its row and head are read at once (getSandboxHead). */
  private readonly generations = new LRUCache<string, number>({ max: 10_000 });
  private readonly heads = new CoalescedReads<SandboxHead>(async (id) => {
    const head = await this.sandboxes.getSandboxHead(id, this.generations.get(id) ?? 0);
    this.generations.set(id, head.record.generation);
    return head;
  });
  private counts = { hits: 0, renders: 0, passed: 0 };
  private readonly logger = new Logger('SandboxQueryCache');
  /** What Mercurius validates with (graphql-hardening.ts). */
  private readonly rules: readonly ValidationRule[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(SandboxService) private readonly sandboxes: SandboxService,
    @Inject(SandboxAccessPolicy) private readonly policy: SandboxAccessPolicy,
    @Inject(SandboxHeads) private readonly projections: SandboxHeads,
  ) {
    this.rules = [...specifiedRules, ...graphqlValidationRules(config.NODE_ENV === 'production')];
  }

  get stats(): SandboxQueryCacheStats {
    return { ...this.counts };
  }

  /**
   * Hooks the cache in front of `POST /graphql`: a preValidation hook, after the rate limiter and body parsing and
   * before Mercurius' JSON-schema check of the body, which `answer` makes itself for what it handles (a string
   * query, an object of variables, a string operation name). Call before the app initialises, like the limiter.
   */
  register(fastify: FastifyInstance): void {
    if (this.config.SANDBOX_QUERY_CACHE === 'off') {
      this.logger.log(
        'sandbox query cache off (SANDBOX_QUERY_CACHE=off): every sandbox query runs through GraphQL',
      );
      return;
    }
    fastify.addHook('preValidation', async (request, reply) => {
      if (request.method !== 'POST' || request.routeOptions.url !== '/graphql') return;
      if (await this.answer(fastify, request, reply)) return reply;
    });
    fastify.addHook('onClose', async () => {
      const reads = this.heads.stats;
      this.logger.log(
        { ...this.stats, freshReads: reads.reads, freshCalls: reads.calls },
        `sandbox query cache: ${this.counts.hits} answers sent as kept, ${this.counts.renders} rendered, ${this.counts.passed} handed on`,
      );
    });
  }

  /** True when it answered; false hands the request on to Mercurius. */
  private async answer(
    fastify: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<boolean> {
    const body = request.body as GraphqlBody | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
    // Persisted queries and extensions are Mercurius' business.
    if (body.extensions !== undefined || body.persisted !== undefined) return false;
    const { query: source, variables, operationName } = body;
    if (typeof source !== 'string' || source.length > MAX_DOCUMENT_LENGTH) return false;
    if (operationName != null && typeof operationName !== 'string') return false;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return false;
    const query = this.document(fastify, source, operationName);
    if (!query) return false;
    const vars = (variables ?? undefined) as Record<string, unknown> | undefined;
    const sandboxId = query.sandboxId(vars);
    if (sandboxId === undefined) return false;

    const user = await this.caller(request);
    if (!user) return this.pass();
    const head = await this.heads.get(sandboxId).catch(() => null);
    // A missing sandbox, or one spelled differently from its record's id (upper-case): the resolver's own path.
    if (!head || head.record.id !== sandboxId) return this.pass();
    if (!(await this.policy.canRead(user, head.record))) return this.pass();

    const key = `${sandboxId}\n${operationName ?? ''}\n${variables == null ? '' : JSON.stringify(variables)}\n${source}`;
    const fingerprint = recordFingerprint(head.record);
    const kept = this.answers.get(key);
    if (kept && kept.version === head.version && kept.fingerprint === fingerprint) {
      this.counts.hits++;
      await reply.type(CONTENT_TYPE).send(kept.bytes);
      return true;
    }

    const projection = await this.projections.project(head.record).catch(() => null);
    if (!projection) return this.pass();
    const pinned: PinnedSandboxHead = { record: head.record, projection, used: false };
    const context: PinnableContext & { req: FastifyRequest; user: AuthUser } = {
      req: request,
      user,
      pinnedHead: pinned,
    };
    const execute = (fastify as unknown as { graphql: ExecuteGraphql }).graphql;
    const result = await execute
      .call(fastify, source, context, vars, operationName ?? undefined)
      .catch(() => null);
    if (!result || (result.errors?.length ?? 0) > 0 || !pinned.used) return this.pass();
    const bytes = Buffer.from(reply.serialize(result) as string);
    this.answers.set(key, { version: projection.version, fingerprint, bytes });
    this.counts.renders++;
    await reply.type(CONTENT_TYPE).send(bytes);
    return true;
  }

  private document(
    fastify: FastifyInstance,
    source: string,
    operationName: string | null | undefined,
  ): CacheableQuery | null {
    // Cheap refusal first: most requests that are not sandbox reads never mention it.
    if (!source.includes('sandbox')) return null;
    const key = `${operationName ?? ''}\n${source}`;
    let known = this.documents.get(key);
    if (known === undefined) {
      const schema = (fastify as unknown as { graphql: { schema: GraphQLSchema } }).graphql.schema;
      const valid = (document: DocumentNode) => validate(schema, document, this.rules).length === 0;
      known = cacheableQuery(source, operationName, MAX_QUERY_TOKENS, valid) ?? false;
      this.documents.set(key, known);
    }
    return known || null;
  }

  private async caller(request: FastifyRequest): Promise<AuthUser | null> {
    const token = bearerToken(request.headers.authorization);
    if (!token) return null;
    return this.tokens.verifyAccessToken(token).catch(() => null);
  }

  private pass(): false {
    this.counts.passed++;
    return false;
  }
}

/** The record's fields a `sandbox` answer can show and that can change without the stream moving. */
function recordFingerprint(record: SandboxRecord): string {
  return [
    record.generation,
    record.title,
    record.ownerId,
    record.deletedAt?.getTime() ?? '',
    record.degradedAt?.getTime() ?? '',
    record.degradedReason ?? '',
  ].join('\u0000');
}
