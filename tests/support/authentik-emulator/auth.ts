// authentik's TokenAuthentication (authentik/api/authentication.py) and the permission check after it, with
// the bodies DRF sends: both failures are 403 because TokenAuthentication sets no WWW-Authenticate header.
import type { IncomingHttpHeaders } from "node:http";
import { type ApiResponse, detail } from "./http-types";
import type { Store } from "./store";
import type { UserRow } from "./types";

export const NOT_PROVIDED = "Authentication credentials were not provided.";
export const INVALID_TOKEN = "Token invalid/expired";
export const NO_PERMISSION = "You do not have permission to perform this action.";

export type AuthResult = { user?: UserRow; readOnly: boolean } | { response: ApiResponse };

/** validate_auth + auth_user_lookup: no header or another scheme is anonymous; a wrong bearer token fails. */
export function authenticate(headers: IncomingHttpHeaders, store: Store): AuthResult {
  const header = String(headers.authorization ?? "").trim();
  if (header === "" || !header.includes(" ")) return { readOnly: false };
  const space = header.indexOf(" ");
  const [scheme, credentials] = [header.slice(0, space), header.slice(space + 1)];
  if (scheme.toLowerCase() !== "bearer") return { readOnly: false };
  if (credentials === "") return { response: detail(403, "Malformed header") };
  const token = store.tokenFor(credentials);
  const user = token ? store.users.get(token.user) : undefined;
  if (!token || !user || !user.is_active) return { response: detail(403, INVALID_TOKEN) };
  return { user, readOnly: token.readOnly };
}

/** IsAuthenticated, then object permissions: a view-only token may only read. */
export function authorizeRequest(
  auth: { user?: UserRow; readOnly: boolean },
  method: string,
  required: boolean,
): ApiResponse | undefined {
  if (!auth.user) return required ? detail(403, NOT_PROVIDED) : undefined;
  if (auth.readOnly && !["GET", "HEAD", "OPTIONS"].includes(method)) return detail(403, NO_PERMISSION);
  return undefined;
}
