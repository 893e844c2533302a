// The shared validation rules (components/rules): the one definition of a URL, a base URL, scopes, client
// credentials and claim-value mappings that the stack config and the mailcow provider both use.
import { z } from "zod";
import {
  DEFAULT_SCOPES,
  UNKNOWN,
  baseUrl,
  canonicalBaseUrl,
  claimValue,
  clientId,
  containsUnknown,
  duplicatesOf,
  formatPath,
  httpsUnlessAllowed,
  orUnknown,
  scopeList,
  secretValue,
  uniqueClaimValues,
  url,
  urlProblem,
} from "../components/rules";

function issuesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

describe("urlProblem", () => {
  test.each<[string, boolean, string | undefined]>([
    ["https://a.example.org/x?y=1", false, undefined],
    ["http://127.0.0.1:8080/x", false, undefined],
    ["https://a.example.org/ x", false, "must not contain spaces or control characters"],
    ["https://a.example.org/\nx", false, "must not contain spaces or control characters"],
    ["a.example.org", false, '"a.example.org" is not a URL; give an absolute URL such as https://host.example.org'],
    ["mailto:a@example.org", false, "must use https (got mailto://)"],
    ["https://u:p@a.example.org", false, "must not contain a user name or password"],
    ["https://a.example.org:0/", false, "must not use port 0 (give the real port, or none for the default)"],
    ["https://a.example.org/x#", false, "must not have a fragment (#...): nothing after # reaches the server"],
    ["https://a.example.org/", true, undefined],
    ["https://a.example.org:8443", true, undefined],
    ["https://a.example.org/x", true, "must be a base URL without path or query; use https://a.example.org"],
    ["https://a.example.org/?q", true, "must be a base URL without path or query; use https://a.example.org"],
  ])("%p (base: %p)", (value, base, expected) => {
    expect(urlProblem(value, { base })).toBe(expected);
  });

  test("a base URL is canonical: lower-case host, default port dropped, no trailing slash", () => {
    expect(canonicalBaseUrl(" https://Mail.Example.org:443/ ")).toBe("https://mail.example.org");
    expect(baseUrl.parse("https://Mail.Example.org:8443/")).toBe("https://mail.example.org:8443");
    // Other URLs are kept as given: a redirect URI must match its registration character for character.
    expect(url.parse(" https://Mail.Example.org/ ")).toBe("https://Mail.Example.org/");
  });

  test("required and typed", () => {
    expect(issuesOf(url, undefined)).toEqual([": is required"]);
    expect(issuesOf(url, 42)).toEqual([": must be a string"]);
    expect(issuesOf(url, "  ")).toEqual([": must not be empty"]);
  });
});

describe("httpsUnlessAllowed", () => {
  const schema = z
    .object({ link: z.string(), links: z.array(z.string()), allowHttp: z.unknown().optional(), broken: z.number() })
    .superRefine(...httpsUnlessAllowed(["link", "links"], "allowHttp", "section.allowHttp"));
  const http = { link: "http://a", links: ["https://b", "HTTP://c"], broken: 1 };

  test("names each http URL and the setting that would allow it", () => {
    expect(issuesOf(schema, http)).toEqual([
      "link: must use https (got http://); set section.allowHttp: true only for loopback or lab setups",
      "links[1]: must use https (got http://); set section.allowHttp: true only for loopback or lab setups",
    ]);
  });

  test("runs even when another field failed, so one run reports every problem", () => {
    expect(issuesOf(schema, { ...http, broken: "x" })).toHaveLength(3);
  });

  test.each([true, UNKNOWN])("allowHttp %p lets http pass", (allowHttp) => {
    expect(issuesOf(schema, { ...http, allowHttp })).toEqual([]);
  });
});

describe("unknown values (preview)", () => {
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

  const flag = orUnknown(z.boolean({ error: "must be true or false" }).default(false));
  const object = z.object({ flag, list: orUnknown(z.array(orUnknown(url)).default([])) });

  test("the placeholder passes unvalidated; null and absence take the default", () => {
    expect(object.parse({ flag: UNKNOWN, list: UNKNOWN })).toEqual({ flag: UNKNOWN, list: UNKNOWN });
    expect(object.parse({ flag: null })).toEqual({ flag: false, list: [] });
    expect(object.parse({ list: ["https://a", UNKNOWN] })).toEqual({ flag: false, list: ["https://a", UNKNOWN] });
  });

  test("the wrapped schema's messages and paths survive", () => {
    expect(issuesOf(object, { flag: "yes", list: ["https://a", "ftp://b"] })).toEqual([
      "flag: must be true or false",
      "list[1]: must use https (got ftp://)",
    ]);
  });
});

describe("OIDC pieces", () => {
  test("scope lists: mailcow's default, duplicates dropped, openid required unless a scope is unknown", () => {
    expect(scopeList.parse(undefined)).toEqual(DEFAULT_SCOPES);
    expect(scopeList.parse(["openid", " email ", "openid"])).toEqual(["openid", "email"]);
    expect(issuesOf(scopeList, ["email"])).toEqual([
      ': must include "openid" (mailcow signs users in with OpenID Connect)',
    ]);
    expect(scopeList.parse([UNKNOWN, "email"])).toEqual([UNKNOWN, "email"]);
  });

  test("client IDs: trimmed, 1-255 characters, no control characters", () => {
    expect(clientId.parse(" mailcow ")).toBe("mailcow");
    expect(issuesOf(clientId, "x".repeat(256))).toEqual([": must be at most 255 characters"]);
    expect(issuesOf(clientId, "a\u007fb")).toEqual([": must not contain control characters"]);
  });

  test("secrets are kept byte for byte and never echoed", () => {
    expect(secretValue.parse(" s ")).toBe(" s ");
    const issues = issuesOf(secretValue, "   ");
    expect(issues).toEqual([": must not be empty or only spaces"]);
  });

  test('claim values: not empty, not "0", unique', () => {
    expect(issuesOf(claimValue, "0")).toEqual([': must not be "0" (mailcow silently drops it)']);
    const unique = z.array(z.string()).superRefine((values, ctx) => uniqueClaimValues(values, ctx));
    expect(issuesOf(unique, ["a", "b", "a", UNKNOWN, UNKNOWN])).toEqual([
      ': claim value "a" is used twice; mailcow needs unique claim values',
    ]);
    expect(duplicatesOf(["x", "y", "x", "x", "y"])).toEqual(["x", "y"]);
  });

  test.each([
    [["templateMappings", 1, "claimValue"], "templateMappings[1].claimValue"],
    [["a", "b"], "a.b"],
    [[], ""],
  ])("formatPath(%p) = %p", (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
