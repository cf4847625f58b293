// The exercise use cases: catalog, startExercise, gradeSandbox, submitExercise, requestHint and progress. Pure
// decisions (@podlab/exercises' grader and hints) between reads and writes through ports; the sandboxes go through
// SandboxService. Authorisation is the caller's (the API's access policy): every method takes checked ids.
import {
  grade,
  hintsFor,
  learnerStartFromHistory,
  prepareCluster,
  rosterCell,
  type AttemptRecord,
  type Exercise,
  type HintTrigger,
} from '@podlab/exercises';
import type { ClockMode, ClusterPreparer, SandboxRecord, SandboxService } from '@podlab/sandbox';
import { type ExerciseCatalog, maxPointsOf } from './exercise-catalog';
import { ExerciseError } from './exercise.error';
import type { Attempt, AttemptRepository, LearningClock, StoredReport } from './exercise.ports';

export type ProgressStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'SUBMITTED' | 'PASSED';

/** A learner's progress on one exercise, derived from their attempts (docs/exercises-api.md). */
export interface ExerciseProgress {
  readonly exerciseId: string;
  readonly status: ProgressStatus;
  /** The counted submission's score (a passing one first, then the best), whole points; null before any. */
  readonly bestScore: number | null;
  readonly maxPoints: number;
  readonly attempts: number;
  readonly timeSpentMs: number;
  readonly lastSandboxId: string | null;
  readonly submittedAt: Date | null;
}

/** A grade report as the API returns it (the contract's GradeReport). */
export interface GradeReportView {
  readonly sandboxId: string;
  readonly exerciseId: string;
  /** The stream version graded: the report is a function of events 1…gradedAtVersion. */
  readonly gradedAtVersion: number;
  readonly score: number;
  readonly maxPoints: number;
  readonly passed: boolean;
  readonly checks: readonly {
    readonly checkId: string;
    readonly taskId: string;
    readonly title: string;
    readonly passed: boolean;
    readonly points: number;
    readonly maxPoints: number;
    readonly message: string;
    readonly evidence: readonly number[];
  }[];
  readonly objective: {
    readonly description: string;
    readonly share: number;
    readonly points: number;
    readonly maxPoints: number;
    readonly samples: readonly { readonly atMs: number; readonly held: boolean }[];
  } | null;
}

export interface SubmissionView {
  /** The attempt's id (one submission per attempt: submitting again replaces it). */
  readonly id: string;
  readonly exerciseId: string;
  readonly sandboxId: string;
  readonly submittedAt: Date;
  readonly report: GradeReportView;
}

export interface HintView {
  readonly taskId: string;
  readonly text: string;
  readonly trigger: HintTrigger;
}

export interface ExercisePorts {
  readonly catalog: ExerciseCatalog;
  readonly attempts: AttemptRepository;
  readonly sandboxes: SandboxService;
  readonly clock: LearningClock;
  readonly newId: () => string;
}

export class ExerciseService {
  constructor(private readonly ports: ExercisePorts) {}

  get catalog(): ExerciseCatalog {
    return this.ports.catalog;
  }

  /** The exercise; EXERCISE_NOT_FOUND when the catalog has no such id. */
  exercise(exerciseId: string): Exercise {
    const exercise = this.ports.catalog.get(exerciseId);
    if (!exercise) throw new ExerciseError({ code: 'EXERCISE_NOT_FOUND', exerciseId });
    return exercise;
  }

  /**
   * A new attempt: a sandbox prepared with the exercise's cluster shape, images, setup objects and the challenge's
   * fault timeline (scheduled in the stream, so it fires at the same offsets for everyone, LIVE or STEPPED).
   */
  async startExercise(input: {
    readonly userId: string;
    readonly exerciseId: string;
    readonly clockMode?: ClockMode;
    readonly seed?: number | null;
  }): Promise<SandboxRecord & { readonly version: number }> {
    const exercise = this.exercise(input.exerciseId);
    const nodes = exercise.cluster.nodes;
    const sandbox = await this.ports.sandboxes.createPreparedSandbox({
      ownerId: input.userId,
      title: exercise.title,
      exerciseId: exercise.id,
      ...(input.clockMode ? { clockMode: input.clockMode } : {}),
      seed: input.seed ?? exercise.cluster.seed,
      shape: nodes
        ? {
            workers: nodes.filter((n) => n.role !== 'control-plane').length,
            controlPlane: nodes.some((n) => n.role === 'control-plane'),
          }
        : { workers: exercise.cluster.workers, controlPlane: exercise.cluster.controlPlane },
      prepare: (start) => prepareExercise(exercise, start),
    });
    try {
      await this.ports.attempts.insert({
        id: this.ports.newId(),
        userId: input.userId,
        exerciseId: exercise.id,
        sandboxId: sandbox.id,
        startedAt: sandbox.createdAt,
        maxPoints: maxPointsOf(exercise),
      });
    } catch (error) {
      // No attempt, no exercise sandbox: hide it rather than leave a sandbox nothing can grade.
      await this.ports.sandboxes.deleteSandbox(sandbox.id).catch(() => undefined);
      throw error;
    }
    return sandbox;
  }

