import { type FormEvent, useId, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { errorCodes } from '../api/client';
import { describeError } from '../api/errors';
import { LogInDocument, SignUpDocument } from '../api/gql/graphql';
import { usePageTitle } from '../layout/page-title';
import { paths, safeNext } from '../paths';
import { useSession } from './session';

type Mode = 'logIn' | 'signUp';

const TEXT: Record<Mode, { title: string; submit: string; busy: string }> = {
  logIn: { title: 'Log in to Podlab', submit: 'Log in', busy: 'Logging in…' },
  signUp: { title: 'Create your Podlab account', submit: 'Sign up', busy: 'Creating your account…' },
};

/** Log-in and sign-up: one form, labelled fields, the API's error in an alert, then on to where the user was going. */
export function AuthPage({ mode }: { mode: Mode }) {
  const { user, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const [logIn, runLogIn] = useMutation(LogInDocument);
  const [signUp, runSignUp] = useMutation(SignUpDocument);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const id = useId();
  const state = mode === 'logIn' ? logIn : signUp;
  const text = TEXT[mode];
  usePageTitle(text.submit);

  if (user) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result =
      mode === 'logIn' ? await runLogIn({ email, password }) : await runSignUp({ email, password });
    const payload = result.data && ('logIn' in result.data ? result.data.logIn : result.data.signUp);
    if (payload) {
      signIn(payload);
      void navigate(next, { replace: true });
    }
  }

  const error =
    state.error && errorCodes(state.error).includes('UNAUTHENTICATED') && mode === 'logIn'
      ? 'Wrong email or password.'
      : describeError(state.error);

  return (
    <main className="auth">
      <h1>{text.title}</h1>
      <p className="tagline">Practise Kubernetes on simulated clusters.</p>
      <form className="panel stack" onSubmit={submit} aria-describedby={error ? `${id}-error` : undefined}>
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete={mode === 'logIn' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'signUp' ? 10 : undefined}
          maxLength={128}
          aria-describedby={mode === 'signUp' ? `${id}-password-hint` : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {mode === 'signUp' && (
          <p id={`${id}-password-hint`} className="detail">
            10 to 128 characters.
          </p>
        )}
        {error && (
          <p id={`${id}-error`} role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={state.fetching}>
          {state.fetching ? text.busy : text.submit}
        </button>
      </form>
      <p>
        {mode === 'logIn' ? (
          <>
            New here?{' '}
            <Link to={paths.signUp() + (params.get('next') ? `?next=${encodeURIComponent(next)}` : '')}>
              Create an account
            </Link>
          </>
        ) : (
          <>
            Already have an account?{' '}
            <Link to={paths.logIn(params.get('next') ? next : undefined)}>Log in</Link>
          </>
        )}
      </p>
    </main>
  );
}
