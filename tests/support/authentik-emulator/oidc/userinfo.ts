// /application/o/userinfo/ (authentik/providers/oauth2/views/userinfo.py): a Bearer access token (header, or
// access_token in the form/query) gets the sub and the granted scopes' claims; anything else a 401 naming
// invalid_token in WWW-Authenticate, as RFC 6750 asks.
import type { ApiRequest, ApiResponse } from "../http-types";
import { scopeClaims, subjectOf } from "./claims";
import { isExpired } from "./grants";

const INVALID_TOKEN: ApiResponse = {
  status: 401,
  headers: {
    "WWW-Authenticate":
      'error="invalid_token", error_description="The access token provided is expired, revoked, malformed, or invalid for other reasons"',
    "Content-Type": "text/html; charset=utf-8",
  },
  text: "",
};

export function userinfo(request: ApiRequest): ApiResponse {
  const header = String(request.headers.authorization ?? "");
  const form = new URLSearchParams(request.method === "POST" ? request.rawBody.toString("utf8") : "");
  const raw = /^bearer\s+/i.test(header)
    ? header.replace(/^bearer\s+/i, "")
    : (form.get("access_token") ?? request.query.get("access_token") ?? "");
  const grant = request.store.accessTokens.get(raw);
  if (!grant || isExpired(grant)) return INVALID_TOKEN;
  const provider = request.store.providers.get(grant.provider);
  const user = request.store.users.get(grant.user);
  if (!provider || !user) return INVALID_TOKEN;
  const claims = scopeClaims(request.store, provider, user, grant.scope);
  return { status: 200, json: { ...claims, sub: subjectOf(request.store, provider, user) } };
}

export const userinfoOptions = (): ApiResponse => ({
  status: 200,
  text: "",
  headers: { "Content-Type": "text/html; charset=utf-8" },
});
