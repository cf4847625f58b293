import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { isInstructor, useSession, useUser } from '../auth/session';
import { paths } from '../paths';

/** The signed-in frame: skip link, navigation, who is signed in, and the routed screen in <main>. */
export function Layout() {
  const user = useUser();
  const { signOut } = useSession();
  const { pathname } = useLocation();
  const firstRender = useRef(true);
  // After a navigation, focus the new screen (screen readers start reading there; Tab continues from it).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById('content')?.focus();
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to={paths.catalog()} className="brand" aria-label="Podlab home">
          Podlab
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to={paths.catalog()}>Exercises</NavLink>
            </li>
            <li>
              <NavLink to={paths.practice()}>Free practice</NavLink>
            </li>
            <li>
              <NavLink to={paths.cohorts()}>{isInstructor(user) ? 'Cohorts' : 'My cohorts'}</NavLink>
            </li>
          </ul>
        </nav>
        <div className="account">
          <span className="detail" data-testid="signed-in-as">
            {user.email}
            {user.role !== 'LEARNER' && <span className="role"> · {user.role.toLowerCase()}</span>}
          </span>
          <button type="button" onClick={signOut}>
            Log out
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/** A region for a screen another team is building (keeps the route and its links working meanwhile). */
export function ComingSoon({ title, owner }: { title: string; owner: string }) {
  return (
    <section className="panel" aria-labelledby="coming-soon">
      <h1 id="coming-soon">{title}</h1>
      <p className="detail">This screen is on its way ({owner}).</p>
    </section>
  );
}

export function NotFound() {
  return (
    <section className="panel" aria-labelledby="not-found">
      <h1 id="not-found">Page not found</h1>
      <p>
        <NavLink to={paths.catalog()}>Back to the exercises</NavLink>
      </p>
    </section>
  );
}
