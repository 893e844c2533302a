/**
 * Pulumi's placeholder for a value that is not known yet during preview (`runtime.unknownValue`). Provider inputs
 * carry it in check and diff: rules let it through unvalidated, and nothing may send it anywhere.
 */
import { z } from "zod";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** True when the value or anything inside it is the preview placeholder. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * `schema`, except that the preview placeholder passes unchanged and `null` counts as absent (so a default
 * applies). Issues of `schema` keep their message and path.
 */
export function orUnknown<T extends z.ZodType>(schema: T): z.ZodType<z.output<T> | Unknown, unknown> {
  // optional() first: an absent key must reach `schema`, whose default (or "is required") then applies.
  return z
    .unknown()
    .optional()
    .transform((value, ctx): z.output<T> | Unknown => {
      if (isUnknown(value)) return value;
      const result = schema.safeParse(value ?? undefined);
      if (result.success) return result.data;
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      }
      return z.NEVER;
    });
}
