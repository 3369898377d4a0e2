// What a page of a list needs from SQL: the row's sort instant as exact microseconds since 1970 (a cursor must not
// lose PostgreSQL's precision), and that number turned back into an instant, exactly, for `(at, id) > (…)`.

/** A row with its sort instant as microseconds since 1970 (text: a bigint). */
export type PagedRow<T> = T & { sort_us: string };

/** The sort instant of `column`, as microseconds since 1970. */
export const SORT_US = (column: string) => `(extract(epoch from ${column}) * 1000000)::bigint`;

/** The instant `param` microseconds after 1970, exactly (whole seconds and the rest apart, so no float rounds it). */
export const AT_US = (param: string) =>
  `('epoch'::timestamptz + (${param}::bigint / 1000000) * interval '1 second' + (${param}::bigint % 1000000) * interval '1 microsecond')`;
