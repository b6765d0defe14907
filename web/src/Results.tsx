/** The live count and breakdown charts (region, age band, affinity to a genre) of the query being built: one breakdownAudience call, debounced, the previous one aborted. */
import { breakdownAudience, type Schemas } from '@marquee/audience-sdk';
import { useEffect, useState } from 'react';
import type { Clients } from './api';
import { FIELDS, type Expression } from './dsl';
import { placeProblems } from './problems';

type Dimension = Schemas['BreakdownDimension'];
const GENRES = FIELDS.genreAffinity.key?.enum ?? [];
const AFFINITY_RANGES = [
  { to: 0.1, key: 'under 10%' },
  { from: 0.1, to: 0.25, key: '10–25%' },
  { from: 0.25, to: 0.5, key: '25–50%' },
  { from: 0.5, key: '50% and more' },
];

interface Props {
  clients: Clients;
  where: Expression | undefined;
  pointers: Map<string, string>;
  onProblems(byNode: Record<string, string>): void;
}

function BarChart({ title, dimension, testId }: { title: string; dimension: Dimension | undefined; testId: string }) {
  const buckets = dimension?.buckets ?? [];
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const row = 22;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {buckets.length === 0 ? <p className="hint">No members.</p> : (
        <svg role="img" aria-label={title} width="100%" height={buckets.length * row} viewBox={`0 0 360 ${buckets.length * row}`} preserveAspectRatio="xMinYMin meet">
          {buckets.map((b, i) => (
            <g key={b.key} transform={`translate(0 ${i * row})`}>
              <text x="0" y="15" className="label">{b.key}</text>
              <rect x="110" y="4" height="14" width={Math.max(1, (b.count / max) * 140)} className="bar" />
              <text x={116 + (b.count / max) * 140} y="15" className="figure">{b.count.toLocaleString()} ({b.percentage.toFixed(1)}%)</text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}

export function Results({ clients, where, pointers, onProblems }: Props) {
  const [genre, setGenre] = useState(GENRES.includes('horror') ? 'horror' : (GENRES[0] ?? ''));
  const [result, setResult] = useState<Schemas['BreakdownResult'] | undefined>();
  const [state, setState] = useState<'loading' | 'ready' | 'invalid' | 'failed'>('loading');
  const [message, setMessage] = useState('');
  const body = JSON.stringify(where ?? null);

  useEffect(() => {
    const abort = new AbortController();
    setState('loading');
    const timer = setTimeout(() => {
      breakdownAudience(
        clients.audience,
        { body: { ...(where ? { where } : {}), breakdowns: [{ field: 'region', size: 10 }, { field: 'ageBand' }, { field: 'genreAffinity', key: genre, ranges: AFFINITY_RANGES }] } },
        { signal: abort.signal },
      ).then(
        (r) => {
          setResult(r);
          setState('ready');
          onProblems({});
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          const placed = placeProblems(err, {}, pointers);
          onProblems(placed.byField);
          setState(Object.keys(placed.byField).length > 0 ? 'invalid' : 'failed');
          setMessage(placed.general.join('; '));
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // `body` stands for `where` (same content, new object on every render).
  }, [body, genre, clients]);

  return (
    <section className="results" aria-busy={state === 'loading'}>
      <div className="count">
        <span className="number" data-testid="count" data-state={state}>{result ? result.total.toLocaleString() : '…'}</span>
        <span className="caption">members match{state === 'loading' ? ' (updating)' : ''}</span>
      </div>
      {state === 'invalid' && <p className="problem" role="alert">The query has problems: see the highlighted conditions.{message ? ` ${message}` : ''}</p>}
      {state === 'failed' && <p className="problem" role="alert">{message}</p>}
      <BarChart title="Region" testId="chart-region" dimension={result?.dimensions[0]} />
      <BarChart title="Age band" testId="chart-ageBand" dimension={result?.dimensions[1]} />
      <label className="genre">Genre affinity:{' '}
        <select aria-label="affinity genre" value={genre} onChange={(e) => setGenre(e.target.value)}>
          {GENRES.map((g) => <option key={g} value={g}>{g}</option>)}
        </select>
      </label>
      <BarChart title={`Affinity to ${genre}`} testId="chart-genreAffinity" dimension={result?.dimensions[2]} />
    </section>
  );
}
