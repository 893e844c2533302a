// providers/oauth2/ (authentik/providers/oauth2/api/providers.py): CRUD by integer pk, setup_urls, and the
// server-side defaults the model fills in (client ID and secret, token validities, grant types).
import { generateClientSecret, generateId } from "../ids";
import { type ApiRequest, type ApiResponse, json, notFound } from "../http-types";
import { booleanParam, multiParam } from "../pagination";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { Store } from "../store";
import type { OAuth2ProviderRow, RedirectUri } from "../types";
import {
  type Context,
  type FieldSpec,
  type Parsed,
  boolean,
  choice,
  intRef,
  list,
  string,
  unique,
  url,
  uuidRef,
} from "../validation";
import { providerBase } from "./nested";
import { oauthUrls } from "../oidc/urls";

export const GRANT_TYPES = [
  "authorization_code",
  "implicit",
  "hybrid",
  "refresh_token",
  "client_credentials",
  "password",
  "urn:ietf:params:oauth:grant-type:device_code",
];

const DURATION_KEYS = ["microseconds", "milliseconds", "seconds", "minutes", "hours", "days", "weeks"];

/** authentik.lib.utils.time.timedelta_from_string, in seconds; throws where Python raises ValueError. */
export function durationSeconds(expr: string): number {
  const factors: Record<string, number> = {
    microseconds: 1e-6,
    milliseconds: 1e-3,
    seconds: 1,
    minutes: 60,
    hours: 3600,
    days: 86400,
    weeks: 604800,
  };
  let total = 0;
  let keys = 0;
  for (const pair of expr.split(";")) {
    const parts = pair.split("=");
    if (parts.length !== 2) throw new Error("not a key=value pair");
    const key = parts[0].toLowerCase();
    if (!DURATION_KEYS.includes(key)) continue;
    const value = Number(parts[1].trim());
    if (parts[1].trim() === "" || Number.isNaN(value)) throw new Error("not a number");
    total += value * factors[key];
    keys += 1;
  }
  if (keys < 1) throw new Error("No valid keys to pass to timedelta");
  return total;
}

function duration(value: unknown): Parsed {
  const parsed = string()(value);
  if ("error" in parsed) return parsed;
  try {
    durationSeconds(String(parsed.value));
    return parsed;
  } catch {
    return { error: [`${String(parsed.value)} is not in the correct format of 'hours=3;minutes=1'.`] };
  }
}

/** RedirectURISerializer(many=True) plus OAuth2ProviderSerializer.validate_redirect_uris. */
function redirectUris(value: unknown): Parsed {
  if (!Array.isArray(value)) {
    const type =
      value === null
        ? "NoneType"
        : typeof value === "string"
          ? "str"
          : typeof value === "object"
            ? "dict"
            : typeof value === "boolean"
              ? "bool"
              : "int";
    return { error: { non_field_errors: [`Expected a list of items but got type "${type}".`] } };
  }
  const entries: RedirectUri[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const item of value) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      errors.push({
        non_field_errors: [
          `Invalid data. Expected a dictionary, but got ${Array.isArray(item) ? "list" : typeof item === "string" ? "str" : "int"}.`,
        ],
      });
      continue;
    }
    const raw = item as Record<string, unknown>;
    const itemErrors: Record<string, string[]> = {};
    const field = (name: string, parse: (v: unknown) => Parsed, fallback?: string): string | undefined => {
      if (!(name in raw)) {
        if (fallback === undefined) itemErrors[name] = ["This field is required."];
        return fallback;
      }
      if (raw[name] === null) {
        itemErrors[name] = ["This field may not be null."];
        return undefined;
      }
      const parsed = parse(raw[name]);
      if ("error" in parsed) itemErrors[name] = parsed.error as string[];
      return "error" in parsed ? undefined : String(parsed.value);
    };
    const matchingMode = field("matching_mode", choice(["strict", "regex"]));
    const target = field("url", string());
    const type = field("redirect_uri_type", choice(["authorization", "logout"]), "authorization");
    errors.push(itemErrors);
    if (Object.keys(itemErrors).length === 0) {
      entries.push({ matching_mode: matchingMode, url: target, redirect_uri_type: type } as RedirectUri);
    }
  }
  if (errors.some((entry) => Object.keys(entry).length > 0)) return { error: errors };
  for (const entry of entries) {
    if (entry.matching_mode !== "regex") continue;
    try {
      new RegExp(entry.url);
    } catch {
      return { error: [`Invalid Regex Pattern: ${entry.url}`] };
    }
  }
  return { value: entries };
}

const flowRef = uuidRef((store, pk) => store.flows.has(pk));
const keyPairRef = uuidRef((store, pk) => store.certificates.has(pk));
const providerRef = intRef((store, pk) => store.providers.has(pk));

