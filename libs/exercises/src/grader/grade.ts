// grade(exercise, events) → report. One pass over the history: the state is folded event by event; end-state
// checks read the final state, trajectory checks observe every simulated instant (the state after all events
// at that instant: transient states inside one reconcile have no duration), command checks read
// CommandExecuted events. Deterministic: a function of the events only, never of when it runs.
import {
  canonicalJson,
  jsonEqual,
  clusterConfig,
  evolve,
  initialState,
  type ClusterView,
  type Deployment,
  type KubeObject,
  type VersionedEvent,
} from '@podlab/kube';
import type { CheckSpec, Exercise } from '../schema/exercise.schema';
import { describePattern, matchesPattern, parseCommandLine } from '../checks/command-match';
import { getPath, partialMismatch } from '../checks/object-path';
import { describeSelector, selectPods } from '../checks/pod-selection';
import { faultSchedule, learnerStartFromHistory, ms, TIMELINE_ACTOR } from '../runner/exercise-sandbox';

export interface CheckResult {
  id: string;
  task: string;
  description: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  message: string;
  /** Stream versions of the events that prove the result (the last write of an object, a violation …). */
  evidence: number[];
}

export interface ObjectiveResult {
  description: string;
  /** Share of the challenge window during which the objective held (0…1). */
  share: number;
  heldMs: number;
  windowMs: number;
  points: number;
  maxPoints: number;
  /** Versions at which the objective stopped or started holding. */
  evidence: number[];
  /** Where it started or stopped holding, as ms after the learner's start (the first sample is at 0). */
  samples: { atMs: number; held: boolean }[];
}

export interface GradeReport {
  exercise: string;
  /** The last version graded: the report is a function of events 1…gradedVersion. */
  gradedVersion: number;
  score: number;
  maxScore: number;
  passed: boolean;
  checks: CheckResult[];
  objective?: ObjectiveResult;
}

type Outcome = { passed: boolean; message: string; evidence: number[] };

/** Observes the history; `finish` gives the outcome on the final state. */
interface Observer {
  /** Before the event is folded (the state still shows what the event changes). */
  beforeEvent?(view: ClusterView, event: VersionedEvent): void;
  /** At the end of each simulated instant; `version` is the last event of that instant. */
  atInstant?(view: ClusterView, at: number, version: number): void;
  finish(view: ClusterView, lastVersion: number): Outcome;
}

interface Context {
  exercise: Exercise;
  /** The instant the learner started (end of setup). */
  start: number;
}

const pass = (message: string, evidence: number[] = []): Outcome => ({ passed: true, message, evidence });
const fail = (message: string, evidence: number[] = []): Outcome => ({ passed: false, message, evidence });

function objectOf(view: ClusterView, check: { kind: string; name: string; namespace?: string | undefined }) {
  return view.objects.get(
    check.kind as KubeObject['kind'],
    check.kind === 'Node' ? undefined : (check.namespace ?? 'default'),
    check.name,
  );
}

function label(check: { kind: string; name: string }): string {
  return `${check.kind.toLowerCase()}/${check.name}`;
}

function written(view: ClusterView, object: KubeObject | undefined): number[] {
  const version = object ? view.lastWriteOf(object.metadata.uid) : undefined;
  return version !== undefined ? [version] : [];
}

function count(
  n: number,
  range: { min?: number | undefined; max?: number | undefined; equals?: number | undefined },
): boolean {
  return (
    (range.equals === undefined || n === range.equals) &&
    (range.min === undefined || n >= range.min) &&
    (range.max === undefined || n <= range.max)
  );
}

function rangeText(range: {
  min?: number | undefined;
  max?: number | undefined;
  equals?: number | undefined;
}): string {
  if (range.equals !== undefined) return `exactly ${range.equals}`;
  if (range.min !== undefined && range.max !== undefined) return `${range.min} to ${range.max}`;
  return range.min !== undefined ? `at least ${range.min}` : `at most ${range.max}`;
}

