// What a page of a list needs from SQL: the row's sort instant as exact text, so a cursor keeps PostgreSQL's microseconds.

/** A row with its sort instant as exact UTC text. */
export type PagedRow<T> = T & { sort_at: string };

/** An instant column as exact UTC text (microseconds), comparable again as `$n::timestamptz`. */
export const SORT_AT = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
