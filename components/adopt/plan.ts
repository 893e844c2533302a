// From what a hand-made setup left behind and the stack's settings: what adoption writes into the stack (pinned
// client ID and secret, import IDs, bindings to remove, mailcow.adoptExisting) and every difference the first
// `pulumi up` will converge. Pure.
import { oidcEndpoints } from "../authentik/endpoints";
import { DEFAULT_SCOPE_MAPPINGS } from "../authentik/oidc-application";
import { TEMPLATE_CLAIM } from "../authentik/template-claim";
import type { AccessBinding, AdoptSettings, PlainSettings } from "../config";
import type { AuthentikDiscovery, FoundBinding } from "./discover-authentik";

/** mailcow's identity-provider setting as found (no secret). */
export interface MailcowFound {
  authsource: string | null;
  clientId: string | null;
  authorizeUrl?: string;
  tokenUrl?: string;
  userinfoUrl?: string;
  redirectUrl?: string;
  clientScopes?: string[];
}

/** The `mailcow-sso:adopt` stack settings: resource IDs the program passes as `import` on first creation. */
export type AdoptImports = AdoptSettings;

export interface AdoptionPlan {
  /** Nothing to take over (a fresh install), or a refusal with its reason. */
  outcome: "adopt" | "nothing" | "refused";
  reason?: string;
  imports: AdoptImports;
  /** Pinned into oauth2.clientId / oauth2.clientSecret; the secret only unless rotation was asked for. */
  clientId?: string;
  clientSecret?: string;
  adoptMailcow: boolean;
  /** Each difference between what was found and the stack's settings, as `<what>: <found> → <stack>`. */
  changes: string[];
  /** What was found and stays as it is. */
  kept: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (value: unknown) =>
  typeof value === "string" ? (value === "" ? "(empty)" : `"${value}"`) : JSON.stringify(value);

function change(changes: string[], what: string, found: unknown, wanted: unknown): void {
  if (!same(found, wanted)) changes.push(`${what}: ${show(found)} → ${show(wanted)}`);
}

function matchBindings(
  configured: AccessBinding[],
  found: FoundBinding[],
  changes: string[],
  imports: AdoptImports,
): void {
  const unmatched = [...found];
  for (const binding of configured) {
    const index = unmatched.findIndex((f) => f.kind === binding.kind && f.ref === binding.ref);
    if (index < 0) {
      changes.push(`binding ${binding.kind} "${binding.ref}": none → created (order ${binding.order})`);
      continue;
    }
    const [hit] = unmatched.splice(index, 1);
    imports.bindings.push({ kind: binding.kind, ref: binding.ref, id: hit.pk });
    change(changes, `binding ${binding.kind} "${binding.ref}" order`, hit.order, binding.order);
    if (hit.negate) changes.push(`binding ${binding.kind} "${binding.ref}" negate: true → false`);
    if (!hit.enabled) changes.push(`binding ${binding.kind} "${binding.ref}" enabled: false → true`);
  }
  for (const extra of unmatched) {
    imports.removeBindings.push(extra.pk);
    changes.push(`binding ${extra.kind} "${extra.ref}" (not in the stack's access settings): removed`);
  }
}

export function planAdoption(
  settings: PlainSettings,
  authentik: AuthentikDiscovery,
  mailcow: MailcowFound,
  options: { rotateSecret?: boolean } = {},
): AdoptionPlan {
  const imports: AdoptImports = { bindings: [], removeBindings: [] };
  const changes: string[] = [];
  const kept: string[] = [];
  const endpoints = oidcEndpoints(settings.authentik.url, settings.application.slug, settings.oauth2.issuerMode);
  const mailcowIsOidc = mailcow.authsource === "generic-oidc";

  if (authentik.kind === "refused") {
    const reason = `${authentik.reason}; nothing was changed: give this stack another application.slug, or replace that application's provider in authentik first`;
    return { outcome: "refused", reason, imports, adoptMailcow: false, changes, kept };
  }
  if (authentik.kind === "none") {
    const reason = mailcowIsOidc
      ? `authentik has no application "${authentik.slug}", but mailcow holds Generic-OIDC for client "${mailcow.clientId}": ` +
        "set application.slug to the hand-made application's slug, or let mailcow.adoptExisting overwrite mailcow's setting"
      : `authentik has no application "${authentik.slug}" and mailcow has no Generic-OIDC setting: nothing to adopt; run pulumi up`;
    return { outcome: "nothing", reason, imports, adoptMailcow: false, changes, kept };
  }

  const { application: app, provider } = authentik;
  const wanted = settings.application;
  imports.application = app.slug;
  change(changes, "application name", app.name, wanted.name);
  change(changes, "application launch URL", app.launchUrl, wanted.launchUrl);
  change(changes, "application policy engine mode", app.policyEngineMode, wanted.policyEngineMode);
  change(changes, "application open in new tab", app.openInNewTab, wanted.openInNewTab);
  for (const [field, found, stack] of [
    ["group", app.group, wanted.group],
    ["description", app.description, wanted.description],
    ["publisher", app.publisher, wanted.publisher],
  ] as const) {
    if (stack !== undefined) change(changes, `application ${field}`, found, stack);
    else if (found !== "") kept.push(`application ${field} ${show(found)} (not set in the stack: authentik keeps it)`);
  }

  if (provider) {
    const oauth2 = settings.oauth2;
    imports.oauth2Provider = String(provider.pk);
    if (oauth2.clientId !== undefined && oauth2.clientId !== provider.clientId) {
      return {
        outcome: "refused",
        reason: `the stack pins oauth2.clientId "${oauth2.clientId}" but authentik's provider uses "${provider.clientId}": remove oauth2.clientId to keep authentik's, or set it to authentik's`,
        imports,
        adoptMailcow: false,
        changes,
        kept,
      };
    }
    change(changes, "provider name", provider.name, oauth2.name ?? wanted.name);
    change(changes, "provider client type", provider.clientType, "confidential");
    change(changes, "provider authorization flow", provider.authorizationFlow, oauth2.authorizationFlow);
    change(changes, "provider invalidation flow", provider.invalidationFlow, oauth2.invalidationFlow);
    change(changes, "provider signing key", provider.signingKey, oauth2.signingKey);
    change(changes, "provider subject mode", provider.subMode, oauth2.subMode);
    change(changes, "provider issuer mode", provider.issuerMode, oauth2.issuerMode);
    change(changes, "provider access code validity", provider.accessCodeValidity, oauth2.accessCodeValidity);
    change(changes, "provider access token validity", provider.accessTokenValidity, oauth2.accessTokenValidity);
    change(changes, "provider refresh token validity", provider.refreshTokenValidity, oauth2.refreshTokenValidity);
    const redirects = (list: { matchingMode: string; url: string; type: string }[]) =>
      list.map((r) => `${r.matchingMode} ${r.type} ${r.url}`).sort();
    change(
      changes,
      "provider redirect URIs",
      redirects(provider.redirectUris),
      redirects(
        [settings.mailcow.url, ...settings.mailcow.redirectUrlExtra].map((url) => ({
          matchingMode: "strict",
          url,
          type: "authorization",
        })),
      ),
    );
    const template = provider.propertyMappings.find((m) => m.managed === null && m.scopeName === TEMPLATE_CLAIM);
    if (template) imports.templateScope = template.pk;
    const mappingNames = (names: string[]) => [...names].sort();
    change(
      changes,
      "provider scope mappings",
      mappingNames(provider.propertyMappings.map((m) => m.managed ?? `${m.scopeName} (${m.name})`)),
      mappingNames([...DEFAULT_SCOPE_MAPPINGS, `${TEMPLATE_CLAIM} (mailcow-sso: ${TEMPLATE_CLAIM} (${wanted.slug}))`]),
    );
    kept.push(`client ID "${provider.clientId}" (pinned as oauth2.clientId)`);
    if (options.rotateSecret) changes.push("client secret: a new one, on both sides (--rotate-secret)");
    else kept.push("client secret (pinned, encrypted, as oauth2.clientSecret)");
  } else {
    changes.push("provider: none → a new OAuth2 provider with a new client ID and secret");
  }

  matchBindings(settings.access.bindings, authentik.bindings, changes, imports);

  if (mailcowIsOidc) {
    if (provider && mailcow.clientId !== provider.clientId) {
      changes.push(`mailcow client ID: "${mailcow.clientId}" → "${provider.clientId}" (authentik's)`);
    }
    change(changes, "mailcow authorize URL", mailcow.authorizeUrl, endpoints.authorize);
    change(changes, "mailcow token URL", mailcow.tokenUrl, endpoints.token);
    change(changes, "mailcow userinfo URL", mailcow.userinfoUrl, endpoints.userinfo);
    change(changes, "mailcow redirect URL", mailcow.redirectUrl, settings.mailcow.url);
    change(changes, "mailcow client scopes", mailcow.clientScopes, settings.mailcow.clientScopes);
  } else {
    changes.push(`mailcow identity provider: ${mailcow.authsource ?? "none"} → Generic-OIDC`);
  }

  return {
    outcome: "adopt",
    imports,
    clientId: provider?.clientId,
    clientSecret: provider && !options.rotateSecret ? provider.clientSecret : undefined,
    adoptMailcow: mailcowIsOidc,
    changes,
    kept,
  };
}
