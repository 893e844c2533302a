// The provider's check: the resource inputs through the one zod schema, as the host passes them.
import { INPUT_KEYS, checkInputs, withoutUndefined } from "../components/mailcow/inputs";
import { SETTING_KEYS } from "../components/mailcow/settings";
import { DEFAULT_SCOPES, UNKNOWN } from "../components/rules";

const valid: Record<string, unknown> = {
  mailcowUrl: "https://mail.example.org/",
  authorizeUrl: "https://auth.example.org/application/o/authorize/",
  tokenUrl: "https://auth.example.org/application/o/token/",
  userinfoUrl: "https://auth.example.org/application/o/userinfo/",
  clientId: "mailcow",
  clientSecret: "s3cret-value",
  redirectUrl: "https://mail.example.org",
};

function failuresFor(patch: Record<string, unknown>): { property: string; reason: string }[] {
  return checkInputs({ ...valid, ...patch }).failures ?? [];
}

describe("checkInputs", () => {
  test("fills defaults and normalises the mailcow URL", () => {
    const { inputs, failures } = checkInputs({ ...valid, mailcowUrl: "https://Mail.Example.org/", extra: 1 });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      ...valid,
      mailcowUrl: "https://mail.example.org",
      redirectUrlExtra: [],
      clientScopes: DEFAULT_SCOPES,
      ignoreSslError: false,
      loginProvisioning: false,
      defaultTemplate: "",
      templateMappings: [],
      adoptExisting: false,
      onDelete: "remove",
      allowHttp: false,
    });
  });

  test("keeps redirectUrl exactly (only surrounding spaces are trimmed)", () => {
    expect(checkInputs({ ...valid, redirectUrl: " https://Mail.example.org/ " }).inputs?.redirectUrl).toBe(
      "https://Mail.example.org/",
    );
  });

  test("passes the client secret byte for byte", () => {
    expect(checkInputs({ ...valid, clientSecret: " padded secret " }).inputs?.clientSecret).toBe(" padded secret ");
  });

  test("drops duplicate scopes and accepts an ID of exactly 255 characters", () => {
    const { inputs, failures } = checkInputs({
      ...valid,
      clientScopes: ["openid", "email", "openid"],
      clientId: "c".repeat(255),
    });
    expect(failures).toEqual([]);
    expect(inputs?.clientScopes).toEqual(["openid", "email"]);
  });

  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ["missing mailcowUrl", { mailcowUrl: undefined }, "mailcowUrl", /required/],
    ["http mailcowUrl", { mailcowUrl: "http://mail.example.org" }, "mailcowUrl", /https.*allowHttp/],
    ["credentials in mailcowUrl", { mailcowUrl: "https://u:p@mail.example.org" }, "mailcowUrl", /user name/],
    ["query on mailcowUrl", { mailcowUrl: "https://mail.example.org/?a=1" }, "mailcowUrl", /query/],
    ["path on mailcowUrl", { mailcowUrl: "https://mail.example.org/sogo" }, "mailcowUrl", /base URL/],
    ["port 0 on mailcowUrl", { mailcowUrl: "https://mail.example.org:0" }, "mailcowUrl", /port 0/],
    ["unparsable token URL", { tokenUrl: "not a url" }, "tokenUrl", /spaces|not a URL/],
    ["relative authorize URL", { authorizeUrl: "/authorize" }, "authorizeUrl", /not a URL/],
    ["ftp userinfo URL", { userinfoUrl: "ftp://auth.example.org/u" }, "userinfoUrl", /https/],
    ["fragment in the token URL", { tokenUrl: "https://auth.example.org/token#x" }, "tokenUrl", /fragment/],
    ["empty fragment in the authorize URL", { authorizeUrl: "https://a.example.org/#" }, "authorizeUrl", /fragment/],
    ["port 0 on the userinfo URL", { userinfoUrl: "https://a.example.org:0/u" }, "userinfoUrl", /port 0/],
    ["tab in the redirect URL", { redirectUrl: "https://mail.example.org/\tx" }, "redirectUrl", /control/],
    ["empty client id", { clientId: "  " }, "clientId", /empty/],
    ["client id with a control character", { clientId: "mail\u0000cow" }, "clientId", /control characters/],
    ["client id over 255 characters", { clientId: "c".repeat(256) }, "clientId", /at most 255/],
    ["empty client secret", { clientSecret: "" }, "clientSecret", /empty/],
    ["whitespace-only client secret", { clientSecret: " \t " }, "clientSecret", /only spaces/],
    ["scopes without openid", { clientScopes: ["profile", "email"] }, "clientScopes", /openid/],
    ["scope with a space", { clientScopes: ["openid", "a b"] }, "clientScopes[1]", /without spaces/],
    ["scopes not a list", { clientScopes: "openid profile" }, "clientScopes", /list/],
    ["empty extra redirect", { redirectUrlExtra: [""] }, "redirectUrlExtra[0]", /empty/],
    ['"0" extra redirect', { redirectUrlExtra: ["0"] }, "redirectUrlExtra[0]", /not a URL/],
    ["http extra redirect", { redirectUrlExtra: ["http://x.example.org"] }, "redirectUrlExtra[0]", /https/],
    [
      "mapping without template",
      { templateMappings: [{ claimValue: "a", template: "" }] },
      "templateMappings[0].template",
      /empty/,
    ],
    [
      'mapping claim "0"',
      { templateMappings: [{ claimValue: "0", template: "T" }] },
      "templateMappings[0].claimValue",
      /"0"/,
    ],
    [
      "duplicate claim values",
      {
        templateMappings: [
          { claimValue: "a", template: "T" },
          { claimValue: "a", template: "U" },
        ],
      },
      "templateMappings",
      /used twice/,
    ],
    ["mapping not an object", { templateMappings: ["a"] }, "templateMappings[0]", /object/],
    ['default template "0"', { defaultTemplate: "0" }, "defaultTemplate", /"0"/],
    ["bad onDelete", { onDelete: "keep" }, "onDelete", /remove.*retain/],
    ["non-boolean flag", { loginProvisioning: "yes" }, "loginProvisioning", /true or false/],
  ])("%s → failure on %s", (_name, patch, property, reason) => {
    const failures = failuresFor(patch);
    expect(failures.map((failure) => failure.property)).toContain(property);
    expect(failures.find((failure) => failure.property === property)?.reason).toMatch(reason);
  });

  test("allowHttp permits http URLs everywhere", () => {
    const http = {
      mailcowUrl: "http://127.0.0.1:8080",
      tokenUrl: "http://127.0.0.1:9000/token",
      redirectUrlExtra: ["http://127.0.0.1:8081"],
      allowHttp: true,
    };
    expect(failuresFor(http)).toEqual([]);
  });

  test("never echoes the client secret in a reason", () => {
    const failures = failuresFor({ clientSecret: 12345678 });
    expect(JSON.stringify(failures)).not.toContain("12345678");
  });

  test("unknown values pass unvalidated and unchanged", () => {
    const unknowns = {
      mailcowUrl: UNKNOWN,
      tokenUrl: UNKNOWN,
      clientSecret: UNKNOWN,
      clientScopes: [UNKNOWN, "profile"],
      redirectUrlExtra: UNKNOWN,
      templateMappings: [{ claimValue: UNKNOWN, template: "T" }],
      allowHttp: UNKNOWN,
    };
    const { inputs, failures } = checkInputs({ ...valid, ...unknowns });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject(unknowns);
  });

  test("an unknown allowHttp does not reject http URLs yet", () => {
    expect(failuresFor({ allowHttp: UNKNOWN, tokenUrl: "http://127.0.0.1/t" })).toEqual([]);
  });

  test("returned inputs never contain undefined, even with failures", () => {
    const { inputs } = checkInputs({ ...valid, templateMappings: [{ claimValue: "a" }], mailcowUrl: undefined });
    expect(JSON.stringify(inputs)).toBe(JSON.stringify(withoutUndefined(inputs)));
    expect(inputs?.templateMappings).toEqual([{ claimValue: "a" }]);
  });

  test("every input key is either a mailcow setting or one of the provider's own", () => {
    expect([...INPUT_KEYS].sort()).toEqual(
      [...SETTING_KEYS, "mailcowUrl", "clientSecret", "adoptExisting", "onDelete", "allowHttp"].sort(),
    );
  });
});

test("withoutUndefined drops members and nulls array holes", () => {
  expect(withoutUndefined({ a: undefined, b: [undefined, { c: undefined, d: 1 }] })).toEqual({ b: [null, { d: 1 }] });
});
