import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../components/config";
import type { AuthentikOidcApplication as Component } from "../components/authentik/oidc-application";

const resources: pulumi.runtime.MockResourceArgs[] = [];
/** ignoreChanges of each registered resource, by name (mocks do not pass resource options to newResource). */
const ignoredChanges: Record<string, string[]> = {};
const calls: pulumi.runtime.MockCallArgs[] = [];
const DEFAULT_SCOPE_IDS = ["scope-openid-uuid", "scope-email-uuid", "scope-profile-uuid"];

function mockState(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
  switch (args.type) {
    case "authentik:index/providerOauth2:ProviderOauth2":
      return { id: "7", state: args.inputs };
    case "authentik:index/application:Application":
      return { id: args.inputs.slug, state: { ...args.inputs, uuid: `uuid-of-${args.inputs.slug}` } };
    case "authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope":
      return { id: "template-scope-uuid", state: args.inputs };
    case "random:index/randomString:RandomString":
      return { id: args.name, state: { ...args.inputs, result: "generated-client-id" } };
    case "random:index/randomPassword:RandomPassword":
      return { id: args.name, state: { ...args.inputs, result: `generated-secret-${args.inputs.keepers?.rotation}` } };
    default:
      return { id: `${args.name}-id`, state: args.inputs };
  }
}

function mockCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  calls.push(args);
  switch (args.token) {
    case "authentik:index/getFlow:getFlow":
      return { id: `flow-${args.inputs.slug}`, slug: args.inputs.slug };
    case "authentik:index/getCertificateKeyPair:getCertificateKeyPair":
      return { id: "signing-key-uuid", name: args.inputs.name };
    case "authentik:index/getPropertyMappingProviderScope:getPropertyMappingProviderScope":
      return { id: "-1", ids: DEFAULT_SCOPE_IDS };
    case "authentik:index/getGroup:getGroup":
      return { id: `group-uuid-${args.inputs.name}`, name: args.inputs.name };
    case "authentik:index/getUser:getUser":
      return { id: "42", pk: 42, username: args.inputs.username };
    default:
      throw new Error(`unexpected invoke ${args.token}`);
  }
}

const settings = (access: Settings["access"]): Settings => ({
  authentik: {
    url: "https://auth.example.org",
    token: pulumi.secret("authentik-token"),
    insecure: false,
    allowHttp: false,
  },
  mailcow: {
    url: "https://mail.example.org",
    apiKey: pulumi.secret("MAILCOW-KEY"),
    allowHttp: false,
    requestTimeoutSeconds: 15,
    maxRetries: 2,
    retryBackoffMs: 500,
    insecureTls: false,
    ignoreSslError: false,
    allowIgnoreSslError: false,
    adoptExisting: false,
    onDelete: "remove",
    redirectUrlExtra: ["https://webmail.example.org"],
    clientScopes: ["openid", "profile", "email", "mailcow_template"],
    connectionTest: true,
  },
  application: {
    name: "mailcow",
    slug: "mailcow",
    policyEngineMode: "any",
    openInNewTab: false,
    launchUrl: "https://mail.example.org",
    group: "Mail",
  },
  oauth2: {
    authorizationFlow: "default-provider-authorization-implicit-consent",
    invalidationFlow: "default-provider-invalidation-flow",
    signingKey: "authentik Self-signed Certificate",
    accessCodeValidity: "minutes=1",
    accessTokenValidity: "minutes=10",
    refreshTokenValidity: "days=30",
    subMode: "hashed_user_id",
    issuerMode: "per_provider",
    clientSecretRotation: "3",
  },
  access,
  provisioning: {
    loginProvisioning: true,
    templateMappings: [{ group: "mail-users", claimValue: "default", template: "Default" }],
  },
  adopt: { bindings: [], removeBindings: [] },
});

const access: Settings["access"] = {
  public: false,
  bindings: [
    { kind: "group", ref: "mail-users", order: 0 },
    { kind: "user", ref: "alice", order: 10 },
    { kind: "policy", ref: "0b3c2f4e-8d2a-4c1e-9f5b-6a7d8e9f0a1b", order: 20 },
  ],
};

const value = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));
const unwrap = (v: unknown): unknown => (pulumi.runtime.isRpcSecret(v) ? pulumi.runtime.unwrapRpcSecret(v) : v);
const byType = (type: string, prefix = "mailcow") =>
  resources.filter((r) => r.type === type && r.name.startsWith(prefix));
