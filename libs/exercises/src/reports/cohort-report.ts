// The instructor's cohort report, pure: the roster × exercise grid and the checks a cohort fails most with the
// commands that preceded them. Inputs are plain records (attempts, grade reports, learner commands) and `now`;
// nothing here reads a clock or a database. Definitions are documented in docs/cohorts.md.
import { parseCommandLine } from '../checks/command-match';
import type { Exercise } from '../schema/exercise.schema';

export type ProgressStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'SUBMITTED' | 'PASSED';

/** One column of the grid: an assigned exercise. */
export interface ReportExercise {
  readonly id: string;
  readonly title: string;
  /** Checks + objective points. */
  readonly maxPoints: number;
  /** Every check in the exercise's order (task by task). */
  readonly checks: readonly { readonly id: string; readonly task: string; readonly title: string }[];
  /** Due date (ms since the epoch), if the assignment has one. */
  readonly dueAt: number | null;
}

/** The part of a grade report the cohort report reads (libs/exercises' GradeReport satisfies it). */
export interface GradedChecks {
  /** The report is a function of events 1…gradedVersion of the sandbox's stream. */
  readonly gradedVersion: number;
  readonly checks: readonly {
    readonly id: string;
    readonly passed: boolean;
    readonly evidence: readonly number[];
  }[];
}

/** One startExercise: a sandbox, and the grade recorded by submitExercise (if any). Times in ms since the epoch. */
export interface AttemptRecord {
  readonly learnerId: string;
  readonly exerciseId: string;
  readonly sandboxId: string;
  readonly startedAt: number;
  /** Bumped by the learner's commands and clock moves on the attempt's sandbox. */
  readonly lastActivityAt: number;
  readonly submittedAt: number | null;
  readonly score: number | null;
  readonly passed: boolean;
  readonly report: GradedChecks | null;
}

export interface RosterCell {
  readonly exerciseId: string;
  readonly status: ProgressStatus;
  /** The counted submission's score, rounded to a whole point; null before any submission. */
  readonly score: number | null;
  readonly maxPoints: number;
  readonly attempts: number;
  readonly timeSpentMs: number;
  /** The sandbox of the most recently started attempt (for replay). */
  readonly lastSandboxId: string | null;
  /** When the counted submission was made. */
  readonly submittedAt: number | null;
  readonly dueAt: number | null;
  readonly late: boolean;
}

export interface RosterRow<L> {
  readonly learner: L;
  readonly cells: readonly RosterCell[];
}

/**
 * The submission a cell counts: a passing one before any other, then the highest score, then the earliest (so
 * a learner who passed on time and resubmitted late is not late).
 */
export function countedSubmission<A extends AttemptRecord>(attempts: readonly A[]): A | undefined {
  let best: A | undefined;
  for (const attempt of attempts) {
    if (attempt.submittedAt === null) continue;
    if (!best || better(attempt, best)) best = attempt;
  }
  return best;
}

function better(a: AttemptRecord, b: AttemptRecord): boolean {
  if (a.passed !== b.passed) return a.passed;
  const sa = a.score ?? 0;
  const sb = b.score ?? 0;
  if (sa !== sb) return sa > sb;
  return (a.submittedAt ?? Infinity) < (b.submittedAt ?? Infinity);
}

/** Time spent on an attempt: from its start to its submission, or to its last activity while it is open. */
export function attemptTimeMs(attempt: AttemptRecord): number {
  return Math.max(0, (attempt.submittedAt ?? attempt.lastActivityAt) - attempt.startedAt);
}

/** One learner's cell for one exercise; `attempts` are that learner's attempts at that exercise. */
export function rosterCell(
  exercise: ReportExercise,
  attempts: readonly AttemptRecord[],
  now: number,
): RosterCell {
  const counted = countedSubmission(attempts);
  const status: ProgressStatus = counted?.passed
    ? 'PASSED'
    : counted
      ? 'SUBMITTED'
      : attempts.length
        ? 'IN_PROGRESS'
        : 'NOT_STARTED';
  const latest = attempts.reduce<AttemptRecord | undefined>(
    (last, a) => (!last || a.startedAt > last.startedAt ? a : last),
    undefined,
  );
  const submittedAt = counted?.submittedAt ?? null;
  const due = exercise.dueAt;
  // Late: the counted submission came after the due date, or there is none and the due date has passed.
  const late = due !== null && (submittedAt !== null ? submittedAt > due : now > due);
  return {
    exerciseId: exercise.id,
    status,
    score: counted ? Math.round(counted.score ?? 0) : null,
    maxPoints: exercise.maxPoints,
    attempts: attempts.length,
    timeSpentMs: attempts.reduce((sum, a) => sum + attemptTimeMs(a), 0),
    lastSandboxId: latest?.sandboxId ?? null,
    submittedAt,
    dueAt: due,
    late,
  };
}

