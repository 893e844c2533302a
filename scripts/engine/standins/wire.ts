// Property values as a resource plugin sees them on the wire when it accepts secrets: a secret is the object
// {<sig key>: <secret sig>, value}, and a value not yet known during preview is the unknown sentinel string.
// The constants are Pulumi's (@pulumi/pulumi runtime/rpc.js); they are part of the engine protocol.

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Wire = unknown;

export function isSecret(value: Wire): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** The value with every secret wrapper removed (for running a command or generating a string). */
export function reveal(value: Wire): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, reveal(inner)]));
  }
  return value;
}

/** True when the value or anything inside it is unknown (preview). */
export function containsUnknown(value: Wire): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/** Deep equality of two wire values, secret wrappers ignored (a value turning secret is not a change). */
export function sameValue(a: Wire, b: Wire): boolean {
  return JSON.stringify(canonical(reveal(a))) === JSON.stringify(canonical(reveal(b)));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The top-level keys whose values differ between two property bags. */
export function changedKeys(olds: Record<string, Wire>, news: Record<string, Wire>, keys: readonly string[]): string[] {
  return keys.filter((key) => containsUnknown(news[key]) || !sameValue(olds[key] ?? null, news[key] ?? null));
}
