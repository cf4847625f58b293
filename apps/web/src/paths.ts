// Every route of the web app, as path patterns (for <Route path>) and builders (for links). One place, so a link
// from one team's screen to another's cannot drift. Owners: W1 shell, W2 cluster/replay, W3 exercise.
export const routes = {
  logIn: '/login',
  signUp: '/signup',
  status: '/status',
  catalog: '/exercises',
  exercise: '/exercises/:exerciseId', // W3: instructions, start an attempt
  practice: '/practice',
  sandbox: '/sandboxes/:sandboxId', // W3: the exercise / free-practice screen (terminal, editor, cluster view)
  replay: '/sandboxes/:sandboxId/replay', // W2: timeline scrubber over sandboxAt / sandboxHistory
  cluster: '/sandboxes/:sandboxId/cluster', // W2: the live cluster view alone, with the why panel
  cohorts: '/cohorts',
  cohort: '/cohorts/:cohortId',
} as const;

const id = (value: string) => encodeURIComponent(value);

export const paths = {
  logIn: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  signUp: () => '/signup',
  catalog: () => '/exercises',
  exercise: (exerciseId: string) => `/exercises/${id(exerciseId)}`,
  practice: () => '/practice',
  sandbox: (sandboxId: string) => `/sandboxes/${id(sandboxId)}`,
  replay: (sandboxId: string, at?: { version?: number }) =>
    `/sandboxes/${id(sandboxId)}/replay${at?.version !== undefined ? `?version=${at.version}` : ''}`,
  cluster: (sandboxId: string) => `/sandboxes/${id(sandboxId)}/cluster`,
  cohorts: () => '/cohorts',
  cohort: (cohortId: string) => `/cohorts/${id(cohortId)}`,
};

/** Only same-origin app paths are followed after log-in (no open redirect through ?next=). */
export function safeNext(next: string | null): string {
  // A single leading slash, and no backslash or control character anywhere: URL parsers read "/\\host" and
  // "/\t/host" as "//host", another origin.
  // eslint-disable-next-line no-control-regex
  return next && /^\/(?!\/)/.test(next) && !/[\\\u0000-\u001f]/.test(next) ? next : paths.catalog();
}
