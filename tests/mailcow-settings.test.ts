import {
  type OidcSettings,
  changedSettings,
  normaliseStored,
  pickSettings,
  renderAttr,
  toBool,
  toList,
  toScopes,
} from "../components/mailcow/settings";
import {
  OUTPUT_KEYS,
  PROVIDER_VERSION,
  buildState,
  changedProperties,
  mailcowUrlOf,
  secretDigest,
} from "../components/mailcow/state";
import { DEFAULT_SCOPES, UNKNOWN } from "../components/rules";

const settings: OidcSettings = {
  authorizeUrl: "https://auth.example.org/application/o/authorize/",
  tokenUrl: "https://auth.example.org/application/o/token/",
  userinfoUrl: "https://auth.example.org/application/o/userinfo/",
  clientId: "mailcow",
  redirectUrl: "https://mail.example.org",
  redirectUrlExtra: ["https://webmail.example.org"],
  clientScopes: ["openid", "profile", "email", "mailcow_template"],
  ignoreSslError: false,
  loginProvisioning: true,
  defaultTemplate: "Default",
  templateMappings: [
    { claimValue: "staff", template: "Staff" },
    { claimValue: "guest", template: "Guest" },
  ],
};

/** What mailcow's GET returns after saving `renderAttr(settings, "s3cret")` (strings, ints and stale keys). */
const storedGet: Record<string, unknown> = {
  authsource: "generic-oidc",
  authorize_url: "https://auth.example.org/application/o/authorize/",
  token_url: "https://auth.example.org/application/o/token/",
  userinfo_url: "https://auth.example.org/application/o/userinfo/",
  client_id: "mailcow",
  client_secret: "s3cret",
  redirect_url: "https://mail.example.org",
  redirect_url_extra: ["https://webmail.example.org"],
  client_scopes: "openid profile email mailcow_template",
  ignore_ssl_error: "",
  login_provisioning: true,
  default_template: "Default",
  mappers: ["staff", "guest"],
  templates: ["Staff", "Guest"],
  access_token: "",
  // stale ldap keys from an earlier configuration
  host: "ldap.example.org",
  port: "389",
  bindpass: "old-ldap-password",
  use_ssl: false,
};

