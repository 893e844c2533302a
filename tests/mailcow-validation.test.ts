import { DEFAULT_SCOPES } from "../components/mailcow/settings";
import { UNKNOWN, checkInputs, containsUnknown, urlProblem, withoutUndefined } from "../components/mailcow/validation";

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
  return checkInputs({ ...valid, ...patch }).failures;
}

describe("checkInputs", () => {
  test("fills defaults and normalises the mailcow URL", () => {
    const { inputs, failures } = checkInputs({ ...valid, __provider: "code", extra: 1 });
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
    expect(checkInputs({ ...valid, redirectUrl: "https://mail.example.org/" }).inputs.redirectUrl).toBe(
      "https://mail.example.org/",
    );
  });

  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ["missing mailcowUrl", { mailcowUrl: undefined }, "mailcowUrl", /required/],
    ["http mailcowUrl", { mailcowUrl: "http://mail.example.org" }, "mailcowUrl", /https.*allowHttp/],
    ["credentials in mailcowUrl", { mailcowUrl: "https://u:p@mail.example.org" }, "mailcowUrl", /user name/],
    ["query on mailcowUrl", { mailcowUrl: "https://mail.example.org/?a=1" }, "mailcowUrl", /query/],
    ["unparsable token URL", { tokenUrl: "not a url" }, "tokenUrl", /spaces|valid URL/],
    ["relative authorize URL", { authorizeUrl: "/authorize" }, "authorizeUrl", /valid URL/],
    ["ftp userinfo URL", { userinfoUrl: "ftp://auth.example.org/u" }, "userinfoUrl", /https/],
    ["empty client id", { clientId: "  " }, "clientId", /required/],
    ["empty client secret", { clientSecret: "" }, "clientSecret", /required/],
    ["scopes without openid", { clientScopes: ["profile", "email"] }, "clientScopes", /openid/],
    ["scope with a space", { clientScopes: ["openid", "a b"] }, "clientScopes", /without spaces/],
    ["scopes not a list", { clientScopes: "openid profile" }, "clientScopes", /list/],
    ["empty extra redirect", { redirectUrlExtra: [""] }, "redirectUrlExtra", /non-empty/],
    ['"0" extra redirect', { redirectUrlExtra: ["0"] }, "redirectUrlExtra", /non-empty/],
    ["http extra redirect", { redirectUrlExtra: ["http://x.example.org"] }, "redirectUrlExtra", /https/],
    [
      "mapping without template",
      { templateMappings: [{ claimValue: "a", template: "" }] },
      "templateMappings",
      /template/,
    ],
    ['mapping claim "0"', { templateMappings: [{ claimValue: "0", template: "T" }] }, "templateMappings", /"0"/],
    [
      "duplicate claim values",
      {
        templateMappings: [
          { claimValue: "a", template: "T" },
          { claimValue: "a", template: "U" },
        ],
      },
      "templateMappings",
      /twice/,
    ],
    ["mapping not an object", { templateMappings: ["a"] }, "templateMappings", /object/],
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
    const { inputs, failures } = checkInputs({
      ...valid,
      mailcowUrl: UNKNOWN,
      tokenUrl: UNKNOWN,
      clientSecret: UNKNOWN,
      clientScopes: [UNKNOWN, "profile"],
      redirectUrlExtra: UNKNOWN,
      templateMappings: [{ claimValue: UNKNOWN, template: "T" }],
      allowHttp: UNKNOWN,
    });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({
      mailcowUrl: UNKNOWN,
      tokenUrl: UNKNOWN,
      clientSecret: UNKNOWN,
      clientScopes: [UNKNOWN, "profile"],
      redirectUrlExtra: UNKNOWN,
      templateMappings: [{ claimValue: UNKNOWN, template: "T" }],
      allowHttp: UNKNOWN,
    });
  });

  test("an unknown allowHttp does not reject http URLs yet", () => {
    expect(failuresFor({ allowHttp: UNKNOWN, tokenUrl: "http://127.0.0.1/t" })).toEqual([]);
  });

  test("returned inputs never contain undefined, even with failures", () => {
    const { inputs } = checkInputs({ ...valid, templateMappings: [{ claimValue: "a" }], mailcowUrl: undefined });
    expect(JSON.stringify(inputs)).toBe(JSON.stringify(withoutUndefined(inputs)));
    expect(inputs.templateMappings).toEqual([{ claimValue: "a" }]);
  });
});

describe("helpers", () => {
  test.each([
    ["https://a.example.org/x", false, undefined],
    ["http://a.example.org/x", true, undefined],
    ["http://a.example.org/x", undefined, undefined],
    ["http://a.example.org/x", false, "must use https (set allowHttp: true for loopback or lab setups)"],
    ["https://a.example.org/ x", false, "must not contain spaces"],
    ["mailto:a@example.org", false, "must use https, not mailto:"],
  ])("urlProblem(%p, allowHttp=%p) = %p", (url, allowHttp, expected) => {
    expect(urlProblem(url, allowHttp)).toBe(expected);
  });

  test.each([
    [UNKNOWN, true],
    ["x", false],
    [[1, [UNKNOWN]], true],
    [{ a: { b: UNKNOWN } }, true],
    [{ a: { b: "c" } }, false],
    [null, false],
  ])("containsUnknown(%p) = %p", (value, expected) => {
    expect(containsUnknown(value)).toBe(expected);
  });

  test("withoutUndefined drops members and nulls array holes", () => {
    expect(withoutUndefined({ a: undefined, b: [undefined, { c: undefined, d: 1 }] })).toEqual({ b: [null, { d: 1 }] });
  });
});
