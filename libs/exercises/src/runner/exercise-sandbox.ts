// An exercise's sandbox: the cluster shape, custom images and setup objects, then the learner's session with the
// challenge's fault timeline applied at the same simulated instants for everyone. Pure and deterministic.
import {
  Cluster,
  FAULT_TIMELINE_ACTOR,
  clusterConfig,
  defaultNodes,
  parseDuration,
  type Actor,
  type Fault,
  type NodeSpecInput,
  type ObjectInput,
  type VersionedEvent,
} from '@podlab/kube';
import { Session, formatElapsed, parseScript, readManifests, render } from '@podlab/kubectl';
import type { Exercise, FaultSpec } from '../schema/exercise.schema';

export const SETUP_ACTOR: Actor = { type: 'system', name: 'exercise-setup' };
/** The actor of the timeline's faults: the cluster's fault-timeline reconciler fires them. */
export const TIMELINE_ACTOR: Actor = FAULT_TIMELINE_ACTOR;
const DEFAULT_SETTLE_MS = 10 * 60_000;

/** ms of a duration the schema already validated. */
export function ms(duration: string): number {
  return parseDuration(duration) ?? 0;
}

/** The instant the learner starts: the cluster's start plus the setup's fixed advance (derivable from history). */
export function startOf(exercise: Exercise, clusterStart: number): number {
  return clusterStart + ms(exercise.setup.advance);
}

/**
 * The learner's start read from a history's first event (the stream's ClusterCreated, whose config holds the
 * cluster's start); undefined when the history does not begin with it. What the grader counts offsets from.
 */
export function learnerStartFromHistory(
  exercise: Exercise,
  first: Pick<VersionedEvent, 'type' | 'data'> | undefined,
): number | undefined {
  if (!first || first.type !== 'ClusterCreated') return undefined;
  return startOf(
    exercise,
    (first as Extract<VersionedEvent, { type: 'ClusterCreated' }>).data.config.startTime,
  );
}

export function clusterNodes(exercise: Exercise): NodeSpecInput[] {
  const shape = exercise.cluster;
  const nodes = shape.nodes ?? defaultNodes(shape.workers, shape.controlPlane);
  return nodes.map((node) => {
    const labels = { ...node.labels, ...shape.nodeLabels?.[node.name] };
    const taints = [...(node.taints ?? []), ...(shape.nodeTaints?.[node.name] ?? [])];
    return {
      ...node,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(taints.length ? { taints } : {}),
    };
  });
}

/** A fault of the timeline as the cluster's Fault. */
export function toFault(spec: FaultSpec): Fault {
  switch (spec.kind) {
    case 'node-down':
    case 'node-up':
    case 'node-remove':
      return { kind: spec.kind, node: spec.node! };
    case 'node-add':
      return { kind: 'node-add', node: spec.node!, ...(spec.labels ? { labels: spec.labels } : {}) };
    case 'pod-kill':
      return { kind: 'pod-kill', namespace: spec.namespace, pod: spec.pod! };
    case 'container-crash':
      return {
        kind: 'container-crash',
        namespace: spec.namespace,
        pod: spec.pod!,
        ...(spec.container ? { container: spec.container } : {}),
        ...(spec.exitCode !== undefined ? { exitCode: spec.exitCode } : {}),
      };
    case 'image-broken':
    case 'image-fixed':
      return { kind: spec.kind, image: spec.image! };
  }
}