function endState(
  check: Extract<
    CheckSpec,
    { type: 'exists' | 'absent' | 'podCount' | 'field' | 'condition' | 'podsSpread' }
  >,
): Observer {
  return {
    finish(view) {
      switch (check.type) {
        case 'exists': {
          const object = objectOf(view, check);
          if (!object) return fail(`${label(check)} does not exist`);
          const mismatch = check.matches ? partialMismatch(object, check.matches) : undefined;
          return mismatch === undefined
            ? pass(`${label(check)} exists${check.matches ? ' and matches' : ''}`, written(view, object))
            : fail(`${label(check)} exists but ${mismatch} does not match`, written(view, object));
        }
        case 'absent': {
          const object = objectOf(view, check);
          return object
            ? fail(`${label(check)} still exists`, written(view, object))
            : pass(`${label(check)} is gone`);
        }
        case 'podCount': {
          const pods = selectPods(view, check.pods);
          const evidence = pods.flatMap((pod) => written(view, pod)).sort((a, b) => a - b);
          const text = `${pods.length} ${describeSelector(check.pods)} (expected ${rangeText(check.count)})`;
          return count(pods.length, check.count) ? pass(text, evidence) : fail(text, evidence);
        }
        case 'field':
        case 'condition': {
          const object = objectOf(view, check);
          if (!object) return fail(`${label(check)} does not exist`);
          const path =
            check.type === 'condition' ? `status.conditions[type=${check.condition}].status` : check.path;
          const read = getPath(object, path);
          if (!read.ok) return fail(read.error);
          const got =
            !read.found && check.type === 'field' && check.absentAs !== undefined
              ? { found: true, value: check.absentAs }
              : read;
          const evidence = written(view, object);
          const shown = got.found ? JSON.stringify(got.value) : 'absent';
          if (check.type === 'condition')
            return got.value === check.status
              ? pass(`${label(check)} is ${check.condition}=${check.status}`, evidence)
              : fail(
                  `${label(check)} condition ${check.condition} is ${shown}, expected ${check.status}`,
                  evidence,
                );
          if (check.present !== undefined && got.found !== check.present)
            return fail(`${label(check)} ${path} is ${shown}`, evidence);
          if (check.equals !== undefined && partialMismatch(got.value, check.equals) !== undefined)
            return fail(
              `${label(check)} ${path} is ${shown}, expected ${JSON.stringify(check.equals)}`,
              evidence,
            );
          if (check.oneOf && !check.oneOf.some((v) => partialMismatch(got.value, v) === undefined))
            return fail(
              `${label(check)} ${path} is ${shown}, expected one of ${JSON.stringify(check.oneOf)}`,
              evidence,
            );
          return pass(`${label(check)} ${path} is ${shown}`, evidence);
        }
        case 'podsSpread': {
          const nodes = view.objects
            .list('Node')
            .filter(
              (node) =>
                (check.includeControlPlane ||
                  !('node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {}))) &&
                (!check.nodeLabels ||
                  Object.entries(check.nodeLabels).every(([k, v]) => node.metadata.labels?.[k] === v)),
            )
            .map((node) => node.metadata.name);
          const pods = selectPods(view, check.pods);
          const evidence = pods.flatMap((pod) => written(view, pod)).sort((a, b) => a - b);
          const perNode = new Map<string, number>();
          for (const pod of pods)
            perNode.set(
              pod.spec.nodeName ?? '<unscheduled>',
              (perNode.get(pod.spec.nodeName ?? '<unscheduled>') ?? 0) + 1,
            );
          const wrong = [
            ...nodes.filter((n) => perNode.get(n) !== 1).map((n) => `${n} runs ${perNode.get(n) ?? 0}`),
            ...[...perNode.keys()]
              .filter((n) => !nodes.includes(n))
              .sort()
              .map((n) => `${n} should run none`),
          ];
          return wrong.length
            ? fail(
                `expected one of the ${describeSelector(check.pods)} on each of ${nodes.join(', ')}: ${wrong.join('; ')}`,
                evidence,
              )
            : pass(`one pod on each of ${nodes.join(', ')}`, evidence);
        }
      }
    },
  };
}

/** "While a rollout ran, Ready pods of the Deployment never fell below min." */
function minReadyDuringRollout(
  check: Extract<CheckSpec, { type: 'minReadyDuringRollout' }>,
  ctx: Context,
): Observer {
  let template: string | undefined;
  let rolloutFrom: number | undefined;
  let rollouts = 0;
  let lowest: { ready: number; version: number } | undefined;
  const evidence: number[] = [];
  const selector = {
    namespace: check.namespace,
    owner: { kind: 'Deployment' as const, name: check.deployment },
    ready: true,
    includeTerminating: false,
  };
  return {
    atInstant(view, at, version) {
      const d = view.objects.get('Deployment', check.namespace, check.deployment) as Deployment | undefined;
      if (!d) return;
      const now = canonicalJson(d.spec.template);
      if (template !== undefined && now !== template && at >= ctx.start && rolloutFrom === undefined) {
        rolloutFrom = version;
        rollouts++;
        evidence.push(version);
      }
      template = now;
      if (rolloutFrom === undefined) return;
      const ready = selectPods(view, selector).length;
      if (!lowest || ready < lowest.ready) lowest = { ready, version };
      const want = d.spec.replicas ?? 1;
      const s = d.status;
      const complete =
        (s?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
        s?.updatedReplicas === want &&
        s?.replicas === want &&
        s?.availableReplicas === want;
      if (complete) {
        rolloutFrom = undefined;
        evidence.push(version);
      }
    },
    finish() {
      if (!rollouts) return fail(`no rollout of deployment/${check.deployment} ran`);
      if (lowest && lowest.ready < check.min)
        return fail(
          `Ready pods fell to ${lowest.ready} during the rollout (minimum ${check.min})`,
          [...evidence, lowest.version].sort((a, b) => a - b),
        );
      return pass(
        `Ready pods never fell below ${lowest?.ready ?? check.min} during ${rollouts} rollout(s)`,
        evidence,
      );
    },
  };
}

/** "StatefulSet pods were created in ordinal order": each pod N>0 was created only when N-1 was Ready. */
function orderedCreation(check: Extract<CheckSpec, { type: 'orderedCreation' }>): Observer {
  const created: number[] = [];
  let violation: { version: number; message: string } | undefined;
  return {
    beforeEvent(view, event) {
      if (event.type !== 'ObjectCreated' || event.data.object.kind !== 'Pod') return;
      const pod = event.data.object;
      if (pod.metadata.namespace !== check.namespace) return;
      if (
        !pod.metadata.ownerReferences?.some((o) => o.kind === 'StatefulSet' && o.name === check.statefulSet)
      )
        return;
      created.push(event.version);
      const ordinal = Number(/-(\d+)$/.exec(pod.metadata.name)?.[1] ?? NaN);
      if (violation || !(ordinal > 0)) return;
      const previous = view.objects.get('Pod', check.namespace, `${check.statefulSet}-${ordinal - 1}`);
      const ready = previous?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      if (!ready)
        violation = {
          version: event.version,
          message: `${pod.metadata.name} was created before ${check.statefulSet}-${ordinal - 1} was Ready`,
        };
    },
    finish() {
      if (!created.length) return fail(`statefulset/${check.statefulSet} created no pods`);
      if (violation) return fail(violation.message, [violation.version]);
      return pass(
        `${created.length} pod(s) created in ordinal order, each after its predecessor was Ready`,
        created,
      );
    },
  };
}

/** "Changed with `kubectl rollout undo` rather than re-applying": the reasons of the learner's writes. */
function writtenBy(check: Extract<CheckSpec, { type: 'writtenBy' }>): Observer {
  const matching: number[] = [];
  const forbidden: number[] = [];
  const namespace = check.kind === 'Node' ? undefined : (check.namespace ?? 'default');
  return {
    beforeEvent(_view, event) {
      if ((event.type !== 'ObjectUpdated' && event.type !== 'ObjectCreated') || event.actor.type !== 'user')
        return;
      const meta = event.data.object.metadata;
      if (event.data.object.kind !== check.kind || meta.name !== check.name || meta.namespace !== namespace)
        return;
      if (event.reason === check.reason) matching.push(event.version);
      if (check.notReasons?.includes(event.reason)) forbidden.push(event.version);
    },
    finish() {
      if (forbidden.length)
        return fail(`${label(check)} was changed with ${check.notReasons!.join(' / ')}`, forbidden);
      return matching.length
        ? pass(`${label(check)} was changed with ${check.reason}`, matching)
        : fail(`${label(check)} was never changed with ${check.reason}`);
    },
  };
}

/** "No node ever ran two of these pods at the same moment." */
function neverColocated(check: Extract<CheckSpec, { type: 'neverColocated' }>): Observer {
  let violation: { version: number; message: string } | undefined;
  let seen = 0;
  return {
    atInstant(view, _at, version) {
      if (violation) return;
      const perNode = new Map<string, string[]>();
      for (const pod of selectPods(view, check.pods)) {
        if (!pod.spec.nodeName) continue;
        seen++;
        const list = perNode.get(pod.spec.nodeName) ?? [];
        list.push(pod.metadata.name);
        perNode.set(pod.spec.nodeName, list);
      }
      for (const [node, pods] of [...perNode].sort(([a], [b]) => (a < b ? -1 : 1)))
        if (pods.length > 1) {
          violation = { version, message: `${node} ran ${pods.sort().join(' and ')} at the same time` };
          return;
        }
    },
    finish() {
      if (violation) return fail(violation.message, [violation.version]);
      return seen
        ? pass(`no node ever ran two ${describeSelector(check.pods)}`)
        : fail(`no ${describeSelector(check.pods)} ever ran`);
    },
  };
}

/** "At no moment after setup did more than max of these Pods exist" (Recreate: old and new never overlap). */
function maxPodsAtOnce(check: Extract<CheckSpec, { type: 'maxPodsAtOnce' }>, ctx: Context): Observer {
  let peak: { n: number; version: number } | undefined;
  return {
    atInstant(view, at, version) {
      if (at < ctx.start) return;
      const n = selectPods(view, check.pods).length;
      if (!peak || n > peak.n) peak = { n, version };
    },
    finish() {
      if (!peak) return fail('the history does not reach the start of the exercise');
      const text = `at most ${peak.n} ${describeSelector(check.pods)} existed at once (limit ${check.max})`;
      return peak.n <= check.max ? pass(text, [peak.version]) : fail(text, [peak.version]);
    },
  };
}

/**
 * "Recovered within T of the fault": the first moment at or after the fault at which the selected Pods number at
 * least `min` comes at most T after it. (A later, unrelated dip does not count against this fault.)
 */
function recoveredAfterFault(
  check: Extract<CheckSpec, { type: 'recoveredAfterFault' }>,
  ctx: Context,
): Observer {
  const scheduled = faultSchedule(ctx.exercise, ctx.start).find((f) => f.index === check.fault)!;
  const limit = ms(check.within);
  let faultVersion: number | undefined;
  let dip: number | undefined;
  let result: Outcome | undefined;
  return {
    beforeEvent(_view, event) {
      if (
        faultVersion === undefined &&
        event.type === 'FaultInjected' &&
        event.actor.type === TIMELINE_ACTOR.type &&
        event.at === scheduled.at &&
        jsonEqual(event.data.fault, scheduled.fault)
      )
        faultVersion = event.version;
    },
    atInstant(view, at, version) {
      if (faultVersion === undefined || result) return;
      if (selectPods(view, check.pods).length < check.min) {
        dip ??= version;
        return;
      }
      const took = at - scheduled.at;
      const evidence = dip === undefined ? [faultVersion, version] : [faultVersion, dip, version];
      result =
        took <= limit
          ? pass(
              `${took ? `recovered ${took / 1000}s after the fault` : 'held through the fault'} (limit ${check.within})`,
              evidence,
            )
          : fail(`recovered only ${took / 1000}s after the fault (limit ${check.within})`, evidence);
    },
    finish() {
      if (faultVersion === undefined)
        return fail(`fault ${check.fault} (${scheduled.fault.kind}) has not happened yet`);
      return (
        result ??
        fail(
          `${describeSelector(check.pods)} did not recover after the fault`,
          dip === undefined ? [faultVersion] : [faultVersion, dip],
        )
      );
    },
  };
}

function commands(check: Extract<CheckSpec, { type: 'commandUsed' | 'commandNotUsed' }>): Observer {
  const uses: number[] = [];
  return {
    beforeEvent(_view, event) {
      if (event.type !== 'CommandExecuted' || event.actor.type !== 'user') return;
      if (check.command.succeeded && event.data.exitCode !== 0) return;
      if (parseCommandLine(event.data.line).some((c) => matchesPattern(c, check.command)))
        uses.push(event.version);
    },
    finish() {
      const what = `\`${describePattern(check.command)}\``;
      if (check.type === 'commandUsed')
        return uses.length ? pass(`used ${what}`, uses) : fail(`${what} was not used`);
      return uses.length ? fail(`${what} was used`, uses) : pass(`${what} was not used`);
    },
  };
}

export function observerFor(check: CheckSpec, ctx: Context): Observer {
  switch (check.type) {
    case 'exists':
    case 'absent':
    case 'podCount':
    case 'field':
    case 'condition':
    case 'podsSpread':
      return endState(check);
    case 'minReadyDuringRollout':
      return minReadyDuringRollout(check, ctx);
    case 'orderedCreation':
      return orderedCreation(check);
    case 'writtenBy':
      return writtenBy(check);
    case 'neverColocated':
      return neverColocated(check);
    case 'recoveredAfterFault':
      return recoveredAfterFault(check, ctx);
    case 'maxPodsAtOnce':
      return maxPodsAtOnce(check, ctx);
    case 'commandUsed':
    case 'commandNotUsed':
      return commands(check);
  }
}

/** The time-weighted availability objective of a challenge. */
function objectiveObserver(exercise: Exercise, start: number) {
  const challenge = exercise.challenge!;
  const end = start + ms(challenge.duration);
  let heldMs = 0;
  let held: boolean | undefined;
  let since = start;
  const evidence: number[] = [];
  const samples: { atMs: number; held: boolean }[] = [];
  return {
    /** The state after all events at `at` holds from `at` until the next instant. */
    atInstant(view: ClusterView, at: number, version: number) {
      if (held !== undefined) heldMs += held ? Math.max(0, Math.min(at, end) - Math.max(since, start)) : 0;
      since = Math.max(at, since);
      const now = selectPods(view, challenge.objective.pods).length >= challenge.objective.min;
      if (held !== now && at >= start && at <= end) evidence.push(version);
      if (at <= end) {
        // Every instant up to the learner's start describes 0: the last of them is the state at the start.
        const atMs = Math.max(0, at - start);
        const last = samples.at(-1);
        if (last && last.atMs === atMs) last.held = now;
        else if (!last || last.held !== now) samples.push({ atMs, held: now });
      }
      held = now;
    },
    finish(): ObjectiveResult {
      const windowMs = end - start;
      const share = windowMs > 0 ? heldMs / windowMs : 0;
      return {
        description: challenge.objective.description,
        share,
        heldMs,
        windowMs,
        points: Math.round(share * challenge.objective.points * 100) / 100,
        maxPoints: challenge.objective.points,
        evidence,
        samples,
      };
    },
    /** The last state holds until the end of the history (not beyond: unobserved time does not count). */
    close(lastAt: number) {
      if (held) heldMs += Math.max(0, Math.min(lastAt, end) - Math.max(since, start));
      since = lastAt;
    },
  };
}

/** Grades a sandbox's whole history (from ClusterCreated). */
export function grade(exercise: Exercise, events: readonly VersionedEvent[]): GradeReport {
  const start = learnerStartFromHistory(exercise, events[0]);
  if (start === undefined) throw new Error('grade: the history must start with ClusterCreated');
  const ctx: Context = { exercise, start };
  const entries = exercise.tasks.flatMap((task) =>
    task.checks.map((check) => ({ task: task.id, check, observer: observerFor(check, ctx) })),
  );
  const objective = exercise.challenge ? objectiveObserver(exercise, start) : undefined;
  const observers = entries.map((e) => e.observer);
  const state = initialState(clusterConfig());
  let instant: number | undefined;
  let lastVersion = 0;
  const closeInstant = () => {
    if (instant === undefined) return;
    for (const o of observers) o.atInstant?.(state, instant, lastVersion);
    objective?.atInstant(state, instant, lastVersion);
  };
  for (const event of events) {
    if (instant !== undefined && event.at !== instant) closeInstant();
    for (const o of observers) o.beforeEvent?.(state, event);
    evolve(state, event);
    instant = state.now;
    lastVersion = event.version;
  }
  closeInstant();
  objective?.close(state.now);
  const checks: CheckResult[] = entries.map(({ task, check, observer }) => {
    const outcome = observer.finish(state, lastVersion);
    return {
      id: check.id,
      task,
      description: check.description,
      passed: outcome.passed,
      points: outcome.passed ? check.points : 0,
      maxPoints: check.points,
      message: outcome.message,
      evidence: outcome.evidence,
    };
  });
  const objectiveResult = objective?.finish();
  const score = checks.reduce((sum, c) => sum + c.points, 0) + (objectiveResult?.points ?? 0);
  const maxScore = checks.reduce((sum, c) => sum + c.maxPoints, 0) + (objectiveResult?.maxPoints ?? 0);
  return {
    exercise: exercise.id,
    gradedVersion: lastVersion,
    score,
    maxScore,
    passed: checks.every((c) => c.passed),
    checks,
    ...(objectiveResult ? { objective: objectiveResult } : {}),
  };
}

/** Where a hint comes from: always shown, or triggered by a condition on the state or on the history. */
export type HintTrigger = 'static' | 'state' | 'history';

export interface Hint {
  task: string;
  text: string;
  /** Position among the task's hints (with `task`, a stable key of the hint). */
  index: number;
  trigger: HintTrigger;
}

const END_STATE_TYPES: ReadonlySet<CheckSpec['type']> = new Set([
  'exists',
  'absent',
  'podCount',
  'field',
  'condition',
  'podsSpread',
]);

/** Hints to show now: each task's static hints, plus triggered ones whose condition holds on the history. */
export function hintsFor(exercise: Exercise, events: readonly VersionedEvent[]): Hint[] {
  const hints = exercise.tasks.flatMap((task) =>
    task.hints.map((hint, index) => ({ task: task.id, index, hint })),
  );
  const triggered = hints.flatMap(({ hint }, i) => (hint.when ? [{ ...hint.when, id: `hint-${i}` }] : []));
  let passed = new Set<string>();
  if (triggered.length) {
    // The conditions are graded as the checks of a probe exercise over the same history.
    const probe: Exercise = {
      ...exercise,
      tasks: [{ id: 'hints', title: 'hints', instructions: 'hints', checks: triggered, hints: [] }],
    };
    passed = new Set(
      grade(probe, events)
        .checks.filter((c) => c.passed)
        .map((c) => c.id),
    );
  }
  return hints
    .filter(({ hint }, i) => !hint.when || passed.has(`hint-${i}`))
    .map(({ task, index, hint }) => ({
      task,
      text: hint.text,
      index,
      trigger: !hint.when ? 'static' : END_STATE_TYPES.has(hint.when.type) ? 'state' : 'history',
    }));
}
