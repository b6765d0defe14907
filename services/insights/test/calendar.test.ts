/** UTC calendar helpers behind the weekly and monthly insights, across month and year edges. */
import { addDays, mondayOf, monthAfter, monthsUntil, weeksBetween } from '../src/domain/calendar';

describe('calendar', () => {
  test.each([
    ['2026-11-30', '2026-11-30'], // a Monday
    ['2026-12-06', '2026-11-30'], // a Sunday
    ['2027-01-01', '2026-12-28'], // across the year
    ['2024-03-01', '2024-02-26'], // leap February
  ])('mondayOf(%s) = %s', (day, monday) => {
    expect(mondayOf(day)).toBe(monday);
    expect(new Date(`${mondayOf(day)}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  test('When counting 8 weeks from a Friday, Then 9 Mondays cover it, the first before it', () => {
    const from = '2026-10-02';
    const weeks = weeksBetween(from, addDays(from, 56));
    expect(weeks[0]).toBe('2026-09-28');
    expect(weeks).toHaveLength(9);
    weeks.slice(1).forEach((w, i) => expect(addDays(weeks[i]!, 7)).toBe(w));
  });

  test('When counting months back across a year, Then they are consecutive and end with `until`', () => {
    expect(monthsUntil('2027-02', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsUntil('2026-01', 1)).toEqual(['2026-01']);
    expect(monthAfter('2026-12')).toBe('2027-01-01');
    expect(monthAfter('2024-02')).toBe('2024-03-01');
  });
});
