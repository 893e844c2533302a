// What a hand-made setup left in authentik for the stack's application slug: the application, its OAuth2 provider
// (with the flows, signing key and scope mappings it uses, by name) and its policy bindings. Read-only.
import type { AuthentikReader } from "./authentik-reader";

/** authentik's model name of an OAuth2/OpenID provider (provider_obj.meta_model_name). */
const OAUTH2_MODEL = "authentik_providers_oauth2.oauth2provider";

interface ApiApplication {
  pk: string;
  name: string;
  slug: string;
  provider: number | null;
  provider_obj?: { pk: number; name: string; meta_model_name?: string; verbose_name?: string } | null;
  meta_launch_url?: string;
  meta_icon?: string | null;
  meta_description?: string;
  meta_publisher?: string;
  group?: string;
  policy_engine_mode?: string;
  open_in_new_tab?: boolean;
}

interface ApiProvider {
  pk: number;
  name: string;
  client_type: string;
  client_id: string;
  client_secret: string;
  authorization_flow: string;
  invalidation_flow: string | null;
  signing_key: string | null;
  redirect_uris: { matching_mode: string; url: string; redirect_uri_type?: string }[];
  property_mappings: string[];
  sub_mode: string;
  issuer_mode: string;
  access_code_validity: string;
  access_token_validity: string;
  refresh_token_validity: string;
}

interface ApiBinding {
  pk: string;
  group: string | null;
  user: number | null;
  policy: string | null;
  order: number;
  negate: boolean;
  enabled: boolean;
  group_obj?: { name: string } | null;
  user_obj?: { username: string } | null;
}

export interface FoundScopeMapping {
  pk: string;
  name: string;
  managed: string | null;
  scopeName: string;
}

export interface FoundProvider {
  pk: number;
  name: string;
  clientType: string;
  clientId: string;
  /** Kept in memory to pin it in the stack; never printed. */
  clientSecret: string;
  authorizationFlow: string;
  invalidationFlow: string | null;
  signingKey: string | null;
  redirectUris: { matchingMode: string; url: string; type: string }[];
  propertyMappings: FoundScopeMapping[];
  subMode: string;
  issuerMode: string;
  accessCodeValidity: string;
  accessTokenValidity: string;
  refreshTokenValidity: string;
}

export interface FoundBinding {
  pk: string;
  kind: "group" | "user" | "policy";
  /** Group name, username or policy UUID, as the stack's access settings name them. */
  ref: string;
  order: number;
  negate: boolean;
  enabled: boolean;
}

export interface FoundApplication {
  pk: string;
  name: string;
  slug: string;
  launchUrl: string;
  icon: string;
  description: string;
  publisher: string;
  group: string;
  policyEngineMode: string;
  openInNewTab: boolean;
}

export type AuthentikDiscovery =
  | { kind: "none"; slug: string }
  | { kind: "refused"; slug: string; reason: string }
  | { kind: "found"; application: FoundApplication; provider?: FoundProvider; bindings: FoundBinding[] };

async function nameOf(
  reader: AuthentikReader,
  path: string,
  pk: string | null,
  field = "name",
): Promise<string | null> {
  if (pk === null) return null;
  const object = await reader.get<Record<string, unknown>>(`${path}${pk}/`);
  return object ? String(object[field]) : pk;
}

/** Flows are addressed by slug in authentik's API; the provider holds their UUIDs. */
async function flowSlug(reader: AuthentikReader, pk: string | null): Promise<string | null> {
  if (pk === null) return null;
  const [flow] = await reader.list<{ slug: string }>("flows/instances/", { flow_uuid: pk });
  return flow?.slug ?? pk;
}

async function readProvider(reader: AuthentikReader, pk: number): Promise<FoundProvider | undefined> {
  const p = await reader.get<ApiProvider>(`providers/oauth2/${pk}/`);
  if (!p) return undefined;
  const mappings = await Promise.all(
    p.property_mappings.map(async (mappingPk) => {
      const m = await reader.get<{ pk: string; name: string; managed: string | null; scope_name: string }>(
        `propertymappings/provider/scope/${mappingPk}/`,
      );
      return m ? { pk: m.pk, name: m.name, managed: m.managed, scopeName: m.scope_name } : undefined;
    }),
  );
  return {
    pk: p.pk,
    name: p.name,
    clientType: p.client_type,
    clientId: p.client_id,
    clientSecret: p.client_secret,
    authorizationFlow: (await flowSlug(reader, p.authorization_flow)) ?? p.authorization_flow,
    invalidationFlow: await flowSlug(reader, p.invalidation_flow),
    signingKey: await nameOf(reader, "crypto/certificatekeypairs/", p.signing_key),
    redirectUris: p.redirect_uris.map((r) => ({
      matchingMode: r.matching_mode,
      url: r.url,
      type: r.redirect_uri_type ?? "authorization",
    })),
    propertyMappings: mappings.filter((m): m is FoundScopeMapping => m !== undefined),
    subMode: p.sub_mode,
    issuerMode: p.issuer_mode,
    accessCodeValidity: p.access_code_validity,
    accessTokenValidity: p.access_token_validity,
    refreshTokenValidity: p.refresh_token_validity,
  };
}

function toBinding(b: ApiBinding): FoundBinding {
  const common = { pk: b.pk, order: b.order, negate: b.negate, enabled: b.enabled };
  if (b.group !== null) return { ...common, kind: "group", ref: b.group_obj?.name ?? b.group };
  if (b.user !== null) return { ...common, kind: "user", ref: b.user_obj?.username ?? String(b.user) };
  return { ...common, kind: "policy", ref: b.policy ?? "" };
}

/** Reads the application with this slug and what hangs off it; authentik is only ever read. */
export async function discoverAuthentik(reader: AuthentikReader, slug: string): Promise<AuthentikDiscovery> {
  const app = await reader.get<ApiApplication>(`core/applications/${encodeURIComponent(slug)}/`);
  if (!app) return { kind: "none", slug };
  const model = app.provider_obj?.meta_model_name;
  if (app.provider !== null && model !== undefined && model !== OAUTH2_MODEL) {
    return {
      kind: "refused",
      slug,
      reason: `application "${slug}" uses a ${app.provider_obj?.verbose_name ?? model} (pk ${app.provider}), not an OAuth2/OpenID provider`,
    };
  }
  const provider = app.provider === null ? undefined : await readProvider(reader, app.provider);
  if (app.provider !== null && !provider) {
    return {
      kind: "refused",
      slug,
      reason: `application "${slug}" uses provider pk ${app.provider}, which is not an OAuth2/OpenID provider`,
    };
  }
  const bindings = await reader.list<ApiBinding>("policies/bindings/", { target: app.pk });
  return {
    kind: "found",
    application: {
      pk: app.pk,
      name: app.name,
      slug: app.slug,
      launchUrl: app.meta_launch_url ?? "",
      icon: app.meta_icon ?? "",
      description: app.meta_description ?? "",
      publisher: app.meta_publisher ?? "",
      group: app.group ?? "",
      policyEngineMode: app.policy_engine_mode ?? "any",
      openInNewTab: app.open_in_new_tab ?? false,
    },
    provider,
    bindings: bindings.map(toBinding),
  };
}
