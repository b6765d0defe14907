/** Save the query as a segment (audience createSegment), list the tenant's segments and open one back into the builder. */
import { createSegment, listSegments, type Schemas } from '@marquee/audience-sdk';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Clients } from './api';
import { compile, type GroupNode } from './dsl';
import { placeProblems } from './problems';

type Segment = Schemas['Segment'];

interface Props {
  clients: Clients;
  root: GroupNode;
  selected: Segment | undefined;
  onOpen(segment: Segment): void;
  onQueryProblems(byNode: Record<string, string>): void;
}

export function Segments({ clients, root, selected, onOpen, onQueryProblems }: Props) {
  const [segments, setSegments] = useState<Segment[]>([]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const refresh = useCallback(async () => {
    const page = await listSegments(clients.audience, { query: { limit: 100 } });
    setSegments(page.items);
  }, [clients]);

  useEffect(() => {
    refresh().catch((err: unknown) => setGeneral(placeProblems(err, {}).general));
  }, [refresh]);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setSaving(true);
    const { where, pointers } = compile(root, '/query/where');
    try {
      const segment = await createSegment(clients.audience, { body: { name, ...(description ? { description } : {}), query: where ? { where } : {} } });
      setErrors({});
      setGeneral([]);
      onQueryProblems({});
      setName('');
      setDescription('');
      await refresh();
      onOpen(segment);
    } catch (err) {
      const placed = placeProblems(err, { '/name': 'name', '/description': 'description' }, pointers);
      setErrors(placed.byField);
      setGeneral(placed.general);
      onQueryProblems(Object.fromEntries(Object.entries(placed.byField).filter(([k]) => k.includes(':'))));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="segments">
      <h2>Save as a segment</h2>
      <form onSubmit={(e) => void save(e)} noValidate>
        <label>Name
          <input name="segment-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} aria-describedby="segment-name-problem" />
        </label>
        {errors.name && <div className="problem" role="alert" id="segment-name-problem">{errors.name}</div>}
        <label>Description
          <input name="segment-description" value={description} onChange={(e) => setDescription(e.target.value)} aria-invalid={!!errors.description} />
        </label>
        {errors.description && <div className="problem" role="alert">{errors.description}</div>}
        <button type="submit" disabled={saving}>Save segment</button>
        {general.map((g) => <div key={g} className="problem" role="alert">{g}</div>)}
      </form>
      <h2>Saved segments</h2>
      <ul className="segment-list" data-testid="segments">
        {segments.map((s) => (
          <li key={s.id} className={selected?.id === s.id ? 'selected' : ''}>
            <button type="button" onClick={() => onOpen(s)}>{s.name}</button>
            {s.description && <span className="hint"> {s.description}</span>}
          </li>
        ))}
        {segments.length === 0 && <li className="hint">None yet.</li>}
      </ul>
    </section>
  );
}