const one = (type: string, prefix = "mailcow") => {
  const found = byType(type, prefix);
  expect(found).toHaveLength(1);
  return found[0];
};

let component: Component;
let reordered: Component;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push(args);
        return mockState(args);
      },
      call: mockCall,
    },
    "mailcow-sso",
    "test",
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: { getName(): string; getIgnorechangesList(): string[] }, callback: unknown): unknown;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    ignoredChanges[req.getName()] = req.getIgnorechangesList();
    return register(req, callback);
  };
  // Loaded after setMocks so the component registers against the mock monitor.
  const { AuthentikOidcApplication } =
    require("../components/authentik/oidc-application") as typeof import("../components/authentik/oidc-application");
  const s = settings(access);
  const args = {
    authentik: s.authentik,
    application: s.application,
    oauth2: s.oauth2,
    access: s.access,
    mailcowUrl: s.mailcow.url,
    redirectUrlExtra: s.mailcow.redirectUrlExtra,
    templateMappings: s.provisioning.templateMappings,
    adopt: s.adopt,
  };
  component = new AuthentikOidcApplication("mailcow", args);
  reordered = new AuthentikOidcApplication("other", {
    ...args,
    access: { ...access, bindings: [...access.bindings].reverse() },
  });
  await value(pulumi.all([component.clientSecret, reordered.clientSecret, component.applicationUuid]));
});

test("declares exactly the expected resources with their type tokens", () => {
  const declared = resources.filter((r) => r.name.startsWith("mailcow")).map((r) => `${r.type} ${r.name}`);
  expect(declared.sort()).toEqual(
    [
      "mailcow-sso:authentik:OidcApplication mailcow",
      "pulumi:providers:authentik mailcow-authentik",
      "authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope mailcow-mailcow_template",
      "random:index/randomString:RandomString mailcow-client-id",
      "random:index/randomPassword:RandomPassword mailcow-client-secret",
      "authentik:index/providerOauth2:ProviderOauth2 mailcow-oauth2",
      "authentik:index/application:Application mailcow-application",
      "authentik:index/policyBinding:PolicyBinding mailcow-group-mail-users",
      "authentik:index/policyBinding:PolicyBinding mailcow-user-alice",
      "authentik:index/policyBinding:PolicyBinding mailcow-policy-0b3c2f4e-8d2a-4c1e-9f5b-6a7d8e9f0a1b",
    ].sort(),
  );
});

test("the explicit authentik provider carries the stack's URL and a secret token", () => {
  const provider = one("pulumi:providers:authentik");
  expect(provider.inputs.url).toBe("https://auth.example.org");
  expect(pulumi.runtime.isRpcSecret(provider.inputs.token)).toBe(true);
  expect(unwrap(provider.inputs.token)).toBe("authentik-token");
});

test("every authentik resource and lookup uses the explicit provider", () => {
  const authentikResources = resources.filter((r) => r.type.startsWith("authentik:") && r.name.startsWith("mailcow"));
  expect(authentikResources.length).toBeGreaterThan(0);
  for (const r of authentikResources) expect(r.provider).toMatch(/::mailcow-authentik::mailcow-authentik-id$/);
  expect(calls.length).toBeGreaterThan(0);
  for (const c of calls) expect(c.provider).toMatch(/::(mailcow|other)-authentik::(mailcow|other)-authentik-id$/);
});

test("the OAuth2 provider is a confidential client with a Strict redirect to mailcow", () => {
  const oauth2 = one("authentik:index/providerOauth2:ProviderOauth2").inputs;
  expect(oauth2).toMatchObject({
    name: "mailcow",
    clientType: "confidential",
    clientId: "generated-client-id",
    authorizationFlow: "flow-default-provider-authorization-implicit-consent",
    invalidationFlow: "flow-default-provider-invalidation-flow",
    signingKey: "signing-key-uuid",
    accessCodeValidity: "minutes=1",
    subMode: "hashed_user_id",
    issuerMode: "per_provider",
  });
  expect(oauth2.allowedRedirectUris).toEqual([
    { matching_mode: "strict", url: "https://mail.example.org", redirect_uri_type: "authorization" },
    { matching_mode: "strict", url: "https://webmail.example.org", redirect_uri_type: "authorization" },
  ]);
  expect(oauth2.propertyMappings).toEqual([...DEFAULT_SCOPE_IDS, "template-scope-uuid"]);
});