/** The grid: one row per learner (in the given order), one cell per exercise (in the given order). */
export function rosterGrid<L extends { readonly id: string }>(
  exercises: readonly ReportExercise[],
  learners: readonly L[],
  attempts: readonly AttemptRecord[],
  now: number,
): RosterRow<L>[] {
  const byCell = groupAttempts(attempts);
  return learners.map((learner) => ({
    learner,
    cells: exercises.map((exercise) =>
      rosterCell(exercise, byCell.get(cellKey(learner.id, exercise.id)) ?? [], now),
    ),
  }));
}

// ---- the checks a cohort fails most ---------------------------------------------------------------------

/** A learner's command as recorded in the sandbox stream (CommandExecuted with a `user` actor). */
export interface LearnerCommand {
  /** The version of its CommandExecuted event. */
  readonly version: number;
  /**
   * The first version written by the same command (its writes and, on stepped sandboxes, the controllers' answer
   * share one append, which ends with CommandExecuted). Defaults to `version`.
   */
  readonly firstVersion?: number;
  readonly line: string;
}

export interface CommandCount {
  readonly command: string;
  /** How many of the failing learners ran it in their window. */
  readonly count: number;
}

export interface FailingCheck {
  readonly exerciseId: string;
  readonly checkId: string;
  readonly title: string;
  /** Submissions (every attempt of every learner) in which the check failed. */
  readonly failures: number;
  /** Learners whose latest submission fails it. */
  readonly learners: number;
  readonly precedingCommands: readonly CommandCount[];
}

export interface FailingCheckOptions {
  /** Commands per learner window (default 5). */
  readonly window?: number;
  /** Commands listed per check (default 10). */
  readonly top?: number;
}

export const PRECEDING_WINDOW = 5;
export const PRECEDING_TOP = 10;

/**
 * The version at which a failing check is judged: the latest event the grader cites as evidence, or the graded
 * version when it cites none (a missing object, a command never used).
 */
export function evaluationPoint(report: GradedChecks, checkId: string): number {
  const check = report.checks.find((c) => c.id === checkId);
  const evidence = check?.evidence ?? [];
  return evidence.length ? Math.max(...evidence) : report.gradedVersion;
}

/**
 * The learner commands that preceded a failing check: the last `window` commands that began at or before its
 * evaluation point (a command that began there is included: its own writes may be the evidence).
 */
export function precedingCommands(
  commands: readonly LearnerCommand[],
  point: number,
  window = PRECEDING_WINDOW,
): LearnerCommand[] {
  return windowOf(
    [...commands].sort((a, b) => a.version - b.version),
    point,
    window,
  );
}

/** precedingCommands over commands already in version order (each begins after the previous one ended). */
function windowOf(sorted: readonly LearnerCommand[], point: number, window: number): LearnerCommand[] {
  let end = sorted.length;
  while (end > 0 && (sorted[end - 1]!.firstVersion ?? sorted[end - 1]!.version) > point) end--;
  return window > 0 ? sorted.slice(Math.max(0, end - window), end) : [];
}

/**
 * A command line with its values removed, so the same command typed by different learners counts once:
 * `kubectl scale deployment web --replicas=5` → `kubectl scale deployment web --replicas`. Pipelines keep their
 * kubectl segments; a line without kubectl (`cat > web.yaml`) keeps its first word.
 */
export function commandShape(line: string): string {
  const parsed = parseCommandLine(line);
  if (parsed.length)
    return parsed.map((c) => ['kubectl', ...c.words, ...[...new Set(c.flags)]].join(' ')).join(' | ');
  return line.trim().split(/\s+/)[0] ?? '';
}

/**
 * The checks the cohort fails most, most-failed first (learners whose latest submission fails it, then failed
 * submissions, then exercise and check order). `commandsOf` gives the learner commands of a sandbox up to its
 * graded version; it is asked only for the latest submission of learners who fail something.
 */
