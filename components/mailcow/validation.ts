/**
 * `check` logic for the identity-provider resource: validate and normalise the inputs, fill defaults, and leave
 * values that are unknown during preview untouched (they are validated on the run that knows them).
 */
import { DEFAULT_SCOPES, normaliseBaseUrl, SETTING_KEYS } from "./settings";

/** The placeholder Pulumi sends for values not known yet during preview (runtime.unknownValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when the value or anything inside it is the preview placeholder. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Every input of the resource (anything else given to check is dropped). */
export const INPUT_KEYS = [
  "mailcowUrl",
  ...SETTING_KEYS,
  "clientSecret",
  "adoptExisting",
  "onDelete",
  "allowHttp",
] as const;

const URL_FIELDS = ["authorizeUrl", "tokenUrl", "userinfoUrl", "redirectUrl"] as const;
const BOOLEAN_DEFAULTS = { ignoreSslError: false, loginProvisioning: false, adoptExisting: false, allowHttp: false };

/** Why a URL is unacceptable, or undefined when it is fine. `allowHttp` undefined means "not known yet". */
export function urlProblem(value: string, allowHttp: boolean | undefined): string | undefined {
  if (value.trim() !== value || /\s/.test(value)) return "must not contain spaces";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a valid URL`;
  }
  if (url.username !== "" || url.password !== "") return "must not contain a user name or password";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:") {
    return allowHttp === false ? "must use https (set allowHttp: true for loopback or lab setups)" : undefined;
  }
  return `must use https, not ${url.protocol}`;
}

/** Validates and normalises the resource inputs (pure). */
export function checkInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
} {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  // Start from what was given so failing values still show up; then overwrite with normalised values.
  const inputs: Record<string, unknown> = {};
  for (const key of INPUT_KEYS) if (news[key] !== undefined) inputs[key] = news[key];

  for (const [key, fallback] of Object.entries(BOOLEAN_DEFAULTS)) {
    const value = news[key];
    if (value === undefined || value === null) inputs[key] = fallback;
    else if (typeof value === "boolean" || isUnknown(value)) inputs[key] = value;
    else fail(key, "must be true or false");
  }
  const allowHttp = typeof inputs.allowHttp === "boolean" ? inputs.allowHttp : undefined;

  // mailcowUrl identifies the mailcow instance; stored without a trailing slash.
  const mailcowUrl = news.mailcowUrl;
  if (isUnknown(mailcowUrl)) inputs.mailcowUrl = mailcowUrl;
  else if (typeof mailcowUrl !== "string" || mailcowUrl.trim() === "") fail("mailcowUrl", "is required");
  else {
    const problem = urlProblem(mailcowUrl.trim(), allowHttp);
    const url = problem === undefined ? new URL(mailcowUrl.trim()) : undefined;
    if (problem !== undefined) fail("mailcowUrl", problem);
    else if (url && (url.search !== "" || url.hash !== "")) fail("mailcowUrl", "must not have a query or fragment");
    inputs.mailcowUrl = normaliseBaseUrl(mailcowUrl);
  }

  for (const key of URL_FIELDS) {
    const value = news[key];
    if (isUnknown(value)) inputs[key] = value;
    else if (typeof value !== "string" || value.trim() === "") fail(key, "is required");
    else {
      // Not canonicalised: redirectUrl must match what the IdP has registered, character for character.
      const problem = urlProblem(value.trim(), allowHttp);
      if (problem !== undefined) fail(key, problem);
      inputs[key] = value.trim();
    }
  }

  const clientId = news.clientId;
  if (isUnknown(clientId)) inputs.clientId = clientId;
  else if (typeof clientId !== "string" || clientId.trim() === "") fail("clientId", "is required");
  else inputs.clientId = clientId.trim();

  // The secret is passed through byte for byte; it is never echoed in a reason.
  const clientSecret = news.clientSecret;
  if (isUnknown(clientSecret) || (typeof clientSecret === "string" && clientSecret !== "")) {
    inputs.clientSecret = clientSecret;
  } else fail("clientSecret", "is required (a non-empty string)");

  inputs.redirectUrlExtra = checkRedirectUrlExtra(news.redirectUrlExtra, allowHttp, fail);
  inputs.clientScopes = checkScopes(news.clientScopes, fail);
  inputs.templateMappings = checkMappings(news.templateMappings, fail);

  const defaultTemplate = news.defaultTemplate;
  if (defaultTemplate === undefined || defaultTemplate === null) inputs.defaultTemplate = "";
  else if (isUnknown(defaultTemplate)) inputs.defaultTemplate = defaultTemplate;
  else if (typeof defaultTemplate !== "string") fail("defaultTemplate", "must be a string");
  else if (defaultTemplate === "0") fail("defaultTemplate", 'must not be "0" (mailcow treats it as empty)');
  else inputs.defaultTemplate = defaultTemplate;

  const onDelete = news.onDelete;
  if (onDelete === undefined || onDelete === null) inputs.onDelete = "remove";
  else if (onDelete === "remove" || onDelete === "retain" || isUnknown(onDelete)) inputs.onDelete = onDelete;
  else fail("onDelete", 'must be "remove" or "retain"');

  // The host converts inputs with Struct.fromJavaScript, which rejects undefined anywhere.
  return { inputs: withoutUndefined(inputs) as Record<string, unknown>, failures };
}

/** Drops undefined object members and turns undefined array items into null. */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : withoutUndefined(item)));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, withoutUndefined(item)]),
    );
  }
  return value;
}

type Fail = (property: string, reason: string) => void;

function checkRedirectUrlExtra(value: unknown, allowHttp: boolean | undefined, fail: Fail): unknown {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    fail("redirectUrlExtra", "must be a list of URLs");
    return [];
  }
  return value.map((item, i) => {
    if (isUnknown(item)) return item;
    // mailcow's array_filter drops "" and "0" and stores the rest as an object that breaks SSO logins.
    if (typeof item !== "string" || item.trim() === "" || item.trim() === "0") {
      fail("redirectUrlExtra", `entry ${i} must be a non-empty URL (not "" or "0")`);
      return item;
    }
    const problem = urlProblem(item.trim(), allowHttp);
    if (problem !== undefined) fail("redirectUrlExtra", `entry ${i} ${problem}`);
    return item.trim();
  });
}

function checkScopes(value: unknown, fail: Fail): unknown {
  if (value === undefined || value === null) return [...DEFAULT_SCOPES];
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    fail("clientScopes", "must be a list of scope names");
    return [...DEFAULT_SCOPES];
  }
  const scopes: unknown[] = [];
  for (const [i, item] of value.entries()) {
    if (isUnknown(item)) scopes.push(item);
    else if (typeof item !== "string" || item.trim() === "" || /\s/.test(item.trim())) {
      fail("clientScopes", `entry ${i} must be one scope name without spaces`);
    } else if (!scopes.includes(item.trim())) scopes.push(item.trim());
  }
  if (!containsUnknown(scopes) && !scopes.includes("openid")) fail("clientScopes", 'must include "openid"');
  return scopes;
}

function checkMappings(value: unknown, fail: Fail): unknown {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    fail("templateMappings", "must be a list of { claimValue, template }");
    return [];
  }
  const seen = new Set<string>();
  return value.map((item, i) => {
    if (isUnknown(item)) return item;
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      fail("templateMappings", `entry ${i} must be an object { claimValue, template }`);
      return item;
    }
    const { claimValue, template } = item as Record<string, unknown>;
    for (const [name, field] of [
      ["claimValue", claimValue],
      ["template", template],
    ] as const) {
      if (isUnknown(field)) continue;
      // mailcow drops "" and "0" entries, which misaligns claim values and templates.
      if (typeof field !== "string" || field === "" || field === "0") {
        fail("templateMappings", `entry ${i}: ${name} must be a non-empty string other than "0"`);
      }
    }
    if (typeof claimValue === "string" && !isUnknown(claimValue)) {
      if (seen.has(claimValue)) fail("templateMappings", `entry ${i}: claimValue "${claimValue}" appears twice`);
      seen.add(claimValue);
    }
    return { claimValue, template };
  });
}
