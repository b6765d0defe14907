/** Row helpers shared by identity's repositories. */
export const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();
export const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));

/** JSON columns come back as text from MariaDB (JSON is LONGTEXT there). */
export function jsonColumn<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: string }).code === 'ER_DUP_ENTRY';
}

/** `limit + 1` rows read: the page, and the last id when there is a next page. */
export function pageOf<T>(rows: T[], limit: number, idOf: (row: T) => string): { items: T[]; lastId: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, lastId: rows.length > limit && last !== undefined ? idOf(last) : null };
}