  /** Grades the sandbox's history at its current version. Appends nothing; the same version gives the same report. */
  async gradeSandbox(sandboxId: string): Promise<GradeReportView> {
    const { report } = await this.grade(sandboxId);
    return reportView(report);
  }

  /** Grades now and records the report as the attempt's result (submitting again replaces it). */
  async submitExercise(sandboxId: string): Promise<SubmissionView> {
    const { attempt, report } = await this.grade(sandboxId);
    const submittedAt = new Date(this.ports.clock.now());
    const view = reportView(report);
    await this.ports.attempts.recordSubmission(attempt.id, {
      submittedAt,
      score: view.score,
      passed: report.passed,
      report,
    });
    return {
      id: attempt.id,
      exerciseId: attempt.exerciseId,
      sandboxId: attempt.sandboxId,
      submittedAt,
      report: view,
    };
  }

  /**
   * The next hint not given yet on this attempt: hints triggered by the learner's state or history first, then the
   * static ones, each in file order; of one task when `taskId` is given. Recorded on the attempt.
   */
  async requestHint(sandboxId: string, taskId?: string | null): Promise<HintView> {
    const attempt = await this.attemptOf(sandboxId);
    const exercise = this.exercise(attempt.exerciseId);
    if (taskId != null && !exercise.tasks.some((task) => task.id === taskId))
      throw new ExerciseError({ code: 'TASK_NOT_FOUND', exerciseId: exercise.id, taskId });
    const { events } = await this.ports.sandboxes.sandboxEvents(sandboxId);
    const given = new Set(attempt.hintKeys);
    const available = hintsFor(exercise, events).filter(
      (hint) => (taskId == null || hint.task === taskId) && !given.has(hintKey(hint)),
    );
    const next = available.find((hint) => hint.trigger !== 'static') ?? available[0];
    if (!next) throw new ExerciseError({ code: 'NO_HINT_LEFT', sandboxId, taskId: taskId ?? null });
    await this.ports.attempts.recordHint(attempt.id, hintKey(next), new Date(this.ports.clock.now()));
    return { taskId: next.task, text: next.text, trigger: next.trigger };
  }

  /**
   * The simulated instant (ms since the epoch) the learner started this exercise sandbox, after the exercise's
   * setup: what fault offsets and objective samples count from (the grader's start). Read from the stream's first
   * event (one event); null for free practice or an exercise no longer in the catalog.
   */
  async learnerStart(sandbox: Pick<SandboxRecord, 'id' | 'exerciseId'>): Promise<number | null> {
    const exercise = sandbox.exerciseId === null ? undefined : this.ports.catalog.get(sandbox.exerciseId);
    if (!exercise) return null;
    const page = await this.ports.sandboxes.sandboxHistory(sandbox.id, { first: 1 });
    const first = page.edges[0]?.node;
    return learnerStartFromHistory(exercise, first?.event) ?? null;
  }

  /** The user's progress on every exercise of the catalog (one read of their attempts). */
  async myProgress(userId: string): Promise<ExerciseProgress[]> {
    const attempts = await this.ports.attempts.listByUser(userId);
    return this.ports.catalog.exercises.map((exercise) =>
      this.progressFrom(
        exercise,
        attempts.filter((a) => a.exerciseId === exercise.id),
      ),
    );
  }

