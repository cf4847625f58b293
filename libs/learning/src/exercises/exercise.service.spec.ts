// The exercise use cases over the real curriculum files, the real SandboxService and the event store's in-memory
// twin (no mocks): start, solve through runCommand, grade (twice, appending nothing), submit, progress, hints, and
// a challenge timeline that fires at the same offsets in a LIVE and in STEPPED sandboxes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests run the use cases on the event store's in-memory twin
import { InMemoryEventStore } from '@podlab/event-store';
import type { Exercise } from '@podlab/exercises';
import { parseDuration, type VersionedEvent } from '@podlab/kube';
import { parseScript } from '@podlab/kubectl';
import { InMemorySandboxRepository, SandboxService, type ReconcileQueue } from '@podlab/sandbox';
import { ExerciseCatalog } from './exercise-catalog';
import { ExerciseError } from './exercise.error';
import { ExerciseService, exercisePreparer } from './exercise.service';
import { InMemoryAttemptRepository } from './in-memory-attempt.repository';

const IDS = ['pods-why-not-bare', 'challenge-rolling-maintenance'];
const files = IDS.map((id) => ({
  path: `exercises/${id}/exercise.md`,
  text: readFileSync(join(__dirname, '../../../../exercises', id, 'exercise.md'), 'utf8'),
}));
const WALL = Date.UTC(2026, 10, 22, 8, 0, 0);
const MIN = 60_000;

class ManualClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

const queue: ReconcileQueue = {
  requestReconcile: async () => undefined,
  requestReconcileAt: async () => undefined,
};

function setup() {
  const clock = new ManualClock(WALL);
  const sandboxRecords = new InMemorySandboxRepository();
  let n = 0;
  const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const catalog = ExerciseCatalog.load(files);
  const sandboxes = new SandboxService({
    events: new InMemoryEventStore(),
    sandboxes: sandboxRecords,
    clock,
    queue,
    newId,
    prepare: exercisePreparer(catalog),
  });
  const attempts = new InMemoryAttemptRepository();
  const service = new ExerciseService({ catalog, attempts, sandboxes, clock, newId });
  return { clock, sandboxes, attempts, catalog, service };
}

/** Runs a session script through the use cases a learner calls: runCommand, advanceClock (`@ settle d` → d). */
async function play(sandboxes: SandboxService, sandboxId: string, script: string, clock?: ManualClock) {
  const parsed = parseScript(script);
  if (!parsed.ok) throw new Error(parsed.error);
  for (const step of parsed.steps) {
    if (step.kind === 'command') {
      await sandboxes.runCommand({
        sandboxId,
        line: step.command,
        stdin: step.stdin ?? null,
        user: 'learner-1',
      });
      if (clock) clock.t += 1000;
      continue;
    }
    const ms = parseDuration(step.args[0] ?? '1m') ?? MIN;
    await sandboxes.advanceClock({ sandboxId, durationMs: ms });
    if (clock) clock.t += 1000;
  }
}

function exercise(service: ExerciseService, id: string): Exercise {
  return service.exercise(id);
}

/** Timeline faults as [ms after the learner's start, kind]. */
function faultOffsets(events: readonly VersionedEvent[], start: number): [number, string][] {
  return events.flatMap((e): [number, string][] =>
    e.type === 'FaultInjected' && e.data.scheduled !== undefined ? [[e.at - start, e.data.fault.kind]] : [],
  );
}

/** The learner's start: the FaultsScheduled event's instant (the end of the setup). */
function learnerStart(events: readonly VersionedEvent[]): number {
  const scheduled = events.find((e) => e.type === 'FaultsScheduled');
  if (!scheduled) throw new Error('no FaultsScheduled event');
  return scheduled.at;
}

