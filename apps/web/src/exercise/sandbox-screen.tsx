// /sandboxes/:sandboxId — the exercise screen (and free practice: the same screen without tasks): instructions,
// tasks and Check, the live cluster view (W2's <ClusterView>), a kubectl terminal and a YAML editor, the
// challenge's fault timeline and availability gauge, and time controls for stepped sandboxes.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { describeError } from '../api/errors';
import {
  AdvanceClockDocument,
  type ExerciseDetailsFragment,
  ExerciseIntroDocument,
  ExerciseScreenDocument,
  GradeSandboxDocument,
  RequestHintDocument,
  RunCommandDocument,
  SandboxNamesDocument,
  SubmitExerciseDocument,
} from '../api/gql/graphql';
import { ChallengePanel } from '../challenge/challenge-panel';
import { ClusterView, type ObjectRef } from '../cluster-view';
import { YamlEditor } from '../editor/yaml-editor';
import { QueryState } from '../layout/query-state';
import { paths } from '../paths';
import { complete } from '../terminal/completion';
import { KUBE_RESOURCES, KUBECTL_COMMANDS } from '../terminal/kubectl-tables';
import { KubectlTerminal, type KubectlTerminalHandle } from '../terminal/kubectl-terminal';
import type { CommandResult } from '../terminal/prompt-session';
import { formatClock, instantDiff } from '../time-controls/clock-math';
import { TimeControls } from '../time-controls/time-controls';
import { WhyPanel } from '../why/why-panel';
import { type GradeReport, type Hint, ScoreSummary, TaskList } from './check-panel';
import { learnerStartOf } from './learner-start';
import { MarkdownText } from './markdown';
import './exercise.css';

const SAMPLE_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

/** Waits `ms` after the last call before running (refreshes after bursts of events). */
function useDebounced(fn: () => void, ms: number): () => void {
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => latest.current(), ms);
  }, [ms]);
}

function newKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function SandboxScreen() {
  const { sandboxId = '' } = useParams();
  const [search] = useSearchParams();
  const exerciseParam = search.get('exercise');
  // Sandbox and exercise in one request when the link names the exercise (the usual path from Start).
  const [screen, refetchScreen] = useQuery({
    query: ExerciseScreenDocument,
    variables: { sandboxId, exerciseId: exerciseParam ?? '', withExercise: exerciseParam !== null },
  });
  const sandbox = screen.data?.sandbox;
  // A link without ?exercise= (e.g. from the sandbox list): the exercise follows once the sandbox names it.
  const laterExerciseId = exerciseParam === null ? (sandbox?.exerciseId ?? null) : null;
  const [later] = useQuery({
    query: ExerciseIntroDocument,
    variables: { id: laterExerciseId ?? '' },
    pause: laterExerciseId === null,
  });
  const exercise = screen.data?.exercise ?? later.data?.exercise ?? null;

  return (
    <QueryState
      fetching={screen.fetching}
      error={screen.error}
      hasData={screen.data !== undefined}
      what="the sandbox"
      retry={() => refetchScreen({ requestPolicy: 'network-only' })}
    >
      {sandbox && (
        <Workspace
          key={sandbox.id}
          sandbox={sandbox}
          exercise={exercise}
          exerciseLoading={laterExerciseId !== null && later.fetching && !later.data}
        />
      )}
    </QueryState>
  );
}

interface WorkspaceProps {
  sandbox: {
    id: string;
    title: string;
    clock: 'LIVE' | 'STEPPED';
    exerciseId?: string | null;
    exerciseStartedAt?: string | null;
    now: string;
    version: number;
  };
  exercise: ExerciseDetailsFragment | null;
  exerciseLoading: boolean;
}

