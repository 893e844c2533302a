// List endpoints: DRF's SearchFilter and OrderingFilter, then authentik's Pagination (page numbers, 0 for "none";
// PAGE_SIZE 100; an out-of-range or malformed page is a 404 "Invalid page."). schema.yml requires an
// "autocomplete" object beside pagination and results (the search-query hints); the emulator offers none.
import { type ApiResponse, detail, json } from "./http-types";

export const PAGE_SIZE = 100;

/** SearchFilter: every whitespace- or comma-separated term must appear (case-insensitively) in some field. */
export function search<T>(rows: T[], term: string | null, fields: ((row: T) => string)[]): T[] {
  const terms = (term ?? "")
    .split(/[\s,]+/)
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  if (terms.length === 0) return rows;
  return rows.filter((row) => terms.every((t) => fields.some((field) => field(row).toLowerCase().includes(t))));
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** OrderingFilter: `ordering=a,-b` over readable fields; unknown fields are dropped; else the view's default. */
export function order<T extends object>(rows: T[], ordering: string | null, defaults: string[]): T[] {
  const sample = rows[0] as Record<string, unknown> | undefined;
  const requested = (ordering ?? "")
    .split(",")
    .map((term) => term.trim())
    .filter((term) => term !== "" && (sample === undefined || term.replace(/^-/, "") in sample));
  const keys = requested.length > 0 ? requested : defaults;
  return [...rows].sort((x, y) => {
    for (const key of keys) {
      const field = key.replace(/^-/, "");
      const result = compare((x as Record<string, unknown>)[field], (y as Record<string, unknown>)[field]);
      if (result !== 0) return key.startsWith("-") ? -result : result;
    }
    return 0;
  });
}

/** DRF's _positive_int(strict=True): anything else falls back to the default size. */
function pageSize(raw: string | null): number {
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return PAGE_SIZE;
  const size = Number(raw);
  return size > 0 ? size : PAGE_SIZE;
}

/** Paginates already-serialized results into authentik's envelope. */
export function paginate(results: unknown[], query: URLSearchParams): ApiResponse {
  const size = pageSize(query.get("page_size"));
  const count = results.length;
  const totalPages = Math.max(1, Math.ceil(count / size));
  const raw = query.get("page") ?? "1";
  const number = raw === "last" ? totalPages : /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(number) || number < 1 || number > totalPages) return detail(404, "Invalid page.");
  const start = (number - 1) * size;
  const page = results.slice(start, start + size);
  return json(200, {
    pagination: {
      next: number < totalPages ? number + 1 : 0,
      previous: number > 1 ? number - 1 : 0,
      count,
      current: number,
      total_pages: totalPages,
      start_index: count === 0 ? 0 : start + 1,
      end_index: number === totalPages ? count : number * size,
    },
    results: page,
    autocomplete: {},
  });
}

/** django-filter's BooleanFilter: true/false (and Python's spellings); anything else leaves the filter off. */
export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (["true", "True", "1"].includes(raw)) return true;
  if (["false", "False", "0"].includes(raw)) return false;
  return undefined;
}

/** Values of a repeated query parameter (`?managed=a&managed=b`), empty strings dropped. */
export const multiParam = (query: URLSearchParams, name: string): string[] =>
  query.getAll(name).filter((value) => value !== "");

/** A choice filter with an unknown value: django-filter's 400. */
export function invalidChoice(name: string, value: string): ApiResponse {
  return json(400, { [name]: [`Select a valid choice. ${value} is not one of the available choices.`] });
}
