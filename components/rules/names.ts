/** Names a person types and another system looks up: group names, usernames, template names, display names. */
import { z } from "zod";
import { hasControlCharacter, hasInvisibleCharacter } from "./text";

/**
 * A name: trimmed (authentik's API trims what it stores), not empty, without control or invisible characters, and at
 * most `maxLength` characters when the other side has a limit.
 */
export function visibleName(what: string, maxLength?: number) {
  const name = z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : `must be ${what}`) })
    .trim()
    .min(1, { error: "must not be empty" })
    .refine((value) => !hasControlCharacter(value) && !hasInvisibleCharacter(value), {
      error: "must not contain control or invisible characters (NUL, zero-width spaces, direction marks)",
    });
  return maxLength === undefined
    ? name
    : name.refine((value) => value.length <= maxLength, { error: `must be at most ${maxLength} characters` });
}

/**
 * Free text authentik stores as given (a description, a publisher, an icon path): anything but control characters,
 * which PostgreSQL refuses (NUL) or which break the admin UI; `multiLine` text may hold newlines and tabs.
 */
export function freeText(what: string, { multiLine = false } = {}) {
  return z
    .string({ error: `must be ${what}` })
    .refine((value) => !hasControlCharacter(multiLine ? value.replace(/[\n\r\t]/g, "") : value), {
      error: multiLine
        ? "must not contain control characters other than newlines and tabs"
        : "must not contain control characters",
    });
}
