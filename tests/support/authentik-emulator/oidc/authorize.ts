// /application/o/authorize/ (authentik/providers/oauth2/views/authorize.py), reduced to what a client sees
// without a browser session: an unknown client or a redirect URI that matches no authorization entry is an error
// page; otherwise the user is sent to log in, or, when a user is signed in (Store.signedIn), gets a code.
import type { ApiRequest, ApiResponse } from "../http-types";
import { passes } from "../policy-engine";
import type { OAuth2ProviderRow } from "../types";
import { issueCode } from "./grants";

function errorPage(status: number, title: string, description: string): ApiResponse {
  return {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8" },
    text: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${description}</p></body></html>\n`,
  };
}

/** Strict entries compare exactly, regex entries must match the whole URI (re.fullmatch). */
export function redirectAllowed(provider: OAuth2ProviderRow, uri: string, type: "authorization" | "logout"): boolean {
  return provider.redirect_uris
    .filter((entry) => entry.redirect_uri_type === type)
    .some((entry) => {
      if (entry.matching_mode === "strict") return entry.url === uri;
      try {
        return new RegExp(`^(?:${entry.url})$`).test(uri);
      } catch {
        return false;
      }
    });
}

export function authorize(request: ApiRequest): ApiResponse {
  const params = request.method === "POST" ? new URLSearchParams(request.rawBody.toString("utf8")) : request.query;
  const { store } = request;
  const clientId = params.get("client_id") ?? "";
  const provider = store.providerByClientId(clientId);
  if (!provider) return errorPage(400, "Client ID Error", "The client identifier (client_id) is missing or invalid.");
  const redirectUri = params.get("redirect_uri") ?? "";
  // A provider without any redirect URI learns the first one used, as authentik does.
  if (provider.redirect_uris.length === 0 && redirectUri !== "") {
    provider.redirect_uris.push({ matching_mode: "strict", url: redirectUri, redirect_uri_type: "authorization" });
  }
  if (!redirectAllowed(provider, redirectUri, "authorization")) {
    return errorPage(
      400,
      "Redirect URI Error",
      "The request fails due to a missing, invalid, or mismatching redirection URI (redirect_uri).",
    );
  }
  const state = params.get("state");
  let target: URL;
  try {
    target = new URL(redirectUri);
  } catch {
    return errorPage(400, "Redirect URI Error", "The redirect URI is not a URL the error can be returned to.");
  }
  if (params.get("response_type") !== "code") {
    target.searchParams.set("error", "unsupported_response_type");
    target.searchParams.set(
      "error_description",
      "The authorization server does not support obtaining an authorization code using this method",
    );
    if (state) target.searchParams.set("state", state);
    return { status: 302, headers: { Location: target.toString() }, text: "" };
  }
  const user = store.signedIn === undefined ? undefined : store.users.get(store.signedIn);
  if (!user) {
    const next = encodeURIComponent(`${request.path}?${params.toString()}`);
    return { status: 302, headers: { Location: `/flows/-/default/authentication/?next=${next}` }, text: "" };
  }
  const app = store.applicationOfProvider(provider.pk);
  if (!app || !passes(store, app.pk, app.policy_engine_mode, user.pk)) {
    return errorPage(403, "Permission denied", "Request has been denied.");
  }
  const scope = (params.get("scope") ?? "").split(/\s+/).filter(Boolean);
  target.searchParams.set(
    "code",
    issueCode(store, provider, user, redirectUri, scope, params.get("nonce") ?? undefined),
  );
  if (state) target.searchParams.set("state", state);
  return { status: 302, headers: { Location: target.toString() }, text: "" };
}
