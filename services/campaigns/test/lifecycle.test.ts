/** The status table itself: reachability, final states, and the problems it produces. */
import { DELETABLE, EDITABLE, TRANSITIONS, illegalTransition, notEditable, type Status } from '../src/domain/lifecycle';

const ALL = Object.keys(TRANSITIONS) as Status[];

describe('campaign lifecycle table', () => {
  test('When starting from draft, Then every status is reachable and completed/cancelled are final', () => {
    const seen = new Set<Status>(['draft']);
    const queue: Status[] = ['draft'];
    while (queue.length > 0) {
      for (const next of TRANSITIONS[queue.shift()!]) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    expect([...seen].sort()).toEqual([...ALL].sort());
    expect(TRANSITIONS.completed).toEqual([]);
    expect(TRANSITIONS.cancelled).toEqual([]);
  });

  test('When any status moves to itself, Then it is not allowed', () => {
    for (const s of ALL) expect(TRANSITIONS[s]).not.toContain(s);
  });

  test('When a move is illegal, Then the 409 points at /status and names what is allowed', () => {
    const err = illegalTransition('draft', 'running');
    expect(err).toMatchObject({ status: 409, errors: [{ location: 'body', pointer: '/status' }] });
    expect(err.message).toContain('allowed: scheduled, cancelled');
    expect(illegalTransition('completed', 'running').message).toContain('completed is final');
  });

  test('When a running campaign is edited or deleted, Then the 409 says which statuses allow it', () => {
    expect(EDITABLE).not.toContain('running');
    expect(DELETABLE).toEqual(['draft']);
    expect(notEditable('running', 'changed').message).toContain('only draft, scheduled, paused');
    expect(notEditable('scheduled', 'deleted').message).toContain('cancel it instead');
  });
});
