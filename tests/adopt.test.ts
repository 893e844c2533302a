// `npm run adopt` without the engine: discovery against the authentik emulator (seeded as an admin would through the
// API), the plan and report it produces, the settings it writes, and the binding removal `pulumi up` runs.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AuthentikReadError, authentikReader } from "../components/adopt/authentik-reader";
import { discoverAuthentik } from "../components/adopt/discover-authentik";
import { type MailcowFound, planAdoption } from "../components/adopt/plan";
import { removeBindings } from "../components/adopt/remove-bindings";
import { formatReport } from "../components/adopt/report";
import { adoptionSettings, rawFromCliConfig } from "../components/adopt/stack-config";
import { ConfigError, type PlainSettings, parseSettings, type RawConfig } from "../components/config";
import { readProjectDefaults } from "../components/project-defaults";
import { type AuthentikEmulator, startAuthentikEmulator } from "./support/authentik-emulator";
import {
  api,
  CLIENT_ID,
  CLIENT_SECRET,
  type HandMadeSetup,
  handMadeSetup,
} from "./support/authentik-emulator/test-client";

let authentik: AuthentikEmulator;
let setup: HandMadeSetup;

/** The guide's mailcow side: Generic-OIDC with the hand-made client, endpoints (wrongly) on the mailcow host. */
const guideMailcow: MailcowFound = {
  authsource: "generic-oidc",
  clientId: CLIENT_ID,
  authorizeUrl: "https://mail.example.org/application/o/authorize/",
  tokenUrl: "https://mail.example.org/application/o/token/",
  userinfoUrl: "https://mail.example.org/application/o/userinfo/",
  redirectUrl: "https://mail.example.org",
  clientScopes: ["openid", "profile", "email"],
};

function settings(overrides: Record<string, Record<string, unknown>> = {}): PlainSettings {
  const raw: Record<string, unknown> = {
    authentik: { url: authentik.url, token: authentik.token, allowHttp: true },
    mailcow: { url: "https://mail.example.org", apiKey: "MAILCOW-KEY-0000" },
    access: { groups: ["mail-users"] },
    ...overrides,
  };
  return parseSettings(
    rawFromCliConfig(Object.fromEntries(Object.entries(raw).map(([k, v]) => [`mailcow-sso:${k}`, { objectValue: v }]))),
    {},
  );
}

const reader = () => authentikReader({ url: authentik.url, token: authentik.token });

beforeEach(async () => {
  authentik = await startAuthentikEmulator();
  setup = await handMadeSetup(authentik);
});
afterEach(() => authentik.stop());

describe("discovery", () => {
  test("finds the guide's application, its provider (flows, key and mappings by name) and bindings, with GETs only", async () => {
    const r = reader();
    const seeded = authentik.requests.length;
    const found = await discoverAuthentik(r, "mailcow");
    expect(found.kind).toBe("found");
    if (found.kind !== "found") return;
    expect(found.application).toMatchObject({ pk: setup.applicationPk, slug: "mailcow", name: "mailcow" });
    expect(found.provider).toMatchObject({
      pk: setup.providerPk,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authorizationFlow: "default-provider-authorization-implicit-consent",
      invalidationFlow: "default-provider-invalidation-flow",
      signingKey: "authentik Self-signed Certificate",
      redirectUris: [{ matchingMode: "strict", url: "https://mail.example.org", type: "authorization" }],
    });
    expect(found.provider?.propertyMappings.map((m) => m.managed ?? m.scopeName).sort()).toEqual([
      "goauthentik.io/providers/oauth2/scope-email",
      "goauthentik.io/providers/oauth2/scope-openid",
      "goauthentik.io/providers/oauth2/scope-profile",
      "mailcow_template",
    ]);
    expect(found.bindings).toEqual([
      { pk: setup.bindingPk, kind: "group", ref: "mailcow users", order: 0, negate: false, enabled: true },
    ]);
    const sent = authentik.requests.slice(seeded);
    expect(sent.map((req) => req.method)).toEqual(r.requests.map(() => "GET"));
  });

  test("a fresh install has nothing to adopt", async () => {
    expect(await discoverAuthentik(reader(), "webmail")).toEqual({ kind: "none", slug: "webmail" });
    const plan = planAdoption(
      settings({ application: { slug: "webmail" } }),
      { kind: "none", slug: "webmail" },
      { authsource: null, clientId: null },
    );
    expect(plan.outcome).toBe("nothing");
    expect(plan.reason).toContain(
      'authentik has no application "webmail" and mailcow has no Generic-OIDC setting: nothing to adopt',
    );
  });

  test("a slug held by an application whose provider is not OAuth2 is refused, naming the provider type", async () => {
    // authentik's answer for an application behind a proxy provider (the emulator serves OAuth2 providers only).
    const reply = await api(authentik, "GET", "/core/applications/mailcow/");
    const proxy = {
      ...reply.body.provider_obj,
      pk: 99,
      name: "mail proxy",
      component: "ak-provider-proxy-form",
      verbose_name: "Proxy Provider",
      verbose_name_plural: "Proxy Providers",
      meta_model_name: "authentik_providers_proxy.proxyprovider",
    };
    authentik.faults.add({
      kind: "respond",
      method: "GET",
      path: "/api/v3/core/applications/mailcow/",
      status: 200,
      body: { ...reply.body, provider: 99, provider_obj: proxy },
    });
    const discovery = await discoverAuthentik(reader(), "mailcow");
    expect(discovery).toEqual({
      kind: "refused",
      slug: "mailcow",
      reason: 'application "mailcow" uses a Proxy Provider (pk 99), not an OAuth2/OpenID provider',
    });
    const plan = planAdoption(settings(), discovery, guideMailcow);
    expect(plan.outcome).toBe("refused");
    const report = formatReport(plan, discovery, guideMailcow, {
      stack: "lab",
      authentikUrl: authentik.url,
      mailcowUrl: "https://mail.example.org",
      written: false,
    });
    expect(report).toContain(
      'Refused: application "mailcow" uses a Proxy Provider (pk 99), not an OAuth2/OpenID provider',
    );
  });

  test("a wrong token is one clear error naming authentik.token, without the token", async () => {
    const bad = authentikReader({ url: authentik.url, token: "wrong-token-123456" });
    const error = await discoverAuthentik(bad, "mailcow").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthentikReadError);
    expect((error as Error).message).toMatch(
      /authentik refused GET \/api\/v3\/core\/applications\/mailcow\/ \(403: "Token invalid\/expired"\): authentik\.token must be/,
    );
    expect((error as Error).message).not.toContain("wrong-token-123456");
  });

  test("a refused connection names the cause and what to check", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await discoverAuthentik(
      authentikReader({ url: `http://127.0.0.1:${port}`, token: "t0ken" }),
      "mailcow",
    ).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /authentik could not be reached \(GET \/api\/v3\/core\/applications\/mailcow\/ on 127\.0\.0\.1:\d+: connection refused: nothing listens on that host and port \(ECONNREFUSED\)\): check authentik\.url/,
    );
  });
});