export function failingChecks(
  exercises: readonly ReportExercise[],
  attempts: readonly AttemptRecord[],
  commandsOf: (sandboxId: string) => readonly LearnerCommand[],
  options: FailingCheckOptions = {},
): FailingCheck[] {
  const window = options.window ?? PRECEDING_WINDOW;
  const top = options.top ?? PRECEDING_TOP;
  // Shapes and per-sandbox command lists are computed once per call (a line is tokenized once, however many
  // checks and learners share it): a 200-learner cohort would otherwise re-parse the same lines thousands of times.
  const shapeOf = memo(commandShape);
  const sortedCommands = new Map<string, readonly LearnerCommand[]>();
  const commandsUpTo = (attempt: AttemptRecord, report: GradedChecks) => {
    let commands = sortedCommands.get(attempt.sandboxId);
    if (!commands) {
      commands = commandsOf(attempt.sandboxId)
        .filter((c) => c.version <= report.gradedVersion)
        .sort((a, b) => a.version - b.version);
      sortedCommands.set(attempt.sandboxId, commands);
    }
    return commands;
  };
  const submittedByExercise = new Map<string, AttemptRecord[]>();
  for (const a of attempts)
    if (a.submittedAt !== null && a.report !== null) {
      const list = submittedByExercise.get(a.exerciseId) ?? [];
      list.push(a);
      submittedByExercise.set(a.exerciseId, list);
    }
  const result: (FailingCheck & { order: number })[] = [];
  let order = 0;
  for (const exercise of exercises) {
    const submitted = submittedByExercise.get(exercise.id) ?? [];
    // Each learner's latest submission of this exercise.
    const latest = new Map<string, AttemptRecord>();
    for (const a of submitted) {
      const current = latest.get(a.learnerId);
      if (!current || a.submittedAt! > current.submittedAt!) latest.set(a.learnerId, a);
    }
    const latestByLearner = [...latest.values()].sort((a, b) =>
      a.learnerId < b.learnerId ? -1 : a.learnerId > b.learnerId ? 1 : 0,
    );
    const checks = checksOf(exercise, submitted);
    for (const check of checks) {
      const failures = submitted.filter((a) => failed(a.report!, check.id)).length;
      if (!failures) continue;
      const failingLatest = latestByLearner.filter((a) => failed(a.report!, check.id));
      const counts = new Map<string, number>();
      for (const attempt of failingLatest) {
        const report = attempt.report!;
        const shapes = new Set(
          windowOf(commandsUpTo(attempt, report), evaluationPoint(report, check.id), window).map((c) =>
            shapeOf(c.line),
          ),
        );
        for (const shape of shapes) if (shape) counts.set(shape, (counts.get(shape) ?? 0) + 1);
      }
      result.push({
        exerciseId: exercise.id,
        checkId: check.id,
        title: check.title,
        failures,
        learners: failingLatest.length,
        precedingCommands: [...counts]
          .map(([command, count]) => ({ command, count }))
          .sort((a, b) => b.count - a.count || (a.command < b.command ? -1 : a.command > b.command ? 1 : 0))
          .slice(0, top),
        order: order++,
      });
    }
  }
  return result
    .sort((a, b) => b.learners - a.learners || b.failures - a.failures || a.order - b.order)
    .map(({ order: _order, ...check }) => check);
}

function memo(f: (line: string) => string): (line: string) => string {
  const cache = new Map<string, string>();
  return (line) => {
    let value = cache.get(line);
    if (value === undefined) {
      value = f(line);
      cache.set(line, value);
    }
    return value;
  };
}

function failed(report: GradedChecks, checkId: string): boolean {
  return report.checks.some((c) => c.id === checkId && !c.passed);
}

/** The exercise's checks in its order, then any check id found only in older reports (the file changed since). */
function checksOf(
  exercise: ReportExercise,
  submitted: readonly AttemptRecord[],
): { id: string; title: string }[] {
  const known = new Set(exercise.checks.map((c) => c.id));
  const extra = new Set<string>();
  for (const a of submitted) for (const c of a.report!.checks) if (!known.has(c.id)) extra.add(c.id);
  return [
    ...exercise.checks.map((c) => ({ id: c.id, title: c.title })),
    ...[...extra].sort().map((id) => ({ id, title: id })),
  ];
}

function cellKey(learnerId: string, exerciseId: string): string {
  return `${learnerId}\u0000${exerciseId}`;
}

function groupAttempts(attempts: readonly AttemptRecord[]): Map<string, AttemptRecord[]> {
  const byCell = new Map<string, AttemptRecord[]>();
  for (const attempt of attempts) {
    const key = cellKey(attempt.learnerId, attempt.exerciseId);
    const list = byCell.get(key) ?? [];
    list.push(attempt);
    byCell.set(key, list);
  }
  return byCell;
}

/** The report's view of an exercise file: its checks in order and its maximum (checks + objective points). */
export function reportExercise(exercise: Exercise, dueAt: number | null = null): ReportExercise {
  const checks = exercise.tasks.flatMap((task) =>
    task.checks.map((check) => ({
      id: check.id,
      task: task.id,
      title: check.description,
      points: check.points,
    })),
  );
  return {
    id: exercise.id,
    title: exercise.title,
    maxPoints: checks.reduce((sum, c) => sum + c.points, 0) + (exercise.challenge?.objective.points ?? 0),
    checks: checks.map(({ points: _points, ...check }) => check),
    dueAt,
  };
}
