// A corpus of bad stack configurations, as a user would write them (Pulumi.<stack>.yaml or `pulumi config set
// --path`), through the same path the program takes: every key the engine passes, laid over the project defaults,
// then parsed. Each one is rejected with its config key named and a fix, before anything is declared; the few that
// are accepted are listed at the end with why they are harmless.
import type * as pulumi from "@pulumi/pulumi";
import { ConfigError, type PlainSettings, parseSettings, readRawConfig } from "../components/config";
import { readProjectDefaults } from "../components/project-defaults";

type Sections = Record<string, unknown>;
type StackConfig = Record<string, unknown>;

const POLICY = "0b9d6bd5-4f6a-4b6e-9f7c-1a2b3c4d5e6f";
const base = (): Sections => ({
  authentik: { url: "https://auth.example.org", token: "authentik-token" },
  mailcow: { url: "https://mail.example.org", apiKey: "MAILCOW-KEY" },
  access: { groups: ["mail-users"] },
});

/** The stack's keys as the engine stores them: `mailcow-sso:<section>` → JSON. */
const namespaced = (sections: Sections): StackConfig =>
  Object.fromEntries(
    Object.entries(sections).map(([key, value]) => [key.includes(":") ? key : `mailcow-sso:${key}`, value]),
  );

function load(stack: StackConfig, env: NodeJS.ProcessEnv = {}): PlainSettings {
  const config = {
    getObject: (key: string) => {
      const value = stack[`mailcow-sso:${key}`];
      return value === undefined ? undefined : JSON.parse(typeof value === "string" ? value : JSON.stringify(value));
    },
  } as unknown as pulumi.Config;
  const raw = readRawConfig(config, {
    allKeys: Object.keys(stack),
    projectDefaults: readProjectDefaults(),
    stack: "dev",
  });
  return parseSettings(raw, env, { stack: "dev" });
}

function problemsOf(stack: StackConfig, env?: NodeJS.ProcessEnv): string[] {
  try {
    load(stack, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain("Pulumi.dev.yaml");
    return (error as ConfigError).problems;
  }
  throw new Error("the configuration was accepted");
}

/** A section of the base config with `fields` laid over it (null deletes a field). */
const withFields = (section: string, fields: Record<string, unknown>) => (sections: Sections) => {
  const merged = { ...((sections[section] as object | undefined) ?? {}), ...fields } as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) if (value === null) delete merged[key];
  sections[section] = merged;
};
const set = (key: string, value: unknown) => (sections: Sections) => void (sections[key] = value);
const both =
  (...changes: ((s: Sections) => void)[]) =>
  (s: Sections) =>
    changes.forEach((change) => change(s));

const evil = "https://evil.example.net";
const long = (n: number) => "a".repeat(n);

