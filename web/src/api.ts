/**
 * The app's only way to the platform: the generated SDKs, pointed at this origin's
 * /api/<service>/ (the edge proxy, or Vite's dev proxy). The access token comes from identity's
 * client-credentials endpoint for the client the user signs in with; it lives in
 * sessionStorage (this tab) until it expires. No secret is built into the app.
 */
import { createClient as audienceClient } from '@marquee/audience-sdk';
import { createClient as campaignsClient } from '@marquee/campaigns-sdk';
import { createClient as identityClient, issueToken, isIssueTokenError } from '@marquee/identity-sdk';

const api = (service: string): string => `${window.location.origin}/api/${service}`;
const KEY = 'marquee.session';

export interface Session {
  token: string;
  expiresAt: number;
  clientId: string;
  tenant: string;
  scope: string;
}

export function loadSession(): Session | undefined {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() + 5000 ? session : undefined;
  } catch {
    return undefined;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

function claim(token: string, name: string): string {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    return String(payload[name] ?? '');
  } catch {
    return '';
  }
}

/** Client credentials (RFC 6749 §4.4) for the signed-in client; all of its allowed scopes. */
export async function signIn(clientId: string, clientSecret: string): Promise<Session> {
  try {
    const body = await issueToken(identityClient({ baseUrl: api('identity') }), { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
    const session: Session = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000, clientId, tenant: claim(body.access_token, 'tenant'), scope: body.scope };
    sessionStorage.setItem(KEY, JSON.stringify(session));
    return session;
  } catch (err) {
    if (isIssueTokenError(err)) {
      const reason = (err.body as { error_description?: string; error?: string } | undefined) ?? {};
      throw new Error(reason.error_description ?? reason.error ?? `identity answered ${err.status}`);
    }
    throw err;
  }
}

export function clients(session: Session) {
  const token = (): string => {
    // An expired token: back to the sign-in form rather than a wall of 401s.
    if (session.expiresAt <= Date.now()) {
      signOut();
      window.location.reload();
    }
    return session.token;
  };
  const options = { token, timeoutMs: 10_000 };
  return {
    audience: audienceClient({ baseUrl: api('audience'), ...options }),
    campaigns: campaignsClient({ baseUrl: api('campaigns'), ...options }),
  };
}
export type Clients = ReturnType<typeof clients>;