describe('ExerciseService', () => {
  it('starts an attempt in a sandbox prepared with the exercise setup', async () => {
    const { service, sandboxes, attempts } = setup();
    const sandbox = await service.startExercise({ userId: 'u1', exerciseId: 'pods-why-not-bare' });
    expect(sandbox).toMatchObject({ exerciseId: 'pods-why-not-bare', ownerId: 'u1', clockMode: 'STEPPED' });
    const hello = await sandboxes.readSandbox(sandbox.id, ({ cluster }) =>
      cluster.get('Pod', 'default', 'hello'),
    );
    expect(hello?.metadata.name).toBe('hello');
    expect(await attempts.bySandbox(sandbox.id)).toMatchObject({
      userId: 'u1',
      maxPoints: 6,
      submittedAt: null,
    });
  });

  it('grades a solved sandbox: every check passes, twice the same report, nothing appended; submit records PASSED', async () => {
    const { service, sandboxes, clock } = setup();
    const sandbox = await service.startExercise({ userId: 'u1', exerciseId: 'pods-why-not-bare' });
    await play(sandboxes, sandbox.id, exercise(service, 'pods-why-not-bare').solution, clock);
    const head = (await sandboxes.sandboxEvents(sandbox.id)).events.length;
    const first = await service.gradeSandbox(sandbox.id);
    const second = await service.gradeSandbox(sandbox.id);
    expect(first.checks.filter((c) => !c.passed)).toEqual([]);
    expect(first).toMatchObject({ passed: true, score: 6, maxPoints: 6, gradedAtVersion: head });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect((await sandboxes.sandboxEvents(sandbox.id)).events.length).toBe(head);

    const before = await service.myProgress('u1');
    expect(before.find((p) => p.exerciseId === 'pods-why-not-bare')).toMatchObject({
      status: 'IN_PROGRESS',
      attempts: 1,
    });
    clock.t += 5000;
    const submission = await service.submitExercise(sandbox.id);
    expect(submission.report).toEqual(first);
    const progress = await service.myProgress('u1');
    expect(progress.map((p) => [p.exerciseId, p.status])).toEqual([
      ['challenge-rolling-maintenance', 'NOT_STARTED'],
      ['pods-why-not-bare', 'PASSED'],
    ]);
    const mine = progress.find((p) => p.exerciseId === 'pods-why-not-bare')!;
    expect(mine).toMatchObject({ bestScore: 6, maxPoints: 6, attempts: 1, lastSandboxId: sandbox.id });
    expect(mine.timeSpentMs).toBe(clock.t - WALL);
  });

  it('a negative session fails exactly its declared checks and submits as SUBMITTED', async () => {
    const { service, sandboxes } = setup();
    const ex = exercise(service, 'pods-why-not-bare');
    const negative = ex.negatives.find((n) => n.name === 'one replica only')!;
    const sandbox = await service.startExercise({ userId: 'u2', exerciseId: ex.id });
    await play(sandboxes, sandbox.id, negative.script);
    const report = await service.gradeSandbox(sandbox.id);
    expect(
      report.checks
        .filter((c) => !c.passed)
        .map((c) => c.checkId)
        .sort(),
    ).toEqual([...negative.fails].sort());
    await service.submitExercise(sandbox.id);
    const [, progress] = await service.myProgress('u2');
    expect(progress).toMatchObject({ status: 'SUBMITTED', bestScore: report.score });
  });

  it('gives triggered hints first, then static ones, each once; then NO_HINT_LEFT', async () => {
    const { service, attempts } = setup();
    const sandbox = await service.startExercise({ userId: 'u1', exerciseId: 'pods-why-not-bare' });
    const first = await service.requestHint(sandbox.id);
    expect(first).toEqual({
      taskId: 'deployment',
      text: "The Pod you created by hand is still there; a Deployment's Pods get generated names.",
      trigger: 'state',
    });
    const second = await service.requestHint(sandbox.id);
    const third = await service.requestHint(sandbox.id);
    expect([second.trigger, third.trigger]).toEqual(['static', 'static']);
    expect(new Set([first.text, second.text, third.text]).size).toBe(3);
    await expect(service.requestHint(sandbox.id)).rejects.toMatchObject({ code: 'NO_HINT_LEFT' });
    await expect(service.requestHint(sandbox.id, 'nope')).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect(await attempts.bySandbox(sandbox.id)).toMatchObject({ hintsUsed: 3 });
  });

  it('refuses unknown exercises and free-practice sandboxes with stable codes', async () => {
    const { service, sandboxes } = setup();
    await expect(service.startExercise({ userId: 'u1', exerciseId: 'nope' })).rejects.toEqual(
      new ExerciseError({ code: 'EXERCISE_NOT_FOUND', exerciseId: 'nope' }),
    );
    const free = await sandboxes.createSandbox({ ownerId: 'u1' });
    await expect(service.gradeSandbox(free.id)).rejects.toMatchObject({ code: 'NOT_AN_EXERCISE_SANDBOX' });
    expect(await service.learnerStart(free)).toBeNull();
  });

  it("fires a challenge's faults at the same offsets from the learner's start in LIVE and STEPPED sandboxes", async () => {
    const { service, sandboxes, clock } = setup();
    const id = 'challenge-rolling-maintenance';
    const live = await service.startExercise({ userId: 'u1', exerciseId: id, clockMode: 'LIVE' });
    const stepped = await service.startExercise({ userId: 'u2', exerciseId: id });
    const other = await service.startExercise({ userId: 'u3', exerciseId: id });

    // LIVE: the learner's start is wall-clock now; the worker wakes up late and irregularly.
    for (const wake of [45_000, 3 * MIN + 7_000, 9 * MIN]) {
      clock.t = WALL + wake;
      for (let i = 0; i < 5; i++) {
        const outcome = await sandboxes.reconcileSandbox(live.id);
        if (outcome.status !== 'reconciled' || !outcome.requeue) break;
      }
    }
    // STEPPED: one big step, or odd steps with commands in between.
    await sandboxes.advanceClock({ sandboxId: stepped.id, durationMs: 9 * MIN });
    for (let i = 0; i < 20; i++) {
      await sandboxes.advanceClock({ sandboxId: other.id, durationMs: 27_000 });
      await sandboxes.runCommand({ sandboxId: other.id, line: 'kubectl get pods', user: 'u3' });
    }

    const expected = exercise(service, id).challenge!.faults.map((f): [number, string] => [
      parseDuration(f.at)!,
      f.kind,
    ]);
    for (const sandbox of [live, stepped, other]) {
      const { events } = await sandboxes.sandboxEvents(sandbox.id);
      expect(faultOffsets(events, learnerStart(events))).toEqual(expected);
    }
    const liveEvents = (await sandboxes.sandboxEvents(live.id)).events;
    expect(learnerStart(liveEvents)).toBe(WALL);

    // learnerStart (Sandbox.exerciseStartedAt) is that instant, read from the stream's first event: wall-clock
    // now for LIVE, the end of the setup's advance for STEPPED, however far the sandbox has run since.
    expect(await service.learnerStart(live)).toBe(WALL);
    for (const sandbox of [stepped, other]) {
      const { events } = await sandboxes.sandboxEvents(sandbox.id);
      expect(await service.learnerStart(sandbox)).toBe(learnerStart(events));
      expect(learnerStart(events)).toBeGreaterThan(events[0]!.at); // the setup's advance (the cluster starts earlier)
    }
  });

  it("resetSandbox starts an exercise sandbox over from the exercise's setup and timeline", async () => {
    const { service, sandboxes } = setup();
    const id = 'challenge-rolling-maintenance';
    const sandbox = await service.startExercise({ userId: 'u1', exerciseId: id });
    const before = await sandboxes.sandboxEvents(sandbox.id);
    await sandboxes.runCommand({
      sandboxId: sandbox.id,
      line: 'kubectl delete deployment --all',
      user: 'u1',
    });
    await sandboxes.resetSandbox(sandbox.id);
    const after = await sandboxes.sandboxEvents(sandbox.id);
    expect(after.sandbox.generation).toBe(1);
    // The same prepared history as at the start (shape, images, setup objects, the scheduled timeline).
    const shape = (events: readonly VersionedEvent[]) => events.map((e) => [e.type, e.at, e.reason]);
    expect(shape(after.events)).toEqual(shape(before.events));
    await sandboxes.advanceClock({ sandboxId: sandbox.id, durationMs: 8 * MIN });
    const { events } = await sandboxes.sandboxEvents(sandbox.id);
    expect(faultOffsets(events, learnerStart(events))).toHaveLength(4);
  });
});