function Workspace({ sandbox, exercise, exerciseLoading }: WorkspaceProps) {
  const client = useClient();
  const terminal = useRef<KubectlTerminalHandle>(null);
  const [tab, setTab] = useState<'terminal' | 'editor'>('terminal');
  const [manifest, setManifest] = useState(
    () => sessionStorage.getItem(`podlab.manifest.${sandbox.id}`) ?? SAMPLE_MANIFEST,
  );
  const [applying, setApplying] = useState(false);
  // "Why does this exist?": the object selected in the cluster view (a card, a workload, a node) and its panel.
  const [selected, setSelected] = useState<ObjectRef | null>(null);
  const whyRegion = useRef<HTMLDivElement>(null);
  const whyOpener = useRef<HTMLElement | null>(null);
  const selectObject = useCallback((object: ObjectRef) => {
    if (document.activeElement instanceof HTMLElement) whyOpener.current = document.activeElement;
    setSelected(object);
    // The panel is announced and read from its heading (keyboard users land on it; Close brings them back).
    requestAnimationFrame(() => whyRegion.current?.focus());
  }, []);

  // Names for completion and the simulated now, refreshed whenever the cluster view sees a new version.
  const [names, refetchNames] = useQuery({
    query: SandboxNamesDocument,
    variables: { id: sandbox.id },
    requestPolicy: 'network-only',
  });
  const objects = names.data?.sandbox.objects;
  const objectsRef = useRef(objects ?? []);
  objectsRef.current = objects ?? [];
  const [now, setNow] = useState(sandbox.now);
  // The newest stream version this screen knows of (commands, clock steps, the names query): the gauge is current
  // once it was graded at this version or later.
  const [headVersion, setHeadVersion] = useState(sandbox.version);
  const seeVersion = useCallback((version: number) => setHeadVersion((v) => Math.max(v, version)), []);
  useEffect(() => {
    if (names.data) seeVersion(names.data.sandbox.version);
  }, [names.data, seeVersion]);
  useEffect(() => {
    if (names.data && Date.parse(names.data.sandbox.now) > Date.parse(now)) setNow(names.data.sandbox.now);
  }, [names.data, now]);

  // The learner's start of an exercise (the API's, what the fault offsets count from); free practice counts from
  // the time this screen opened ("since opened").
  const start = learnerStartOf(sandbox);
  const elapsedMs = Math.max(0, instantDiff(start.at, now)) || 0;

  // Grading: Check shows the per-check results; a challenge's gauge is refreshed after every change.
  const [report, setReport] = useState<GradeReport>();
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string>();
  const [gauge, setGauge] = useState<GradeReport>();
  const [gaugeGrading, setGaugeGrading] = useState(false);
  const [gaugeError, setGaugeError] = useState<string>();
  const gaugeInFlight = useRef(false);
  const gaugeAgain = useRef(false);
  const isChallenge = exercise?.challenge != null;

  const grade = useCallback(async (): Promise<GradeReport> => {
    const result = await client.mutation(GradeSandboxDocument, { sandboxId: sandbox.id }).toPromise();
    if (!result.data) throw new Error(describeError(result.error) || 'The API did not grade the sandbox.');
    return result.data.gradeSandbox;
  }, [client, sandbox.id]);

  const refreshGauge = useCallback(async () => {
    if (!isChallenge) return;
    if (gaugeInFlight.current) {
      gaugeAgain.current = true;
      return;
    }
    gaugeInFlight.current = true;
    setGaugeGrading(true);
    try {
      do {
        gaugeAgain.current = false;
        const next = await grade();
        setGauge(next);
        setGaugeError(undefined);
      } while (gaugeAgain.current);
    } catch (error) {
      setGaugeError(error instanceof Error ? error.message : String(error));
    } finally {
      gaugeInFlight.current = false;
      setGaugeGrading(false);
    }
  }, [grade, isChallenge]);

  const refreshAfterChange = useDebounced(() => {
    refetchNames({ requestPolicy: 'network-only' });
    void refreshGauge();
  }, 250);

  useEffect(() => {
    if (isChallenge) void refreshGauge();
  }, [isChallenge, refreshGauge]);

  const onCheck = async () => {
    setChecking(true);
    setCheckError(undefined);
    try {
      const next = await grade();
      setReport(next);
      if (isChallenge) setGauge(next);
    } catch (error) {
      setCheckError(error instanceof Error ? error.message : String(error));
    } finally {
      setChecking(false);
    }
  };

  const [submitted, setSubmitted] = useState<{ score: number; maxPoints: number; passed: boolean }>();
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const onSubmit = async () => {
    setSubmitting(true);
    setSubmitError(undefined);
    const result = await client.mutation(SubmitExerciseDocument, { sandboxId: sandbox.id }).toPromise();
    setSubmitting(false);
    if (result.data) setSubmitted(result.data.submitExercise.report);
    else setSubmitError(describeError(result.error));
  };

  const [hints, setHints] = useState<Hint[]>([]);
  const [hintPending, setHintPending] = useState<string>();
  const [hintError, setHintError] = useState<string>();
  const onHint = async (taskId: string) => {
    setHintPending(taskId);
    setHintError(undefined);
    const result = await client.mutation(RequestHintDocument, { sandboxId: sandbox.id, taskId }).toPromise();
    setHintPending(undefined);
    if (result.data) setHints((h) => [...h, result.data!.requestHint]);
    else setHintError(`Could not get a hint: ${describeError(result.error)}`);
  };

  const run = useCallback(
    async (command: string, stdin: string | undefined): Promise<CommandResult> => {
      const result = await client
        .mutation(RunCommandDocument, {
          sandboxId: sandbox.id,
          command,
          stdin: stdin ?? null,
          idempotencyKey: newKey(),
        })
        .toPromise();
      if (!result.data) throw new Error(describeError(result.error) || 'The API did not answer.');
      seeVersion(result.data.runCommand.version);
      return result.data.runCommand;
    },
    [client, sandbox.id, seeVersion],
  );

  const completeLine = useCallback(
    (line: string, cursor: number) =>
      complete(line, cursor, {
        commands: KUBECTL_COMMANDS,
        resources: KUBE_RESOURCES,
        objects: objectsRef.current,
      }),
    [],
  );

  const advance = useCallback(
    async (duration: string) => {
      const result = await client
        .mutation(AdvanceClockDocument, { sandboxId: sandbox.id, duration })
        .toPromise();
      if (!result.data) throw new Error(describeError(result.error) || 'The API did not advance the clock.');
      setNow(result.data.advanceClock.now);
      seeVersion(result.data.advanceClock.version);
      refreshAfterChange();
    },
    [client, sandbox.id, refreshAfterChange, seeVersion],
  );

  const apply = async () => {
    setTab('terminal');
    setApplying(true);
    try {
      await terminal.current?.submit('kubectl apply -f -', manifest);
    } finally {
      setApplying(false);
    }
  };

  const editManifest = (text: string) => {
    setManifest(text);
    try {
      sessionStorage.setItem(`podlab.manifest.${sandbox.id}`, text);
    } catch {
      // Storage full: the text lives in the page.
    }
  };

  const title = exercise?.title ?? (sandbox.exerciseId ? 'Exercise' : `Free practice: ${sandbox.title}`);
  const clockLabel = `${formatClock(elapsedMs)} ${start.known ? 'since start' : 'since opened'}`;

  return (
    <div
      className="exercise-screen"
      data-sandbox={sandbox.id}
      data-clock={sandbox.clock}
      data-version={headVersion}
    >
      <header className="exercise-head">
        <h1 id="exercise-title">{title}</h1>
        {sandbox.clock === 'STEPPED' ? (
          <TimeControls advance={advance} clockLabel={clockLabel} />
        ) : (
          <span className="clock" data-testid="sim-clock">
            Live clock · {clockLabel}
          </span>
        )}
        {exercise && (
          <div className="grade-actions">
            <button
              type="button"
              className="primary"
              onClick={() => void onCheck()}
              disabled={checking}
              data-testid="check"
            >
              {checking ? 'Checking…' : 'Check'}
            </button>
            <button type="button" onClick={() => void onSubmit()} disabled={submitting}>
              {submitting ? 'Submitting…' : 'Submit'}
            </button>
          </div>
        )}
        <Link to={paths.replay(sandbox.id)} className="replay-link">
          Replay
        </Link>
      </header>

      <aside className="exercise-side" aria-label="Instructions">
        {exerciseLoading && (
          <p role="status" className="loading">
            Loading the exercise…
          </p>
        )}
        {exercise ? (
          <>
            <MarkdownText text={exercise.body} className="exercise-body" />
            <div aria-live="polite" data-testid="check-results">
              {checkError && (
                <p role="alert" className="error">
                  Could not check: {checkError}
                </p>
              )}
              {report && <ScoreSummary report={report} />}
              {submitted && (
                <p className="submitted" role="status">
                  Submitted: {submitted.score}/{submitted.maxPoints} points
                  {submitted.passed ? ', passed' : ''}.
                </p>
              )}
              {submitError && (
                <p role="alert" className="error">
                  Could not submit: {submitError}
                </p>
              )}
            </div>
            {exercise.challenge && (
              <ChallengePanel
                faults={exercise.challenge.faults}
                objective={exercise.challenge.objective ?? null}
                elapsedMs={elapsedMs}
                graded={
                  gauge?.objective
                    ? {
                        version: gauge.gradedAtVersion,
                        samples: gauge.objective.samples,
                        share: gauge.objective.share,
                        points: gauge.objective.points,
                        maxPoints: gauge.objective.maxPoints,
                      }
                    : undefined
                }
                grading={gaugeGrading}
                gradeError={gaugeError}
              />
            )}
            <h2 className="tasks-title">Tasks</h2>
            <TaskList
              exercise={exercise}
              report={report}
              hints={hints}
              hintPending={hintPending}
              hintError={hintError}
              onHint={(taskId) => void onHint(taskId)}
            />
          </>
        ) : (
          !exerciseLoading && (
            <div className="markdown">
              <p>
                A sandbox of your own: type kubectl commands in the terminal, or write a manifest in the
                editor and apply it. Tab completes commands, kinds and names.
              </p>
            </div>
          )
        )}
      </aside>

      <section className="exercise-cluster" aria-label="Cluster">
        <ClusterView
          sandboxId={sandbox.id}
          onVersion={refreshAfterChange}
          knownVersion={headVersion}
          selected={selected}
          onSelect={selectObject}
          label="Cluster"
        />
        {selected && (
          <div ref={whyRegion} tabIndex={-1} className="exercise-why" data-testid="why-region">
            <WhyPanel
              sandboxId={sandbox.id}
              object={selected}
              onClose={() => {
                setSelected(null);
                // Back to the card (or node) that opened the panel, if it is still shown.
                const opener = whyOpener.current;
                if (opener?.isConnected) requestAnimationFrame(() => opener.focus());
              }}
            />
          </div>
        )}
      </section>

      <section className="workbench" aria-label="Workbench">
        <div role="tablist" aria-label="Workbench tools" className="tabs">
          <button
            type="button"
            role="tab"
            id="tab-terminal"
            aria-controls="panel-terminal"
            aria-selected={tab === 'terminal'}
            tabIndex={tab === 'terminal' ? 0 : -1}
            onClick={() => setTab('terminal')}
            onKeyDown={(e) => e.key === 'ArrowRight' && setTab('editor')}
          >
            Terminal
          </button>
          <button
            type="button"
            role="tab"
            id="tab-editor"
            aria-controls="panel-editor"
            aria-selected={tab === 'editor'}
            tabIndex={tab === 'editor' ? 0 : -1}
            onClick={() => setTab('editor')}
            onKeyDown={(e) => e.key === 'ArrowLeft' && setTab('terminal')}
          >
            Manifest editor
          </button>
        </div>
        <div
          role="tabpanel"
          id="panel-terminal"
          aria-labelledby="tab-terminal"
          hidden={tab !== 'terminal'}
          className="tabpanel"
        >
          <KubectlTerminal
            ref={terminal}
            run={run}
            complete={completeLine}
            historyKey={`podlab.history.${sandbox.id}`}
            banner={`Connected to sandbox "${sandbox.title}" (${sandbox.clock.toLowerCase()} clock). Try: kubectl get nodes`}
            onCommandDone={refreshAfterChange}
            visible={tab === 'terminal'}
          />
        </div>
        <div
          role="tabpanel"
          id="panel-editor"
          aria-labelledby="tab-editor"
          hidden={tab !== 'editor'}
          className="tabpanel editor-panel"
        >
          <YamlEditor
            value={manifest}
            onChange={editManifest}
            label="Manifest (YAML)"
            onSubmit={() => void apply()}
          />
          <div className="editor-actions">
            <button
              type="button"
              className="primary"
              onClick={() => void apply()}
              disabled={applying}
              data-testid="apply"
            >
              {applying ? 'Applying…' : 'Apply (kubectl apply -f -)'}
            </button>
            <span className="detail">Ctrl+Enter applies; the output shows in the terminal.</span>
          </div>
        </div>
      </section>
    </div>
  );
}
