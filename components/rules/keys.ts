/**
 * Object keys in settings: a misspelt key is an error with a did-you-mean, never silently ignored, and the keys that
 * reach an object's prototype when assigned are never accepted (JSON.parse keeps `__proto__` as an own key, and a
 * merge that copies it would change what every later read of the merged object finds).
 */
import { z } from "zod";

export const FORBIDDEN_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.includes(key);
}

/** Edit distance with adjacent transpositions ("acess" → "access" is 1, "mialcow" → "mailcow" is 1). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

/** The candidate a mistyped key most likely meant: case-insensitive, at most one edit per three characters. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

/** Why `key` is not accepted where `candidates` are the known keys, with the likely fix. */
export function unknownKeyMessage(key: string, candidates: readonly string[]): string {
  if (isForbiddenKey(key)) return `"${key}" is never a setting; remove it`;
  const guess = closestKey(key, candidates);
  return guess === undefined
    ? `unknown key "${key}"; the known keys are ${candidates.join(", ")}`
    : `unknown key "${key}"; did you mean "${guess}"?`;
}

/** An object that accepts only the keys of `shape`, naming each unknown key with a did-you-mean. */
export function strictObject<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => unknownKeyMessage(key, known)).join("; ");
      }
      if (issue.code === "invalid_type" && issue.input !== undefined) return `must be an object (${known.join(", ")})`;
      return undefined;
    },
  });
}

/**
 * A value given either as a bare string or as an object (e.g. an access entry `"mail-users"` or `{ name, order }`):
 * each form is validated by its own schema, so an object's issues (a misspelt key, its did-you-mean) are reported
 * instead of a union's "must be one or the other".
 */
export function stringOrObject<S extends z.ZodType, O extends z.ZodType>(text: S, object: O) {
  return z.unknown().transform((input, ctx): z.output<S> | z.output<O> => {
    // The issues pass on whole (code, expected type, input), so messages can still say how to fix the value.
    const result = (input !== null && typeof input === "object" ? object : text).safeParse(input, {
      reportInput: true,
    });
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue } as z.core.$ZodRawIssue);
    return z.NEVER;
  });
}
