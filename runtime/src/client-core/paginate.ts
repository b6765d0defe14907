/** Cursor pagination: `{ items, nextCursor }` pages walked as one async iterable of items. */

export interface CursorPage<T> {
  items: readonly T[];
  nextCursor?: string | null;
}

/** Yields every item of every page, fetching the next page only when the caller gets there. */
export async function* paginate<T>(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && cursor !== '');
}
