// Thin resolvers: parse the input, check access, call one use case, map the result. Domain errors go through
// mapDomainErrors (sandbox-errors.ts), the only place they become GraphQL errors.
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { parseDuration, type Fault } from '@podlab/kube';
import { parseFault } from '@podlab/kubectl';
import { SandboxService } from '@podlab/sandbox';
import { SandboxAccess } from './sandbox-access';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { badInput, mapDomainErrors } from './sandbox-errors';
import { historyToGql } from './sandbox-event.mapper';
import { CreateSandboxInput, FaultInput } from './sandbox.inputs';
import {
  AdvanceClockPayload,
  DaemonSetSummary,
  DeploymentSummary,
  InjectFaultPayload,
  KubeEventSummary,
  KubeObjectSummary,
  NodeSummary,
  PersistentVolumeClaimSummary,
  PodSummary,
  ReplicaSetSummary,
  RunCommandPayload,
  SandboxEventConnection,
  ServiceSummary,
  StatefulSetSummary,
} from './sandbox.models';
import { type PinnableContext, SandboxHeads } from './sandbox-heads';
import { type SandboxProjection, projectSandbox } from './sandbox.projection';
import { SandboxConnection, SandboxGql, toSandboxGql } from './sandbox.type';

const MAX_PAGE = 100;
const MAX_IDEMPOTENCY_KEY = 200;

@Resolver(() => SandboxGql)
export class SandboxesResolver {
  constructor(
    @Inject(SandboxService) private readonly sandboxes: SandboxService,
    @Inject(SandboxAccess) private readonly access: SandboxAccess,
    @Inject(SandboxHeads) private readonly heads: SandboxHeads,
  ) {}

  @Mutation(() => SandboxGql, { description: 'Creates a sandbox owned by the caller, ready at once.' })
  async createSandbox(
    @CurrentUser() user: AuthUser,
    @Args('input', { type: () => CreateSandboxInput, description: 'The new sandbox.' })
    input: CreateSandboxInput,
  ): Promise<SandboxGql> {
    const created = await mapDomainErrors(() =>
      this.sandboxes.createSandbox({
        ownerId: user.id,
        clockMode: input.clock,
        ...(input.title != null ? { title: input.title } : {}),
        ...(input.seed != null ? { seed: input.seed } : {}),
        ...(input.nodes != null ? { workers: input.nodes } : {}),
        ...(input.controlPlane != null ? { controlPlane: input.controlPlane } : {}),
        ...(input.exerciseId != null ? { exerciseId: input.exerciseId } : {}),
      }),
    );
    return toSandboxGql(created);
  }

