// Tasks with their checks: after Check, each check's result (passed, points, message); hints per task.
import type { ExerciseDetailsFragment, GradeSandboxMutation, RequestHintMutation } from '../api/gql/graphql';
import { MarkdownText } from './markdown';

export type GradeReport = GradeSandboxMutation['gradeSandbox'];
export type Hint = RequestHintMutation['requestHint'];

export interface CheckPanelProps {
  exercise: ExerciseDetailsFragment;
  report: GradeReport | undefined;
  hints: readonly Hint[];
  /** The task whose hint is being fetched, if any. */
  hintPending: string | undefined;
  hintError: string | undefined;
  onHint(taskId: string): void;
}

export function TaskList({ exercise, report, hints, hintPending, hintError, onHint }: CheckPanelProps) {
  const results = new Map(report?.checks.map((c) => [c.checkId, c]) ?? []);
  return (
    <ol className="tasks">
      {exercise.tasks.map((task, index) => {
        const taskHints = hints.filter((h) => h.taskId === task.id);
        const headingId = `task-${task.id}`;
        return (
          <li key={task.id} className="task" aria-labelledby={headingId} data-task={task.id}>
            <h3 id={headingId}>
              <span className="task-number">{index + 1}.</span> {task.title}
            </h3>
            <MarkdownText text={task.instructions} />
            <ul className="checks" aria-label={`Checks of ${task.title}`}>
              {task.checks.map((check) => {
                const result = results.get(check.id);
                const state = result === undefined ? 'unchecked' : result.passed ? 'passed' : 'failed';
                return (
                  <li key={check.id} className="check" data-check={check.id} data-state={state}>
                    <span className="check-mark" aria-hidden="true">
                      {state === 'passed' ? '✓' : state === 'failed' ? '✗' : '○'}
                    </span>
                    <span className="check-title">
                      {check.title}
                      <span className="visually-hidden">
                        {state === 'passed'
                          ? ' (passed)'
                          : state === 'failed'
                            ? ' (not passed)'
                            : ' (not checked yet)'}
                      </span>
                    </span>
                    <span className="check-points">
                      {result ? `${result.points}/${result.maxPoints}` : `${check.points}`} pt
                    </span>
                    {result && result.message && <span className="check-message">{result.message}</span>}
                  </li>
                );
              })}
            </ul>
            {taskHints.length > 0 && (
              <ul className="hints" aria-label={`Hints for ${task.title}`}>
                {taskHints.map((hint, i) => (
                  <li key={i} data-trigger={hint.trigger}>
                    <MarkdownText text={hint.text} />
                  </li>
                ))}
              </ul>
            )}
            <button
              type="button"
              className="hint-button"
              onClick={() => onHint(task.id)}
              disabled={hintPending !== undefined}
              aria-describedby={hintError && hintPending === undefined ? 'hint-error' : undefined}
            >
              {hintPending === task.id ? 'Getting a hint…' : 'Hint'}
            </button>
          </li>
        );
      })}
      {hintError && (
        <li role="alert" className="error" id="hint-error">
          {hintError}
        </li>
      )}
    </ol>
  );
}

/** The score line after a Check. */
export function ScoreSummary({ report }: { report: GradeReport }) {
  const passedChecks = report.checks.filter((c) => c.passed).length;
  return (
    <p className="score" data-testid="score" data-passed={report.passed}>
      <strong>
        {report.score}/{report.maxPoints} points
      </strong>{' '}
      · {passedChecks} of {report.checks.length} checks passed
      {report.passed ? ' · all checks passed' : ''}
      <span className="detail"> (graded at version {report.gradedAtVersion})</span>
    </p>
  );
}
