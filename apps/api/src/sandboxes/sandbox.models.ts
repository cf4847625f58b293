// The GraphQL types of sandboxes: metadata, typed summaries of the objects learners look at most (each with its
// whole object as `raw`), Kubernetes events, history events and the Relay connections.
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar } from './json.scalar';

export enum ClockModeGql {
  LIVE = 'LIVE',
  STEPPED = 'STEPPED',
}
registerEnumType(ClockModeGql, {
  name: 'ClockMode',
  description: 'How simulated time moves in a sandbox.',
  valuesMap: {
    LIVE: {
      description: 'Simulated time follows the wall clock; controllers run in the background (the worker).',
    },
    STEPPED: {
      description:
        'Time moves only through advanceClock; controllers run inline after every command (deterministic).',
    },
  },
});

@ObjectType({ description: 'A Kubernetes object by kind, namespace and name, with the whole object.' })
export class KubeObjectSummary {
  @Field({ description: 'The object kind (Pod, Deployment, Node …).' })
  kind!: string;
  @Field(() => String, { nullable: true, description: 'The namespace; null for cluster-scoped objects.' })
  namespace!: string | null;
  @Field({ description: 'metadata.name.' })
  name!: string;
  @Field({ description: 'metadata.uid.' })
  uid!: string;
  @Field({ description: 'metadata.creationTimestamp (RFC 3339, simulated time).' })
  createdAt!: string;
  @Field(() => JSONScalar, { description: 'The whole object as the simulated API server stores it.' })
  raw!: unknown;
}

@ObjectType({ description: 'A node of the simulated cluster.' })
export class NodeSummary {
  @Field({ description: 'The node name.' })
  name!: string;
  @Field({ description: 'Whether the Ready condition is True.' })
  ready!: boolean;
  @Field({ description: 'Cordoned (spec.unschedulable).' })
  unschedulable!: boolean;
  @Field(() => [String], { description: 'Roles from node-role.kubernetes.io/* labels.' })
  roles!: string[];
  @Field(() => [String], { description: 'Taints as key[=value]:effect.' })
  taints!: string[];
  @Field(() => String, { nullable: true, description: 'Allocatable CPU.' })
  cpu!: string | null;
  @Field(() => String, { nullable: true, description: 'Allocatable memory.' })
  memory!: string | null;
  @Field(() => Int, { description: 'Pods bound to this node.' })
  podCount!: number;
  @Field(() => JSONScalar, { description: 'The whole Node object.' })
  raw!: unknown;
}

@ObjectType({ description: 'A pod, summarised like `kubectl get pods -o wide`.' })
export class PodSummary {
  @Field({ description: 'The namespace.' })
  namespace!: string;
  @Field({ description: 'The pod name.' })
  name!: string;
  @Field({ description: 'status.phase (Pending, Running, Succeeded, Failed, Unknown).' })
  phase!: string;
  @Field({
    description:
      'What `kubectl get pods` prints in STATUS (e.g. Running, ContainerCreating, CrashLoopBackOff, Terminating).',
  })
  status!: string;
  @Field(() => Int, { description: 'Containers ready.' })
  readyContainers!: number;
  @Field(() => Int, { description: 'Containers in the pod.' })
  totalContainers!: number;
  @Field(() => Int, { description: 'Restarts summed over containers.' })
  restarts!: number;
  @Field(() => String, { nullable: true, description: 'The node it is bound to.' })
  nodeName!: string | null;
  @Field(() => String, { nullable: true, description: 'status.podIP.' })
  podIP!: string | null;
  @Field(() => JSONScalar, { description: 'The whole Pod object.' })
  raw!: unknown;
}

@ObjectType({ description: 'A Deployment with its rollout counters.' })
export class DeploymentSummary {
  @Field({ description: 'The namespace.' })
  namespace!: string;
  @Field({ description: 'The name.' })
  name!: string;
  @Field(() => Int, { description: 'spec.replicas.' })
  replicas!: number;
  @Field(() => Int, { description: 'status.readyReplicas.' })
  readyReplicas!: number;
  @Field(() => Int, { description: 'status.updatedReplicas (pods of the newest template).' })
  updatedReplicas!: number;
  @Field(() => Int, { description: 'status.availableReplicas.' })
  availableReplicas!: number;
  @Field(() => [String], { description: 'The images of the pod template.' })
  images!: string[];
  @Field(() => JSONScalar, { description: 'The whole Deployment object.' })
  raw!: unknown;
}

