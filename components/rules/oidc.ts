/**
 * Rules for the OpenID Connect settings both halves share: scopes, client credentials, and the claim-value →
 * mailbox-template mappings. mailcow's PHP drops "" and "0" list entries (array_filter), which misaligns the
 * mapping lists, so neither may appear.
 */
import { z } from "zod";
import { visibleName } from "./names";
import { hasControlCharacter } from "./text";
import { containsUnknown, orUnknown } from "./unknown";

/** mailcow's own default when client_scopes is empty. */
export const DEFAULT_SCOPES = ["openid", "profile", "email", "mailcow_template"];

/** authentik's client_id column is 255 characters; anything longer cannot match. */
export const MAX_CLIENT_ID_LENGTH = 255;

const text = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? "is required" : `must be ${what}`) });

/** One scope name: a single token. */
export const scopeName = text("a scope name")
  .trim()
  .min(1, { error: "must not be empty" })
  .regex(/^\S+$/, { error: "must be one scope name without spaces" });

/** A scope list: duplicates dropped, "openid" required (unless a scope is not known yet), mailcow's default list. */
export const scopeList = z
  .array(orUnknown(scopeName), { error: "must be a list of scope names" })
  .transform((scopes) => [...new Set(scopes)])
  .refine((scopes) => containsUnknown(scopes) || scopes.includes("openid"), {
    error: 'must include "openid" (mailcow signs users in with OpenID Connect)',
  })
  .default([...DEFAULT_SCOPES]);

/** An OAuth2 client ID as authentik issues it. */
export const clientId = text("a string")
  .trim()
  .min(1, { error: "must not be empty" })
  .max(MAX_CLIENT_ID_LENGTH, { error: `must be at most ${MAX_CLIENT_ID_LENGTH} characters` })
  .refine((value) => !hasControlCharacter(value), { error: "must not contain control characters" });

/** A secret, passed on byte for byte (never trimmed, never echoed). */
export const secretValue = text("a string").refine((value) => value.trim() !== "", {
  error: "must not be empty or only spaces",
});

/** `.refine(...NOT_DROPPED_BY_MAILCOW)`: mailcow treats "0" like an empty value. */
export const NOT_DROPPED_BY_MAILCOW = [
  (value: string) => value !== "0",
  { error: 'must not be "0" (mailcow silently drops it)' },
] as const;

/** A value of the mailcow_template claim. */
export const claimValue = visibleName("a string").refine(...NOT_DROPPED_BY_MAILCOW);

/** The name of a mailcow mailbox template. */
export const templateName = visibleName("the name of a mailcow mailbox template").refine(...NOT_DROPPED_BY_MAILCOW);

/** Values that occur more than once, each listed once (in order of first repetition). */
export function duplicatesOf(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, i) => values.indexOf(value) !== i))];
}

/** Adds one issue per claim value used twice; mailcow pairs claim values and templates by position. */
export function uniqueClaimValues(claimValues: readonly unknown[], ctx: z.RefinementCtx): void {
  const known = claimValues.filter((value): value is string => typeof value === "string" && !containsUnknown(value));
  for (const duplicate of duplicatesOf(known)) {
    ctx.addIssue({
      code: "custom",
      message: `claim value "${duplicate}" is used twice; mailcow needs unique claim values`,
    });
  }
}
