import { createHash } from "node:crypto";

/**
 * A stable logical-name fragment for an object referenced by name (group, user, policy). Derived from the
 * reference itself, never from its list position, so reordering the config never replaces resources. Names that
 * had to be sanitised get a short hash so "Mail Users" and "mail-users" cannot collide.
 */
export function nameFragment(ref: string): string {
  const sanitized = ref
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (sanitized === ref && sanitized !== "") return sanitized;
  const hash = createHash("sha256").update(ref).digest("hex").slice(0, 8);
  return sanitized === "" ? hash : `${sanitized}-${hash}`;
}
