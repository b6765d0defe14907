/**
 * Sign in with an API client's id and secret (identity's client-credentials grant). In
 * `vite` development only, the local demo client is filled in; a production build carries no
 * credentials (import.meta.env.DEV is false there, and the literals are dropped).
 */
import { useState, type FormEvent } from 'react';
import { signIn, type Session } from './api';

export function Login({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const [clientId, setClientId] = useState(import.meta.env.DEV ? 'northstar-demo' : '');
  const [secret, setSecret] = useState(import.meta.env.DEV ? 'northstar-demo-local-dev-secret' : '');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await signIn(clientId, secret));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="login" onSubmit={(e) => void submit(e)}>
      <h1>Marquee audience builder</h1>
      <p className="hint">Sign in with your API client (OAuth2 client credentials). Locally: <code>northstar-demo</code>, see the README.</p>
      <label>Client id<input name="client-id" autoComplete="username" value={clientId} onChange={(e) => setClientId(e.target.value)} /></label>
      <label>Client secret<input name="client-secret" type="password" autoComplete="current-password" value={secret} aria-invalid={!!problem} onChange={(e) => setSecret(e.target.value)} /></label>
      {problem && <div className="problem" role="alert">{problem}</div>}
      <button type="submit" disabled={busy}>Sign in</button>
    </form>
  );
}