describe("plan and report", () => {
  test("takes the guide's objects over, keeps client ID and secret, moves mailcow's endpoints to authentik", async () => {
    const discovery = await discoverAuthentik(reader(), "mailcow");
    const s = settings({ access: { groups: ["mailcow users"] } });
    const plan = planAdoption(s, discovery, guideMailcow);
    expect(plan).toMatchObject({
      outcome: "adopt",
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      adoptMailcow: true,
    });
    expect(plan.imports).toEqual({
      oauth2Provider: String(setup.providerPk),
      application: "mailcow",
      templateScope: setup.templateMappingPk,
      bindings: [{ kind: "group", ref: "mailcow users", id: setup.bindingPk }],
      removeBindings: [],
    });
    expect(plan.changes).toEqual(
      expect.arrayContaining([
        `mailcow authorize URL: "https://mail.example.org/application/o/authorize/" → "${authentik.url}/application/o/authorize/"`,
        `mailcow token URL: "https://mail.example.org/application/o/token/" → "${authentik.url}/application/o/token/"`,
        'mailcow client scopes: ["openid","profile","email"] → ["openid","profile","email","mailcow_template"]',
        'application launch URL: (empty) → "https://mail.example.org"',
      ]),
    );
    const report = formatReport(plan, discovery, guideMailcow, {
      stack: "lab",
      authentikUrl: authentik.url,
      mailcowUrl: s.mailcow.url,
      written: false,
    });
    expect(report).toContain(`authentik OAuth2 provider pk ${setup.providerPk}`);
    expect(report).toContain("Nothing was written. To take these objects over: npm run adopt -- --stack lab --write");
    for (const secret of [CLIENT_SECRET, authentik.token, "MAILCOW-KEY-0000"]) expect(report).not.toContain(secret);
  });

  test("lists each setting that differs, and bindings the stack does not declare are removed", async () => {
    await api(authentik, "PATCH", `/providers/oauth2/${setup.providerPk}/`, {
      signing_key: authentik.store.certificateByName("authentik Internal JWT Certificate")!.pk,
      authorization_flow: authentik.store.flowBySlug("default-provider-authorization-explicit-consent")!.pk,
      redirect_uris: [
        { matching_mode: "regex", url: "https://mail\\.example\\.org/.*", redirect_uri_type: "authorization" },
        { matching_mode: "strict", url: "https://webmail.example.org", redirect_uri_type: "authorization" },
      ],
    });
    const plan = planAdoption(settings(), await discoverAuthentik(reader(), "mailcow"), guideMailcow);
    expect(plan.changes).toEqual(
      expect.arrayContaining([
        'provider signing key: "authentik Internal JWT Certificate" → "authentik Self-signed Certificate"',
        'provider authorization flow: "default-provider-authorization-explicit-consent" → "default-provider-authorization-implicit-consent"',
        'provider redirect URIs: ["regex authorization https://mail\\\\.example\\\\.org/.*","strict authorization https://webmail.example.org"] → ["strict authorization https://mail.example.org"]',
        'binding group "mail-users": none → created (order 0)',
        'binding group "mailcow users" (not in the stack\'s access settings): removed',
      ]),
    );
    expect(plan.imports.removeBindings).toEqual([setup.bindingPk]);
    expect(plan.imports.bindings).toEqual([]);
  });

  test("--rotate-secret keeps the client ID but not the secret", async () => {
    const plan = planAdoption(settings(), await discoverAuthentik(reader(), "mailcow"), guideMailcow, {
      rotateSecret: true,
    });
    expect([plan.clientId, plan.clientSecret]).toEqual([CLIENT_ID, undefined]);
    expect(plan.changes).toContain("client secret: a new one, on both sides (--rotate-secret)");
  });

  test("refuses when the stack pins another client ID", async () => {
    const plan = planAdoption(
      settings({ oauth2: { clientId: "another-id" } }),
      await discoverAuthentik(reader(), "mailcow"),
      guideMailcow,
    );
    expect(plan.outcome).toBe("refused");
    expect(plan.reason).toContain(
      `the stack pins oauth2.clientId "another-id" but authentik's provider uses "${CLIENT_ID}"`,
    );
  });
});

