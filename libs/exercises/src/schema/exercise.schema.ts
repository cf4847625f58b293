// The exercise format: what an author writes in the YAML front matter of `exercises/<id>/exercise.md`.
// Strict objects everywhere so a misspelt field is an error naming the field, not a silently ignored key.
import { z } from 'zod';

const name = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a lowercase DNS-1123 name');
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration such as 500ms, 30s, 2m or 1h (one unit)');
const labels = z.record(z.string(), z.string());
const kind = z.enum([
  'Pod',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Service',
  'Node',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'ControllerRevision',
  'Endpoints',
  'Namespace',
]);

const taint = z.strictObject({
  key: z.string(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

const nodeShape = z.strictObject({
  name,
  role: z.enum(['control-plane', 'worker']).default('worker'),
  labels: labels.optional(),
  taints: z.array(taint).optional(),
  cpu: z.string().optional(),
  memory: z.string().optional(),
  pods: z.number().int().positive().optional(),
});

/** The cluster a learner starts with: the default shape of session scripts unless nodes are listed. */
const clusterShape = z.strictObject({
  seed: z.number().int().default(1),
  /** Worker count of the default shape (control-plane + worker-1…N), ignored when `nodes` is given. */
  workers: z.number().int().min(0).max(20).default(3),
  controlPlane: z.boolean().default(true),
  nodes: z.array(nodeShape).optional(),
  /** Labels added to nodes of the default shape, by node name. */
  nodeLabels: z.record(z.string(), labels).optional(),
  nodeTaints: z.record(z.string(), z.array(taint)).optional(),
});

const imageSpec = z.strictObject({
  name: z.string().min(1),
  tags: z.array(z.string().min(1)).min(1),
  behaviour: z.strictObject({
    pullSeconds: z.number().min(0),
    readySeconds: z.number().min(0),
    run: z.enum(['serve', 'exit', 'crash-after']),
    runSeconds: z.number().min(0).optional(),
    exitCode: z.number().int().optional(),
    neverReady: z.boolean().optional(),
    stopSeconds: z.number().min(0).optional(),
    startupLogs: z.array(z.string()).optional(),
  }),
  sizeBytes: z.number().int().positive().optional(),
});

/** Which pods a check is about: owned (directly or through a ReplicaSet) by an object and/or by labels. */
const podSelector = z.strictObject({
  namespace: z.string().default('default'),
  owner: z
    .strictObject({ kind: z.enum(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']), name })
    .optional(),
  labels: labels.optional(),
  phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed']).optional(),
  ready: z.boolean().optional(),
  node: z.string().optional(),
  /** Some container of the pod runs exactly this image reference. */
  image: z.string().optional(),
  /** Include pods being deleted (default: only active pods count). */
  includeTerminating: z.boolean().default(false),
});

const countRange = z
  .strictObject({
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
    equals: z.number().int().min(0).optional(),
  })
  .refine(
    (r) => r.min !== undefined || r.max !== undefined || r.equals !== undefined,
    'give min, max or equals',
  );

const objectRef = { kind, name, namespace: z.string().optional() };

const commandPattern = z.strictObject({
  /** Leading words after `kubectl`, e.g. [rollout, undo] or [run]. */
  words: z.array(z.string()).min(1),
  /** Flags that must all be present (`--to-revision`, `-f`). */
  flags: z.array(z.string()).optional(),
  /** Count only commands that exited 0 (default true). */
  succeeded: z.boolean().default(true),
});

const baseCheck = {
  id: name,
  points: z.number().min(0),
  /** What the learner sees next to the result. */
  description: z.string().min(1),
};

export const checkSchema = z.discriminatedUnion('type', [
  // ---- end state ----
  z.strictObject({
    ...baseCheck,
    type: z.literal('exists'),
    ...objectRef,
    matches: z.record(z.string(), z.unknown()).optional(),
  }),
  z.strictObject({ ...baseCheck, type: z.literal('absent'), ...objectRef }),
  z.strictObject({ ...baseCheck, type: z.literal('podCount'), pods: podSelector, count: countRange }),
  z.strictObject({
    ...baseCheck,
    type: z.literal('field'),
    ...objectRef,
    /** `spec.replicas`, `spec.template.spec.containers[0].image`, `status.conditions[type=Available].status`. */
    path: z.string().min(1),
    equals: z.unknown().optional(),
    oneOf: z.array(z.unknown()).optional(),
    present: z.boolean().optional(),
    /** The value an absent field stands for (`spec.paused` absent means false). */
    absentAs: z.unknown().optional(),
  }),
  z.strictObject({
    ...baseCheck,
    type: z.literal('condition'),
    ...objectRef,
    condition: z.string(),
    status: z.enum(['True', 'False', 'Unknown']).default('True'),
  }),
  z.strictObject({
    ...baseCheck,
    type: z.literal('podsSpread'),
    pods: podSelector,
    /** Every schedulable node (matching nodeLabels, if given) runs exactly one selected pod. */
    nodeLabels: labels.optional(),
    includeControlPlane: z.boolean().default(false),
  }),
  // ---- trajectory ----
  z.strictObject({
    ...baseCheck,
    type: z.literal('minReadyDuringRollout'),
    deployment: name,
    namespace: z.string().default('default'),
    min: z.number().int().min(0),
  }),
  z.strictObject({
    ...baseCheck,
    type: z.literal('orderedCreation'),
    statefulSet: name,
    namespace: z.string().default('default'),
  }),
  z.strictObject({
    ...baseCheck,
    type: z.literal('writtenBy'),
    ...objectRef,
    /** Some change of the object after setup was recorded with this reason (`kubectl rollout undo`). */
    reason: z.string().min(1),
    /** …and no change after setup was recorded with any of these (`kubectl apply`). */
    notReasons: z.array(z.string()).optional(),
  }),
  z.strictObject({ ...baseCheck, type: z.literal('neverColocated'), pods: podSelector }),
  z.strictObject({
    ...baseCheck,
    type: z.literal('maxPodsAtOnce'),
    pods: podSelector,
    /** At no moment after setup did more than `max` selected Pods exist. */
    max: z.number().int().min(0),
  }),
  z.strictObject({
    ...baseCheck,
    type: z.literal('recoveredAfterFault'),
    /** 0-based index into the challenge's fault timeline. */
    fault: z.number().int().min(0),
    within: duration,
    pods: podSelector,
    min: z.number().int().min(1),
  }),
  // ---- commands ----
  z.strictObject({ ...baseCheck, type: z.literal('commandUsed'), command: commandPattern }),
  z.strictObject({ ...baseCheck, type: z.literal('commandNotUsed'), command: commandPattern }),
]);

export type CheckSpec = z.infer<typeof checkSchema>;
export type PodSelector = z.infer<typeof podSelector>;
export type CommandPattern = z.infer<typeof commandPattern>;

const hintSchema = z.strictObject({
  text: z.string().min(1),
  /** Shown when this condition (any check form, points ignored) passes on the learner's history. */
  when: checkSchema.optional(),
});

const taskSchema = z.strictObject({
  id: name,
  title: z.string().min(1),
  instructions: z.string().min(1),
  checks: z.array(checkSchema).min(1),
  hints: z.array(hintSchema).default([]),
});

const faultSchema = z
  .strictObject({
    at: duration,
    kind: z.enum([
      'node-down',
      'node-up',
      'node-add',
      'node-remove',
      'pod-kill',
      'container-crash',
      'image-broken',
      'image-fixed',
    ]),
    node: z.string().optional(),
    image: z.string().optional(),
    pod: z.string().optional(),
    namespace: z.string().default('default'),
    container: z.string().optional(),
    exitCode: z.number().int().optional(),
    labels: labels.optional(),
  })
  .superRefine((f, ctx) => {
    const needs: Record<string, 'node' | 'image' | 'pod'> = {
      'node-down': 'node',
      'node-up': 'node',
      'node-add': 'node',
      'node-remove': 'node',
      'pod-kill': 'pod',
      'container-crash': 'pod',
      'image-broken': 'image',
      'image-fixed': 'image',
    };
    const field = needs[f.kind]!;
    if (!f[field]) ctx.addIssue({ code: 'custom', path: [field], message: `${f.kind} needs ${field}` });
  });

const challengeSchema = z.strictObject({
  /** How long the challenge runs after setup; the objective is measured over this window. */
  duration,
  faults: z.array(faultSchema).min(1),
  objective: z.strictObject({
    description: z.string().min(1),
    pods: podSelector,
    min: z.number().int().min(1),
    points: z.number().min(0),
  }),
});

const negativeSchema = z.strictObject({
  name: z.string().min(1),
  script: z.string().min(1),
  /** Ids of exactly the checks this session must fail. */
  fails: z.array(name).min(1),
  /** For challenges: the objective share must stay below this. */
  objectiveBelow: z.number().min(0).max(1).optional(),
});

export const exerciseSchema = z
  .strictObject({
    id: name,
    title: z.string().min(1),
    summary: z.string().min(1),
    difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
    minutes: z.number().int().positive(),
    concepts: z.array(z.string()).default([]),
    cluster: clusterShape.default({ seed: 1, workers: 3, controlPlane: true }),
    images: z.array(imageSpec).default([]),
    setup: z
      .strictObject({
        /** Multi-document YAML applied (created) before the learner starts. */
        manifests: z.string().optional(),
        /** Simulated time that passes after the setup, before the learner starts. */
        advance: duration.default('0s'),
      })
      .default({ advance: '0s' }),
    tasks: z.array(taskSchema).min(1),
    challenge: challengeSchema.optional(),
    solution: z.string().min(1),
    negatives: z.array(negativeSchema).min(1),
  })
  .superRefine((e, ctx) => {
    const ids = new Set<string>();
    e.tasks.forEach((task, t) =>
      task.checks.forEach((check, c) => {
        if (ids.has(check.id))
          ctx.addIssue({
            code: 'custom',
            path: ['tasks', t, 'checks', c, 'id'],
            message: `duplicate check id "${check.id}"`,
          });
        ids.add(check.id);
        if (check.type === 'recoveredAfterFault' && !(e.challenge && check.fault < e.challenge.faults.length))
          ctx.addIssue({
            code: 'custom',
            path: ['tasks', t, 'checks', c, 'fault'],
            message: 'no such fault in challenge.faults',
          });
      }),
    );
    e.negatives.forEach((negative, n) =>
      negative.fails.forEach((id, f) => {
        if (!ids.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['negatives', n, 'fails', f],
            message: `unknown check id "${id}"`,
          });
      }),
    );
  });

export type Exercise = z.infer<typeof exerciseSchema> & { body: string };
export type ExerciseInput = z.input<typeof exerciseSchema>;
export type ChallengeSpec = z.infer<typeof challengeSchema>;
export type FaultSpec = z.infer<typeof faultSchema>;
export type TaskSpec = z.infer<typeof taskSchema>;
