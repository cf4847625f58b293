// Renders a ClusterModel: workloads with their rollout progress, then nodes as columns of pod cards grouped by
// owner. Props only (no data fetching), so the replay screen, the live view and tests share it. Cards are
// memoised and keyed by uid: with the model's structural sharing, an event that changes one pod re-renders one card.
import { memo, useCallback, type ReactNode } from 'react';
import type { ObjectRef } from './contract';
import type {
  ClusterModel,
  NodeColumn,
  PodCard,
  ReplicaSetModel,
  RolloutProgress,
  WorkloadModel,
} from './model';
import { POD_DISPLAY_STATES } from './pod-status';

export interface ClusterModelViewProps {
  model: ClusterModel;
  selectedUid?: string | null;
  /** Must be stable (useCallback) for the memoised cards to skip re-rendering. */
  onSelect?: (object: ObjectRef) => void;
}

const noop = (): void => undefined;

export function ClusterModelView({ model, selectedUid = null, onSelect = noop }: ClusterModelViewProps) {
  return (
    <div className="cv-body">
      <StateLegend model={model} />
      {model.workloads.length > 0 && (
        <section className="cv-workloads" aria-label="Workloads">
          {model.workloads.map((workload) => (
            <WorkloadView
              key={workload.key}
              workload={workload}
              selectedUid={selectedUid}
              onSelect={onSelect}
            />
          ))}
        </section>
      )}
      <div className="cv-nodes" role="list" aria-label="Nodes">
        {model.columns.map((column) => (
          <NodeColumnView
            key={column.name ?? '(unscheduled)'}
            column={column}
            selectedUid={selectedUid}
            onSelect={onSelect}
          />
        ))}
      </div>
    </div>
  );
}

function StateLegend({ model }: { model: ClusterModel }) {
  const shown = POD_DISPLAY_STATES.filter((state) => model.counts[state] > 0);
  const total = shown.reduce((sum, state) => sum + model.counts[state], 0);
  return (
    <p className="cv-legend" data-pods={total}>
      <span>
        {total} {total === 1 ? 'pod' : 'pods'}
      </span>
      {shown.map((state) => (
        <span key={state} className="cv-chip" data-state={state}>
          {state} {model.counts[state]}
        </span>
      ))}
    </p>
  );
}

function Progress({ label, value, max }: { label: string; value: number; max: number }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 100;
  return (
    <div className="cv-progress-row">
      <span className="cv-progress-label">{label}</span>
      <span
        className="cv-progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        data-progress={label}
      >
        <span className="cv-progress-fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="cv-progress-value">
        {value}/{max}
      </span>
    </div>
  );
}

function RolloutView({ rollout }: { rollout: RolloutProgress }) {
  return (
    <div className="cv-rollout" data-complete={rollout.complete}>
      <Progress label="updated" value={rollout.updated} max={rollout.desired} />
      <Progress label="ready" value={rollout.ready} max={rollout.desired} />
      <Progress label="available" value={rollout.available} max={rollout.desired} />
      <p className="cv-rollout-status">
        {rollout.complete
          ? 'Rollout complete'
          : `Rolling out: ${rollout.current} pods for ${rollout.desired} desired`}
      </p>
    </div>
  );
}

interface SelectProps {
  selectedUid: string | null;
  onSelect: (object: ObjectRef) => void;
}

function ObjectButton({
  object,
  selectedUid,
  onSelect,
  children,
}: SelectProps & { object: ObjectRef; children: ReactNode }) {
  if (!object.uid) return <span className="cv-object-name">{children}</span>;
  return (
    <button
      type="button"
      className="cv-object"
      aria-pressed={selectedUid === object.uid}
      aria-label={`${object.kind} ${object.name}: why does it exist?`}
      onClick={() => onSelect(object)}
    >
      {children}
    </button>
  );
}