test("adopt refuses a stack whose settings hold a misspelt key, as the program does", () => {
  expect(() =>
    rawFromCliConfig({ "mailcow-sso:provisoning": { objectValue: { loginProvisioning: true } } }, {}, "lab"),
  ).toThrow(/mailcow-sso:provisoning.*did you mean mailcow-sso:provisioning\?[\s\S]*Pulumi\.lab\.yaml/);
});

describe("what adoption writes", () => {
  test("plaintext settings as --path pairs; the secret separately", async () => {
    const plan = planAdoption(
      settings({ access: { groups: ["mailcow users"] } }),
      await discoverAuthentik(reader(), "mailcow"),
      guideMailcow,
    );
    const pairs = adoptionSettings(plan);
    expect(pairs).toEqual([
      `oauth2.clientId=${CLIENT_ID}`,
      `adopt.oauth2Provider=${setup.providerPk}`,
      "adopt.application=mailcow",
      `adopt.templateScope=${setup.templateMappingPk}`,
      "adopt.bindings[0].kind=group",
      "adopt.bindings[0].ref=mailcow users",
      `adopt.bindings[0].id=${setup.bindingPk}`,
      "mailcow.adoptExisting=true",
    ]);
    expect(pairs.join(" ")).not.toContain(CLIENT_SECRET);
  });

  test("the written settings parse, numbers as `pulumi config set --path` stores them included", () => {
    const s = settings({
      access: { groups: ["mailcow users"] },
      oauth2: { clientId: 12345, clientSecret: CLIENT_SECRET },
      adopt: {
        oauth2Provider: 7,
        application: "mailcow",
        bindings: [{ kind: "group", ref: "mailcow users", id: setup.bindingPk }],
      },
    });
    expect(s.oauth2).toMatchObject({ clientId: "12345", clientSecret: CLIENT_SECRET });
    expect(s.adopt).toEqual({
      oauth2Provider: "7",
      application: "mailcow",
      bindings: [{ kind: "group", ref: "mailcow users", id: setup.bindingPk }],
      removeBindings: [],
    });
  });

  test("an adopt entry for a binding the access settings lack is one clear error", () => {
    const run = () => settings({ adopt: { bindings: [{ kind: "group", ref: "gone", id: setup.bindingPk }] } });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(
      'mailcow-sso:adopt.bindings: group "gone" is not in the access settings; run npm run adopt again or remove the entry',
    );
  });

  test("the stack's settings from `pulumi config --json` are laid over Pulumi.yaml's values, as the program does", () => {
    const raw = rawFromCliConfig(
      { "mailcow-sso:provisioning": { objectValue: { defaultTemplate: "Staff" } } },
      readProjectDefaults(),
    ) as RawConfig & {
      provisioning: Record<string, unknown>;
    };
    expect(raw.provisioning).toMatchObject({ defaultTemplate: "Staff", loginProvisioning: true });
  });
});

test("removing bindings deletes each one and counts one already gone as removed", async () => {
  const env = { AUTHENTIK_URL: authentik.url, AUTHENTIK_TOKEN: authentik.token };
  expect(await removeBindings([setup.bindingPk, setup.bindingPk], env)).toEqual([
    `removed binding ${setup.bindingPk}`,
    `removed binding ${setup.bindingPk} (already gone)`,
  ]);
  expect(authentik.store.bindings.size).toBe(0);
  await expect(removeBindings(["not-a-uuid"], env)).rejects.toThrow("not binding UUIDs: not-a-uuid");
  await expect(removeBindings([setup.bindingPk], { ...env, AUTHENTIK_TOKEN: "wrong-token" })).rejects.toThrow(
    /authentik answered 403 when removing binding .*: check that authentik.token may delete policy bindings/,
  );
});
