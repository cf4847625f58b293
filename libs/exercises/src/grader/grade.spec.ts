// The grader's contracts through small exercises: determinism, evidence, the fault timeline, the objective share,
// the loader's error texts, the path syntax and the command parser.
import type { VersionedEvent } from '@podlab/kube';
import { parseExercise } from '../loader/exercise-loader';
import { ExerciseSession, runExerciseScript } from '../runner/exercise-sandbox';
import { getPath, partialMismatch } from '../checks/object-path';
import { parseCommandLine } from '../checks/command-match';
import { grade, hintsFor } from './grade';
import type { Exercise } from '../schema/exercise.schema';

const front = (yaml: string) => `---\n${yaml}\n---\nBody text.\n`;

const CHALLENGE = `
id: tiny
title: Tiny
summary: A tiny challenge.
difficulty: beginner
minutes: 1
setup:
  manifests: |
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 2
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
  advance: 30s
challenge:
  duration: 4m
  faults:
    - { at: 1m, kind: node-down, node: worker-1 }
  objective:
    description: two ready
    pods: { owner: { kind: Deployment, name: web }, ready: true }
    min: 2
    points: 10
tasks:
  - id: t
    title: T
    instructions: Scale.
    checks:
      - { id: scaled, type: field, kind: Deployment, name: web, path: spec.replicas, equals: 3, points: 1, description: scaled }
      - { id: used-scale, type: commandUsed, command: { words: [scale] }, points: 1, description: used scale }
    hints:
      - text: static
      - text: still two
        when: { id: two, type: podCount, pods: { owner: { kind: Deployment, name: web } }, count: { max: 2 }, points: 0, description: two }
solution: |
  $ kubectl scale deployment web --replicas=3
  @ advance 4m
negatives:
  - name: nothing
    script: |
      @ advance 4m
    fails: [scaled, used-scale]
`;

function load(yaml: string): Exercise {
  const result = parseExercise('exercises/tiny/exercise.md', front(yaml));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.exercise;
}

describe('grade', () => {
  const exercise = load(CHALLENGE);

  it('is a function of the history: grading twice, or a reloaded copy, gives the same report', () => {
    const { events } = runExerciseScript(exercise, exercise.solution);
    const copy = JSON.parse(JSON.stringify(events)) as VersionedEvent[];
    expect(grade(exercise, copy)).toEqual(grade(exercise, events));
    expect(grade(exercise, events).gradedVersion).toBe(events[events.length - 1]!.version);
  });

  it('fires the timeline at the same simulated instant for two learners doing different things', () => {
    const faultTimes = (script: string) =>
      runExerciseScript(exercise, script)
        .events.filter((e) => e.type === 'FaultInjected')
        .map((e) => e.at - events0At);
    const events0At = runExerciseScript(exercise, '@ advance 1s').events[0]!.at;
    const a = faultTimes('$ kubectl get pods\n@ advance 4m\n');
    const b = faultTimes('@ advance 20s\n$ kubectl scale deployment web --replicas=5\n@ settle 10m\n');
    expect(a).toEqual([90_000]);
    expect(b).toEqual(a);
  });

  it('scores the checks plus the share of time the objective held', () => {
    const good = grade(exercise, runExerciseScript(exercise, exercise.solution).events);
    expect(good.objective!.share).toBe(1);
    expect(good.score).toBe(12);
    const bad = grade(exercise, runExerciseScript(exercise, exercise.negatives[0]!.script).events);
    // worker-1 goes down at +1m and its Pod turns NotReady 40 s later: the objective holds for 100 s of 240 s.
    expect(bad.objective!.share).toBeCloseTo(100 / 240, 3);
    expect(bad.score).toBeCloseTo(4.17, 2);
    expect(bad.checks.map((c) => [c.id, c.passed])).toEqual([
      ['scaled', false],
      ['used-scale', false],
    ]);
  });

  it('names the evidence: the command event for a command check, the last write for a field', () => {
    const { events } = runExerciseScript(exercise, exercise.solution);
    const report = grade(exercise, events);
    const used = report.checks.find((c) => c.id === 'used-scale')!;
    expect(used.evidence.map((v) => events[v - 1]!.type)).toEqual(['CommandExecuted']);
    const scaled = report.checks.find((c) => c.id === 'scaled')!;
    expect(events[scaled.evidence[0]! - 1]!.type).toBe('ObjectUpdated');
  });

  it('does not count unobserved time: a history that stops early holds the objective only for what it shows', () => {
    const session = new ExerciseSession(exercise);
    session.runScript('@ advance 1m\n');
    expect(grade(exercise, session.events()).objective!.share).toBeCloseTo(60 / 240, 3);
  });

  it('shows static hints always and triggered hints when their condition holds', () => {
    const before = hintsFor(exercise, runExerciseScript(exercise, '$ kubectl get pods\n').events);
    expect(before.map((h) => h.text)).toEqual(['static', 'still two']);
    const after = hintsFor(exercise, runExerciseScript(exercise, exercise.solution).events);
    expect(after.map((h) => h.text)).toEqual(['static']);
  });
});

