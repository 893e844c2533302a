// Test helpers: a tiny HTTP client for the emulator and a typical hand-made setup created through the API with
// the admin token, the way an administrator clicks it together in authentik's admin UI.
import type { AuthentikEmulator } from "./emulator";

export interface Reply {
  status: number;
  headers: Headers;
  /** Decoded JSON when the answer is JSON, else the text. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export async function call(
  emulator: AuthentikEmulator,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null; headers?: Record<string, string>; redirect?: "manual" | "follow" } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  const token = options.token === undefined ? emulator.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    payload = typeof body === "string" ? body : JSON.stringify(body);
    headers["Content-Type"] ??= "application/json";
  }
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers,
    body: payload,
    redirect: options.redirect ?? "manual",
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get("content-type") ?? "").includes("json") && text !== "") parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export const api = (emulator: AuthentikEmulator, method: string, path: string, body?: unknown) =>
  call(emulator, method, `/api/v3${path}`, body);

export interface HandMadeSetup {
  providerPk: number;
  clientId: string;
  clientSecret: string;
  applicationPk: string;
  groupPk: string;
  bindingPk: string;
  templateMappingPk: string;
  /** An expression policy, not bound to anything. */
  policyPk: string;
}

export const CLIENT_ID = "mailcow-client-id";
export const CLIENT_SECRET = "a-secret-the-admin-chose-0123456789";

/** Provider with the admin's client ID/secret, application "mailcow", a group binding and a custom scope. */
export async function handMadeSetup(
  emulator: AuthentikEmulator,
  options: { issuerMode?: string } = {},
): Promise<HandMadeSetup> {
  const { store } = emulator;
  const flow = (slug: string): string => store.flowBySlug(slug)!.pk;
  const managed = (suffix: string): string =>
    store.scopeMappingByManaged(`goauthentik.io/providers/oauth2/scope-${suffix}`)!.pk;
  const template = await api(emulator, "POST", "/propertymappings/provider/scope/", {
    name: "mailcow template",
    scope_name: "mailcow_template",
    expression: 'return {"mailcow_template": request.user.attributes.get("mailcow_template", "default")}',
  });
  const provider = await api(emulator, "POST", "/providers/oauth2/", {
    name: "mailcow",
    authorization_flow: flow("default-provider-authorization-implicit-consent"),
    invalidation_flow: flow("default-provider-invalidation-flow"),
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [{ matching_mode: "strict", url: "https://mail.example.org", redirect_uri_type: "authorization" }],
    property_mappings: [managed("openid"), managed("email"), managed("profile"), template.body.pk],
    signing_key: store.certificateByName("authentik Self-signed Certificate")!.pk,
    ...(options.issuerMode ? { issuer_mode: options.issuerMode } : {}),
  });
  const app = await api(emulator, "POST", "/core/applications/", {
    name: "mailcow",
    slug: "mailcow",
    provider: provider.body.pk,
  });
  const group = await api(emulator, "POST", "/core/groups/", { name: "mailcow users", users: [1] });
  const binding = await api(emulator, "POST", "/policies/bindings/", {
    target: app.body.pk,
    group: group.body.pk,
    order: 0,
  });
  const policy = await api(emulator, "POST", "/policies/expression/", {
    name: "mail staff only",
    expression: 'return ak_is_group_member(request.user, name="mailcow users")',
  });
  for (const reply of [template, provider, app, group, binding, policy]) {
    if (reply.status !== 201) throw new Error(`setup failed: ${reply.status} ${reply.text}`);
  }
  return {
    providerPk: provider.body.pk,
    clientId: provider.body.client_id,
    clientSecret: provider.body.client_secret,
    applicationPk: app.body.pk,
    groupPk: group.body.pk,
    bindingPk: binding.body.pk,
    templateMappingPk: template.body.pk,
    policyPk: policy.body.pk,
  };
}
