/**
 * The campaign status lifecycle: which moves are allowed, and which statuses still allow
 * editing or deleting. Illegal moves are 409 problems whose `errors` point at the field.
 */
import { AppError, type FieldError } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/campaigns/types.gen';

export type Status = Schemas['CampaignStatus'];

export const TRANSITIONS: { readonly [S in Status]: readonly Status[] } = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['draft', 'running', 'cancelled'],
  running: ['paused', 'completed', 'cancelled'],
  paused: ['running', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** Statuses in which the campaign's fields may still change. */
export const EDITABLE: readonly Status[] = ['draft', 'scheduled', 'paused'];
/** Only drafts may be deleted; anything further along is cancelled instead. */
export const DELETABLE: readonly Status[] = ['draft'];

/** A 409 problem naming the fields that conflict with the campaign's state. */
export function stateConflict(detail: string, errors: FieldError[]): AppError {
  return new AppError('conflict', 409, 'Conflict', { detail, errors });
}

export function illegalTransition(from: Status, to: Status): AppError {
  const allowed = TRANSITIONS[from];
  const detail = `a ${from} campaign cannot move to ${to}; ${allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : `${from} is final`}`;
  return stateConflict(detail, [{ location: 'body', pointer: '/status', detail }]);
}

export function notEditable(status: Status, what: 'changed' | 'deleted'): AppError {
  const allowed = what === 'changed' ? EDITABLE : DELETABLE;
  const detail = `a ${status} campaign cannot be ${what} (only ${allowed.join(', ')})${what === 'deleted' ? '; cancel it instead' : ''}`;
  return stateConflict(detail, [{ location: 'body', pointer: '/status', detail }]);
}
