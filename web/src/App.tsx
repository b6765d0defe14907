/** The audience builder: query on the left, live count and charts in the middle, segments and campaigns on the right. */
import type { Schemas } from '@marquee/audience-sdk';
import { useMemo, useState } from 'react';
import { clients as makeClients, loadSession, signOut, type Session } from './api';
import { CampaignLauncher } from './Campaign';
import { compile, decompile, newGroup, type GroupNode } from './dsl';
import { Login } from './Login';
import { QueryBuilder } from './QueryBuilder';
import { Results } from './Results';
import { Segments } from './Segments';

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [root, setRoot] = useState<GroupNode>(() => newGroup());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [segment, setSegment] = useState<Schemas['Segment'] | undefined>();
  const clients = useMemo(() => (session ? makeClients(session) : undefined), [session]);
  const { where, pointers } = useMemo(() => compile(root, '/where'), [root]);

  if (!session || !clients) return <Login onSignedIn={setSession} />;
  return (
    <div className="app">
      <header>
        <h1>Marquee audience builder</h1>
        <span className="who" data-testid="tenant">{session.tenant} · {session.clientId}</span>
        <button type="button" onClick={() => { signOut(); setSession(undefined); }}>Sign out</button>
      </header>
      <main>
        <section className="builder">
          <h2>Who{segment ? <> — <span className="hint">{segment.name}</span></> : null}</h2>
          <QueryBuilder root={root} onChange={setRoot} errors={errors} />
          <details className="dsl"><summary>DSL</summary><pre data-testid="dsl">{JSON.stringify(where ?? {}, null, 2)}</pre></details>
        </section>
        <Results clients={clients} where={where} pointers={pointers} onProblems={setErrors} />
        <aside>
          <Segments clients={clients} root={root} selected={segment} onQueryProblems={setErrors} onOpen={(s) => { setSegment(s); setRoot(decompile(s.query?.where)); }} />
          <CampaignLauncher clients={clients} segment={segment} />
        </aside>
      </main>
    </div>
  );
}
