// The "why does this exist?" panel: for a selected object, who created it and why, the chain of causes back to a
// command, a fault or the bootstrap, and what happened to it since. Reads the sandbox history (passed in by the
// replay screen, or loaded here for the live view).
import { useEffect, useMemo, useRef } from 'react';
import type { ObjectRef } from '../cluster-view/contract';
import { useSandboxHistory, type SandboxHistoryEvent } from '../replay/use-history';
import { explain, type ExplainedStep } from './explain';
import './why-panel.css';

export interface WhyPanelProps {
  sandboxId: string;
  object: ObjectRef;
  /** The history, when the screen already has it (replay); otherwise the panel loads it. */
  events?: readonly SandboxHistoryEvent[];
  /** Explain as of this version (the replay position). */
  atVersion?: number;
  onClose?: () => void;
  /** Jump to an event (the replay screen moves its position there). */
  onGoTo?: (version: number) => void;
}

export function WhyPanel(props: WhyPanelProps) {
  const loaded = useSandboxHistory(props.sandboxId, props.events === undefined);
  const { reload } = loaded;
  // Live: read the history again when another object is selected (it may have been created since).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (props.events === undefined) reload();
  }, [props.object.uid, props.events, reload]);
  const events = props.events ?? loaded.events;
  const loading = props.events === undefined && !loaded.complete;
  const why = useMemo(
    () => explain(events, props.object, props.atVersion),
    [events, props.object, props.atVersion],
  );
  const title = `${props.object.kind} ${props.object.name}`;

  return (
    <aside className="why-panel panel" aria-labelledby="why-title" data-why={props.object.uid}>
      <h2 id="why-title">
        Why does {title} exist?
        {props.onClose && (
          <button type="button" onClick={props.onClose} aria-label="Close the why panel">
            Close
          </button>
        )}
      </h2>
      {loaded.error && props.events === undefined && (
        <div role="alert" className="error">
          Could not load the history: {loaded.error}{' '}
          <button type="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {why.created ? (
        <>
          <p data-why-created>
            Created by <strong>{why.created.actorLabel}</strong> ({why.created.reason}) at{' '}
            <StepLink step={why.created} onGoTo={props.onGoTo} />.
          </p>
          {why.command && (
            <p data-why-command>
              It goes back to the command <code>{why.command.line}</code> (version {why.command.version}).
            </p>
          )}
          {why.causes.length > 0 && (
            <>
              <h3>Because</h3>
              <ol className="why-chain" data-why-chain>
                {why.causes.map((s) => (
                  <li key={s.version}>
                    <strong>{s.actorLabel}</strong> {s.reason}
                    {s.object && <> ({s.object})</>} at <StepLink step={s} onGoTo={props.onGoTo} />
                  </li>
                ))}
              </ol>
            </>
          )}
          {why.changes.length > 0 && (
            <details>
              <summary>
                {why.changes.length} later {why.changes.length === 1 ? 'change' : 'changes'}
              </summary>
              <ol className="why-changes">
                {why.changes.map((s) => (
                  <li key={s.version}>
                    {s.actorLabel}: {s.reason} at <StepLink step={s} onGoTo={props.onGoTo} />
                  </li>
                ))}
              </ol>
            </details>
          )}
          {why.deleted && (
            <p data-why-deleted>
              Deleted by <strong>{why.deleted.actorLabel}</strong> ({why.deleted.reason}) at{' '}
              <StepLink step={why.deleted} onGoTo={props.onGoTo} />.
            </p>
          )}
        </>
      ) : loading ? (
        <p role="status">Reading the history…</p>
      ) : (
        <p>The history holds no creation of this object{props.atVersion ? ' up to this point' : ''}.</p>
      )}
    </aside>
  );
}

function StepLink({
  step,
  onGoTo,
}: {
  step: ExplainedStep;
  onGoTo: ((version: number) => void) | undefined;
}) {
  const time = /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(step.at)?.[1] ?? step.at;
  if (!onGoTo)
    return (
      <span>
        version {step.version} ({time})
      </span>
    );
  return (
    <button type="button" className="link-button" onClick={() => onGoTo(step.version)}>
      version {step.version} ({time})
    </button>
  );
}