describe('parseExercise', () => {
  it.each([
    ['difficulty: beginner', 'difficulty: expert', 'exercises/tiny/exercise.md: difficulty: Invalid option'],
    ['minutes: 1', 'minutes: -1', 'exercises/tiny/exercise.md: minutes: Too small'],
    [
      'minutes: 1',
      'minutes: 1\ncolour: blue',
      'exercises/tiny/exercise.md: (root): Unrecognized key: "colour"',
    ],
  ])('%s → %s: an error naming the file and the field', (line, replacement, message) => {
    const result = parseExercise('exercises/tiny/exercise.md', front(CHALLENGE.replace(line, replacement)));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join('\n')).toContain(message);
  });

  it('rejects a negative that names an unknown check, with the field path', () => {
    const result = parseExercise(
      'exercises/tiny/exercise.md',
      front(CHALLENGE.replace('fails: [scaled, used-scale]', 'fails: [scaled, nope]')),
    );
    expect(result).toEqual({
      ok: false,
      errors: ['exercises/tiny/exercise.md: negatives.0.fails.1: unknown check id "nope"'],
    });
  });

  it('requires the id to match the folder and a front matter', () => {
    expect(parseExercise('exercises/other/exercise.md', front(CHALLENGE))).toEqual({
      ok: false,
      errors: ['exercises/other/exercise.md: id: "tiny" does not match its folder "other"'],
    });
    expect(parseExercise('x/exercise.md', 'no front matter').ok).toBe(false);
  });
});

describe('object paths', () => {
  const pod = {
    metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
    spec: { containers: [{ name: 'a', image: 'x' }] },
  };
  it.each([
    ['status.conditions[type=Ready].status', true, 'True'],
    ['spec.containers[0].image', true, 'x'],
    ['spec.containers[name=a].image', true, 'x'],
    ['metadata.labels[app.kubernetes.io/name]', true, 'web'],
    ['spec.containers[3].image', false, undefined],
  ])('%s', (path, found, value) => {
    expect(getPath(pod, path)).toEqual({ ok: true, found, value });
  });
  it('partial objects match order-free inside arrays and report the first mismatch', () => {
    expect(partialMismatch(pod, { spec: { containers: [{ image: 'x' }] } })).toBeUndefined();
    expect(partialMismatch(pod, { spec: { containers: [{ image: 'y' }] } })).toBe('spec.containers[0]');
  });
});

describe('command lines', () => {
  it.each([
    [
      'kubectl rollout undo deployment/web --to-revision=2',
      ['rollout', 'undo', 'deployment/web'],
      ['--to-revision'],
    ],
    [
      'k -n prod rollout undo deploy web --to-revision 2',
      ['rollout', 'undo', 'deploy', 'web'],
      ['-n', '--to-revision'],
    ],
    ['kubectl patch deploy web -p \'{"spec": {}}\'', ['patch', 'deploy', 'web'], ['-p']],
  ])('%s', (line, words, flags) => {
    expect(parseCommandLine(line)).toEqual([{ words, flags }]);
  });
  it('ignores lines that are not kubectl', () => {
    expect(parseCommandLine('cat > web.yaml <<EOF')).toEqual([]);
  });
});
