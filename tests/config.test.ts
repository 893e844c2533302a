import { ConfigError, parseSettings, type RawConfig } from "../components/config";
import { parseConnection, resolveApiKey } from "../components/mailcow/connection";

type Raw = Record<string, Record<string, unknown>>;
const valid = (): Raw => ({
  authentik: { url: "https://auth.example.org", token: "authentik-token" },
  mailcow: { url: "https://mail.example.org", apiKey: "MAILCOW-KEY" },
  access: { groups: ["mail-users"] },
});
const noEnv = {};

function problemsOf(raw: Raw, env: NodeJS.ProcessEnv = noEnv): string[] {
  try {
    parseSettings(raw as RawConfig, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("parseSettings: a valid config", () => {
  test("applies the upstream guide's defaults", () => {
    const s = parseSettings(valid() as RawConfig, noEnv);
    expect(s.oauth2).toMatchObject({
      authorizationFlow: "default-provider-authorization-implicit-consent",
      invalidationFlow: "default-provider-invalidation-flow",
      signingKey: "authentik Self-signed Certificate",
      subMode: "hashed_user_id",
      issuerMode: "per_provider",
      clientSecretRotation: "1",
    });
    expect(s.mailcow.clientScopes).toEqual(["openid", "profile", "email", "mailcow_template"]);
    expect(s.application).toMatchObject({ name: "mailcow", slug: "mailcow", launchUrl: "https://mail.example.org" });
    expect(s.mailcow).toMatchObject({ onDelete: "remove", adoptExisting: false, ignoreSslError: false });
  });

  test("normalises base URLs and keeps a trailing-slash-free redirect target", () => {
    const raw = valid();
    raw.authentik.url = "https://Auth.Example.org/";
    raw.mailcow.url = "https://mail.example.org:8443/";
    const s = parseSettings(raw as RawConfig, noEnv);
    expect(s.authentik.url).toBe("https://auth.example.org");
    expect(s.mailcow.url).toBe("https://mail.example.org:8443");
  });

  test("reads secrets from the environment when config has none", () => {
    const raw = valid();
    delete raw.authentik.token;
    delete raw.mailcow.apiKey;
    const s = parseSettings(raw as RawConfig, { AUTHENTIK_TOKEN: "from-env", MAILCOW_API_KEY: "KEY-FROM-ENV" });
    expect(s.authentik.token).toBe("from-env");
    expect(s.mailcow.apiKey).toBe("KEY-FROM-ENV");
  });

  test("derives binding order from list position unless given, and claim values from group names", () => {
    const raw = valid();
    raw.access = { groups: ["a", { name: "b", order: 3 }], users: ["alice"], policies: [] };
    raw.provisioning = { templateMappings: [{ group: "Mail Staff", template: "Staff" }] };
    const s = parseSettings(raw as RawConfig, noEnv);
    expect(s.access.bindings).toEqual([
      { kind: "group", ref: "a", order: 0 },
      { kind: "group", ref: "b", order: 3 },
      { kind: "user", ref: "alice", order: 0 },
    ]);
    expect(s.provisioning.templateMappings).toEqual([
      { group: "Mail Staff", claimValue: "Mail Staff", template: "Staff" },
    ]);
  });

  test("allows http only when asked to", () => {
    const raw = valid();
    raw.mailcow.url = "http://127.0.0.1:8080";
    raw.mailcow.allowHttp = true;
    expect(parseSettings(raw as RawConfig, noEnv).mailcow.url).toBe("http://127.0.0.1:8080");
  });

  test("the mailcow connection settings are the provider's own (one schema), retryBackoffMs included", () => {
    const raw = valid();
    Object.assign(raw.mailcow, { requestTimeoutSeconds: 5, maxRetries: 5, retryBackoffMs: 250, insecureTls: true });
    const connection = parseConnection(raw.mailcow);
    expect(connection.ok).toBe(true);
    expect(parseSettings(raw as RawConfig, noEnv).mailcow).toMatchObject(connection.ok ? connection.connection : {});
  });

  test("a public application needs no bindings", () => {
    const raw = valid();
    raw.access = { public: true };
    expect(parseSettings(raw as RawConfig, noEnv).access).toEqual({ public: true, bindings: [] });
  });
});

type Mutation = (raw: Raw) => void;
const invalid: [string, string, RegExp, Mutation][] = [
  [
    "http authentik URL",
    "mailcow-sso:authentik.url",
    /https.*authentik\.allowHttp/,
    (r) => (r.authentik.url = "http://auth.example.org"),
  ],
  [
    "authentik URL with a path",
    "mailcow-sso:authentik.url",
    /base URL.*https:\/\/auth\.example\.org/,
    (r) => (r.authentik.url = "https://auth.example.org/if/flow"),
  ],
  [
    "mailcow URL with a query",
    "mailcow-sso:mailcow.url",
    /base URL/,
    (r) => (r.mailcow.url = "https://mail.example.org/?x=1"),
  ],
  [
    "mailcow URL that is not a URL",
    "mailcow-sso:mailcow.url",
    /not a URL/,
    (r) => (r.mailcow.url = "mail.example.org"),
  ],
  [
    "reserved slug",
    "mailcow-sso:application.slug",
    /reserved by authentik/,
    (r) => (r.application = { slug: "token" }),
  ],
  ["non-slug", "mailcow-sso:application.slug", /must be a slug/, (r) => (r.application = { slug: "Mail Cow" })],
  [
    "malformed duration",
    "mailcow-sso:oauth2.accessTokenValidity",
    /hours=1;minutes=2/,
    (r) => (r.oauth2 = { accessTokenValidity: "1h" }),
  ],
  [
    "unknown duration unit",
    "mailcow-sso:oauth2.refreshTokenValidity",
    /duration/,
    (r) => (r.oauth2 = { refreshTokenValidity: "hours=1;mins=2" }),
  ],
  [
    "empty application name",
    "mailcow-sso:application.name",
    /must not be empty/,
    (r) => (r.application = { name: "  " }),
  ],
  [
    "duplicate group",
    "mailcow-sso:access.groups",
    /listed twice/,
    (r) => (r.access = { groups: ["mail-users", { name: "mail-users" }] }),
  ],
  [
    "missing authentik token",
    "mailcow-sso:authentik.token",
    /pulumi config set --secret --path authentik\.token <token>.*AUTHENTIK_TOKEN/,
    (r) => delete r.authentik.token,
  ],
  [
    "missing mailcow API key",
    "mailcow-sso:mailcow.apiKey",
    /pulumi config set --secret --path mailcow\.apiKey <key>.*MAILCOW_API_KEY/,
    (r) => delete r.mailcow.apiKey,
  ],
  ["unknown sub mode", "mailcow-sso:oauth2.subMode", /hashed_user_id/, (r) => (r.oauth2 = { subMode: "email" })],
  [
    "unknown issuer mode",
    "mailcow-sso:oauth2.issuerMode",
    /per_provider/,
    (r) => (r.oauth2 = { issuerMode: "tenant" }),
  ],
  [
    "policy that is not a UUID",
    "mailcow-sso:access.policies[0]",
    /UUID|string or \{ id, order \}/,
    (r) => (r.access = { policies: ["my-policy"] }),
  ],
  [
    "group mapped twice",
    "mailcow-sso:provisioning.templateMappings",
    /mapped twice/,
    (r) =>
      (r.provisioning = {
        templateMappings: [
          { group: "g", template: "A", claimValue: "a" },
          { group: "g", template: "B", claimValue: "b" },
        ],
      }),
  ],
  [
    "claim value used twice",
    "mailcow-sso:provisioning.templateMappings",
    /unique claim values/,
    (r) =>
      (r.provisioning = {
        templateMappings: [
          { group: "g", template: "A", claimValue: "x" },
          { group: "h", template: "B", claimValue: "x" },
        ],
      }),
  ],
  [
    'claim value "0"',
    "mailcow-sso:provisioning.templateMappings[0].claimValue",
    /silently drops/,
    (r) => (r.provisioning = { templateMappings: [{ group: "g", template: "A", claimValue: "0" }] }),
  ],
  [
    "scopes without openid",
    "mailcow-sso:mailcow.clientScopes",
    /openid/,
    (r) => (r.mailcow.clientScopes = ["profile", "email"]),
  ],
  ["no access and not public", "mailcow-sso:access", /access\.public: true/, (r) => (r.access = {})],
  [
    "misspelled key",
    "mailcow-sso:mailcow",
    /unknown key "apikey"; did you mean "apiKey"\?/,
    (r) => (r.mailcow.apikey = "x"),
  ],
  [
    "authentik settings missing",
    "mailcow-sso:authentik",
    /is required; set it with `pulumi config set --path authentik\.url <value>`/,
    (r) => delete r.authentik,
  ],
  [
    "http extra redirect URL",
    "mailcow-sso:mailcow.redirectUrlExtra[0]",
    /https/,
    (r) => (r.mailcow.redirectUrlExtra = ["http://webmail.example.org"]),
  ],
  [
    "bad policy engine mode",
    "mailcow-sso:application.policyEngineMode",
    /any|all/,
    (r) => (r.application = { policyEngineMode: "first" }),
  ],
  [
    "pinned client ID with spaces",
    "mailcow-sso:oauth2.clientId",
    /A-Z a-z 0-9/,
    (r) => (r.oauth2 = { clientId: "my client" }),
  ],
  [
    "negative binding order",
    "mailcow-sso:access.groups[0].order",
    />=0/,
    (r) => (r.access = { groups: [{ name: "g", order: -1 }] }),
  ],
  [
    "wrong type for a flag",
    "mailcow-sso:mailcow.ignoreSslError",
    /true or false.*--type bool mailcow\.ignoreSslError/,
    (r) => (r.mailcow.ignoreSslError = "yes"),
  ],
  // The provider's configure reads the same fields with the same limits.
  ["too many retries", "mailcow-sso:mailcow.maxRetries", /at most 5/, (r) => (r.mailcow.maxRetries = 10)],
  ["negative backoff", "mailcow-sso:mailcow.retryBackoffMs", /0 or more/, (r) => (r.mailcow.retryBackoffMs = -5)],
  ["mailcow URL on port 0", "mailcow-sso:mailcow.url", /port 0/, (r) => (r.mailcow.url = "https://mail.example.org:0")],
  [
    "extra redirect URL with a fragment",
    "mailcow-sso:mailcow.redirectUrlExtra[0]",
    /fragment/,
    (r) => (r.mailcow.redirectUrlExtra = ["https://webmail.example.org/#in"]),
  ],
  [
    "http launch URL",
    "mailcow-sso:application.launchUrl",
    /https.*mailcow\.allowHttp/,
    (r) => (r.application = { launchUrl: "http://mail.example.org/sogo" }),
  ],
  [
    'group "0" as the claim value',
    "mailcow-sso:provisioning.templateMappings[0].claimValue",
    /group name.*"0"/,
    (r) => (r.provisioning = { templateMappings: [{ group: "0", template: "A" }] }),
  ],
  [
    'template "0"',
    "mailcow-sso:provisioning.templateMappings[0].template",
    /"0"/,
    (r) => (r.provisioning = { templateMappings: [{ group: "g", template: "0" }] }),
  ],
];

describe("parseSettings: invalid configs", () => {
  test.each(invalid)("%s: names %s", (_label, key, hint, mutate) => {
    const raw = valid();
    mutate(raw);
    const problems = problemsOf(raw);
    const matching = problems.filter((p) => p.startsWith(`${key}: `));
    expect(matching).not.toHaveLength(0);
    expect(matching.join("\n")).toMatch(hint);
  });

  test("lists every problem in one error, with the fix", () => {
    const raw = valid();
    raw.authentik.url = "http://auth.example.org";
    raw.application = { slug: "authorize" };
    delete raw.mailcow.apiKey;
    try {
      parseSettings(raw as RawConfig, noEnv);
      throw new Error("expected a ConfigError");
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toMatch(/3 problems/);
      expect(message).toContain("mailcow-sso:authentik.url");
      expect(message).toContain("mailcow-sso:application.slug");
      expect(message).toContain("mailcow-sso:mailcow.apiKey");
      expect(message).toMatch(/Nothing was created/);
    }
  });

  test("never echoes a secret value in its message", () => {
    const raw = valid();
    raw.authentik.token = "super-secret-token";
    raw.mailcow.apiKey = "SECRET-MAILCOW-KEY";
    raw.mailcow.url = "ftp://mail.example.org";
    const message = problemsOf(raw).join("\n");
    expect(message).not.toContain("super-secret-token");
    expect(message).not.toContain("SECRET-MAILCOW-KEY");
  });
});

describe("a blank secret counts as unset", () => {
  test("the environment's key is used, by the config boundary and by the provider alike", () => {
    const raw = valid();
    raw.mailcow.apiKey = "   ";
    raw.authentik.token = "";
    const env = { MAILCOW_API_KEY: "KEY-FROM-ENV", AUTHENTIK_TOKEN: "token-from-env" };
    const settings = parseSettings(raw as RawConfig, env);
    expect(settings.mailcow.apiKey).toBe("KEY-FROM-ENV");
    expect(settings.authentik.token).toBe("token-from-env");
    const connection = parseConnection(raw.mailcow);
    expect(connection.ok && resolveApiKey(connection.connection, env)).toBe("KEY-FROM-ENV");
  });

  test("with nothing in the environment either, the message names both ways to set it", () => {
    const raw = valid();
    raw.mailcow.apiKey = "  ";
    expect(problemsOf(raw)).toEqual([
      "mailcow-sso:mailcow.apiKey: no mailcow API key; run `pulumi config set --secret --path mailcow.apiKey <key>` or export MAILCOW_API_KEY",
    ]);
  });
});