test("the client secret reaches authentik as a secret and comes from the rotation-keyed generator", async () => {
  const oauth2 = one("authentik:index/providerOauth2:ProviderOauth2").inputs;
  expect(pulumi.runtime.isRpcSecret(oauth2.clientSecret)).toBe(true);
  expect(unwrap(oauth2.clientSecret)).toBe("generated-secret-3");
  expect(one("random:index/randomPassword:RandomPassword").inputs).toMatchObject({
    length: 96,
    special: false,
    keepers: { rotation: "3" },
  });
  expect(await pulumi.isSecret(component.clientSecret)).toBe(true);
});

test("lookups never pull the signing key's private key or certificate into state", () => {
  const lookup = calls.find((c) => c.token === "authentik:index/getCertificateKeyPair:getCertificateKeyPair");
  expect(lookup?.inputs).toEqual({
    name: "authentik Self-signed Certificate",
    fetchCertificate: false,
    fetchKey: false,
  });
  const scopes = calls.find((c) => c.token.endsWith("getPropertyMappingProviderScope"));
  expect(scopes?.inputs.managedLists).toEqual([
    "goauthentik.io/providers/oauth2/scope-openid",
    "goauthentik.io/providers/oauth2/scope-email",
    "goauthentik.io/providers/oauth2/scope-profile",
  ]);
});

test("the application points at the provider's numeric pk", () => {
  const app = one("authentik:index/application:Application").inputs;
  expect(app).toMatchObject({
    name: "mailcow",
    slug: "mailcow",
    protocolProvider: 7,
    group: "Mail",
    metaLaunchUrl: "https://mail.example.org",
  });
  expect(typeof app.protocolProvider).toBe("number");
});

test("optional fields the stack leaves unset are left to authentik (ignoreChanges); set ones stay managed", () => {
  // group is set in these settings, icon, description and publisher are not; the program never sets a logout URI.
  expect(ignoredChanges["mailcow-application"]).toEqual(["metaIcon", "metaDescription", "metaPublisher"]);
  expect(ignoredChanges["mailcow-oauth2"]).toEqual(["logoutUri"]);
  for (const name of ["mailcow-mailcow_template", "mailcow-group-mail-users", "mailcow-client-secret"]) {
    expect(ignoredChanges[name]).toEqual([]);
  }
});

test("the mailcow_template scope mapping renders the configured groups", () => {
  const scope = one("authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope").inputs;
  expect(scope.scopeName).toBe("mailcow_template");
  expect(scope.expression).toContain('("mail-users", "default")');
});

test("bindings target the application's uuid with their order and bound object", () => {
  const bindings = byType("authentik:index/policyBinding:PolicyBinding");
  const byName = Object.fromEntries(bindings.map((b) => [b.name, b.inputs]));
  expect(byName["mailcow-group-mail-users"]).toEqual({
    target: "uuid-of-mailcow",
    order: 0,
    group: "group-uuid-mail-users",
  });
  expect(byName["mailcow-user-alice"]).toEqual({ target: "uuid-of-mailcow", order: 10, user: 42 });
  expect(byName["mailcow-policy-0b3c2f4e-8d2a-4c1e-9f5b-6a7d8e9f0a1b"]).toEqual({
    target: "uuid-of-mailcow",
    order: 20,
    policy: "0b3c2f4e-8d2a-4c1e-9f5b-6a7d8e9f0a1b",
  });
});

test("reordering the access list keeps every binding's logical name", () => {
  const names = (prefix: string) =>
    byType("authentik:index/policyBinding:PolicyBinding", prefix)
      .map(
        (b) => `${b.name.slice(prefix.length)} ${JSON.stringify(b.inputs.group ?? b.inputs.user ?? b.inputs.policy)}`,
      )
      .sort();
  expect(names("other")).toEqual(names("mailcow"));
});

test("endpoint outputs are on the authentik host, never the mailcow host", async () => {
  const urls = await value(
    pulumi.all([
      component.issuerUrl,
      component.discoveryUrl,
      component.authorizeUrl,
      component.tokenUrl,
      component.userinfoUrl,
      component.endSessionUrl,
    ]),
  );
  expect(urls).toEqual([
    "https://auth.example.org/application/o/mailcow/",
    "https://auth.example.org/application/o/mailcow/.well-known/openid-configuration",
    "https://auth.example.org/application/o/authorize/",
    "https://auth.example.org/application/o/token/",
    "https://auth.example.org/application/o/userinfo/",
    "https://auth.example.org/application/o/mailcow/end-session/",
  ]);
  expect(await value(component.redirectUrl)).toBe("https://mail.example.org");
  expect(await value(component.clientId)).toBe("generated-client-id");
});