@ObjectType({ description: 'A ReplicaSet.' })
export class ReplicaSetSummary {
  @Field({ description: 'The namespace.' })
  namespace!: string;
  @Field({ description: 'The name.' })
  name!: string;
  @Field(() => Int, { description: 'spec.replicas (DESIRED).' })
  desired!: number;
  @Field(() => Int, { description: 'status.replicas (CURRENT).' })
  current!: number;
  @Field(() => Int, { description: 'status.readyReplicas (READY).' })
  ready!: number;
  @Field(() => String, { nullable: true, description: 'The owning Deployment, if any.' })
  owner!: string | null;
  @Field(() => JSONScalar, { description: 'The whole ReplicaSet object.' })
  raw!: unknown;
}

@ObjectType({ description: 'A StatefulSet.' })
export class StatefulSetSummary {
  @Field({ description: 'The namespace.' })
  namespace!: string;
  @Field({ description: 'The name.' })
  name!: string;
  @Field(() => Int, { description: 'spec.replicas.' })
  replicas!: number;
  @Field(() => Int, { description: 'status.readyReplicas.' })
  readyReplicas!: number;
  @Field(() => JSONScalar, { description: 'The whole StatefulSet object.' })
  raw!: unknown;
}

@ObjectType({ description: 'A DaemonSet.' })
export class DaemonSetSummary {
  @Field({ description: 'The namespace.' })
  namespace!: string;
  @Field({ description: 'The name.' })
  name!: string;
  @Field(() => Int, { description: 'status.desiredNumberScheduled.' })
  desired!: number;
  @Field(() => Int, { description: 'status.currentNumberScheduled.' })
  current!: number;
  @Field(() => Int, { description: 'status.numberReady.' })
  ready!: number;
  @Field(() => JSONScalar, { description: 'The whole DaemonSet object.' })
  raw!: unknown;
}

@ObjectType({ description: 'A Service.' })
export class ServiceSummary {
  @Field({ description: 'The namespace.' })
  namespace!: string;
  @Field({ description: 'The name.' })
  name!: string;
  @Field({ description: 'spec.type (ClusterIP, NodePort, LoadBalancer, ExternalName).' })
  type!: string;
  @Field(() => String, { nullable: true, description: 'spec.clusterIP.' })
  clusterIP!: string | null;
  @Field(() => [String], { description: 'Ports as port[:nodePort]/protocol.' })
  ports!: string[];
  @Field(() => JSONScalar, { description: 'The whole Service object.' })
  raw!: unknown;
}

@ObjectType({ description: 'A PersistentVolumeClaim.' })
export class PersistentVolumeClaimSummary {
  @Field({ description: 'The namespace.' })
  namespace!: string;
  @Field({ description: 'The name.' })
  name!: string;
  @Field({ description: 'status.phase (Pending, Bound, Lost).' })
  phase!: string;
  @Field(() => String, { nullable: true, description: 'The bound PersistentVolume.' })
  volumeName!: string | null;
  @Field(() => String, { nullable: true, description: 'spec.storageClassName.' })
  storageClass!: string | null;
  @Field(() => String, { nullable: true, description: 'status.capacity.storage once bound.' })
  capacity!: string | null;
  @Field(() => JSONScalar, { description: 'The whole PersistentVolumeClaim object.' })
  raw!: unknown;
}

@ObjectType({ description: 'A Kubernetes Event object (what `kubectl get events` lists).' })
export class KubeEventSummary {
  @Field(() => String, { nullable: true, description: 'The namespace of the event.' })
  namespace!: string | null;
  @Field({ description: 'Normal or Warning.' })
  type!: string;
  @Field({ description: 'The reason (Scheduled, Pulled, ScalingReplicaSet …).' })
  reason!: string;
  @Field({ description: 'The message.' })
  message!: string;
  @Field({ description: 'The object it is about, as kind/name.' })
  object!: string;
  @Field({ description: 'The component that reported it (source.component).' })
  source!: string;
  @Field(() => Int, { description: 'How many times it happened (aggregated).' })
  count!: number;
  @Field({ description: 'firstTimestamp (RFC 3339, simulated time).' })
  firstTimestamp!: string;
  @Field({ description: 'lastTimestamp (RFC 3339, simulated time).' })
  lastTimestamp!: string;
}

