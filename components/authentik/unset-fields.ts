/**
 * Names of the optional string fields a stack leaves unset (or empty), for `ignoreChanges`: such a field is authentik's to own.
 * authentik's Terraform provider leaves empty strings out of its PUT, so it can never clear a value an administrator
 * set in authentik's UI; without this, every `pulumi up --refresh` would send the same PUT and the drift check would
 * report the same diff forever (observed under the real engine, tests/engine/lifecycle.test.ts). A field the stack
 * sets stays managed: a hand edit of it is drift, and `up` restores it.
 */
export function unsetFields(fields: Record<string, string | undefined>): string[] {
  return (
    Object.entries(fields)
      // "" too: the provider would not send it either, so it could not clear the field.
      .filter(([, value]) => value === undefined || value === "")
      .map(([name]) => name)
  );
}
