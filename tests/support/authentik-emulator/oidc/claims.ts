// What tokens and userinfo say about a user: the subject per sub_mode (authentik/providers/oauth2/id_token.py)
// and the claims of the provider's scope mappings for the granted scopes. Only authentik's managed mappings are
// evaluated (their expressions are known); custom mappings' Python expressions contribute no claims here.
import { MANAGED_SCOPE_CLAIMS } from "../seed";
import type { Store } from "../store";
import type { OAuth2ProviderRow, ScopeMappingRow, UserRow } from "../types";

export function subjectOf(store: Store, provider: OAuth2ProviderRow, user: UserRow): string {
  switch (provider.sub_mode) {
    case "user_id":
      return String(user.pk);
    case "user_uuid":
      return user.uuid;
    case "user_username":
      return user.username;
    case "user_email":
      return user.email;
    case "user_upn":
      return typeof user.attributes.upn === "string" ? user.attributes.upn : store.uidOf(user);
    default:
      return store.uidOf(user);
  }
}

export function providerMappings(store: Store, provider: OAuth2ProviderRow): ScopeMappingRow[] {
  return provider.property_mappings
    .map((pk) => store.scopeMappings.get(pk))
    .filter((mapping): mapping is ScopeMappingRow => mapping !== undefined);
}

export function scopeClaims(store: Store, provider: OAuth2ProviderRow, user: UserRow, scopes: string[]) {
  const groups = store.groupsOfUser(user.pk).map((group) => group.name);
  const claims: Record<string, unknown> = {};
  for (const mapping of providerMappings(store, provider)) {
    if (!scopes.includes(mapping.scope_name) || mapping.managed === null) continue;
    Object.assign(claims, MANAGED_SCOPE_CLAIMS[mapping.managed]?.(user, groups) ?? {});
  }
  return claims;
}

/** The claim names discovery advertises: the fixed ones plus what the mappings return, by scope name. */
export function supportedClaims(store: Store, provider: OAuth2ProviderRow): string[] {
  const names = ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "amr", "nonce"];
  const sample = store.userByUsername("akadmin") ?? [...store.users.values()][0];
  const mappings = providerMappings(store, provider).sort((a, b) => a.scope_name.localeCompare(b.scope_name));
  for (const mapping of mappings) {
    if (mapping.managed === null || !sample) continue;
    names.push(...Object.keys(MANAGED_SCOPE_CLAIMS[mapping.managed]?.(sample, []) ?? {}));
  }
  return names;
}