@ObjectType({ description: 'A learner command recorded in the history, with what it printed.' })
export class CommandRecord {
  @Field({ description: 'The command line as typed.' })
  line!: string;
  @Field(() => String, { nullable: true, description: 'The stdin it was given (a manifest), if any.' })
  stdin!: string | null;
  @Field({ description: 'What it printed on stdout.' })
  stdout!: string;
  @Field({ description: 'What it printed on stderr.' })
  stderr!: string;
  @Field(() => Int, { description: 'Its exit code.' })
  exitCode!: number;
}

@ObjectType({ description: 'One fact of a sandbox stream, as history and subscriptions deliver it.' })
export class SandboxEvent {
  @Field(() => ID, { description: 'The sandbox.' })
  sandboxId!: string;
  @Field(() => Int, {
    description: 'The stream generation; resetSandbox starts a new one whose versions restart at 1.',
  })
  generation!: number;
  @Field(() => Int, {
    description: 'The stream version of this event (1-based, contiguous, per generation).',
  })
  version!: number;
  @Field({ description: 'The event type (ObjectCreated, ObjectUpdated, ClockAdvanced, CommandExecuted …).' })
  type!: string;
  @Field({ description: 'The simulated instant of the fact (RFC 3339 with milliseconds).' })
  at!: string;
  @Field({
    description:
      'Who did it: user:<id>, controller:<name>, scheduler:<name>, kubelet:<node>, fault-injector.',
  })
  actor!: string;
  @Field({ description: 'Why, in the words of the actor (ScalingReplicaSet, kubectl apply, Scheduled …).' })
  reason!: string;
  @Field(() => Int, { nullable: true, description: 'The version of the event that caused this one.' })
  cause!: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'The request that produced it (command, advance, reconcile id).',
  })
  correlation!: string | null;
  @Field(() => CommandRecord, {
    nullable: true,
    description: 'For CommandExecuted events: the line, output and exit code.',
  })
  command!: CommandRecord | null;
  @Field(() => JSONScalar, {
    description: 'The event payload (the object written, the fault, the new time …).',
  })
  data!: unknown;
}

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field({ description: 'Whether more items follow the last edge.' })
  hasNextPage!: boolean;
  @Field({ description: 'Whether items precede the first edge.' })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'The cursor of the first edge.' })
  startCursor!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last edge; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

@ObjectType({ description: 'One history event with its cursor.' })
export class SandboxEventEdge {
  @Field({ description: 'Opaque cursor of this edge.' })
  cursor!: string;
  @Field(() => SandboxEvent, { description: 'The event.' })
  node!: SandboxEvent;
}

@ObjectType({ description: 'A page of a sandbox history, oldest first.' })
export class SandboxEventConnection {
  @Field(() => [SandboxEventEdge], { description: 'The events of this page.' })
  edges!: SandboxEventEdge[];
  @Field(() => PageInfo, { description: 'Where this page sits.' })
  pageInfo!: PageInfo;
  @Field(() => Int, { description: 'The stream version at the time of the read.' })
  headVersion!: number;
}

@ObjectType({ description: 'What a command printed, and the stream version after it.' })
export class RunCommandPayload {
  @Field({ description: 'Standard output.' })
  stdout!: string;
  @Field({ description: 'Standard error.' })
  stderr!: string;
  @Field(() => Int, { description: 'Exit code (0 = success).' })
  exitCode!: number;
  @Field(() => Int, { description: 'The stream version after the command (its CommandExecuted event).' })
  version!: number;
}

@ObjectType({ description: 'The result of advancing a stepped clock.' })
export class AdvanceClockPayload {
  @Field(() => Int, { description: 'The stream version after the advance.' })
  version!: number;
  @Field({ description: 'The new simulated now (RFC 3339 with milliseconds).' })
  now!: string;
}

@ObjectType({ description: 'The result of injecting a fault.' })
export class InjectFaultPayload {
  @Field(() => Int, { description: 'The stream version after the fault and its immediate effects.' })
  version!: number;
}
