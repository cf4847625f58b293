// The replay of a sandbox session: a timeline scrubber over its history, the cluster view at any event, the
// learner's commands and outputs in order, play/pause, "why" for any object at that point, and fork from here.
// Route: /sandboxes/:sandboxId/replay?version=N. The sandbox's metadata and its history load in parallel.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { describeError } from '../api/errors';
import { ForkSandboxDocument, ReplaySandboxDocument } from '../api/gql/graphql';
import { ClusterView } from '../cluster-view/cluster-view';
import type { ObjectRef } from '../cluster-view/contract';
import { paths } from '../paths';
import { WhyPanel } from '../why/why-panel';
import {
  buildTimeline,
  clampVersion,
  commandsRunAt,
  nextCommandVersion,
  playbackStep,
  previousCommandVersion,
  type Timeline,
} from './timeline';
import { useSandboxHistory } from './use-history';
import './replay.css';

const SPEEDS = [1, 5, 20] as const;
const TICK_MS = 300;

export function ReplayScreen() {
  const { sandboxId } = useParams();
  if (!sandboxId) return null;
  return <Replay key={sandboxId} sandboxId={sandboxId} />;
}

export function Replay({ sandboxId }: { sandboxId: string }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [meta, refetchMeta] = useQuery({ query: ReplaySandboxDocument, variables: { id: sandboxId } });
  const history = useSandboxHistory(sandboxId);
  const timeline = useMemo(() => buildTimeline(history.events), [history.events]);
  const requested = Number(params.get('version'));
  const [position, setPosition] = useState<number | null>(
    Number.isInteger(requested) && requested > 0 ? requested : null,
  );
  const version = timeline.head === 0 ? 0 : clampVersion(timeline, position ?? timeline.head);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1);
  const [selected, setSelected] = useState<ObjectRef | null>(null);
  const [fork, forkSandbox] = useMutation(ForkSandboxDocument);

  const goTo = useCallback(
    (target: number) => {
      setPosition(clampVersion(timeline, target));
    },
    [timeline],
  );

  // Keep ?version= in the address (shareable, back button), without a history entry per step.
  useEffect(() => {
    if (version === 0 || Number(params.get('version')) === version) return;
    const next = new URLSearchParams(params);
    next.set('version', String(version));
    setParams(next, { replace: true });
  }, [version, params, setParams]);

  // Playback: `speed` versions per tick until the head.
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => {
      const next = playbackStep(timeline, version, speed);
      if (next === null) setPlaying(false);
      else setPosition(next);
    }, TICK_MS);
    return () => clearTimeout(timer);
  }, [playing, version, speed, timeline]);

  const onFork = async () => {
    const result = await forkSandbox({ id: sandboxId, version });
    const created = result.data?.forkSandbox;
    if (created) void navigate(paths.sandbox(created.id));
  };

  const title = meta.data?.sandbox.title;
  const event = timeline.byVersion.get(version);
  const loadingHistory = !history.complete && !history.error;

  return (
    <div className="replay-screen">
      <header className="replay-header">
        <h1>Replay{title ? `: ${title}` : ''}</h1>
        {meta.error && !meta.data && (
          <div role="alert" className="error">
            Could not load the sandbox: {describeError(meta.error)}{' '}
            <button
              type="button"
              onClick={() => {
                refetchMeta({ requestPolicy: 'network-only' });
                history.reload();
              }}
            >
              Try again
            </button>
          </div>
        )}
        {history.error && !(meta.error && !meta.data) && (
          <div role="alert" className="error">
            Could not load the history: {history.error}{' '}
            <button type="button" onClick={history.reload}>
              Try again
            </button>
          </div>
        )}
        {loadingHistory && (
          <p role="status">
            Loading the history…{history.events.length > 0 ? ` ${history.events.length} events so far` : ''}
          </p>
        )}
      </header>

      {timeline.head > 0 && (
        <>
          <section className="replay-controls panel" aria-label="Timeline">
            <div className="replay-buttons">
              <button
                type="button"
                onClick={() => {
                  if (!playing && version >= timeline.head) setPosition(timeline.first);
                  setPlaying(!playing);
                }}
                aria-pressed={playing}
              >
                {playing ? 'Pause' : 'Play'}
              </button>
              <button
                type="button"
                onClick={() => goTo(previousCommandVersion(timeline, version) ?? timeline.first)}
                aria-label="Previous command"
              >
                « Command
              </button>
              <button type="button" onClick={() => goTo(version - 1)} aria-label="Previous event">
                ◀ Event
              </button>
              <button type="button" onClick={() => goTo(version + 1)} aria-label="Next event">
                Event ▶
              </button>
              <button
                type="button"
                onClick={() => goTo(nextCommandVersion(timeline, version) ?? timeline.head)}
                aria-label="Next command"
              >
                Command »
              </button>
              <label>
                Speed{' '}
                <select
                  value={speed}
                  onChange={(e) => setSpeed(Number(e.target.value) as (typeof SPEEDS)[number])}
                >
                  {SPEEDS.map((s) => (
                    <option key={s} value={s}>
                      {s}×
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Version{' '}
                <input
                  type="number"
                  name="version"
                  min={timeline.first}
                  max={timeline.head}
                  value={version}
                  onChange={(e) => {
                    const value = Number(e.target.value);
                    if (e.target.value !== '' && Number.isFinite(value)) goTo(value);
                  }}
                />
              </label>
              <span className="detail">of {timeline.head}</span>
              <button type="button" onClick={() => void onFork()} disabled={fork.fetching}>
                {fork.fetching ? 'Forking…' : 'Fork from here'}
              </button>
            </div>
            <input
              className="replay-scrubber"
              type="range"
              min={timeline.first}
              max={timeline.head}
              step={1}
              value={version}
              aria-label="Position in the history"
              aria-valuetext={`version ${version} of ${timeline.head}${event ? `, ${event.reason}` : ''}`}
              onChange={(e) => goTo(Number(e.target.value))}
            />
            <CommandMarks timeline={timeline} />
            {fork.error && (
              <p role="alert" className="error">
                Could not fork: {describeError(fork.error)}
              </p>
            )}
            {event && (
              <p className="replay-event" data-event-version={event.version} aria-live="polite">
                <strong>v{event.version}</strong> · {event.at.replace('T', ' ').replace('Z', '')} ·{' '}
                {event.actor}: {event.reason}
              </p>
            )}
          </section>

          <div className="replay-body">
            <CommandList timeline={timeline} version={version} onGoTo={goTo} />
            <div className="cv-with-why">
              <ClusterView
                sandboxId={sandboxId}
                version={version}
                history={history.events}
                selected={selected}
                onSelect={setSelected}
                label={`Cluster at version ${version}`}
              />
              {selected && (
                <WhyPanel
                  sandboxId={sandboxId}
                  object={selected}
                  events={history.events}
                  atVersion={version}
                  onGoTo={goTo}
                  onClose={() => setSelected(null)}
                />
              )}
            </div>
          </div>
        </>
      )}
      {history.complete && timeline.head === 0 && <p>This sandbox has no history yet.</p>}
      {meta.data?.sandbox.parentSandboxId && (
        <p className="detail">
          Forked from <Link to={paths.replay(meta.data.sandbox.parentSandboxId)}>another sandbox</Link> at
          version {meta.data.sandbox.forkVersion}.
        </p>
      )}
    </div>
  );
}

/** The commands as ticks along the scrubber (decorative: the command list is the accessible version). */
function CommandMarks({ timeline }: { timeline: Timeline }) {
  const span = Math.max(1, timeline.head - timeline.first);
  return (
    <div className="replay-marks" aria-hidden="true">
      {timeline.commands.map((c) => (
        <span
          key={c.version}
          className="replay-mark"
          style={{ left: `${((c.version - timeline.first) / span) * 100}%` }}
          title={c.line}
        />
      ))}
    </div>
  );
}

function CommandList({
  timeline,
  version,
  onGoTo,
}: {
  timeline: Timeline;
  version: number;
  onGoTo: (version: number) => void;
}) {
  const run = commandsRunAt(timeline, version);
  return (
    <section className="replay-commands panel" aria-labelledby="replay-commands-title">
      <h2 id="replay-commands-title">
        Commands ({run} of {timeline.commands.length} run)
      </h2>
      {timeline.commands.length === 0 && <p className="detail">No commands in this session.</p>}
      <ol>
        {timeline.commands.map((c, i) => (
          <li
            key={c.version}
            data-command-version={c.version}
            data-run={i < run}
            aria-current={i === run - 1 ? 'step' : undefined}
          >
            <button type="button" className="link-button" onClick={() => onGoTo(c.version)}>
              <code>$ {c.line}</code>
            </button>
            {c.stdout && <pre className="replay-stdout">{c.stdout}</pre>}
            {c.stderr && <pre className="replay-stderr">{c.stderr}</pre>}
            {c.exitCode !== 0 && <span className="error">exit {c.exitCode}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
