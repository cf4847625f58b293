// @podlab/learning: the learning use cases over ports, no framework (type:usecase, like @podlab/sandbox):
// exercises (catalog, start, grade, submit, hints, progress) in src/exercises/, cohorts in src/cohorts/.
// Apps wire the adapters (Prisma repositories, the sandbox service). Named exports only, added per use case.
export { CohortService, MAX_COHORT_NAME } from './cohorts/cohort.service';
export type {
  AssignmentView,
  CohortMemberView,
  CohortReport,
  CohortView,
  CohortViewer,
} from './cohorts/cohort.service';
export { CohortError, isCohortError } from './cohorts/cohort.error';
export type { CohortErrorCode, CohortErrorDetails } from './cohorts/cohort.error';
export type {
  AssignmentRecord,
  CohortAccounts,
  CohortActor,
  CohortAttempts,
  CohortClock,
  CohortCommandHistory,
  CohortExerciseCatalog,
  CohortIdGenerator,
  CohortPorts,
  CohortRecord,
  CohortRepository,
  CohortRole,
  CohortUser,
  JoinCodeRandom,
  MemberRecord,
} from './cohorts/cohort.ports';
export {
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  drawJoinCode,
  normalizeJoinCode,
  seededJoinCodeRandom,
} from './cohorts/join-code';
export { InMemoryCohortRepository } from './cohorts/in-memory-cohort.repository';
export {
  ExerciseService,
  attemptRecord,
  exercisePreparer,
  hintKey,
  reportView,
} from './exercises/exercise.service';
export type {
  ExercisePorts,
  ExerciseProgress,
  GradeReportView,
  HintView,
  ProgressStatus,
  SubmissionView,
} from './exercises/exercise.service';
export {
  ExerciseCatalog,
  describeFault,
  faultTimeline,
  kindOf,
  maxPointsOf,
} from './exercises/exercise-catalog';
export type { ExerciseKind } from './exercises/exercise-catalog';
export { ExerciseError, isExerciseError } from './exercises/exercise.error';
export type { ExerciseErrorCode, ExerciseErrorDetails } from './exercises/exercise.error';
export type {
  Attempt,
  AttemptRepository,
  LearningClock,
  NewAttempt,
  StoredReport,
} from './exercises/exercise.ports';
export { InMemoryAttemptRepository } from './exercises/in-memory-attempt.repository';
