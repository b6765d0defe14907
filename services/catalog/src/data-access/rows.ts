/** Row <-> API shape helpers shared by the catalog repositories. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(`${value}Z`)).toISOString();
}

export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: string }).code === 'ER_DUP_ENTRY';
}

export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ER_ROW_IS_REFERENCED_2' || code === 'ER_ROW_IS_REFERENCED';
}

/** Keyset page: fetch limit+1 rows ordered by id; the extra row says whether there is a next page. */
export function pageOf<R extends { id: string }, T>(rows: R[], limit: number, map: (row: R) => T): { items: T[]; lastId: string | null } {
  const page = rows.slice(0, limit);
  return { items: page.map(map), lastId: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