function WorkloadView({ workload, selectedUid, onSelect }: SelectProps & { workload: WorkloadModel }) {
  return (
    <article
      className="cv-workload"
      data-workload={workload.key}
      data-kind={workload.kind}
      aria-label={`${workload.ref.kind} ${workload.ref.name}`}
    >
      <header>
        <span className="cv-kind">{workload.ref.kind}</span>{' '}
        <ObjectButton object={workload.ref} selectedUid={selectedUid} onSelect={onSelect}>
          {workload.ref.name}
        </ObjectButton>
        {workload.images.length > 0 && <span className="cv-images"> {workload.images.join(', ')}</span>}
        {workload.kind === 'Deployment' && workload.paused && <span className="cv-badge"> paused</span>}
      </header>
      {workload.rollout && <RolloutView rollout={workload.rollout} />}
      {(workload.kind === 'Deployment' || workload.kind === 'ReplicaSet') && (
        <ul className="cv-replicasets" aria-label="ReplicaSets">
          {workload.replicaSets.map((rs) => (
            <ReplicaSetRow key={rs.ref.uid} rs={rs} selectedUid={selectedUid} onSelect={onSelect} />
          ))}
        </ul>
      )}
      {workload.kind === 'StatefulSet' && (
        <ol className="cv-ordinals" aria-label="Ordinals">
          {workload.ordinals.map((o) => (
            <li key={o.ordinal} data-ordinal={o.ordinal}>
              <span className="cv-ordinal">#{o.ordinal}</span>{' '}
              {o.pod ? (
                <PodChip card={o.pod} selectedUid={selectedUid} onSelect={onSelect} />
              ) : (
                <span className="cv-missing">{o.podName}: no pod</span>
              )}
              {o.claims.map((claim) => (
                <span
                  key={claim.ref.uid}
                  className="cv-claim"
                  data-claim={claim.ref.name}
                  data-phase={claim.phase}
                >
                  {' '}
                  <ObjectButton object={claim.ref} selectedUid={selectedUid} onSelect={onSelect}>
                    PVC {claim.ref.name}
                  </ObjectButton>{' '}
                  {claim.phase}
                  {claim.capacity ? ` ${claim.capacity}` : ''}
                </span>
              ))}
            </li>
          ))}
        </ol>
      )}
      {workload.kind === 'DaemonSet' && (
        <ul className="cv-per-node" aria-label="One pod per node">
          {workload.perNode.map((entry) => (
            <li key={entry.node} data-node={entry.node}>
              <span className="cv-node-name">{entry.node}</span>{' '}
              {entry.pod ? (
                <PodChip card={entry.pod} selectedUid={selectedUid} onSelect={onSelect} />
              ) : (
                <span className="cv-missing">no pod</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {workload.kind === 'Other' && (
        <p className="cv-chips">
          {workload.pods.map((pod) => (
            <PodChip key={pod.uid} card={pod} selectedUid={selectedUid} onSelect={onSelect} />
          ))}
        </p>
      )}
    </article>
  );
}

function ReplicaSetRow({ rs, selectedUid, onSelect }: SelectProps & { rs: ReplicaSetModel }) {
  return (
    <li data-replicaset={rs.ref.name} data-new={rs.isNew} data-pods={rs.pods.length}>
      <ObjectButton object={rs.ref} selectedUid={selectedUid} onSelect={onSelect}>
        {rs.ref.name}
      </ObjectButton>{' '}
      {rs.revision !== null && <span className="cv-revision">rev {rs.revision}</span>}{' '}
      <span className="cv-badge">{rs.isNew ? 'new' : 'old'}</span>{' '}
      <span className="cv-counts">
        {rs.ready}/{rs.desired} ready, {rs.current} current
      </span>{' '}
      <span className="cv-chips">
        {rs.pods.map((pod) => (
          <PodChip key={pod.uid} card={pod} selectedUid={selectedUid} onSelect={onSelect} />
        ))}
      </span>
    </li>
  );
}

/** A small state chip of a pod inside a workload (the full card is in its node's column). */
const PodChip = memo(function PodChip({ card, selectedUid, onSelect }: SelectProps & { card: PodCard }) {
  const select = useCallback(
    () => onSelect({ kind: 'Pod', namespace: card.namespace, name: card.name, uid: card.uid }),
    [onSelect, card.namespace, card.name, card.uid],
  );
  return (
    <button
      type="button"
      className="cv-pod-chip"
      data-state={card.state}
      aria-pressed={selectedUid === card.uid}
      aria-label={`Pod ${card.name}: ${card.status}`}
      title={`${card.name}: ${card.status}`}
      onClick={select}
    />
  );
});

function NodeColumnView({ column, selectedUid, onSelect }: SelectProps & { column: NodeColumn }) {
  const title = column.name ?? 'Not scheduled';
  return (
    <section
      className="cv-node"
      role="listitem"
      aria-label={`Node ${title}`}
      data-node={column.name ?? ''}
      data-ready={column.ready}
    >
      <header className="cv-node-header">
        <h3>
          {column.name !== null && column.uid ? (
            <ObjectButton
              object={{ kind: 'Node', namespace: null, name: column.name, uid: column.uid }}
              selectedUid={selectedUid}
              onSelect={onSelect}
            >
              {title}
            </ObjectButton>
          ) : (
            title
          )}
        </h3>
        {column.name !== null && (
          <p className="cv-node-meta">
            <span className="cv-badge" data-ready={column.ready}>
              {column.ready ? 'Ready' : 'NotReady'}
            </span>
            {column.unschedulable && <span className="cv-badge"> cordoned</span>}
            {column.roles.length > 0 && <span> {column.roles.join(', ')}</span>}
            <span> · {column.podCount} pods</span>
          </p>
        )}
        {column.taints.length > 0 && <p className="cv-taints">{column.taints.join(' ')}</p>}
      </header>
      {column.groups.map((group) => (
        <div key={group.key} className="cv-group" data-group={group.key}>
          <h4 className="cv-group-label">{group.label}</h4>
          <ul className="cv-cards">
            {group.pods.map((card) => (
              <PodCardView
                key={card.uid}
                card={card}
                selected={selectedUid === card.uid}
                onSelect={onSelect}
              />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** A pod card: memoised, so an unchanged card (same object from the model) with the same selection is skipped. */
export const PodCardView = memo(function PodCardView({
  card,
  selected,
  onSelect,
}: {
  card: PodCard;
  selected: boolean;
  onSelect: (object: ObjectRef) => void;
}) {
  const select = useCallback(
    () => onSelect({ kind: 'Pod', namespace: card.namespace, name: card.name, uid: card.uid }),
    [onSelect, card.namespace, card.name, card.uid],
  );
  return (
    <li
      className="cv-card"
      data-pod={card.name}
      data-uid={card.uid}
      data-state={card.state}
      data-replicaset={card.replicaSet ?? ''}
      data-current={card.current === null ? '' : String(card.current)}
    >
      <button
        type="button"
        title={card.name}
        aria-pressed={selected}
        aria-label={`Pod ${card.name}, ${card.status}, ready ${card.ready}${card.restarts ? `, ${card.restarts} restarts` : ''}`}
        onClick={select}
      >
        <span className="cv-card-name">{shortName(card)}</span>
        <span className="cv-card-status">
          {card.status} · {card.ready}
          {card.restarts > 0 && ` · ↻${card.restarts}`}
        </span>
      </button>
    </li>
  );
});

/** The card's visible name: without the owner prefix its group already shows (web-7c9f-abcde → abcde). */
export function shortName(card: PodCard): string {
  const prefix = card.replicaSet ?? (card.workloadKind === 'DaemonSet' ? card.workloadName : null);
  return prefix && card.name.startsWith(`${prefix}-`) ? card.name.slice(prefix.length + 1) : card.name;
}
