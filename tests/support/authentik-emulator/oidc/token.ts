// /application/o/token/ (authentik/providers/oauth2/views/token.py and its TokenParams): OPTIONS answers 200 "{}"
// (mailcow's connection test relies on it); POST authenticates the client from HTTP Basic or the form and
// answers every TokenError with 400 {"error", "error_description", "request_id"}.
import { randomUUID } from "node:crypto";
import type { ApiRequest, ApiResponse } from "../http-types";
import type { OAuth2ProviderRow } from "../types";
import { isExpired, issueTokens } from "./grants";

const TOKEN_ERRORS: Record<string, string> = {
  invalid_request: "The request is otherwise malformed",
  invalid_client:
    "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)",
  invalid_grant:
    "The provided authorization grant or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client",
  unauthorized_client: "The authenticated client is not authorized to use this authorization grant type",
  unsupported_grant_type: "The authorization grant type is not supported by the authorization server",
  invalid_scope:
    "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner",
};

/** TokenResponse: JSON that must not be cached. */
export const tokenResponse = (status: number, body: unknown): ApiResponse => ({
  status,
  json: body,
  headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
});

const tokenError = (error: keyof typeof TOKEN_ERRORS): ApiResponse =>
  tokenResponse(400, { error, error_description: TOKEN_ERRORS[error], request_id: randomUUID().replace(/-/g, "") });

/** extract_client_auth: HTTP Basic first (URL-decoded parts), else client_id/client_secret form fields. */
function clientAuth(request: ApiRequest, form: URLSearchParams): [string, string] {
  const header = String(request.headers.authorization ?? "");
  const [scheme, credentials] = header.split(" ", 2);
  if (scheme?.toLowerCase() === "basic" && credentials) {
    const decoded = Buffer.from(credentials, "base64").toString("utf8");
    const index = decoded.indexOf(":");
    if (index >= 0) {
      return [decodeURIComponent(decoded.slice(0, index)), decodeURIComponent(decoded.slice(index + 1))];
    }
  }
  return [form.get("client_id") ?? "", form.get("client_secret") ?? ""];
}

const secretMatches = (provider: OAuth2ProviderRow, secret: string): boolean =>
  provider.client_type === "public" || provider.client_secret === secret;

export const tokenOptions = (): ApiResponse => tokenResponse(200, {});

export function token(request: ApiRequest): ApiResponse {
  const { store } = request;
  const form = new URLSearchParams(request.rawBody.toString("utf8"));
  const [clientId, clientSecret] = clientAuth(request, form);
  const provider = store.providerByClientId(clientId);
  if (!provider) return tokenError("invalid_client");
  const grantType = form.get("grant_type") ?? "";
  const scope = (form.get("scope") ?? "").split(/\s+/).filter(Boolean);

  if (grantType === "authorization_code" || grantType === "refresh_token") {
    if (!secretMatches(provider, clientSecret)) return tokenError("invalid_client");
    const grants = grantType === "authorization_code" ? store.authorizationCodes : store.refreshTokens;
    const grant = grants.get(form.get(grantType === "authorization_code" ? "code" : "refresh_token") ?? "");
    if (!grant || grant.provider !== provider.pk || isExpired(grant)) return tokenError("invalid_grant");
    if (grantType === "authorization_code" && grant.redirectUri !== (form.get("redirect_uri") ?? "")) {
      return tokenError("invalid_grant");
    }
    const granted = grantType === "refresh_token" && scope.length > 0 ? scope : grant.scope;
    if (
      grantType === "refresh_token" &&
      (granted.some((s) => !grant.scope.includes(s)) || !granted.includes("offline_access"))
    ) {
      return tokenError("invalid_scope");
    }
    grants.delete(grant.token);
    const user = store.users.get(grant.user)!;
    return tokenResponse(200, issueTokens(store, request.origin, provider, user, { ...grant, scope: granted }));
  }
  if (grantType === "client_credentials" || grantType === "password") {
    // The standard form: the provider's own secret gets a generated service account; app-password and JWT
    // assertion forms are not emulated and fail as an unknown credential would.
    if (clientSecret === "" || clientSecret !== provider.client_secret) return tokenError("invalid_grant");
    const username = `ak-${provider.name}-client_credentials`;
    const user =
      store.userByUsername(username) ??
      store.addUser({ username, type: "service_account", path: "goauthentik.io/providers/oauth2" });
    return tokenResponse(
      200,
      issueTokens(store, request.origin, provider, user, { scope, authTime: Math.floor(Date.now() / 1000) }),
    );
  }
  return tokenError("unsupported_grant_type");
}
