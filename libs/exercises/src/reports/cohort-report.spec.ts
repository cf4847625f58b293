// The cohort report's definitions: cell status/score/time/lateness, the most-failed checks with the commands
// that preceded them (also over a real grade of a real history), and the CSV export.
import { parseExercise } from '../loader/exercise-loader';
import { runExerciseScript } from '../runner/exercise-sandbox';
import { grade } from '../grader/grade';
import {
  type AttemptRecord,
  type LearnerCommand,
  type ReportExercise,
  commandShape,
  countedSubmission,
  evaluationPoint,
  failingChecks,
  precedingCommands,
  reportExercise,
  rosterCell,
  rosterGrid,
} from './cohort-report';
import { ROSTER_CSV_COLUMNS, rosterCsv } from './roster-csv';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);

const scaling: ReportExercise = {
  id: 'scale',
  title: 'Scale a Deployment',
  maxPoints: 3,
  checks: [
    { id: 'replicas', task: 't', title: 'three replicas' },
    { id: 'used-scale', task: 't', title: 'used kubectl scale' },
  ],
  dueAt: T0 + 60 * MIN,
};
const rollback: ReportExercise = {
  id: 'rollback',
  title: 'Roll back',
  maxPoints: 2,
  checks: [{ id: 'undone', task: 't', title: 'rolled back with undo' }],
  dueAt: null,
};

let sandboxes = 0;
function attempt(overrides: Partial<AttemptRecord> & Pick<AttemptRecord, 'learnerId' | 'exerciseId'>) {
  return {
    sandboxId: `sbx-${++sandboxes}`,
    startedAt: T0,
    lastActivityAt: T0 + 10 * MIN,
    submittedAt: null,
    score: null,
    passed: false,
    report: null,
    ...overrides,
  } satisfies AttemptRecord;
}

const report = (gradedVersion: number, checks: [string, boolean, number[]?][]) => ({
  gradedVersion,
  checks: checks.map(([id, passed, evidence]) => ({ id, passed, evidence: evidence ?? [] })),
});

describe('rosterCell', () => {
  it('is NOT_STARTED without attempts, and late only once the due date has passed', () => {
    expect(rosterCell(scaling, [], T0)).toEqual({
      exerciseId: 'scale',
      status: 'NOT_STARTED',
      score: null,
      maxPoints: 3,
      attempts: 0,
      timeSpentMs: 0,
      lastSandboxId: null,
      submittedAt: null,
      dueAt: T0 + 60 * MIN,
      late: false,
    });
    expect(rosterCell(scaling, [], T0 + 61 * MIN).late).toBe(true);
    expect(rosterCell(rollback, [], T0 + 1000 * MIN).late).toBe(false);
  });

  it('is IN_PROGRESS with open attempts: time runs to the last activity, the replay link is the latest start', () => {
    const first = attempt({
      learnerId: 'a',
      exerciseId: 'scale',
      startedAt: T0,
      lastActivityAt: T0 + 5 * MIN,
    });
    const second = attempt({
      learnerId: 'a',
      exerciseId: 'scale',
      startedAt: T0 + 20 * MIN,
      lastActivityAt: T0 + 27 * MIN,
    });
    const cell = rosterCell(scaling, [second, first], T0 + 30 * MIN);
    expect(cell).toMatchObject({
      status: 'IN_PROGRESS',
      attempts: 2,
      timeSpentMs: 12 * MIN,
      lastSandboxId: second.sandboxId,
      score: null,
      late: false,
    });
  });

  it('counts a passing submission before a higher failing one, and judges lateness by it', () => {
    const failedEarly = attempt({
      learnerId: 'a',
      exerciseId: 'scale',
      submittedAt: T0 + 10 * MIN,
      lastActivityAt: T0 + 50 * MIN, // activity after submitting does not count: the attempt ended there
      score: 2,
    });
    const passedOnTime = attempt({
      learnerId: 'a',
      exerciseId: 'scale',
      startedAt: T0 + 20 * MIN,
      submittedAt: T0 + 40 * MIN,
      score: 3,
      passed: true,
    });
    const resubmittedLate = attempt({
      learnerId: 'a',
      exerciseId: 'scale',
      startedAt: T0 + 70 * MIN,
      submittedAt: T0 + 80 * MIN,
      score: 3,
      passed: true,
    });
    const cell = rosterCell(scaling, [failedEarly, passedOnTime, resubmittedLate], T0 + 90 * MIN);
    expect(cell).toMatchObject({
      status: 'PASSED',
      score: 3,
      attempts: 3,
      timeSpentMs: 10 * MIN + 20 * MIN + 10 * MIN,
      submittedAt: T0 + 40 * MIN,
      late: false,
      lastSandboxId: resubmittedLate.sandboxId,
    });
    expect(rosterCell(scaling, [failedEarly, resubmittedLate], T0 + 90 * MIN)).toMatchObject({
      status: 'PASSED',
      submittedAt: T0 + 80 * MIN,
      late: true,
    });
  });

  it('is SUBMITTED with the best failing score, rounded to whole points (objective shares are fractional)', () => {
    const low = attempt({ learnerId: 'a', exerciseId: 'scale', submittedAt: T0 + MIN, score: 1 });
    const high = attempt({ learnerId: 'a', exerciseId: 'scale', submittedAt: T0 + 2 * MIN, score: 2.6 });
    expect(countedSubmission([low, high])).toBe(high);
    expect(rosterCell(scaling, [low, high], T0 + 3 * MIN)).toMatchObject({ status: 'SUBMITTED', score: 3 });
    const tie = attempt({ learnerId: 'a', exerciseId: 'scale', submittedAt: T0 + 3 * MIN, score: 2.6 });
    expect(countedSubmission([tie, high])).toBe(high);
  });
});

