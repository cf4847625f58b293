// Public API of @podlab/exercises: the exercise format, its loader, the sandbox runner and the grader (pure).
export { checkSchema, exerciseSchema } from './schema/exercise.schema';
export type {
  ChallengeSpec,
  CheckSpec,
  CommandPattern,
  Exercise,
  ExerciseInput,
  FaultSpec,
  PodSelector,
  TaskSpec,
} from './schema/exercise.schema';
export { loadExercises, parseExercise } from './loader/exercise-loader';
export type { LoadResult } from './loader/exercise-loader';
export {
  ExerciseSession,
  SETUP_ACTOR,
  TIMELINE_ACTOR,
  clusterNodes,
  faultSchedule,
  learnerStartFromHistory,
  prepareCluster,
  runExerciseScript,
  startOf,
  toFault,
} from './runner/exercise-sandbox';
export type { PrepareOptions } from './runner/exercise-sandbox';
export { grade, hintsFor } from './grader/grade';
export type { Hint, HintTrigger } from './grader/grade';
export type { CheckResult, GradeReport, ObjectiveResult } from './grader/grade';
export { getPath, partialMismatch, parsePath } from './checks/object-path';
export { parseCommandLine, matchesPattern } from './checks/command-match';
export type { ParsedCommand } from './checks/command-match';
export { isReady, selectPods } from './checks/pod-selection';
export {
  PRECEDING_TOP,
  PRECEDING_WINDOW,
  attemptTimeMs,
  commandShape,
  countedSubmission,
  evaluationPoint,
  failingChecks,
  precedingCommands,
  reportExercise,
  rosterCell,
  rosterGrid,
} from './reports/cohort-report';
export type {
  AttemptRecord,
  CommandCount,
  FailingCheck,
  FailingCheckOptions,
  GradedChecks,
  LearnerCommand,
  ProgressStatus,
  ReportExercise,
  RosterCell,
  RosterRow,
} from './reports/cohort-report';
export { ROSTER_CSV_COLUMNS, rosterCsv } from './reports/roster-csv';
