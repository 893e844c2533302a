// The OAuth2/OIDC views authentik mounts at /application/o/ (authentik/providers/oauth2/urls.py).
import type { Route } from "../router";
import { authorize } from "./authorize";
import { discovery, endSession, jwks, providerRoot } from "./provider-info";
import { token, tokenOptions } from "./token";
import { userinfo, userinfoOptions } from "./userinfo";

const view = (method: string, template: string, handler: Route["handler"]): Route => ({
  method,
  template,
  handler,
  auth: "none",
});

export const OIDC_ROUTES: Route[] = [
  view("GET", "/application/o/authorize/", authorize),
  view("POST", "/application/o/authorize/", authorize),
  view("POST", "/application/o/token/", token),
  view("OPTIONS", "/application/o/token/", tokenOptions),
  view("GET", "/application/o/userinfo/", userinfo),
  view("POST", "/application/o/userinfo/", userinfo),
  view("OPTIONS", "/application/o/userinfo/", userinfoOptions),
  view("GET", "/application/o/{slug}/", providerRoot),
  view("GET", "/application/o/{slug}/.well-known/openid-configuration", discovery),
  view("GET", "/application/o/{slug}/jwks/", jwks),
  view("GET", "/application/o/{slug}/end-session/", endSession),
];