describe('rosterGrid', () => {
  it('has one row per learner in roster order and one cell per exercise in assignment order', () => {
    const learners = [
      { id: 'b', email: 'b@example.test' },
      { id: 'a', email: 'a@example.test' },
    ];
    const attempts = [
      attempt({ learnerId: 'a', exerciseId: 'rollback', submittedAt: T0 + MIN, score: 2, passed: true }),
      attempt({ learnerId: 'b', exerciseId: 'scale' }),
      attempt({ learnerId: 'stranger', exerciseId: 'scale', submittedAt: T0, passed: true, score: 3 }),
    ];
    const grid = rosterGrid([scaling, rollback], learners, attempts, T0 + 2 * MIN);
    expect(grid.map((row) => [row.learner.id, row.cells.map((c) => `${c.exerciseId}:${c.status}`)])).toEqual([
      ['b', ['scale:IN_PROGRESS', 'rollback:NOT_STARTED']],
      ['a', ['scale:NOT_STARTED', 'rollback:PASSED']],
    ]);
  });
});

describe('failing checks and the commands that preceded them', () => {
  it('judges a check at its latest evidence, or at the graded version when it cites none', () => {
    const r = report(40, [
      ['replicas', false, [12, 30, 18]],
      ['used-scale', false],
    ]);
    expect(evaluationPoint(r, 'replicas')).toBe(30);
    expect(evaluationPoint(r, 'used-scale')).toBe(40);
  });

  it('takes the last N commands that began at or before the point (the command whose writes are the evidence included)', () => {
    const commands: LearnerCommand[] = [
      { version: 3, line: 'kubectl get pods' },
      { version: 9, firstVersion: 4, line: 'kubectl apply -f web.yaml' },
      { version: 15, firstVersion: 10, line: 'kubectl scale deployment web --replicas=2' },
      { version: 20, firstVersion: 16, line: 'kubectl get deploy' },
    ];
    expect(precedingCommands(commands, 12, 5).map((c) => c.version)).toEqual([3, 9, 15]);
    expect(precedingCommands(commands, 12, 2).map((c) => c.version)).toEqual([9, 15]);
    expect(precedingCommands(commands, 9, 5).map((c) => c.version)).toEqual([3, 9]);
    expect(precedingCommands(commands, 2, 5)).toEqual([]);
  });

  it.each([
    ['kubectl scale deployment web --replicas=5', 'kubectl scale deployment web --replicas'],
    ['kubectl scale deployment web --replicas 5', 'kubectl scale deployment web --replicas'],
    [
      'k -n prod rollout undo deployment/web --to-revision=2',
      'kubectl rollout undo deployment/web -n --to-revision',
    ],
    ['kubectl get pods -o wide | kubectl apply -f -', 'kubectl get pods -o | kubectl apply -f'],
    ['  cat > web.yaml', 'cat'],
  ])('shapes %j as %j', (line, shape) => {
    expect(commandShape(line)).toBe(shape);
  });

  it('ranks checks by learners failing them in their latest submission, then by failed submissions', () => {
    const commands = new Map<string, LearnerCommand[]>();
    const submit = (
      learnerId: string,
      exerciseId: string,
      at: number,
      checks: [string, boolean, number[]?][],
      lines: string[],
    ) => {
      const a = attempt({
        learnerId,
        exerciseId,
        submittedAt: T0 + at * MIN,
        score: 0,
        passed: checks.every(([, p]) => p),
        report: report(lines.length * 2 + 1, checks),
      });
      commands.set(
        a.sandboxId,
        lines.map((line, i) => ({ version: (i + 1) * 2, line })),
      );
      return a;
    };
    const attempts = [
      // a: failed `replicas` first, then passed everything: counts as a failure, not as a failing learner.
      submit(
        'a',
        'scale',
        1,
        [
          ['replicas', false],
          ['used-scale', true],
        ],
        ['kubectl get pods'],
      ),
      submit(
        'a',
        'scale',
        5,
        [
          ['replicas', true],
          ['used-scale', true],
        ],
        ['kubectl scale deployment web --replicas=3'],
      ),
      // b and c fail `replicas` in their latest submission, after editing and applying.
      submit(
        'b',
        'scale',
        2,
        [
          ['replicas', false, [4]],
          ['used-scale', false],
        ],
        ['kubectl edit deployment web', 'kubectl apply -f web.yaml', 'kubectl get pods'],
      ),
      submit(
        'c',
        'scale',
        3,
        [
          ['replicas', false],
          ['used-scale', true],
        ],
        ['kubectl apply -f other.yaml', 'kubectl apply -f web.yaml'],
      ),
      // d fails the rollback twice (two failed submissions, one learner).
      submit('d', 'rollback', 1, [['undone', false]], ['kubectl apply -f v1.yaml']),
      submit('d', 'rollback', 2, [['undone', false]], ['kubectl apply -f v1.yaml']),
      // an attempt without a submission never counts
      attempt({ learnerId: 'e', exerciseId: 'rollback' }),
    ];
    const asked: string[] = [];
    const result = failingChecks([scaling, rollback], attempts, (id) => {
      asked.push(id);
      return commands.get(id) ?? [];
    });
    expect(result).toEqual([
      {
        exerciseId: 'scale',
        checkId: 'replicas',
        title: 'three replicas',
        failures: 3,
        learners: 2,
        precedingCommands: [
          // b's evaluation point is its evidence (version 4): `get pods` (version 6) came after it.
          { command: 'kubectl apply -f', count: 2 },
          { command: 'kubectl edit deployment web', count: 1 },
        ],
      },
      {
        exerciseId: 'rollback',
        checkId: 'undone',
        title: 'rolled back with undo',
        failures: 2,
        learners: 1,
        precedingCommands: [{ command: 'kubectl apply -f', count: 1 }],
      },
      {
        exerciseId: 'scale',
        checkId: 'used-scale',
        title: 'used kubectl scale',
        failures: 1,
        learners: 1,
        precedingCommands: [
          { command: 'kubectl apply -f', count: 1 },
          { command: 'kubectl edit deployment web', count: 1 },
          { command: 'kubectl get pods', count: 1 },
        ],
      },
    ]);
    // Only the latest submission of a failing learner is read.
    expect(new Set(asked)).toEqual(
      new Set([attempts[2]!.sandboxId, attempts[3]!.sandboxId, attempts[5]!.sandboxId]),
    );
  });

  it('over a real grade: the failing field check is preceded by the command that set the wrong value', () => {
    const parsed = parseExercise(
      'exercises/scale/exercise.md',
      `---
id: scale
title: Scale
summary: Scale web to three.
difficulty: beginner
minutes: 2
setup:
  manifests: |
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 1
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
tasks:
  - id: t
    title: T
    instructions: Scale web to three replicas.
    checks:
      - { id: replicas, type: field, kind: Deployment, name: web, path: spec.replicas, equals: 3, points: 2, description: three replicas }
      - { id: used-scale, type: commandUsed, command: { words: [scale] }, points: 1, description: used scale }
solution: |
  $ kubectl scale deployment web --replicas=3
negatives:
  - name: two
    script: |
      $ kubectl scale deployment web --replicas=2
    fails: [replicas]
---
Body.
`,
    );
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const exercise = parsed.exercise;
    const column = reportExercise(exercise, null);
    expect(column).toEqual({
      id: 'scale',
      title: 'Scale',
      maxPoints: 3,
      checks: [
        { id: 'replicas', task: 't', title: 'three replicas' },
        { id: 'used-scale', task: 't', title: 'used scale' },
      ],
      dueAt: null,
    });
    const { events } = runExerciseScript(
      exercise,
      '$ kubectl get pods\n$ kubectl scale deployment web --replicas=2\n@ advance 30s\n$ kubectl get deployment web\n',
    );
    const graded = grade(exercise, events);
    expect(graded.checks.map((c) => [c.id, c.passed])).toEqual([
      ['replicas', false],
      ['used-scale', true],
    ]);
    // The learner commands of the history, each beginning right after the previous one's CommandExecuted.
    let previous = 0;
    const commands: LearnerCommand[] = [];
    for (const event of events)
      if (event.type === 'CommandExecuted' && event.actor.type === 'user') {
        commands.push({ version: event.version, firstVersion: previous + 1, line: event.data.line });
        previous = event.version;
      }
    const a = attempt({
      learnerId: 'a',
      exerciseId: 'scale',
      submittedAt: T0,
      score: graded.score,
      report: graded,
    });
    const [replicas] = failingChecks([column], [a], () => commands);
    expect(replicas?.checkId).toBe('replicas');
    const shapes = replicas?.precedingCommands.map((c) => c.command);
    expect(shapes).toContain('kubectl scale deployment web --replicas');
    expect(shapes).toContain('kubectl get pods');
  });
});

