// The per-application OIDC documents (authentik/providers/oauth2/views/provider.py, jwks.py, end_session.py):
// discovery with the issuer per issuer_mode, the JWKS of the signing and encryption keys, RP-initiated logout.
import { type ApiRequest, type ApiResponse, json, pageNotFound } from "../http-types";
import type { OAuth2ProviderRow } from "../types";
import { providerMappings, supportedClaims } from "./claims";
import { jwkFor, signingAlgorithm } from "./jwt";
import { oauthUrls } from "./urls";

/** Application by slug, then its OAuth2 provider: each missing one is Django's plain 404. */
function boundProvider(request: ApiRequest): OAuth2ProviderRow | undefined {
  const app = request.store.applicationBySlug(request.params.slug);
  return app && app.provider !== null ? request.store.providers.get(app.provider) : undefined;
}

export function discovery(request: ApiRequest): ApiResponse {
  const provider = boundProvider(request);
  if (!provider) return pageNotFound();
  const { store } = request;
  const urls = oauthUrls(request.origin, provider, request.params.slug);
  const scopes = providerMappings(store, provider).map((mapping) => mapping.scope_name);
  if (!scopes.includes("openid")) scopes.push("openid");
  const key = provider.signing_key ? store.certificates.get(provider.signing_key) : undefined;
  const body = {
    issuer: urls.issuer,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    userinfo_endpoint: urls.userinfo,
    end_session_endpoint: urls.endSession,
    introspection_endpoint: urls.introspect,
    revocation_endpoint: urls.revoke,
    device_authorization_endpoint: urls.device,
    response_types_supported: [
      "code",
      "id_token",
      "id_token token",
      "code token",
      "code id_token",
      "code id_token token",
    ],
    response_modes_supported: ["query", "fragment", "form_post"],
    jwks_uri: urls.jwks,
    grant_types_supported: provider.grant_types,
    id_token_signing_alg_values_supported: [signingAlgorithm(provider, key)],
    subject_types_supported: ["public"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    acr_values_supported: ["goauthentik.io/providers/oauth2/default"],
    scopes_supported: scopes,
    request_parameter_supported: false,
    claims_supported: supportedClaims(store, provider),
    claims_parameter_supported: false,
    code_challenge_methods_supported: ["plain", "S256"],
  };
  // JsonResponse(json_dumps_params={"indent": 2})
  return { status: 200, headers: { "Content-Type": "application/json" }, text: JSON.stringify(body, null, 2) };
}

export function jwks(request: ApiRequest): ApiResponse {
  const provider = boundProvider(request);
  if (!provider) return pageNotFound();
  const keys = [
    ["sig", provider.signing_key],
    ["enc", provider.encryption_key],
  ] as const;
  const body: { keys?: unknown[] } = {};
  for (const [use, pk] of keys) {
    const pair = pk ? request.store.certificates.get(pk) : undefined;
    if (pair && pair.key_data) (body.keys ??= []).push(jwkFor(pair, use));
  }
  return json(200, body, { "Access-Control-Allow-Origin": "*" });
}

/** /application/o/<slug>/ redirects to the discovery document. */
export function providerRoot(request: ApiRequest): ApiResponse {
  if (!boundProvider(request)) return pageNotFound();
  return {
    status: 302,
    headers: { Location: `/application/o/${request.params.slug}/.well-known/openid-configuration` },
    text: "",
  };
}

/** RP-initiated logout hands over to the provider's invalidation flow. */
export function endSession(request: ApiRequest): ApiResponse {
  const provider = boundProvider(request);
  if (!provider) return pageNotFound();
  const flow = request.store.flows.get(provider.invalidation_flow);
  const query = request.query.toString();
  const location = `/if/flow/${flow?.slug ?? "default-provider-invalidation-flow"}/${query ? `?${query}` : ""}`;
  return { status: 302, headers: { Location: location }, text: "" };
}