/** The timeline's faults with their absolute instants, in time order (ties: file order). */
export function faultSchedule(
  exercise: Exercise,
  start: number,
): { at: number; index: number; fault: Fault }[] {
  return (exercise.challenge?.faults ?? [])
    .map((spec, index) => ({ at: start + ms(spec.at), index, fault: toFault(spec) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
}

export interface PrepareOptions {
  /** Overrides the exercise's seed (names and tie-breaks change; the timeline does not). */
  readonly seed?: number;
  /**
   * The instant the learner starts (a LIVE sandbox: wall-clock now); the cluster is created the setup's advance
   * earlier. Default: the cluster's default start time plus the advance.
   */
  readonly learnerStart?: number;
}

/** Creates the exercise's cluster: shape, images, setup objects, the setup's advance. Throws on bad setup. */
export function prepareCluster(exercise: Exercise, options: PrepareOptions = {}): Cluster {
  const cluster = Cluster.create({
    seed: options.seed ?? exercise.cluster.seed,
    config: clusterConfig({
      nodes: clusterNodes(exercise),
      ...(options.learnerStart !== undefined
        ? { startTime: options.learnerStart - ms(exercise.setup.advance) }
        : {}),
    }),
  });
  for (const image of exercise.images) cluster.registerImage(image, SETUP_ACTOR);
  if (exercise.setup.manifests) {
    const items = readManifests(
      { files: { read: () => undefined, list: () => [] }, stdin: exercise.setup.manifests },
      ['-'],
      { defaultNamespace: 'default' },
    );
    for (const item of items) {
      if (!item.ok)
        throw new Error(
          `${exercise.id}: setup manifest: ${item.error.type === 'api' ? item.error.error.message : item.error.message}`,
        );
      const created = cluster.create(item.value.object as unknown as ObjectInput, {
        actor: SETUP_ACTOR,
        reason: 'ExerciseSetup',
      });
      if (!created.ok) throw new Error(`${exercise.id}: setup ${item.value.name}: ${created.error.message}`);
    }
  }
  cluster.reconcile();
  cluster.advance(ms(exercise.setup.advance));
  // The timeline is cluster state from the learner's start on: its faults fire at these instants however the
  // clock is moved afterwards (stepped advances, a LIVE sandbox's worker wake-ups, a session script).
  const scheduled = cluster.scheduleFaults(faultSchedule(exercise, cluster.now), SETUP_ACTOR);
  if (!scheduled.ok) throw new Error(`${exercise.id}: challenge.faults: ${scheduled.error.message}`);
  cluster.reconcile();
  return cluster;
}

/** A learner's session in an exercise sandbox: commands and directives; the cluster fires the timeline's faults. */
export class ExerciseSession {
  readonly cluster: Cluster;
  readonly start: number;
  private readonly session: Session;

  constructor(
    readonly exercise: Exercise,
    user = 'learner',
  ) {
    this.cluster = prepareCluster(exercise);
    this.start = this.cluster.now;
    this.session = new Session({ cluster: this.cluster, user });
  }

  /** Advances to `target`; due faults fire at their own instants (they are the cluster's timers). */
  advanceTo(target: number): void {
    this.cluster.advanceTo(target);
  }

  /** Like `@ settle`: until no timer is pending (timeline faults are timers), at most maxMs. */
  settle(maxMs: number): void {
    this.cluster.settle(maxMs);
  }

  /** Runs a session script (no `@ cluster`: the exercise decides the cluster); returns its transcript. */
  runScript(text: string): string {
    const parsed = parseScript(text);
    if (!parsed.ok) throw new Error(`${this.exercise.id}: ${parsed.error}`);
    let transcript = '';
    for (const step of parsed.steps) {
      if (step.kind === 'command') {
        transcript += `${step.text}\n${render(this.session.command(step.command, step.stdin))}`;
        continue;
      }
      if (step.name === 'advance') {
        const amount = parseDuration(step.args[0] ?? '');
        if (amount === undefined) throw new Error(`line ${step.lineNo}: @ advance needs a duration`);
        this.advanceTo(this.cluster.now + amount);
      } else if (step.name === 'settle') {
        this.settle(step.args[0] ? (parseDuration(step.args[0]) ?? DEFAULT_SETTLE_MS) : DEFAULT_SETTLE_MS);
      } else if (step.name === 'fault') {
        transcript += `${step.text}\n${render(this.session.directive(step.name, step.args))}`;
        continue;
      } else throw new Error(`line ${step.lineNo}: @ ${step.name} is not allowed in an exercise session`);
      transcript += `${step.text}\n[t=${formatElapsed(this.cluster.now - this.cluster.view().config.startTime)}]\n`;
    }
    return transcript;
  }

  events(): readonly VersionedEvent[] {
    return this.cluster.newEvents();
  }
}

/** Runs a script in a fresh sandbox of the exercise and returns the whole history (what the grader reads). */
export function runExerciseScript(
  exercise: Exercise,
  script: string,
): { events: readonly VersionedEvent[]; transcript: string } {
  const session = new ExerciseSession(exercise);
  const transcript = session.runScript(script);
  return { events: session.events(), transcript };
}
