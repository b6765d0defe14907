/** Launch a campaign on the open segment: campaigns createCampaign (a draft, with its reach), then transitionCampaign to scheduled. */
import { createCampaign, listCampaigns, transitionCampaign, type Schemas as CampaignSchemas } from '@marquee/campaigns-sdk';
import type { Schemas } from '@marquee/audience-sdk';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { channels } from 'virtual:contracts';
import type { Clients } from './api';
import { placeProblems } from './problems';

type Campaign = CampaignSchemas['Campaign'];
type Channel = CampaignSchemas['Channel'];

const FIELDS = {
  '/name': 'name', '/segmentId': 'segmentId', '/channel': 'channel', '/schedule/start': 'start', '/schedule/end': 'end',
  '/schedule': 'end', '/budget/amount': 'amount', '/budget/currency': 'currency', '/budget': 'amount',
};

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export function CampaignLauncher({ clients, segment }: { clients: Clients; segment: Schemas['Segment'] | undefined }) {
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<Channel>(channels[0]!);
  const [start, setStart] = useState(day(7));
  const [end, setEnd] = useState(day(14));
  const [amount, setAmount] = useState('2500');
  const [currency, setCurrency] = useState('CAD');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    setCampaigns((await listCampaigns(clients.campaigns, { query: { limit: 20 } })).items);
  }, [clients]);

  useEffect(() => {
    refresh().catch((err: unknown) => setGeneral(placeProblems(err, {}).general));
  }, [refresh]);

  async function launch(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!segment) return;
    setBusy(true);
    try {
      const draft = await createCampaign(clients.campaigns, {
        body: {
          name,
          segmentId: segment.id,
          channel,
          schedule: { start: new Date(`${start}T00:00:00Z`).toISOString(), end: new Date(`${end}T00:00:00Z`).toISOString() },
          budget: { amount: Number(amount), currency },
        },
      });
      await transitionCampaign(clients.campaigns, { path: { campaignId: draft.id }, body: { status: 'scheduled' } });
      setErrors({});
      setGeneral([]);
      setName('');
      await refresh();
    } catch (err) {
      const placed = placeProblems(err, FIELDS);
      setErrors(placed.byField);
      setGeneral(placed.general);
    } finally {
      setBusy(false);
    }
  }

  const field = (key: string, label: string, input: React.ReactNode) => (
    <>
      <label>{label}{input}</label>
      {errors[key] && <div className="problem" role="alert" data-field={key}>{errors[key]}</div>}
    </>
  );

  return (
    <section className="campaigns">
      <h2>Launch a campaign</h2>
      {!segment ? <p className="hint">Save or open a segment to target it.</p> : (
        <form onSubmit={(e) => void launch(e)} noValidate>
          <p>Targets <strong data-testid="campaign-segment">{segment.name}</strong></p>
          {field('name', 'Campaign name', <input name="campaign-name" value={name} aria-invalid={!!errors.name} onChange={(e) => setName(e.target.value)} />)}
          {field('channel', 'Channel', (
            <select name="campaign-channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
              {channels.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          ))}
          {field('start', 'Starts', <input name="campaign-start" type="date" value={start} aria-invalid={!!errors.start} onChange={(e) => setStart(e.target.value)} />)}
          {field('end', 'Ends', <input name="campaign-end" type="date" value={end} aria-invalid={!!errors.end} onChange={(e) => setEnd(e.target.value)} />)}
          {field('amount', 'Budget', <input name="campaign-budget" type="number" value={amount} aria-invalid={!!errors.amount} onChange={(e) => setAmount(e.target.value)} />)}
          {field('currency', 'Currency', <input name="campaign-currency" value={currency} maxLength={3} aria-invalid={!!errors.currency} onChange={(e) => setCurrency(e.target.value)} />)}
          {errors.segmentId && <div className="problem" role="alert">{errors.segmentId}</div>}
          <button type="submit" disabled={busy}>Launch campaign</button>
          {general.map((g) => <div key={g} className="problem" role="alert">{g}</div>)}
        </form>
      )}
      <h2>Campaigns</h2>
      <table className="campaign-list" data-testid="campaigns">
        <thead><tr><th>Name</th><th>Status</th><th>Reach</th><th>Budget</th></tr></thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.id}><td>{c.name}</td><td>{c.status}</td><td>{c.reach.count.toLocaleString()}</td><td>{c.budget.amount} {c.budget.currency}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
