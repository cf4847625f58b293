// The router. W2/W3: add your screens as <Route> lines inside the signed-in group below (patterns in paths.ts);
// lazy-load heavy screens (xterm, CodeMirror) with React.lazy so the catalog stays light.
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthPage } from './auth/auth-page';
import { RequireAuth, SessionProvider } from './auth/session';
import { type SessionManager } from './auth/session-manager';
import { CatalogPage } from './catalog/catalog-page';
import { ClusterScreen } from './cluster-view/cluster-screen';
import { ExerciseRoute, SandboxRoute } from './exercise/routes';
import { PracticePage } from './catalog/practice-page';
import { HealthPanel } from './health/health-panel';
import { CohortPage } from './instructor/cohort-page';
import { CohortsPage } from './instructor/cohorts-page';
import { Layout, NotFound } from './layout/layout';
import { routes } from './paths';
import { ReplayScreen } from './replay/replay-screen';

export function App({ sessions }: { sessions: SessionManager }) {
  return (
    <SessionProvider manager={sessions}>
      <BrowserRouter>
        <Routes>
          <Route path={routes.logIn} element={<AuthPage mode="logIn" />} />
          <Route path={routes.signUp} element={<AuthPage mode="signUp" />} />
          <Route path={routes.status} element={<StatusPage />} />
          <Route
            element={
              <RequireAuth>
                <Layout />
              </RequireAuth>
            }
          >
            <Route index element={<Navigate to={routes.catalog} replace />} />
            <Route path={routes.catalog} element={<CatalogPage />} />
            <Route path={routes.practice} element={<PracticePage />} />
            <Route path={routes.cohorts} element={<CohortsPage />} />
            <Route path={routes.cohort} element={<CohortPage />} />
            {/* W3 */}
            <Route path={routes.exercise} element={<ExerciseRoute />} />
            <Route path={routes.sandbox} element={<SandboxRoute />} />
            {/* W2 */}
            <Route path={routes.replay} element={<ReplayScreen />} />
            <Route path={routes.cluster} element={<ClusterScreen />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}

/** Public: whether the API and its services answer (no session needed). */
function StatusPage() {
  return (
    <main>
      <h1>Podlab</h1>
      <p className="tagline">Practise Kubernetes on simulated clusters.</p>
      <HealthPanel />
    </main>
  );
}
