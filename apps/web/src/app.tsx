import { HealthPanel } from './health/health-panel';

export function App() {
  return (
    <main>
      <h1>Podlab</h1>
      <p className="tagline">Practise Kubernetes on simulated clusters.</p>
      <HealthPanel />
    </main>
  );
}
