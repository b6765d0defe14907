/** Checks the schema cannot express: the schedule's order, the budget's precision. */
import { badRequest, type FieldError } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/campaigns/types.gen';

export function checkCampaignFields(input: { schedule?: Schemas['Schedule']; budget?: Schemas['Budget'] }): void {
  const errors: FieldError[] = [];
  if (input.schedule && Date.parse(input.schedule.end) <= Date.parse(input.schedule.start)) {
    errors.push({ location: 'body', pointer: '/schedule/end', detail: `must be after schedule.start (${input.schedule.start})` });
  }
  if (input.budget) {
    const cents = input.budget.amount * 100;
    if (Math.abs(cents - Math.round(cents)) > 1e-6) {
      errors.push({ location: 'body', pointer: '/budget/amount', detail: 'must have at most 2 decimals' });
    }
  }
  if (errors.length > 0) throw badRequest(errors.map((e) => `${e.pointer.slice(1)} ${e.detail}`).join('; '), errors);
}
