// A full-page live cluster view of one sandbox (/sandboxes/:sandboxId/cluster): for watching a session as it
// happens, with the "why" panel for any selected object and a link to the replay.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { paths } from '../paths';
import { WhyPanel } from '../why/why-panel';
import { ClusterView } from './cluster-view';
import type { ObjectRef } from './contract';

export function ClusterScreen() {
  const { sandboxId } = useParams();
  const [selected, setSelected] = useState<ObjectRef | null>(null);
  if (!sandboxId) return null;
  return (
    <div className="cluster-screen">
      <h1>Cluster</h1>
      <p>
        <Link to={paths.replay(sandboxId)}>Replay this session</Link>
      </p>
      <div className="cv-with-why">
        <ClusterView sandboxId={sandboxId} selected={selected} onSelect={setSelected} label="Live cluster" />
        {selected && <WhyPanel sandboxId={sandboxId} object={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
