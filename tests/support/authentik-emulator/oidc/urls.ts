// The OAuth2 URLs authentik builds from the request (build_absolute_uri, so the Host the client used) and the
// application slug (authentik/providers/oauth2/urls.py, mounted at application/o/).
import type { OAuth2ProviderRow } from "../types";

export interface OAuthUrls {
  /** per_provider: <origin>/application/o/<slug>/; global: <origin>/; null while no application is bound. */
  issuer: string | null;
  authorize: string;
  token: string;
  userinfo: string;
  revoke: string;
  introspect: string;
  device: string;
  providerInfo: string | null;
  endSession: string | null;
  jwks: string | null;
}

export function oauthUrls(origin: string, provider: OAuth2ProviderRow, slug: string | undefined): OAuthUrls {
  const base = `${origin}/application/o/`;
  const perApp = (suffix: string): string | null => (slug === undefined ? null : `${base}${slug}/${suffix}`);
  return {
    issuer: provider.issuer_mode === "global" ? `${origin}/` : perApp(""),
    authorize: `${base}authorize/`,
    token: `${base}token/`,
    userinfo: `${base}userinfo/`,
    revoke: `${base}revoke/`,
    introspect: `${base}introspect/`,
    device: `${base}device/`,
    providerInfo: perApp(".well-known/openid-configuration"),
    endSession: perApp("end-session/"),
    jwks: perApp("jwks/"),
  };
}