const FIELDS: FieldSpec[] = [
  {
    name: "name",
    required: true,
    parse: string(),
    validators: [
      unique("provider with this name already exists.", (name, ctx) =>
        [...ctx.store.providers.values()].find((p) => p.name === name),
      ),
    ],
  },
  { name: "authentication_flow", allowNull: true, default: () => null, parse: flowRef },
  { name: "authorization_flow", required: true, parse: flowRef },
  { name: "invalidation_flow", required: true, parse: flowRef },
  { name: "property_mappings", default: () => [], parse: list(uuidRef((store, pk) => store.scopeMappings.has(pk))) },
  { name: "client_type", default: () => "confidential", parse: choice(["confidential", "public"]) },
  { name: "grant_types", default: () => [...GRANT_TYPES], parse: list(choice(GRANT_TYPES), { allowEmpty: false }) },
  {
    name: "client_id",
    default: () => generateId(),
    parse: string({ maxLength: 255 }),
    validators: [
      unique("OAuth2/OpenID Provider with this Client ID already exists.", (id, ctx) =>
        [...ctx.store.providers.values()].find((p) => p.client_id === id),
      ),
    ],
  },
  { name: "client_secret", default: generateClientSecret, parse: string({ allowBlank: true, maxLength: 255 }) },
  { name: "access_code_validity", default: () => "minutes=1", parse: duration },
  { name: "access_token_validity", default: () => "hours=1", parse: duration },
  { name: "refresh_token_validity", default: () => "days=30", parse: duration },
  { name: "refresh_token_threshold", default: () => "seconds=0", parse: duration },
  { name: "include_claims_in_id_token", default: () => true, parse: boolean },
  { name: "signing_key", allowNull: true, default: () => null, parse: keyPairRef },
  { name: "encryption_key", allowNull: true, default: () => null, parse: keyPairRef },
  { name: "redirect_uris", required: true, parse: redirectUris },
  { name: "logout_uri", default: () => "", parse: url({ allowBlank: true }) },
  { name: "logout_method", default: () => "backchannel", parse: choice(["backchannel", "frontchannel"]) },
  {
    name: "sub_mode",
    default: () => "hashed_user_id",
    parse: choice(["hashed_user_id", "user_id", "user_uuid", "user_username", "user_email", "user_upn"]),
  },
  { name: "issuer_mode", default: () => "per_provider", parse: choice(["global", "per_provider"]) },
  // No OAuth sources are emulated, so any given source is one that does not exist.
  { name: "jwt_federation_sources", default: () => [], parse: list(uuidRef(() => false)) },
  {
    name: "jwt_federation_providers",
    default: () => [],
    parse: list((v: unknown, ctx: Context) => providerRef(v, ctx)),
  },
];

export function serializeOAuth2Provider(provider: OAuth2ProviderRow, request: ApiRequest) {
  const { pk: _pk, name: _name, ...own } = provider;
  return { ...providerBase(provider, request.store), ...own };
}

const FILTERS = [
  "name",
  "client_id",
  "authorization_flow",
  "client_type",
  "issuer_mode",
  "sub_mode",
  "signing_key",
  "access_code_validity",
  "access_token_validity",
  "refresh_token_validity",
] as const;

export const oauth2ProviderSpec: ResourceSpec<OAuth2ProviderRow> = {
  model: "OAuth2Provider",
  rows: (store) => [...store.providers.values()],
  lookup: (store, id) => (/^\d+$/.test(id) ? store.providers.get(Number(id)) : undefined),
  serialize: serializeOAuth2Provider,
  filter: (rows, { query, store }) =>
    rows.filter((provider) => {
      if (FILTERS.some((name) => query.has(name) && String(provider[name]) !== query.get(name))) return false;
      const claims = booleanParam(query, "include_claims_in_id_token");
      if (claims !== undefined && provider.include_claims_in_id_token !== claims) return false;
      const app = query.get("application");
      if (app !== null && store.applicationOfProvider(provider.pk)?.pk !== app) return false;
      const mappings = multiParam(query, "property_mappings");
      return mappings.length === 0 || mappings.some((pk) => provider.property_mappings.includes(pk));
    }),
  searchFields: [(p) => p.name],
  ordering: ["name"],
  fields: FIELDS,
  insert: (values, store) => {
    const provider = { pk: store.nextProviderPk(), ...values } as OAuth2ProviderRow;
    store.providers.set(provider.pk, provider);
    return provider;
  },
  remove: (provider, store) => removeProvider(provider.pk, store),
};

/** Provider deletion: Application.provider is SET_DEFAULT (null); many-to-many references just go. */
export function removeProvider(pk: number, store: Store): void {
  store.providers.delete(pk);
  for (const app of store.applications.values()) {
    if (app.provider === pk) app.provider = null;
    app.backchannel_providers = app.backchannel_providers.filter((other) => other !== pk);
  }
  for (const other of store.providers.values()) {
    other.jwt_federation_providers = other.jwt_federation_providers.filter((id) => id !== pk);
  }
}

/** setup_urls: as authentik answers it, including the unbound case (no issuer, no provider_info, no jwks key). */
export function setupUrls(request: ApiRequest): ApiResponse {
  const id = request.params.id;
  const provider = /^\d+$/.test(id) ? request.store.providers.get(Number(id)) : undefined;
  if (!provider) return notFound("OAuth2Provider");
  const app = request.store.applicationOfProvider(provider.pk);
  const urls = oauthUrls(request.origin, provider, app?.slug);
  const body: Record<string, unknown> = {
    issuer: urls.issuer,
    authorize: urls.authorize,
    token: urls.token,
    user_info: urls.userinfo,
    provider_info: null,
    logout: null,
  };
  if (app) Object.assign(body, { provider_info: urls.providerInfo, logout: urls.endSession, jwks: urls.jwks });
  return json(200, body);
}

export const oauth2ProviderHandlers = resourceHandlers(oauth2ProviderSpec, "id");
