import { execFileSync } from "node:child_process";
import { oidcEndpoints } from "../components/authentik/endpoints";
import { pythonString, templateClaimExpression } from "../components/authentik/template-claim";
import { unsetFields } from "../components/authentik/unset-fields";
import { nameFragment } from "../components/naming";
import { overlay } from "../components/project-defaults";

describe("oidcEndpoints", () => {
  test.each([
    ["https://auth.example.org", "mailcow", "per_provider", "https://auth.example.org/application/o/mailcow/"],
    ["https://auth.example.org/", "mail", "per_provider", "https://auth.example.org/application/o/mail/"],
    ["https://auth.example.org:9443", "mailcow", "global", "https://auth.example.org:9443/"],
  ] as const)("%s + %s (%s) → issuer %s", (base, slug, mode, issuer) => {
    const e = oidcEndpoints(base, slug, mode);
    expect(e.issuer).toBe(issuer);
    const root = new URL(base).origin;
    expect(e.authorize).toBe(`${root}/application/o/authorize/`);
    expect(e.token).toBe(`${root}/application/o/token/`);
    expect(e.userinfo).toBe(`${root}/application/o/userinfo/`);
    expect(e.discovery).toBe(`${root}/application/o/${slug}/.well-known/openid-configuration`);
    expect(e.endSession).toBe(`${root}/application/o/${slug}/end-session/`);
  });

  test("every endpoint is on the authentik host, never another", () => {
    const e = oidcEndpoints("https://auth.example.org", "mailcow");
    for (const url of Object.values(e)) expect(new URL(url).host).toBe("auth.example.org");
  });

  test("rejects a URL with a path", () => {
    expect(() => oidcEndpoints("https://auth.example.org/sub", "mailcow")).toThrow(/base URL/);
  });
});

/** Runs the generated expression as authentik would: the body of a function with `request` in scope. */
function runExpression(expression: string, groups: string[]): unknown {
  const harness = [
    "import json, sys, textwrap",
    "groups = json.loads(sys.argv[1])",
    "class G:",
    "    def __init__(self, name): self.name = name",
    "class U:",
    "    def all_groups(self): return [G(n) for n in groups]",
    "class R:",
    "    user = U()",
    "request = R()",
    "src = 'def mapping(request):\\n' + textwrap.indent(sys.stdin.read(), '    ')",
    "scope = {}",
    "exec(src, scope)",
    "print(json.dumps(scope['mapping'](request)))",
  ].join("\n");
  const out = execFileSync("python3", ["-c", harness, JSON.stringify(groups)], { input: expression, encoding: "utf8" });
  return JSON.parse(out);
}

describe("templateClaimExpression", () => {
  const mappings = [
    { group: "mail-admins", claimValue: "admins" },
    { group: "mail-users", claimValue: "default" },
  ];

  test.each([
    [["mail-users"], { mailcow_template: "default" }],
    [["mail-users", "mail-admins"], { mailcow_template: "admins" }],
    [["other"], {}],
    [[], {}],
  ])("user in %j gets %j (first configured group wins)", (groups, claim) => {
    expect(runExpression(templateClaimExpression(mappings), groups)).toEqual(claim);
  });

  test.each([
    ["quote \" and ' inside", 'x"y'],
    ["backslash \\ and newline \n", "a\\b"],
    ['triple quotes """ and # comment', "ok"],
    ["unicode Ünïcødé ✓", "ü"],
    ["line separator \u2028 here", "ls"],
  ])("safely quotes the group name %j", (group, claimValue) => {
    const expression = templateClaimExpression([{ group, claimValue }]);
    expect(runExpression(expression, [group])).toEqual({ mailcow_template: claimValue });
    expect(runExpression(expression, [group + " "])).toEqual({});
  });

  test("pythonString escapes what would end the literal", () => {
    expect(pythonString('a"b')).toBe('"a\\"b"');
    expect(pythonString("a\nb")).toBe('"a\\nb"');
  });
});

describe("nameFragment", () => {
  test.each([
    ["mail-users", "mail-users"],
    ["alice", "alice"],
  ])("keeps a clean name %s as %s", (ref, fragment) => expect(nameFragment(ref)).toBe(fragment));

  test.each(["Mail Users", "mail users", "ÄÖÜ", "a/b", "-x-"])("sanitises %j with a stable hash suffix", (ref) => {
    const fragment = nameFragment(ref);
    expect(fragment).toMatch(/^([a-z0-9-]+-)?[0-9a-f]{8}$/);
    expect(nameFragment(ref)).toBe(fragment);
  });

  test("names that sanitise alike do not collide", () => {
    expect(nameFragment("Mail Users")).not.toBe(nameFragment("mail-users"));
    expect(nameFragment("Mail Users")).not.toBe(nameFragment("mail users"));
  });
});

describe("overlay", () => {
  test.each([
    [{ a: 1, b: 2 }, { b: 3 }, { a: 1, b: 3 }],
    [{ a: { x: 1, y: 2 } }, { a: { y: 5 } }, { a: { x: 1, y: 5 } }],
    [{ list: [1, 2] }, { list: [3] }, { list: [3] }],
    [{ a: 1 }, undefined, { a: 1 }],
    [undefined, { a: 1 }, { a: 1 }],
    ["x", { a: 1 }, { a: 1 }],
  ])("overlay(%j, %j) = %j", (base, top, expected) => expect(overlay(base, top)).toEqual(expected));
});

describe("unsetFields", () => {
  test("names the fields without a value or with an empty one (never sent by the provider), in order", () => {
    expect(unsetFields({ group: "Mail", metaIcon: undefined, metaDescription: "", metaPublisher: "IT" })).toEqual([
      "metaIcon",
      "metaDescription",
    ]);
    expect(unsetFields({ group: "Mail" })).toEqual([]);
  });
});
