// The route table: every API operation the emulator serves, named by its OpenAPI path template and method so
// the fidelity tests can hold it against schema.yml, plus the OAuth2/OIDC views under /application/o/.
import type { Handler } from "./http-types";
import { applicationHandlers as apps } from "./resources/applications";
import { certificateHandlers as certs, viewCertificate, viewPrivateKey } from "./resources/certificates";
import { flowHandlers as flows } from "./resources/flows";
import { groupHandlers as groups } from "./resources/groups";
import { oauth2ProviderHandlers as oauth2, setupUrls } from "./resources/oauth2-providers";
import { bindingHandlers as bindings } from "./resources/policy-bindings";
import { expressionPolicyHandlers as expressionPolicies, policyAllHandlers as allPolicies } from "./resources/policies";
import { providerAllHandlers as allProviders } from "./resources/providers-all";
import { rootConfig } from "./resources/root-config";
import { scopeMappingHandlers as scopes } from "./resources/scope-mappings";
import { userHandlers as users } from "./resources/users";
import { OIDC_ROUTES } from "./oidc/routes";

export interface Route {
  method: string;
  /** For API routes the schema's path template (relative to /api/v3); for OIDC routes the full path. */
  template: string;
  handler: Handler;
  /** "token": needs a valid API token; "optional": anonymous allowed (schema security includes {}); "none": OIDC. */
  auth: "token" | "optional" | "none";
}

const api = (method: string, template: string, handler: Handler, auth: Route["auth"] = "token"): Route => ({
  method,
  template,
  handler,
  auth,
});

type Crud = {
  list: Handler;
  create: Handler;
  retrieve: Handler;
  update: Handler;
  partialUpdate: Handler;
  destroy: Handler;
};

function crud(collection: string, param: string, handlers: Crud, actions = "lcrupd"): Route[] {
  const detailPath = `${collection}{${param}}/`;
  const table: [string, string, string, Handler][] = [
    ["l", "GET", collection, handlers.list],
    ["c", "POST", collection, handlers.create],
    ["r", "GET", detailPath, handlers.retrieve],
    ["u", "PUT", detailPath, handlers.update],
    ["p", "PATCH", detailPath, handlers.partialUpdate],
    ["d", "DELETE", detailPath, handlers.destroy],
  ];
  return table
    .filter(([action]) => actions.includes(action))
    .map(([, method, path, handler]) => api(method, path, handler));
}

export const API_ROUTES: Route[] = [
  api("GET", "/root/config/", rootConfig, "optional"),
  ...crud("/core/applications/", "slug", apps),
  ...crud("/core/groups/", "group_uuid", groups),
  ...crud("/core/users/", "id", users, "lr"),
  ...crud("/providers/oauth2/", "id", oauth2),
  api("GET", "/providers/oauth2/{id}/setup_urls/", setupUrls),
  ...crud("/providers/all/", "id", allProviders, "lrd"),
  ...crud("/policies/bindings/", "policy_binding_uuid", bindings),
  ...crud("/policies/expression/", "policy_uuid", expressionPolicies),
  ...crud("/policies/all/", "policy_uuid", allPolicies, "r"),
  ...crud("/propertymappings/provider/scope/", "pm_uuid", scopes),
  ...crud("/crypto/certificatekeypairs/", "kp_uuid", certs, "lr"),
  api("GET", "/crypto/certificatekeypairs/{kp_uuid}/view_certificate/", viewCertificate),
  api("GET", "/crypto/certificatekeypairs/{kp_uuid}/view_private_key/", viewPrivateKey),
  ...crud("/flows/instances/", "slug", flows, "lr"),
];

export const API_PREFIX = "/api/v3";

export const ROUTES: Route[] = [
  ...API_ROUTES.map((route) => ({ ...route, template: API_PREFIX + route.template })),
  ...OIDC_ROUTES,
];

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const name = /^\{(\w+)\}$/.exec(want[i])?.[1];
    if (name === undefined) {
      if (want[i] !== got[i]) return undefined;
    } else {
      // DRF's default lookup_value_regex: [^/.]+
      if (!/^[^/.]+$/.test(got[i])) return undefined;
      params[name] = decodeURIComponent(got[i]);
    }
  }
  return params;
}

export type Match = { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined;

/** The route for a method and path; literal segments win over parameters; {allowed} when only the method is wrong. */
export function matchRoute(method: string, path: string): Match {
  const candidates = ROUTES.map((route) => ({ route, params: matchTemplate(route.template, path) }))
    .filter(
      (candidate): candidate is { route: Route; params: Record<string, string> } => candidate.params !== undefined,
    )
    .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  if (candidates.length === 0) return undefined;
  const fewest = Object.keys(candidates[0].params).length;
  const best = candidates.filter((c) => Object.keys(c.params).length === fewest);
  const hit = best.find((c) => c.route.method === method || (method === "HEAD" && c.route.method === "GET"));
  return hit ?? { allowed: [...new Set(best.map((c) => c.route.method))] };
}
