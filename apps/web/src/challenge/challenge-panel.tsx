// For challenges: the faults ahead on a timeline, and a live gauge of the availability objective.
import { formatClock } from '../time-controls/clock-math';
import {
  availability,
  type FaultInfo,
  faultTimeline,
  type ObjectiveSample,
  percent,
} from './challenge-model';

export interface ChallengePanelProps {
  faults: readonly FaultInfo[];
  objective: { description: string; points: number } | null;
  /** Simulated ms since the learner's start. */
  elapsedMs: number;
  /** From the latest gradeSandbox: the objective's samples and window share; undefined until the first grade. */
  graded:
    | {
        version: number;
        samples: readonly ObjectiveSample[];
        share: number;
        points: number;
        maxPoints: number;
      }
    | undefined;
  grading: boolean;
  gradeError: string | undefined;
}

export function ChallengePanel({
  faults,
  objective,
  elapsedMs,
  graded,
  grading,
  gradeError,
}: ChallengePanelProps) {
  const timeline = faultTimeline(faults, elapsedMs);
  const gauge = graded ? availability(graded.samples, elapsedMs) : undefined;
  const share = gauge?.shareSoFar;
  const level = share === undefined ? 'unknown' : share >= 0.99 ? 'good' : share >= 0.9 ? 'warn' : 'bad';
  return (
    <section className="challenge panel" aria-labelledby="challenge-title">
      <h2 id="challenge-title">Challenge</h2>
      {objective && (
        <div
          className="gauge"
          data-testid="availability-gauge"
          data-share={share ?? ''}
          data-level={level}
          data-graded-version={graded?.version ?? ''}
          data-grading={grading}
        >
          <p className="gauge-label">
            <span>Objective: {objective.description}</span>
          </p>
          <div
            className="gauge-bar"
            role="meter"
            aria-label="Availability objective held so far"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={share === undefined ? undefined : Math.round(share * 1000) / 10}
            aria-valuetext={share === undefined ? 'not measured yet' : `${percent(share)} of the time so far`}
          >
            <div className="gauge-fill" style={{ width: `${(share ?? 0) * 100}%` }} />
          </div>
          <p className="gauge-values">
            <strong data-testid="availability-value">{percent(share)}</strong> held so far
            {gauge?.holdingNow !== undefined && (
              <span className="gauge-now" data-holding={gauge.holdingNow}>
                {gauge.holdingNow ? ' · holding now' : ' · not holding now'}
              </span>
            )}
            {graded && (
              <span className="detail">
                {' '}
                · {graded.points}/{graded.maxPoints} pt ({percent(graded.share)} of the window)
              </span>
            )}
            {grading && <span className="detail"> · updating…</span>}
          </p>
          {gradeError && (
            <p role="alert" className="error">
              Could not measure the objective: {gradeError}
            </p>
          )}
        </div>
      )}
      <h3 className="timeline-title">Faults ahead</h3>
      <div className="timeline-bar" aria-hidden="true">
        <div className="timeline-now" style={{ left: `${timeline.nowPosition * 100}%` }} />
        {timeline.items.map((item, i) => (
          <div
            key={i}
            className="timeline-fault"
            data-state={item.state}
            style={{ left: `${item.position * 100}%` }}
            title={`${formatClock(item.atMs)} ${item.description}`}
          />
        ))}
      </div>
      <ol className="faults" data-testid="fault-timeline">
        {timeline.items.map((item, i) => (
          <li key={i} data-state={item.state} data-kind={item.kind}>
            <span className="fault-at">{formatClock(item.atMs)}</span> {item.description}{' '}
            <span className="fault-when">
              {item.state === 'fired'
                ? '(happened)'
                : `(in ${formatClock(item.inMs)}${item.state === 'next' ? ', next' : ''})`}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
