/** The visual DSL editor: nested and/or groups, a NOT toggle on every node, conditions whose field, operator, key and value inputs come from the spec. */
import { FIELD_NAMES, FIELDS, isList, newCondition, newGroup, update, withField, type ConditionNode, type GroupNode, type Operator, type QueryNode } from './dsl';

interface Props {
  root: GroupNode;
  onChange(root: GroupNode): void;
  /** Messages by `<nodeId>:<part>` (part: field, op, key, value, node). */
  errors: Record<string, string>;
}

const OP_LABELS: Record<Operator, string> = {
  eq: 'is', in: 'is one of', between: 'is between', gte: '≥', lte: '≤', gt: '>', lt: '<', exists: 'is present',
  any: 'includes any of', all: 'includes all of', withinDays: 'within the last (days)', prefix: 'starts with',
};

function Problem({ message, id }: { message: string | undefined; id: string }) {
  return message ? <div className="problem" role="alert" id={id}>{message}</div> : null;
}

function ValueInput({ node, onChange, invalid, describedBy }: { node: ConditionNode; onChange(node: ConditionNode): void; invalid: (index?: number) => boolean; describedBy: string }) {
  const info = FIELDS[node.field];
  const common = { 'aria-invalid': invalid(), 'aria-describedby': invalid() ? describedBy : undefined };
  if (node.op === 'exists') return null;
  const inputType = node.op === 'withinDays' ? 'number' : info.type === 'date' ? 'date' : info.type === 'string' ? 'text' : 'number';
  if (info.enum && !isList(node.op)) {
    return (
      <select className="value" aria-label="value" value={node.value} onChange={(e) => onChange({ ...node, value: e.target.value })} {...common}>
        <option value="">choose…</option>
        {info.enum.map((v) => <option key={v} value={v}>{v}</option>)}
      </select>
    );
  }
  if (node.op === 'between') {
    return (
      <span className="between">
        <input className="value" aria-label="from" type={inputType} value={node.value} onChange={(e) => onChange({ ...node, value: e.target.value })} aria-invalid={invalid(0)} />
        <span>and</span>
        <input className="value" aria-label="to" type={inputType} value={node.value2} onChange={(e) => onChange({ ...node, value2: e.target.value })} aria-invalid={invalid(1)} />
      </span>
    );
  }
  const placeholder = isList(node.op) ? (info.enum ? info.enum.slice(0, 3).join(', ') : 'comma-separated values') : info.minimum !== undefined ? `${info.minimum}–${info.maximum}` : '';
  return <input className="value" aria-label="value" type={isList(node.op) ? 'text' : inputType} placeholder={placeholder} value={node.value} onChange={(e) => onChange({ ...node, value: e.target.value })} {...common} />;
}

function ConditionEditor({ node, onChange, onRemove, errors }: { node: ConditionNode; onChange(n: QueryNode): void; onRemove(): void; errors: Props['errors'] }) {
  const info = FIELDS[node.field];
  const err = (part: string) => errors[`${node.id}:${part}`];
  /** A problem on the whole value, or on item `index` of it (`/value/1`: the upper end of a between). */
  const valueProblem = Object.entries(errors).find(([k]) => k === `${node.id}:value` || k.startsWith(`${node.id}:value/`));
  const invalidValue = (index?: number): boolean =>
    errors[`${node.id}:value`] !== undefined || (index === undefined ? valueProblem !== undefined : errors[`${node.id}:value/${index}`] !== undefined);
  const problemId = `${node.id}-problem`;
  return (
    <div className={`condition${node.negate ? ' negated' : ''}`} data-node={node.id} data-testid="condition">
      <label className="not"><input type="checkbox" checked={node.negate} onChange={(e) => onChange({ ...node, negate: e.target.checked })} /> not</label>
      <select aria-label="field" value={node.field} aria-invalid={!!err('field')} onChange={(e) => onChange(withField(node, e.target.value as ConditionNode['field']))}>
        {FIELD_NAMES.map((f) => <option key={f} value={f}>{f}</option>)}
      </select>
      {info.key && (
        info.key.enum ? (
          <select aria-label={info.key.noun} value={node.key} aria-invalid={!!err('key')} onChange={(e) => onChange({ ...node, key: e.target.value })}>
            {info.key.enum.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        ) : (
          <input aria-label={info.key.noun} placeholder={info.key.noun} value={node.key} aria-invalid={!!err('key')} onChange={(e) => onChange({ ...node, key: e.target.value })} />
        )
      )}
      <select aria-label="operator" value={node.op} aria-invalid={!!err('op')} onChange={(e) => onChange({ ...node, op: e.target.value as Operator, value: '', value2: '' })}>
        {info.ops.map((op) => <option key={op} value={op}>{OP_LABELS[op]}</option>)}
      </select>
      <ValueInput node={node} onChange={onChange} invalid={invalidValue} describedBy={problemId} />
      <button type="button" className="remove" aria-label="remove condition" onClick={onRemove}>×</button>
      <Problem id={problemId} message={valueProblem?.[1] ?? err('field') ?? err('op') ?? err('key') ?? err('node')} />
    </div>
  );
}

function GroupEditor({ group, onChange, onRemove, errors, isRoot }: { group: GroupNode; onChange(n: QueryNode): void; onRemove?(): void; errors: Props['errors']; isRoot: boolean }) {
  const child = (c: QueryNode) => ({
    onChange: (next: QueryNode) => onChange(update(group, c.id, next)),
    onRemove: () => onChange(update(group, c.id, null)),
  });
  return (
    <fieldset className={`group ${group.combinator}${group.negate ? ' negated' : ''}`} data-node={group.id} data-testid="group">
      <legend>
        <label className="not"><input type="checkbox" checked={group.negate} onChange={(e) => onChange({ ...group, negate: e.target.checked })} /> not</label>
        <select aria-label="combine with" value={group.combinator} onChange={(e) => onChange({ ...group, combinator: e.target.value as 'and' | 'or' })}>
          <option value="and">all of (and)</option>
          <option value="or">any of (or)</option>
        </select>
        {!isRoot && <button type="button" className="remove" aria-label="remove group" onClick={onRemove}>×</button>}
      </legend>
      {group.children.length === 0 && <p className="hint">No conditions: every member of your tenant.</p>}
      {group.children.map((c) =>
        c.kind === 'group'
          ? <GroupEditor key={c.id} group={c} errors={errors} isRoot={false} {...child(c)} />
          : <ConditionEditor key={c.id} node={c} errors={errors} {...child(c)} />,
      )}
      <Problem id={`${group.id}-problem`} message={errors[`${group.id}:node`]} />
      <div className="actions">
        <button type="button" onClick={() => onChange({ ...group, children: [...group.children, newCondition()] })}>+ condition</button>
        <button type="button" onClick={() => onChange({ ...group, children: [...group.children, newGroup([newCondition()], group.combinator === 'and' ? 'or' : 'and')] })}>+ group</button>
      </div>
    </fieldset>
  );
}

export function QueryBuilder({ root, onChange, errors }: Props) {
  return <GroupEditor group={root} onChange={(n) => onChange(n as GroupNode)} errors={errors} isRoot />;
}