// [what, change, the key the problem names, what the problem says]
const REJECTED: [string, (s: Sections) => void, string, RegExp][] = [
  // Keys that are no setting (item 1) and keys that reach a prototype (item 2).
  [
    "a misspelt section",
    set("provisoning", { loginProvisioning: true }),
    "mailcow-sso:provisoning",
    /did you mean mailcow-sso:provisioning\?/,
  ],
  [
    "a misspelt access section",
    both(set("access", undefined), set("acess", { groups: ["g"] })),
    "mailcow-sso:acess",
    /did you mean mailcow-sso:access\?/,
  ],
  ["a field set without --path", set("mailcow.url", "https://mail.example.org"), "mailcow-sso:mailcow.url", /--path/],
  [
    "a misspelt namespace",
    set("mailcow_sso:access", { public: true }),
    "mailcow_sso:access",
    /did you mean mailcow-sso:access\?/,
  ],
  [
    "a misspelt field",
    withFields("mailcow", { ur: "https://x.example.org" }),
    "mailcow-sso:mailcow",
    /did you mean "url"/,
  ],
  [
    "a misspelt provisioning field",
    set("provisioning", { loginProvisoning: true }),
    "mailcow-sso:provisioning",
    /did you mean "loginProvisioning"/,
  ],
  [
    "a misspelt oauth2 field",
    set("oauth2", { accessTokenValidty: "hours=1" }),
    "mailcow-sso:oauth2",
    /did you mean "accessTokenValidity"/,
  ],
  ["a misspelt access field", set("access", { grups: ["g"] }), "mailcow-sso:access", /did you mean "groups"/],
  ["a misspelt secret field", withFields("authentik", { tokn: "x" }), "mailcow-sso:authentik", /did you mean "token"/],
  [
    "a misspelt mapping field",
    set("provisioning", { templateMappings: [{ group: "g", templat: "T" }] }),
    "mailcow-sso:provisioning.templateMappings[0]",
    /did you mean "template"/,
  ],
  [
    "__proto__ smuggling a redirect URL",
    set("mailcow", `{"url":"https://mail.example.org","apiKey":"K","__proto__":{"redirectUrlExtra":["${evil}"]}}`),
    "mailcow-sso:mailcow",
    /"__proto__" is never a setting/,
  ],
  [
    "__proto__ in access",
    set("access", '{"groups":["g"],"__proto__":{"public":true}}'),
    "mailcow-sso:access",
    /"__proto__" is never a setting/,
  ],
  [
    "__proto__ smuggling a launch URL",
    set("application", `{"__proto__":{"launchUrl":"${evil}"}}`),
    "mailcow-sso:application",
    /"__proto__" is never a setting/,
  ],
  [
    "constructor in oauth2",
    set("oauth2", '{"constructor":{"clientId":"x"}}'),
    "mailcow-sso:oauth2",
    /"constructor" is never a setting/,
  ],
  [
    "prototype in provisioning",
    set("provisioning", '{"prototype":{"loginProvisioning":true}}'),
    "mailcow-sso:provisioning",
    /"prototype" is never a setting/,
  ],
  // Values that break logins or would fail only at apply (item 3).
  [
    "an access code valid for 0 minutes",
    set("oauth2", { accessCodeValidity: "minutes=0" }),
    "mailcow-sso:oauth2.accessCodeValidity",
    /at least seconds=1/,
  ],
  [
    "a token valid for 99999999999999 weeks",
    set("oauth2", { accessTokenValidity: "weeks=99999999999999" }),
    "mailcow-sso:oauth2.accessTokenValidity",
    /at most days=36500 \(100 years\)/,
  ],
  [
    "a refresh token valid for a microsecond",
    set("oauth2", { refreshTokenValidity: "microseconds=1" }),
    "mailcow-sso:oauth2.refreshTokenValidity",
    /at least seconds=1/,
  ],
  [
    "a duration naming a unit twice",
    set("oauth2", { accessTokenValidity: "minutes=5;minutes=10" }),
    "mailcow-sso:oauth2.accessTokenValidity",
    /gives minutes twice/,
  ],
  [
    "a duration in another syntax",
    set("oauth2", { accessTokenValidity: "1h" }),
    "mailcow-sso:oauth2.accessTokenValidity",
    /hours=1;minutes=2/,
  ],
  [
    "a duration with an unknown unit",
    set("oauth2", { refreshTokenValidity: "months=1" }),
    "mailcow-sso:oauth2.refreshTokenValidity",
    /units: microseconds/,
  ],
  [
    "a 10,000-character slug",
    set("application", { slug: long(10_000) }),
    "mailcow-sso:application.slug",
    /at most 255 characters/,
  ],
  ["a slug with capitals", set("application", { slug: "Mailcow" }), "mailcow-sso:application.slug", /lower-case/],
  [
    "a reserved slug",
    set("application", { slug: "userinfo" }),
    "mailcow-sso:application.slug",
    /reserved by authentik/,
  ],
  [
    "a flow slug with a space",
    set("oauth2", { authorizationFlow: "my flow" }),
    "mailcow-sso:oauth2.authorizationFlow",
    /must be a slug/,
  ],
  [
    "a binding order of 1e15",
    set("access", { groups: [{ name: "g", order: 1e15 }] }),
    "mailcow-sso:access.groups[0].order",
    /at most 2147483647/,
  ],
  [
    "a fractional binding order",
    set("access", { groups: [{ name: "g", order: 1.5 }] }),
    "mailcow-sso:access.groups[0].order",
    /whole number/,
  ],
  [
    "a negative binding order",
    set("access", { users: [{ username: "alice", order: -1 }] }),
    "mailcow-sso:access.users[0].order",
    />=0/,
  ],
  [
    "a redirect URI with a fragment",
    withFields("mailcow", { redirectUrlExtra: ["https://webmail.example.org/#x"] }),
    "mailcow-sso:mailcow.redirectUrlExtra[0]",
    /fragment/,
  ],
  [
    "a redirect URI with a wildcard host",
    withFields("mailcow", { redirectUrlExtra: ["https://*.example.org"] }),
    "mailcow-sso:mailcow.redirectUrlExtra[0]",
    /wildcard/,
  ],
  [
    "a redirect URI listed twice",
    withFields("mailcow", { redirectUrlExtra: ["https://a.example.org", "https://A.example.org:443"] }),
    "mailcow-sso:mailcow.redirectUrlExtra[1]",
    /listed twice/,
  ],
  [
    "mailcow's own URL as an extra redirect URI",
    withFields("mailcow", { redirectUrlExtra: ["https://Mail.example.org/"] }),
    "mailcow-sso:mailcow.redirectUrlExtra[0]",
    /mailcow\.url itself/,
  ],
  [
    "credentials in a redirect URI",
    withFields("mailcow", { redirectUrlExtra: ["https://u:p@webmail.example.org"] }),
    "mailcow-sso:mailcow.redirectUrlExtra[0]",
    /user name or password/,
  ],
  [
    "an http redirect URI",
    withFields("mailcow", { redirectUrlExtra: ["http://webmail.example.org"] }),
    "mailcow-sso:mailcow.redirectUrlExtra[0]",
    /mailcow\.allowHttp/,
  ],
  [
    "one policy UUID in two letter cases",
    set("access", { policies: [POLICY, POLICY.toUpperCase()] }),
    "mailcow-sso:access.policies",
    /listed twice/,
  ],
  [
    "a group listed twice",
    set("access", { groups: ["g", { name: "g", order: 5 }] }),
    "mailcow-sso:access.groups",
    /listed twice/,
  ],
  [
    "public together with groups",
    set("access", { public: true, groups: ["g"] }),
    "mailcow-sso:access.public",
    /only those in/,
  ],
  ["no access at all", set("access", {}), "mailcow-sso:access", /access\.public: true/],
  [
    "a NUL in a group name",
    set("access", { groups: ["mail\u0000users"] }),
    "mailcow-sso:access.groups[0]",
    /control or invisible/,
  ],
  [
    "a zero-width space in a group name",
    set("access", { groups: ["mail\u200busers"] }),
    "mailcow-sso:access.groups[0]",
    /control or invisible/,
  ],
  [
    "a direction mark in a username",
    set("access", { users: ["\u202ealice"] }),
    "mailcow-sso:access.users[0]",
    /control or invisible/,
  ],
  [
    "a username longer than authentik allows",
    set("access", { users: [long(151)] }),
    "mailcow-sso:access.users[0]",
    /at most 150/,
  ],
  ["a policy that is not a UUID", set("access", { policies: ["my-policy"] }), "mailcow-sso:access.policies[0]", /UUID/],
  [
    "a group list given as one name",
    set("access", { groups: "mail-users" }),
    "mailcow-sso:access.groups",
    /must be a list/,
  ],
  [
    "a request timeout of 1e-9 seconds",
    withFields("mailcow", { requestTimeoutSeconds: 1e-9 }),
    "mailcow-sso:mailcow.requestTimeoutSeconds",
    /at least 1 second/,
  ],
  [
    "a request timeout that is no number",
    withFields("mailcow", { requestTimeoutSeconds: "soon" }),
    "mailcow-sso:mailcow.requestTimeoutSeconds",
    /got the text "soon".*--type float/,
  ],
  ["too many retries", withFields("mailcow", { maxRetries: 10 }), "mailcow-sso:mailcow.maxRetries", /at most 5/],
  [
    "a negative retry backoff",
    withFields("mailcow", { retryBackoffMs: -5 }),
    "mailcow-sso:mailcow.retryBackoffMs",
    /0 or more/,
  ],
  [
    "a flag given as yes",
    withFields("mailcow", { allowHttp: "yes" }),
    "mailcow-sso:mailcow.allowHttp",
    /--type bool mailcow\.allowHttp <true\|false>/,
  ],
  [
    "a flag stored as the text True",
    set("access", { public: "True" }),
    "mailcow-sso:access.public",
    /--type bool access\.public true/,
  ],
  [
    "mailcow's URL on port 0",
    withFields("mailcow", { url: "https://mail.example.org:0" }),
    "mailcow-sso:mailcow.url",
    /port 0/,
  ],
  [
    "mailcow's URL with a query",
    withFields("mailcow", { url: "https://mail.example.org/?x=1" }),
    "mailcow-sso:mailcow.url",
    /base URL/,
  ],
  [
    "mailcow's URL on a wildcard host",
    withFields("mailcow", { url: "https://*.example.org" }),
    "mailcow-sso:mailcow.url",
    /wildcard/,
  ],
  [
    "mailcow's settings as one string",
    set("mailcow", '"https://mail.example.org"'),
    "mailcow-sso:mailcow",
    /must be an object/,
  ],
  [
    "an unknown onDelete",
    withFields("mailcow", { onDelete: "keep" }),
    "mailcow-sso:mailcow.onDelete",
    /"remove" or "retain"/,
  ],
  [
    'a default template "0"',
    set("provisioning", { defaultTemplate: "0" }),
    "mailcow-sso:provisioning.defaultTemplate",
    /silently drops/,
  ],
  [
    "a default template stored as the number 0",
    set("provisioning", { defaultTemplate: 0 }),
    "mailcow-sso:provisioning.defaultTemplate",
    /template/,
  ],
  [
    'a mapping template "0"',
    set("provisioning", { templateMappings: [{ group: "g", template: "0" }] }),
    "mailcow-sso:provisioning.templateMappings[0].template",
    /"0"/,
  ],
  [
    'a group "0" as the claim value',
    set("provisioning", { templateMappings: [{ group: "0", template: "T" }] }),
    "mailcow-sso:provisioning.templateMappings[0].claimValue",
    /group name.*"0"/,
  ],
  [
    "a group mapped twice",
    set("provisioning", {
      templateMappings: [
        { group: "g", template: "A" },
        { group: "g", template: "B", claimValue: "b" },
      ],
    }),
    "mailcow-sso:provisioning.templateMappings",
    /mapped twice/,
  ],
  [
    "a claim value used twice",
    set("provisioning", {
      templateMappings: [
        { group: "g", template: "A", claimValue: "x" },
        { group: "h", template: "B", claimValue: "x" },
      ],
    }),
    "mailcow-sso:provisioning.templateMappings",
    /unique claim values/,
  ],
  [
    "a zero-width space in a template name",
    set("provisioning", { defaultTemplate: "Default\u200b" }),
    "mailcow-sso:provisioning.defaultTemplate",
    /control or invisible/,
  ],
  [
    "a scope with a space",
    withFields("mailcow", { clientScopes: ["openid", "profile email"] }),
    "mailcow-sso:mailcow.clientScopes[1]",
    /without spaces/,
  ],
  [
    "scopes without openid",
    withFields("mailcow", { clientScopes: ["profile", "email"] }),
    "mailcow-sso:mailcow.clientScopes",
    /openid/,
  ],
  [
    "scopes as one string",
    withFields("mailcow", { clientScopes: "openid profile" }),
    "mailcow-sso:mailcow.clientScopes",
    /list of scope names/,
  ],
  [
    "an empty application name",
    set("application", { name: "  " }),
    "mailcow-sso:application.name",
    /must not be empty/,
  ],
  [
    "a NUL in the description",
    set("application", { description: "Mail\u0000" }),
    "mailcow-sso:application.description",
    /control characters other than newlines/,
  ],
  [
    "a newline in the publisher",
    set("application", { publisher: "IT\nDept" }),
    "mailcow-sso:application.publisher",
    /control characters/,
  ],
  [
    "an http launch URL",
    set("application", { launchUrl: "http://mail.example.org/sogo" }),
    "mailcow-sso:application.launchUrl",
    /mailcow\.allowHttp/,
  ],
  [
    "a javascript: launch URL",
    set("application", { launchUrl: "javascript:alert(1)" }),
    "mailcow-sso:application.launchUrl",
    /must use https/,
  ],
  [
    "an unknown policy engine mode",
    set("application", { policyEngineMode: "first" }),
    "mailcow-sso:application.policyEngineMode",
    /"any" or "all"/,
  ],
  [
    "an empty signing key name",
    set("oauth2", { signingKey: "" }),
    "mailcow-sso:oauth2.signingKey",
    /must not be empty/,
  ],
  ["an unknown sub mode", set("oauth2", { subMode: "email" }), "mailcow-sso:oauth2.subMode", /hashed_user_id/],
  ["a client ID with spaces", set("oauth2", { clientId: "my client" }), "mailcow-sso:oauth2.clientId", /A-Z a-z 0-9/],
  [
    "a client ID longer than authentik allows",
    set("oauth2", { clientId: long(256) }),
    "mailcow-sso:oauth2.clientId",
    /1-255/,
  ],
  [
    "a blank pinned client secret",
    set("oauth2", { clientSecret: "   " }),
    "mailcow-sso:oauth2.clientSecret",
    /only spaces/,
  ],
  [
    "a pinned client secret longer than authentik allows",
    set("oauth2", { clientSecret: long(256) }),
    "mailcow-sso:oauth2.clientSecret",
    /at most 255/,
  ],
  [
    "authentik's URL with a path",
    withFields("authentik", { url: "https://auth.example.org/if/flow/" }),
    "mailcow-sso:authentik.url",
    /base URL/,
  ],
  [
    "authentik's URL over http",
    withFields("authentik", { url: "http://auth.example.org" }),
    "mailcow-sso:authentik.url",
    /authentik\.allowHttp/,
  ],
  [
    "authentik's URL without a scheme",
    withFields("authentik", { url: "auth.example.org" }),
    "mailcow-sso:authentik.url",
    /not a URL/,
  ],
  [
    "no authentik settings",
    set("authentik", undefined),
    "mailcow-sso:authentik",
    /pulumi config set --path authentik\.url/,
  ],
  [
    "a blank authentik token and none in the environment",
    withFields("authentik", { token: " " }),
    "mailcow-sso:authentik.token",
    /AUTHENTIK_TOKEN/,
  ],
  [
    "an adopted binding the access settings do not list",
    set("adopt", { bindings: [{ kind: "group", ref: "other", id: POLICY }] }),
    "mailcow-sso:adopt.bindings",
    /not in the access settings/,
  ],
  [
    "an adopted provider that is no pk",
    set("adopt", { oauth2Provider: "abc" }),
    "mailcow-sso:adopt.oauth2Provider",
    /integer pk/,
  ],
  [
    "a binding to remove that is no UUID",
    set("adopt", { removeBindings: ["x"] }),
    "mailcow-sso:adopt.removeBindings[0]",
    /UUID/,
  ],
];

