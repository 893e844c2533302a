import { canonicalBaseUrl, urlProblem } from "../rules";

/** authentik's OAuth2/OIDC endpoints for one application. All of them live on the authentik host. */
export interface OidcEndpoints {
  issuer: string;
  discovery: string;
  authorize: string;
  token: string;
  userinfo: string;
  endSession: string;
  jwks: string;
}

export type IssuerMode = "per_provider" | "global";

/**
 * Derives the endpoints from authentik's base URL, as authentik/providers/oauth2/urls.py mounts them under
 * /application/o/. The starting guide put these on the mailcow host; deriving them here makes that impossible.
 */
export function oidcEndpoints(
  authentikUrl: string,
  slug: string,
  issuerMode: IssuerMode = "per_provider",
): OidcEndpoints {
  const problem = urlProblem(authentikUrl, { base: true });
  if (problem !== undefined) throw new Error(`the authentik URL ${problem} (got ${authentikUrl})`);
  const root = canonicalBaseUrl(authentikUrl);
  const app = `${root}/application/o/${encodeURIComponent(slug)}`;
  return {
    issuer: issuerMode === "global" ? `${root}/` : `${app}/`,
    discovery: `${app}/.well-known/openid-configuration`,
    authorize: `${root}/application/o/authorize/`,
    token: `${root}/application/o/token/`,
    userinfo: `${root}/application/o/userinfo/`,
    endSession: `${app}/end-session/`,
    jwks: `${app}/jwks/`,
  };
}
