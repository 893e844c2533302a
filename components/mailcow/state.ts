/**
 * The resource's recorded state (outputs) and the offline diff between it and new inputs. Pure, apart from the
 * HMAC that lets diff compare the client secret without the secret ever being stored in outputs.
 */
import { createHmac, randomBytes } from "node:crypto";
import { canonicalBaseUrl, containsUnknown, urlProblem } from "../rules";
import { type OidcSettings, SETTING_KEYS, pickSettings } from "./settings";

/**
 * Bump when the provider's behaviour changes in a way existing stacks should pick up (rendering, normalisation,
 * verification, where the code lives): diff reports a change on a different version, so the next `pulumi up`
 * re-verifies and rewrites the state (and with it the stored `__provider`). See README.md, "Versions".
 *   1: the whole provider serialized by value into `__provider`.
 *   2: `__provider` is a small shell that loads @mailcow-sso/mailcow-provider from disk.
 */
export const PROVIDER_VERSION = "2";

export type OnDelete = "remove" | "retain";

/** The outputs of a MailcowIdentityProvider: what mailcow reports, normalised, plus bookkeeping. No secret. */
export interface IdentityProviderState extends OidcSettings {
  mailcowUrl: string;
  authsource: "generic-oidc";
  adoptExisting: boolean;
  onDelete: OnDelete;
  allowHttp: boolean;
  /** HMAC-SHA256 of the client secret keyed with clientSecretSalt (listed in additionalSecretOutputs too). */
  clientSecretDigest: string;
  /** Random per resource, so equal secrets in two stacks give different digests. */
  clientSecretSalt: string;
  providerVersion: string;
}

/** The list of outputs, written once (the compiler checks it against IdentityProviderState). */
const OUTPUT_FIELDS: Record<keyof IdentityProviderState, true> = {
  mailcowUrl: true,
  authsource: true,
  authorizeUrl: true,
  tokenUrl: true,
  userinfoUrl: true,
  clientId: true,
  redirectUrl: true,
  redirectUrlExtra: true,
  clientScopes: true,
  ignoreSslError: true,
  loginProvisioning: true,
  defaultTemplate: true,
  templateMappings: true,
  adoptExisting: true,
  onDelete: true,
  allowHttp: true,
  clientSecretDigest: true,
  clientSecretSalt: true,
  providerVersion: true,
};
export const OUTPUT_KEYS = Object.keys(OUTPUT_FIELDS) as (keyof IdentityProviderState)[];

/** Outputs that are the provider's bookkeeping rather than what mailcow holds. */
const BOOKKEEPING_KEYS = [
  "adoptExisting",
  "onDelete",
  "allowHttp",
  "clientSecretDigest",
  "clientSecretSalt",
  "providerVersion",
] as const satisfies readonly (keyof IdentityProviderState)[];

/** mailcow's setting as a stack reports it: the outputs without bookkeeping (and so without the secret digest). */
export type IdentityProviderSummary = Omit<IdentityProviderState, (typeof BOOKKEEPING_KEYS)[number]>;
export const SUMMARY_KEYS = OUTPUT_KEYS.filter(
  (key): key is keyof IdentityProviderSummary => !(BOOKKEEPING_KEYS as readonly string[]).includes(key),
);

/** Properties whose change never needs a request to mailcow. */
export const LOCAL_ONLY_PROPERTIES = ["onDelete"];

export function newSalt(): string {
  return randomBytes(16).toString("hex");
}

export function secretDigest(salt: string, secret: string): string {
  return `hmac-sha256:${createHmac("sha256", salt).update(secret, "utf8").digest("hex")}`;
}

/** How the provider identifies one mailcow: the canonical base URL, or (for older state) the text without "/". */
export function mailcowUrlOf(value: unknown): string {
  const text = String(value ?? "").trim();
  return urlProblem(text, { base: true }) === undefined ? canonicalBaseUrl(text) : text.replace(/\/+$/, "");
}

export interface LocalFields {
  mailcowUrl: string;
  onDelete: OnDelete;
  adoptExisting: boolean;
  allowHttp: boolean;
  providerVersion?: string;
}

/** Local (not stored in mailcow) fields from checked inputs or recorded outputs of any version. */
export function localFields(record: Record<string, unknown>): LocalFields {
  return {
    mailcowUrl: mailcowUrlOf(record.mailcowUrl),
    onDelete: record.onDelete === "retain" ? "retain" : "remove",
    adoptExisting: record.adoptExisting === true,
    allowHttp: record.allowHttp === true,
  };
}

/** Assembles outputs; `local` supplies the fields mailcow does not store. */
export function buildState(
  local: LocalFields,
  settings: OidcSettings,
  secret: { salt: string; digest: string },
): IdentityProviderState {
  return {
    mailcowUrl: local.mailcowUrl,
    authsource: "generic-oidc",
    authorizeUrl: settings.authorizeUrl,
    tokenUrl: settings.tokenUrl,
    userinfoUrl: settings.userinfoUrl,
    clientId: settings.clientId,
    redirectUrl: settings.redirectUrl,
    redirectUrlExtra: [...settings.redirectUrlExtra],
    clientScopes: [...settings.clientScopes],
    ignoreSslError: settings.ignoreSslError,
    loginProvisioning: settings.loginProvisioning,
    defaultTemplate: settings.defaultTemplate,
    templateMappings: settings.templateMappings.map((m) => ({ claimValue: m.claimValue, template: m.template })),
    adoptExisting: local.adoptExisting,
    onDelete: local.onDelete,
    allowHttp: local.allowHttp,
    clientSecretDigest: secret.digest,
    clientSecretSalt: secret.salt,
    providerVersion: local.providerVersion ?? PROVIDER_VERSION,
  };
}

/**
 * Which properties would change (offline: compares new inputs with recorded outputs of any version). Unknown
 * inputs count as a change; so do a missing or different provider version and a different mailcow URL.
 */
export function changedProperties(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const changed: string[] = [];
  if (olds.providerVersion !== PROVIDER_VERSION) changed.push("providerVersion");

  const keys = ["mailcowUrl", ...SETTING_KEYS, "clientSecret", ...LOCAL_ONLY_PROPERTIES];
  const unknown = keys.filter((key) => containsUnknown(news[key]));
  changed.push(...unknown);
  if (unknown.length > 0) return changed;

  if (mailcowUrlOf(olds.mailcowUrl) !== mailcowUrlOf(news.mailcowUrl)) changed.push("mailcowUrl");
  const recorded = pickSettings(olds);
  const desired = pickSettings(news);
  if (recorded === undefined || desired === undefined) changed.push(...SETTING_KEYS);
  else {
    for (const key of SETTING_KEYS) {
      if (JSON.stringify(recorded[key]) !== JSON.stringify(desired[key])) changed.push(key);
    }
  }
  const salt = typeof olds.clientSecretSalt === "string" ? olds.clientSecretSalt : "";
  if (
    salt === "" ||
    typeof news.clientSecret !== "string" ||
    secretDigest(salt, news.clientSecret) !== olds.clientSecretDigest
  ) {
    changed.push("clientSecret");
  }
  if ((olds.onDelete ?? "remove") !== (news.onDelete ?? "remove")) changed.push("onDelete");
  return [...new Set(changed)];
}
