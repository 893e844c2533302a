// Safe readers for resource properties that may be unknown during `pulumi preview`.
//
// The engine sends an unknown input as a sentinel string, and @pulumi/policy wraps props in a proxy that throws
// UnknownValueError when such a value is read; a thrown error downgrades the whole policy to an advisory
// "can't run during preview" note. Reading through these helpers turns that into a value the policies can skip.
import * as policySdk from "@pulumi/policy";

// @pulumi/policy 1.21.0 exports these at run time, but its proxy.d.ts is empty, so give them their real shapes.
const sdk = policySdk as unknown as {
  UnknownValueError: abstract new (...args: never[]) => Error;
  unknownCheckingProxy: <T extends object>(props: T) => T;
};

/** Wraps props the way the analyzer does, so reading an unknown sentinel throws UnknownValueError. */
export const unknownCheckingProxy = sdk.unknownCheckingProxy;

/** A value that is not known until `pulumi up` runs. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** `T` when known, `undefined` when unset, `UNKNOWN` during preview when the engine cannot know it yet. */
export type Maybe<T> = T | undefined | Unknown;

/** The placeholders @pulumi/policy uses for unknowns (`proxy.js`); the string one is also `runtime.unknownValue`. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknownValueError(e: unknown): boolean {
  // Duck-typed too, in case a second copy of @pulumi/policy built the proxy.
  return e instanceof sdk.UnknownValueError || (e instanceof Error && "unknownTypeSentinel" in e);
}

/** Reads `obj[key]` without letting an unknown value throw; sentinels become UNKNOWN, null becomes undefined. */
export function read(obj: unknown, key: string | number): unknown {
  if (obj === UNKNOWN) return UNKNOWN;
  if (obj === null || typeof obj !== "object") return undefined;
  let value: unknown;
  try {
    value = (obj as Record<string | number, unknown>)[key];
  } catch (e) {
    if (isUnknownValueError(e)) return UNKNOWN;
    throw e;
  }
  if (typeof value === "string" && UNKNOWN_SENTINELS.has(value)) return UNKNOWN;
  return value === null ? undefined : value;
}

export function readString(obj: unknown, key: string): Maybe<string> {
  const value = read(obj, key);
  if (value === UNKNOWN || typeof value === "string") return value;
  // Numbers show up for ids; other types are not what the schema allows, so treat them as unset.
  return typeof value === "number" ? String(value) : undefined;
}

export function readBoolean(obj: unknown, key: string): Maybe<boolean> {
  const value = read(obj, key);
  return value === UNKNOWN || typeof value === "boolean" ? value : undefined;
}

/** Reads a list; each element is read through `read`, so unknown elements come back as UNKNOWN. */
export function readList(obj: unknown, key: string): Maybe<unknown[]> {
  const value = read(obj, key);
  if (value === UNKNOWN) return UNKNOWN;
  if (!Array.isArray(value)) return undefined;
  const items: unknown[] = [];
  for (let i = 0; i < value.length; i++) items.push(read(value, i));
  return items;
}

/** True for a set value: not unknown, not undefined and not an empty string. */
export function isSet<T>(value: Maybe<T>): value is T {
  return value !== UNKNOWN && value !== undefined && value !== "";
}
