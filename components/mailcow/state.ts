/**
 * The resource's recorded state (outputs) and the offline diff between it and new inputs. Pure, apart from the
 * HMAC that lets diff compare the client secret without the secret ever being stored in outputs.
 */
import { type OidcSettings, SETTING_KEYS, normaliseBaseUrl, pickSettings } from "./settings";
import { containsUnknown } from "./validation";

/**
 * Bump when the provider's behaviour changes in a way existing stacks should pick up (rendering, normalisation,
 * verification): diff reports a change on a different version, so the next `pulumi up` rewrites and re-verifies.
 */
export const PROVIDER_VERSION = "1";

export type OnDelete = "remove" | "retain";

/** The outputs of a MailcowIdentityProvider: what mailcow reports, normalised, plus bookkeeping. No secret. */
export interface IdentityProviderState extends OidcSettings {
  mailcowUrl: string;
  authsource: "generic-oidc";
  onDelete: OnDelete;
  adoptExisting: boolean;
  allowHttp: boolean;
  /** HMAC-SHA256 of the client secret keyed with clientSecretSalt (listed in additionalSecretOutputs too). */
  clientSecretDigest: string;
  /** Random per resource, so equal secrets in two stacks give different digests. */
  clientSecretSalt: string;
  providerVersion: string;
}

/** Properties whose change never needs a request to mailcow. */
export const LOCAL_ONLY_PROPERTIES = ["onDelete"];

export function newSalt(): string {
  const crypto: typeof import("node:crypto") = require("node:crypto");
  return crypto.randomBytes(16).toString("hex");
}

export function secretDigest(salt: string, secret: string): string {
  const crypto: typeof import("node:crypto") = require("node:crypto");
  return `hmac-sha256:${crypto.createHmac("sha256", salt).update(secret, "utf8").digest("hex")}`;
}

/** Assembles outputs; `local` supplies the fields mailcow does not store. */
export function buildState(
  local: {
    mailcowUrl: string;
    onDelete: OnDelete;
    adoptExisting: boolean;
    allowHttp: boolean;
    providerVersion?: string;
  },
  settings: OidcSettings,
  secret: { salt: string; digest: string },
): IdentityProviderState {
  const state: IdentityProviderState = {
    mailcowUrl: normaliseBaseUrl(local.mailcowUrl),
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
    onDelete: local.onDelete,
    adoptExisting: local.adoptExisting,
    allowHttp: local.allowHttp,
    clientSecretDigest: secret.digest,
    clientSecretSalt: secret.salt,
    providerVersion: local.providerVersion ?? PROVIDER_VERSION,
  };
  return state;
}

/** Local (not stored in mailcow) fields from checked inputs. */
export function localFields(inputs: Record<string, unknown>): {
  mailcowUrl: string;
  onDelete: OnDelete;
  adoptExisting: boolean;
  allowHttp: boolean;
} {
  return {
    mailcowUrl: normaliseBaseUrl(String(inputs.mailcowUrl ?? "")),
    onDelete: inputs.onDelete === "retain" ? "retain" : "remove",
    adoptExisting: inputs.adoptExisting === true,
    allowHttp: inputs.allowHttp === true,
  };
}

/**
 * Which properties would change (offline: compares new inputs with recorded outputs). Unknown inputs count as a
 * change; so do a missing or different provider version and a different mailcow URL.
 */
export function changedProperties(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const changed: string[] = [];
  if (olds.providerVersion !== PROVIDER_VERSION) changed.push("providerVersion");

  const keys = ["mailcowUrl", ...SETTING_KEYS, "clientSecret", ...LOCAL_ONLY_PROPERTIES];
  const unknown = keys.filter((key) => containsUnknown(news[key]));
  changed.push(...unknown);
  if (unknown.length > 0) return changed;

  if (normaliseBaseUrl(String(olds.mailcowUrl ?? "")) !== normaliseBaseUrl(String(news.mailcowUrl ?? ""))) {
    changed.push("mailcowUrl");
  }
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
