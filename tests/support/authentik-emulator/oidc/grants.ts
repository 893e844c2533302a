// Issuing tokens (authentik/providers/oauth2/views/token.py): an access token and ID token for every grant,
// a refresh token only when offline_access was granted; expiries from the provider's validity settings.
import { generateId } from "../ids";
import { durationSeconds } from "../resources/oauth2-providers";
import type { Store } from "../store";
import type { GrantRow, OAuth2ProviderRow, UserRow } from "../types";
import { scopeClaims, subjectOf } from "./claims";
import { encodeJwt } from "./jwt";
import { oauthUrls } from "./urls";

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function idTokenPayload(store: Store, origin: string, provider: OAuth2ProviderRow, grant: GrantRow, user: UserRow) {
  const app = store.applicationOfProvider(provider.pk);
  const payload: Record<string, unknown> = {
    iss: oauthUrls(origin, provider, app?.slug).issuer,
    sub: subjectOf(store, provider, user),
    aud: provider.client_id,
    exp: nowSeconds() + durationSeconds(provider.access_token_validity),
    iat: nowSeconds(),
    auth_time: grant.authTime,
    acr: "goauthentik.io/providers/oauth2/default",
    amr: ["pwd"],
  };
  if (grant.nonce) payload.nonce = grant.nonce;
  if (provider.include_claims_in_id_token) Object.assign(payload, scopeClaims(store, provider, user, grant.scope));
  return payload;
}

export function issueTokens(
  store: Store,
  origin: string,
  provider: OAuth2ProviderRow,
  user: UserRow,
  from: Pick<GrantRow, "scope" | "authTime" | "nonce">,
): Record<string, unknown> {
  const key = provider.signing_key ? store.certificates.get(provider.signing_key) : undefined;
  const expiresIn = Math.trunc(durationSeconds(provider.access_token_validity));
  const base = { provider: provider.pk, user: user.pk, scope: from.scope, authTime: from.authTime, nonce: from.nonce };
  const draft: GrantRow = { ...base, token: "", expires: nowSeconds() + expiresIn };
  const idPayload = idTokenPayload(store, origin, provider, draft, user);
  const accessToken = encodeJwt({ ...idPayload, azp: provider.client_id, uid: generateId() }, provider, key);
  store.accessTokens.set(accessToken, { ...draft, token: accessToken });
  const response: Record<string, unknown> = {
    access_token: accessToken,
    token_type: "Bearer",
    scope: from.scope.join(" "),
    expires_in: expiresIn,
    id_token: encodeJwt(idPayload, provider, key),
  };
  if (from.scope.includes("offline_access")) {
    const refresh = generateId(128);
    store.refreshTokens.set(refresh, {
      ...base,
      token: refresh,
      expires: nowSeconds() + durationSeconds(provider.refresh_token_validity),
    });
    response.refresh_token = refresh;
  }
  return response;
}

/** An authorization code, as the authorization flow hands one out once the user has passed it. */
export function issueCode(
  store: Store,
  provider: OAuth2ProviderRow,
  user: UserRow,
  redirectUri: string,
  scope: string[],
  nonce?: string,
): string {
  const code = generateId();
  store.authorizationCodes.set(code, {
    token: code,
    provider: provider.pk,
    user: user.pk,
    scope,
    redirectUri,
    nonce,
    authTime: nowSeconds(),
    expires: nowSeconds() + durationSeconds(provider.access_code_validity),
  });
  return code;
}

export const isExpired = (grant: GrantRow): boolean => grant.expires <= nowSeconds();