  @Mutation(() => RunCommandPayload, {
    description:
      'Runs a kubectl command line (pipes allowed) on the sandbox. The same idempotencyKey never runs twice: a retry returns the first result.',
  })
  async runCommand(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'The sandbox.' }) sandboxId: string,
    @Args('command', { description: 'The command line, e.g. `kubectl apply -f -`.' }) command: string,
    @Args('idempotencyKey', { description: 'A key unique per attempt (a UUID); retries reuse it.' })
    idempotencyKey: string,
    @Args('stdin', { type: () => String, nullable: true, description: 'Standard input (a manifest).' })
    stdin?: string | null,
  ): Promise<RunCommandPayload> {
    if (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY)
      throw badInput('idempotencyKey', `idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY} characters`);
    const sandbox = await this.access.writable(user, sandboxId);
    return mapDomainErrors(() =>
      this.sandboxes.runCommand({
        sandboxId: sandbox.id,
        line: command,
        stdin: stdin ?? null,
        idempotencyKey: `cmd:${idempotencyKey}`,
        user: user.id,
      }),
    );
  }

  @Mutation(() => AdvanceClockPayload, {
    description:
      'Moves a STEPPED sandbox\'s clock forward by a duration ("30s", "2m", "1h30m"), running every timer due.',
  })
  async advanceClock(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'The sandbox.' }) sandboxId: string,
    @Args('duration', { description: 'A Go-style duration: 500ms, 30s, 2m, 1h30m.' }) duration: string,
  ): Promise<AdvanceClockPayload> {
    const durationMs = parseDuration(duration);
    if (durationMs === undefined || durationMs <= 0)
      throw badInput('duration', `invalid duration "${duration}": expected e.g. 30s, 2m or 1h30m`);
    const sandbox = await this.access.writable(user, sandboxId);
    const result = await mapDomainErrors(() =>
      this.sandboxes.advanceClock({ sandboxId: sandbox.id, durationMs }),
    );
    return { version: result.version, now: new Date(result.now).toISOString() };
  }

  @Mutation(() => InjectFaultPayload, {
    description: 'Injects a fault (node down, pod kill, broken image …).',
  })
  async injectFault(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'The sandbox.' }) sandboxId: string,
    @Args('fault', { type: () => FaultInput, description: 'What to break.' }) fault: FaultInput,
  ): Promise<InjectFaultPayload> {
    const parsed = toFault(fault);
    const sandbox = await this.access.writable(user, sandboxId);
    return mapDomainErrors(() =>
      this.sandboxes.injectFault({ sandboxId: sandbox.id, fault: parsed, injector: `user:${user.id}` }),
    );
  }

  @Mutation(() => SandboxGql, {
    description:
      'Starts the sandbox over: a fresh cluster of the same shape and seed in a new stream generation.',
  })
  async resetSandbox(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'The sandbox.' }) sandboxId: string,
  ): Promise<SandboxGql> {
    const sandbox = await this.access.writable(user, sandboxId);
    return toSandboxGql(await mapDomainErrors(() => this.sandboxes.resetSandbox(sandbox.id)));
  }

  @Mutation(() => SandboxGql, {
    description: 'Hides the sandbox from lists and refuses further commands; its history stays replayable.',
  })
  async deleteSandbox(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'The sandbox.' }) sandboxId: string,
  ): Promise<SandboxGql> {
    const sandbox = await this.access.writable(user, sandboxId);
    return toSandboxGql(await mapDomainErrors(() => this.sandboxes.deleteSandbox(sandbox.id)));
  }

  @Mutation(() => SandboxGql, {
    description: 'A new sandbox, owned by the caller, starting from the given version of this one.',
  })
  async forkSandbox(
    @CurrentUser() user: AuthUser,
    @Args('sandboxId', { type: () => ID, description: 'The sandbox to fork.' }) sandboxId: string,
    @Args('version', { type: () => Int, description: 'The version to start from (1 … head).' })
    version: number,
  ): Promise<SandboxGql> {
    const source = await this.access.readable(user, sandboxId);
    const fork = await mapDomainErrors(() =>
      this.sandboxes.forkSandbox({ sandboxId: source.id, version, ownerId: user.id }),
    );
    return toSandboxGql(fork);
  }

  @Query(() => SandboxGql, { description: 'A sandbox of the caller with its current state.' })
  async sandbox(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID, description: 'The sandbox id.' }) id: string,
    @Context() context: PinnableContext,
  ): Promise<SandboxGql> {
    const pinned = context.pinnedHead;
    if (pinned && pinned.record.id === id) {
      pinned.used = true;
      const record = await this.access.readableRecord(user, pinned.record);
      return toSandboxGql(record, Promise.resolve(pinned.projection));
    }
    return toSandboxGql(await this.access.readable(user, id));
  }

  @Query(() => SandboxConnection, { description: "The caller's sandboxes (not deleted), newest first." })
  async mySandboxes(
    @CurrentUser() user: AuthUser,
    @Args('first', { type: () => Int, defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE}.` })
    first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page.' })
    after?: string | null,
  ): Promise<SandboxConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
      throw badInput('first', `first must be 1 to ${MAX_PAGE}`);
    const afterId = after == null ? null : decodeCursor(after);
    const page = await mapDomainErrors(() =>
      this.sandboxes.listSandboxes(user.id, { first, after: afterId }),
    );
    const edges = page.items.map((record) => ({
      cursor: encodeCursor(record.id),
      node: toSandboxGql(record),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: afterId !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Query(() => SandboxGql, {
    description:
      'The sandbox as it was at a version, or at a simulated instant (the events at or before it).',
  })
  async sandboxAt(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID, description: 'The sandbox id.' }) id: string,
    @Args('version', { type: () => Int, nullable: true, description: 'A stream version (1 … head).' })
    version?: number | null,
    @Args('time', { type: () => Date, nullable: true, description: 'A simulated instant.' })
    time?: Date | null,
  ): Promise<SandboxGql> {
    if ((version == null) === (time == null))
      throw badInput('version', 'give exactly one of version and time');
    const sandbox = await this.access.readable(user, id);
    const state = await mapDomainErrors(() =>
      this.sandboxes.sandboxAt(sandbox.id, version != null ? { version } : { time: time!.getTime() }),
    );
    return toSandboxGql(sandbox, Promise.resolve(projectSandbox(state)));
  }

  @Query(() => SandboxEventConnection, {
    description:
      'The events of the sandbox (current generation), oldest first, with the learner commands and their output.',
  })
  async sandboxHistory(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID, description: 'The sandbox id.' }) id: string,
    @Args('first', { type: () => Int, defaultValue: 50, description: 'Page size.' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page.' })
    after?: string | null,
  ): Promise<SandboxEventConnection> {
    const sandbox = await this.access.readable(user, id);
    const page = await mapDomainErrors(() => this.sandboxes.sandboxHistory(sandbox.id, { first, after }));
    return {
      edges: page.edges.map((edge) => ({
        cursor: edge.cursor,
        node: historyToGql(sandbox.id, sandbox.generation, edge.node),
      })),
      pageInfo: page.pageInfo,
      headVersion: page.headVersion,
    };
  }

  // ---- fields computed from the folded state (once per sandbox per request) ------------------------------

  private state(parent: SandboxGql): Promise<SandboxProjection> {
    parent.projection ??= this.heads.project(parent.record);
    return parent.projection;
  }

  @ResolveField(() => Int, { description: 'The stream version of this state.' })
  async version(@Parent() parent: SandboxGql): Promise<number> {
    return (await this.state(parent)).version;
  }

  @ResolveField(() => String, {
    description: 'The simulated now of this state (RFC 3339 with milliseconds).',
  })
  async now(@Parent() parent: SandboxGql): Promise<string> {
    return new Date((await this.state(parent)).now).toISOString();
  }

  @ResolveField(() => [NodeSummary], { description: 'The nodes.' })
  async nodes(@Parent() parent: SandboxGql): Promise<NodeSummary[]> {
    return (await this.state(parent)).nodes;
  }

  @ResolveField(() => [PodSummary], { description: 'The pods of every namespace.' })
  async pods(@Parent() parent: SandboxGql): Promise<PodSummary[]> {
    return (await this.state(parent)).pods;
  }

  @ResolveField(() => [DeploymentSummary], { description: 'The Deployments.' })
  async deployments(@Parent() parent: SandboxGql): Promise<DeploymentSummary[]> {
    return (await this.state(parent)).deployments;
  }

  @ResolveField(() => [ReplicaSetSummary], { description: 'The ReplicaSets.' })
  async replicaSets(@Parent() parent: SandboxGql): Promise<ReplicaSetSummary[]> {
    return (await this.state(parent)).replicaSets;
  }

  @ResolveField(() => [StatefulSetSummary], { description: 'The StatefulSets.' })
  async statefulSets(@Parent() parent: SandboxGql): Promise<StatefulSetSummary[]> {
    return (await this.state(parent)).statefulSets;
  }

  @ResolveField(() => [DaemonSetSummary], { description: 'The DaemonSets.' })
  async daemonSets(@Parent() parent: SandboxGql): Promise<DaemonSetSummary[]> {
    return (await this.state(parent)).daemonSets;
  }

  @ResolveField(() => [ServiceSummary], { description: 'The Services.' })
  async services(@Parent() parent: SandboxGql): Promise<ServiceSummary[]> {
    return (await this.state(parent)).services;
  }

  @ResolveField(() => [PersistentVolumeClaimSummary], { description: 'The PersistentVolumeClaims.' })
  async persistentVolumeClaims(@Parent() parent: SandboxGql): Promise<PersistentVolumeClaimSummary[]> {
    return (await this.state(parent)).persistentVolumeClaims;
  }

  @ResolveField(() => [KubeEventSummary], { description: 'The Kubernetes Event objects, oldest first.' })
  async events(@Parent() parent: SandboxGql): Promise<KubeEventSummary[]> {
    return (await this.state(parent)).events;
  }

  @ResolveField(() => [KubeObjectSummary], {
    description: 'Every object, or those of one kind (e.g. "ConfigMap"), with the whole object as `raw`.',
  })
  async objects(
    @Parent() parent: SandboxGql,
    @Args('kind', { type: () => String, nullable: true, description: 'Only this kind.' })
    kind?: string | null,
  ): Promise<KubeObjectSummary[]> {
    const all = (await this.state(parent)).objects;
    return kind ? all.filter((o) => o.kind === kind) : all;
  }
}

function toFault(input: FaultInput): Fault {
  const params = input.params ?? {};
  if (typeof params !== 'object' || Array.isArray(params) || params === null)
    throw badInput('fault.params', 'fault params must be an object');
  const args = [input.kind, input.target];
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw badInput('fault.params', `fault param ${key} must be a string, number or boolean`);
    args.push(`${key}=${String(value)}`);
  }
  const fault = parseFault(args);
  if (typeof fault === 'string') throw badInput('fault', fault);
  return fault;
}

function encodeCursor(id: string): string {
  return Buffer.from(`sandbox:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('sandbox:'))
    throw badInput('after', 'after must be a cursor returned by an earlier page');
  return text.slice('sandbox:'.length);
}