describe("value coercion", () => {
  test.each([
    [true, true],
    [false, false],
    ["1", true],
    ["", false],
    ["0", false],
    [1, true],
    [0, false],
    [null, false],
    [undefined, false],
  ])("toBool(%p) = %p", (value, expected) => {
    expect(toBool(value)).toBe(expected);
  });

  test.each([
    [
      ["a", "b"],
      ["a", "b"],
    ],
    [{ "0": "a", "2": "c" }, ["a", "c"]],
    [{ "10": "k", "2": "c" }, ["c", "k"]],
    ["single", ["single"]],
    [null, []],
    [undefined, []],
    ["", []],
  ])("toList(%p) = %p", (value, expected) => {
    expect(toList(value)).toEqual(expected);
  });

  test.each([
    ["openid profile", ["openid", "profile"]],
    ["  openid   email ", ["openid", "email"]],
    ["", DEFAULT_SCOPES],
    [undefined, DEFAULT_SCOPES],
    [
      ["openid", "email"],
      ["openid", "email"],
    ],
  ])("toScopes(%p) = %p", (value, expected) => {
    expect(toScopes(value)).toEqual(expected);
  });

  test.each([
    ["https://mail.example.org/", "https://mail.example.org"],
    ["https://Mail.Example.org:443", "https://mail.example.org"],
    // State written by v1 could hold a path; it still identifies that mailcow.
    ["https://mail.example.org//", "https://mail.example.org"],
    [" https://mail.example.org/sub/ ", "https://mail.example.org/sub"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    [undefined, ""],
  ])("mailcowUrlOf(%p) = %p", (value, expected) => {
    expect(mailcowUrlOf(value)).toBe(expected);
  });
});

describe("normaliseStored", () => {
  test("a generic-oidc GET round-trips to the settings that were rendered", () => {
    const observed = normaliseStored(storedGet);
    expect(observed.authsource).toBe("generic-oidc");
    expect(observed.settings).toEqual(settings);
    expect(observed.clientSecret).toBe("s3cret");
    expect(observed.missing).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, Partial<OidcSettings>]>([
    ["ignore_ssl_error stored as '1'", { ignore_ssl_error: "1" }, { ignoreSslError: true }],
    ["login_provisioning as int 1", { login_provisioning: 1 }, { loginProvisioning: true }],
    ["login_provisioning never stored", { login_provisioning: undefined }, { loginProvisioning: true }],
    ["login_provisioning false", { login_provisioning: false }, { loginProvisioning: false }],
    [
      "mappers/templates as gap-keyed objects",
      { mappers: { "0": "staff", "2": "guest" }, templates: { "0": "Staff", "2": "Guest" } },
      {},
    ],
    ["empty client_scopes", { client_scopes: "" }, { clientScopes: DEFAULT_SCOPES }],
    ["redirect_url_extra as object", { redirect_url_extra: { "1": "https://webmail.example.org" } }, {}],
    ["no default_template", { default_template: undefined }, { defaultTemplate: "" }],
    ["upper-case authsource", { authsource: "Generic-OIDC" }, {}],
  ])("%s", (_name, patch, expected) => {
    const raw = { ...storedGet, ...patch };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete raw[key];
    expect(normaliseStored(raw).settings).toEqual({ ...settings, ...expected });
  });

  test("ignores the phantom ignore_ssl_errors key and stale keys", () => {
    const observed = normaliseStored({ ...storedGet, ignore_ssl_errors: true, realm: "old", server_url: "x" });
    expect(observed.settings).toEqual(settings);
    expect(JSON.stringify(observed.settings)).not.toContain("old-ldap-password");
  });

  test("uneven mappers/templates are paired up to the shorter list", () => {
    const observed = normaliseStored({ ...storedGet, mappers: ["a", "b", "c"], templates: ["A"] });
    expect(observed.settings?.templateMappings).toEqual([{ claimValue: "a", template: "A" }]);
  });

  test("reports keys older mailcow versions do not return", () => {
    const raw = { ...storedGet };
    delete raw.redirect_url_extra;
    const observed = normaliseStored(raw);
    expect(observed.missing).toEqual(["redirect_url_extra"]);
    expect(observed.settings?.redirectUrlExtra).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string | null, string | null]>([
    ["nothing configured", { login_provisioning: 1 }, null, null],
    ["empty object", {}, null, null],
    ["keycloak", { authsource: "keycloak", client_id: "kc", client_secret: "x", realm: "r" }, "keycloak", "kc"],
    ["ldap", { authsource: "ldap", bindpass: "p", ignore_ssl_errors: false }, "ldap", null],
  ])("%s → no generic-oidc settings", (_name, raw, authsource, clientId) => {
    const observed = normaliseStored(raw);
    expect(observed).toMatchObject({ authsource, clientId, settings: null, clientSecret: null });
  });
});

describe("renderAttr", () => {
  test("renders the complete attribute set with booleans and dense equal-length mappings", () => {
    expect(renderAttr(settings, "s3cret")).toEqual({
      authsource: "generic-oidc",
      authorize_url: settings.authorizeUrl,
      token_url: settings.tokenUrl,
      userinfo_url: settings.userinfoUrl,
      client_id: "mailcow",
      client_secret: "s3cret",
      redirect_url: "https://mail.example.org",
      redirect_url_extra: ["https://webmail.example.org"],
      client_scopes: "openid profile email mailcow_template",
      ignore_ssl_error: false,
      login_provisioning: true,
      default_template: "Default",
      mappers: ["staff", "guest"],
      templates: ["Staff", "Guest"],
    });
  });

  test("always sends the keys that clear settings, even when empty", () => {
    const attr = renderAttr({ ...settings, redirectUrlExtra: [], defaultTemplate: "", templateMappings: [] }, "s");
    expect(attr).toMatchObject({ redirect_url_extra: [], default_template: "", mappers: [], templates: [] });
    expect(attr.login_provisioning).toBe(true);
    expect(attr.ignore_ssl_error).toBe(false);
  });
});

describe("changedSettings / pickSettings", () => {
  test.each<[Partial<OidcSettings>, string[]]>([
    [{}, []],
    [{ tokenUrl: "https://other/token" }, ["tokenUrl"]],
    [{ loginProvisioning: false, ignoreSslError: true }, ["ignoreSslError", "loginProvisioning"]],
    [{ templateMappings: [...settings.templateMappings].reverse() }, ["templateMappings"]],
    [{ clientScopes: ["openid"] }, ["clientScopes"]],
    [{ redirectUrlExtra: [] }, ["redirectUrlExtra"]],
  ])("%p → %p", (patch, expected) => {
    expect(changedSettings(settings, { ...settings, ...patch })).toEqual(expected);
  });

  test("pickSettings returns undefined when a setting is missing", () => {
    const record: Record<string, unknown> = { ...settings };
    expect(pickSettings(record)).toEqual(settings);
    delete record.templateMappings;
    expect(pickSettings(record)).toBeUndefined();
  });
});

describe("changedProperties (offline diff)", () => {
  const salt = "00112233445566778899aabbccddeeff";
  const local = { mailcowUrl: "https://mail.example.org", onDelete: "remove" as const, adoptExisting: false };
  const olds = buildState({ ...local, allowHttp: false }, settings, { salt, digest: secretDigest(salt, "s3cret") });
  const news: Record<string, unknown> = { ...local, ...settings, allowHttp: false, clientSecret: "s3cret" };

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ["nothing changed", {}, {}, []],
    ["a new client secret", {}, { clientSecret: "n3w" }, ["clientSecret"]],
    ["a new token URL", {}, { tokenUrl: "https://auth.example.org/t" }, ["tokenUrl"]],
    ["trailing slash on mailcowUrl only", {}, { mailcowUrl: "https://mail.example.org/" }, []],
    ["another mailcow", {}, { mailcowUrl: "https://mail2.example.org" }, ["mailcowUrl"]],
    ["onDelete retain", {}, { onDelete: "retain" }, ["onDelete"]],
    ["adoptExisting / allowHttp do not matter after create", {}, { adoptExisting: true, allowHttp: true }, []],
    ["unknown client secret during preview", {}, { clientSecret: UNKNOWN }, ["clientSecret"]],
    ["unknown inside a list", {}, { redirectUrlExtra: [UNKNOWN] }, ["redirectUrlExtra"]],
    ["an older provider version", { providerVersion: "0" }, {}, ["providerVersion"]],
    ["state without salt", { clientSecretSalt: undefined }, {}, ["clientSecret"]],
  ])("%s", (_name, oldPatch, newPatch, expected) => {
    expect(changedProperties({ ...olds, ...oldPatch }, { ...news, ...newPatch })).toEqual(expected);
  });

  test("the output list is the state's keys, in the order buildState writes them", () => {
    expect(Object.keys(olds)).toEqual(OUTPUT_KEYS);
  });

  test("records the current provider version and a digest that does not contain the secret", () => {
    expect(olds.providerVersion).toBe(PROVIDER_VERSION);
    expect(olds.clientSecretDigest).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(olds)).not.toContain("s3cret");
  });

  test("the digest depends on the salt", () => {
    expect(secretDigest("salt-a", "s3cret")).not.toBe(secretDigest("salt-b", "s3cret"));
    expect(secretDigest("salt-a", "s3cret")).toBe(secretDigest("salt-a", "s3cret"));
  });
});