  /** One exercise's progress from the user's attempts (all of them, or only this exercise's). */
  progressFrom(exercise: Exercise, attempts: readonly Attempt[]): ExerciseProgress {
    const records = attempts.filter((a) => a.exerciseId === exercise.id).map(attemptRecord);
    const cell = rosterCell(
      { id: exercise.id, title: exercise.title, maxPoints: maxPointsOf(exercise), checks: [], dueAt: null },
      records,
      this.ports.clock.now(),
    );
    return {
      exerciseId: exercise.id,
      status: cell.status,
      bestScore: cell.score,
      maxPoints: cell.maxPoints,
      attempts: cell.attempts,
      timeSpentMs: cell.timeSpentMs,
      lastSandboxId: cell.lastSandboxId,
      submittedAt: cell.submittedAt === null ? null : new Date(cell.submittedAt),
    };
  }

  /** The user's attempts (for progress fields computed per request). */
  attemptsOf(userId: string): Promise<Attempt[]> {
    return this.ports.attempts.listByUser(userId);
  }

  /** The attempt a sandbox belongs to; NOT_AN_EXERCISE_SANDBOX for free-practice sandboxes. */
  async attemptOf(sandboxId: string): Promise<Attempt> {
    const attempt = await this.ports.attempts.bySandbox(sandboxId);
    if (!attempt) throw new ExerciseError({ code: 'NOT_AN_EXERCISE_SANDBOX', sandboxId });
    return attempt;
  }

  private async grade(sandboxId: string): Promise<{ attempt: Attempt; report: StoredReport }> {
    const attempt = await this.attemptOf(sandboxId);
    const exercise = this.exercise(attempt.exerciseId);
    const { events } = await this.ports.sandboxes.sandboxEvents(sandboxId);
    return { attempt, report: { ...grade(exercise, events), sandboxId } };
  }
}

/** The exercise's cluster for a sandbox: shape, images, setup, timeline; a LIVE one's learner starts at `now`. */
function prepareExercise(exercise: Exercise, start: { readonly seed: number; readonly now: number | null }) {
  return prepareCluster(exercise, {
    seed: start.seed,
    ...(start.now !== null ? { learnerStart: start.now } : {}),
  });
}

/** SandboxService's preparer: resetSandbox of an exercise sandbox starts over from the exercise's setup. */
export function exercisePreparer(catalog: ExerciseCatalog): ClusterPreparer {
  return (sandbox, start) => {
    const exercise = sandbox.exerciseId !== null ? catalog.get(sandbox.exerciseId) : undefined;
    return exercise ? prepareExercise(exercise, start) : undefined;
  };
}

export function hintKey(hint: { readonly task: string; readonly index: number }): string {
  return `${hint.task}#${hint.index}`;
}

/** An attempt as the pure progress/roster code reads it: activity is the later of the attempt's and its sandbox's. */
export function attemptRecord(attempt: Attempt): AttemptRecord {
  return {
    learnerId: attempt.userId,
    exerciseId: attempt.exerciseId,
    sandboxId: attempt.sandboxId,
    startedAt: attempt.startedAt.getTime(),
    lastActivityAt: Math.max(
      attempt.startedAt.getTime(),
      attempt.lastActivityAt.getTime(),
      attempt.sandboxActivityAt?.getTime() ?? 0,
    ),
    submittedAt: attempt.submittedAt?.getTime() ?? null,
    score: attempt.score,
    passed: attempt.passed,
    report: attempt.report,
  };
}

/** libs/exercises' report in the API's shape: whole points (the objective's share-weighted points rounded). */
export function reportView(report: StoredReport): GradeReportView {
  const objective = report.objective;
  const objectivePoints = objective ? Math.round(objective.points) : 0;
  const checkPoints = report.checks.reduce((sum, check) => sum + check.points, 0);
  return {
    sandboxId: report.sandboxId,
    exerciseId: report.exercise,
    gradedAtVersion: report.gradedVersion,
    score: checkPoints + objectivePoints,
    maxPoints: Math.round(report.maxScore),
    passed: report.passed,
    checks: report.checks.map((check) => ({
      checkId: check.id,
      taskId: check.task,
      title: check.description,
      passed: check.passed,
      points: check.points,
      maxPoints: check.maxPoints,
      message: check.message,
      evidence: check.evidence,
    })),
    objective: objective
      ? {
          description: objective.description,
          share: objective.share,
          points: objectivePoints,
          maxPoints: objective.maxPoints,
          samples: objective.samples ?? [],
        }
      : null,
  };
}
