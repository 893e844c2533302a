/**
 * Pure helpers between the provider's view of the generic-oidc settings and mailcow's storage format:
 * render desired settings as an edit `attr`, normalise what GET returns, and compare the two.
 */
import { DEFAULT_SCOPES } from "../rules";

export interface TemplateMapping {
  /** The value of the `mailcow_template` claim (a claim value, not a claim name). */
  claimValue: string;
  /** The mailbox template applied when the claim has that value. */
  template: string;
}

/** The generic-oidc settings the provider manages, normalised (no secrets). */
export interface OidcSettings {
  authorizeUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  clientId: string;
  redirectUrl: string;
  redirectUrlExtra: string[];
  clientScopes: string[];
  ignoreSslError: boolean;
  loginProvisioning: boolean;
  /** "" means no default template. */
  defaultTemplate: string;
  templateMappings: TemplateMapping[];
}

export const SETTING_KEYS = [
  "authorizeUrl",
  "tokenUrl",
  "userinfoUrl",
  "clientId",
  "redirectUrl",
  "redirectUrlExtra",
  "clientScopes",
  "ignoreSslError",
  "loginProvisioning",
  "defaultTemplate",
  "templateMappings",
] as const satisfies readonly (keyof OidcSettings)[];

/** What mailcow currently has configured, with stale keys of other authsources dropped. */
export interface ObservedIdentityProvider {
  /** null when nothing is configured (GET returns only {"login_provisioning": 1}). */
  authsource: string | null;
  /** The client ID of whatever is configured (keycloak has one too); for messages. */
  clientId: string | null;
  /** Present only when authsource is generic-oidc. */
  settings: OidcSettings | null;
  /** generic-oidc client secret as stored (plaintext: never put it in outputs or messages). */
  clientSecret: string | null;
  /** Keys the provider expected but mailcow did not return (e.g. redirect_url_extra before 2025-05). */
  missing: string[];
}

/** mailcow stores false as "", true as "1"; GET types some flags and reports login_provisioning as int 1. */
export function toBool(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") return value !== "" && value !== "0";
  return false;
}

/**
 * GET returns list settings as arrays, or as objects when PHP's array_filter left gaps in the keys
 * ({"0":"a","2":"c"}); a non-array value was wrapped into a list by mailcow. null/absent → [].
 */
export function toList(value: unknown): string[] {
  if (value === null || value === undefined || value === "") return [];
  if (Array.isArray(value)) return value.map((item) => String(item));
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => String(item));
  }
  return [String(value)];
}

/** "openid  profile" → ["openid","profile"]; "" → mailcow's default scope list. */
export function toScopes(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.join(" ") : typeof value === "string" ? value : "";
  const scopes = raw.split(/\s+/).filter((scope) => scope !== "");
  return scopes.length > 0 ? scopes : [...DEFAULT_SCOPES];
}

function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}

/** Turns mailcow's GET output into typed settings, ignoring stale keys and the phantom ignore_ssl_errors. */
export function normaliseStored(raw: Record<string, unknown>): ObservedIdentityProvider {
  const authsource = typeof raw.authsource === "string" && raw.authsource !== "" ? raw.authsource.toLowerCase() : null;
  const clientId = typeof raw.client_id === "string" ? raw.client_id : null;
  if (authsource !== "generic-oidc") {
    return {
      authsource,
      clientId: authsource === null ? null : clientId,
      settings: null,
      clientSecret: null,
      missing: [],
    };
  }
  const missing = ["redirect_url_extra", "mappers", "templates"].filter((key) => !(key in raw));
  const mappers = toList(raw.mappers);
  const templates = toList(raw.templates);
  const pairs = Math.min(mappers.length, templates.length);
  return {
    authsource,
    clientId: clientId ?? "",
    clientSecret: str(raw.client_secret),
    missing,
    settings: {
      authorizeUrl: str(raw.authorize_url),
      tokenUrl: str(raw.token_url),
      userinfoUrl: str(raw.userinfo_url),
      clientId: clientId ?? "",
      redirectUrl: str(raw.redirect_url),
      redirectUrlExtra: toList(raw.redirect_url_extra),
      clientScopes: toScopes(raw.client_scopes),
      ignoreSslError: toBool(raw.ignore_ssl_error),
      // Absent key: mailcow (2025-05+) reports int 1 and provisions at login, so true is the effective value.
      loginProvisioning: "login_provisioning" in raw ? toBool(raw.login_provisioning) : true,
      defaultTemplate: str(raw.default_template),
      templateMappings: Array.from({ length: pairs }, (_, i) => ({ claimValue: mappers[i], template: templates[i] })),
    },
  };
}

/**
 * The complete generic-oidc attribute set for edit/test. Everything is always sent: mailcow turns omitted booleans
 * into false, and only explicit empty values clear redirect_url_extra, default_template and the mappings.
 */
export function renderAttr(settings: OidcSettings, clientSecret: string): Record<string, unknown> {
  return {
    authsource: "generic-oidc",
    authorize_url: settings.authorizeUrl,
    token_url: settings.tokenUrl,
    userinfo_url: settings.userinfoUrl,
    client_id: settings.clientId,
    client_secret: clientSecret,
    redirect_url: settings.redirectUrl,
    redirect_url_extra: [...settings.redirectUrlExtra],
    client_scopes: settings.clientScopes.join(" "),
    ignore_ssl_error: settings.ignoreSslError,
    login_provisioning: settings.loginProvisioning,
    default_template: settings.defaultTemplate,
    // Dense and of equal length, or mailcow silently drops both.
    mappers: settings.templateMappings.map((mapping) => mapping.claimValue),
    templates: settings.templateMappings.map((mapping) => mapping.template),
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Names of the settings that differ (in SETTING_KEYS order). */
export function changedSettings(desired: OidcSettings, actual: OidcSettings): (keyof OidcSettings)[] {
  return SETTING_KEYS.filter((key) => !sameValue(desired[key], actual[key]));
}

/** Picks the settings part out of a wider record (e.g. recorded outputs); undefined if any key is absent. */
export function pickSettings(record: Record<string, unknown>): OidcSettings | undefined {
  for (const key of SETTING_KEYS) if (!(key in record) || record[key] === null) return undefined;
  const mappings = record.templateMappings as { claimValue?: unknown; template?: unknown }[];
  return {
    authorizeUrl: str(record.authorizeUrl),
    tokenUrl: str(record.tokenUrl),
    userinfoUrl: str(record.userinfoUrl),
    clientId: str(record.clientId),
    redirectUrl: str(record.redirectUrl),
    redirectUrlExtra: toList(record.redirectUrlExtra),
    clientScopes: toScopes(record.clientScopes),
    ignoreSslError: toBool(record.ignoreSslError),
    loginProvisioning: toBool(record.loginProvisioning),
    defaultTemplate: str(record.defaultTemplate),
    templateMappings: Array.isArray(mappings)
      ? mappings.map((mapping) => ({ claimValue: str(mapping?.claimValue), template: str(mapping?.template) }))
      : [],
  };
}
