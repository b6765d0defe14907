/** UTC calendar arithmetic on `YYYY-MM-DD` days and `YYYY-MM` months. */
const DAY_MS = 86_400_000;

export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
export const addDays = (day: string, days: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** The Monday of the ISO week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Every Monday from the week holding `from` up to (not including) `to`. */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let monday = mondayOf(from); monday < to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}

/** `count` months ending with `until` (`YYYY-MM`), oldest first. */
export function monthsUntil(until: string, count: number): string[] {
  const [year, month] = until.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => isoDay(new Date(Date.UTC(year, month - count + i, 1))).slice(0, 7));
}

/** The first day of the month after `month`. */
export function monthAfter(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return isoDay(new Date(Date.UTC(year, m, 1)));
}