describe('rosterCsv', () => {
  it('writes one RFC 4180 record per cell with a header, quoting what needs it and defusing formulas', () => {
    const learners = [
      { id: 'u1', email: '=HYPERLINK("http://evil")@example.test' },
      { id: 'u2', email: 'plain@example.test' },
    ];
    const titled: ReportExercise = { ...scaling, title: 'Scale, then "roll"\nout' };
    const attempts = [
      attempt({
        learnerId: 'u2',
        exerciseId: 'scale',
        sandboxId: 'sbx-x',
        startedAt: T0,
        submittedAt: T0 + 90 * MIN + 1500,
        score: 3,
        passed: true,
      }),
    ];
    const grid = rosterGrid([titled], learners, attempts, T0 + 100 * MIN);
    const csv = rosterCsv([titled], grid);
    const records = csv.split('\r\n');
    expect(records[0]).toBe(ROSTER_CSV_COLUMNS.join(','));
    // The title's line break stays inside its quoted field; records end with CRLF.
    expect(records[1]).toBe(
      `u1,"'=HYPERLINK(""http://evil"")@example.test",scale,"Scale, then ""roll""\nout",NOT_STARTED,,3,0,0,,2026-11-01T10:00:00.000Z,true,`,
    );
    expect(records[2]).toBe(
      `u2,plain@example.test,scale,"Scale, then ""roll""\nout",PASSED,3,3,1,5402,2026-11-01T10:30:01.500Z,2026-11-01T10:00:00.000Z,true,sbx-x`,
    );
    expect(records[3]).toBe('');
    expect(records).toHaveLength(4);
  });
});