describe("rejected, with the key named and a fix", () => {
  test(`the corpus holds ${REJECTED.length} configurations`, () => {
    expect(REJECTED.length).toBeGreaterThanOrEqual(60);
    expect(new Set(REJECTED.map(([label]) => label)).size).toBe(REJECTED.length);
  });

  test.each(REJECTED)("%s", (_label, change, key, hint) => {
    const sections = base();
    change(sections);
    const problems = problemsOf(namespaced(sections));
    const named = problems.filter((problem) => problem.startsWith(`${key}: `));
    expect({ problems, named: named.length > 0 }).toEqual({ problems, named: true });
    expect(named.join("\n")).toMatch(hint);
  });
});

// [what, change, why it is harmless, what shows it]
const ACCEPTED: [string, (s: Sections) => void, string, (settings: PlainSettings) => void][] = [
  [
    "a blank mailcow API key with MAILCOW_API_KEY exported",
    withFields("mailcow", { apiKey: "   " }),
    "blank counts as unset, so the key from the environment is used (the provider does the same)",
    (s) => expect(s.mailcow.apiKey).toBe("KEY-FROM-ENV"),
  ],
  [
    "group names that differ only by case",
    set("access", { groups: ["mail-users", "Mail-Users"] }),
    "authentik compares group names exactly (its name= filter and the template claim's membership test), so these " +
      "are two groups; a name that names no group fails the preview's lookup",
    (s) => expect(s.access.bindings.map((b) => b.ref)).toEqual(["mail-users", "Mail-Users"]),
  ],
  [
    "ignoreSslError without allowIgnoreSslError",
    withFields("mailcow", { ignoreSslError: true }),
    "a lab may need it; the policy pack's mailcow-idp-no-ignore-ssl-error fails every preview of it until the stack " +
      "also sets mailcow.allowIgnoreSslError: true",
    (s) => expect(s.mailcow).toMatchObject({ ignoreSslError: true, allowIgnoreSslError: false }),
  ],
  [
    "allowIgnoreSslError with ignoreSslError off",
    withFields("mailcow", { allowIgnoreSslError: true }),
    "an exception nothing uses: mailcow still verifies authentik's certificate",
    (s) => expect(s.mailcow.ignoreSslError).toBe(false),
  ],
  [
    "a template mapping for a group that has no access",
    set("provisioning", { templateMappings: [{ group: "mail-admins", template: "Admins" }] }),
    "the mapping only picks a template; who may sign in is decided by access alone",
    (s) => expect(s.provisioning.templateMappings).toHaveLength(1),
  ],
  [
    "a plain number given as text for a binding order",
    set("access", { groups: [{ name: "g", order: "15" }] }),
    "read as the number it is",
    (s) => expect(s.access.bindings[0].order).toBe(15),
  ],
  [
    "a request timeout stored as text by `pulumi config set --path mailcow.requestTimeoutSeconds 7.5`",
    withFields("mailcow", { requestTimeoutSeconds: "7.5" }),
    "read as 7.5 here and by the provider's configure, which parses the same connection fields",
    (s) => expect(s.mailcow.requestTimeoutSeconds).toBe(7.5),
  ],
];

describe("accepted, and harmless", () => {
  test.each(ACCEPTED.map(([label, change, why, check]) => ({ label, change, why, check })))(
    "$label: $why",
    ({ change, check }) => {
      const sections = base();
      change(sections);
      check(load(namespaced(sections), { MAILCOW_API_KEY: "KEY-FROM-ENV" }));
    },
  );
});
