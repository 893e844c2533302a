import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_POLICIES, parsePolicyPackConfig } from "../packConfig";
import { policies, POLICY_PACK_NAME } from "../policies";

const policyDir = path.join(__dirname, "..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;

describe("the pack definition", () => {
  // The analyzer server exits the process on these, so catch them here rather than in a preview.
  test("policy names are unique, valid and not the reserved 'all'", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain(ALL_POLICIES);
    expect(POLICY_PACK_NAME).toMatch(/^[a-zA-Z0-9._-]+$/);
  });

  test.each(policies.map((p) => [p.name, p] as const))("%s has a level, a description and a valid schema", (_n, p) => {
    expect(["advisory", "mandatory"]).toContain(p.enforcementLevel);
    expect(p.description.length).toBeGreaterThan(20);
    expect(Object.keys(p.configSchema?.properties ?? {})).not.toContain("enforcementLevel");
    expect(p.configSchema?.required ?? []).not.toContain("enforcementLevel");
  });

  test("the expected policies are mandatory, and only token validity is advisory", () => {
    const levels = Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel]));
    expect(levels).toEqual({
      "authentik-oauth2-redirect-uris-strict-https": "mandatory",
      "authentik-oauth2-confidential-client": "mandatory",
      "authentik-oauth2-signing-key": "mandatory",
      "authentik-oauth2-token-validity": "advisory",
      "authentik-application-access-binding": "mandatory",
      "mailcow-idp-endpoints-on-authentik": "mandatory",
      "mailcow-idp-no-ignore-ssl-error": "mandatory",
      "mailcow-idp-redirect-registered": "mandatory",
      "mailcow-idp-endpoints-match-authentik-url": "mandatory",
    });
  });
});

describe("example stack configs", () => {
  test.each(["dev", "prod"])(
    "config/%s.json is valid and grants no exception (those live in the stack's settings)",
    (stackName) => {
      const config = parsePolicyPackConfig(readJson(path.join(policyDir, "config", `${stackName}.json`)), policies);
      expect(Object.keys(config)).toEqual(["authentik-oauth2-token-validity"]);
    },
  );

  test.each<[string, unknown, RegExp]>([
    ["not an object", [], /must be an object/],
    ["an unknown policy", { nope: "advisory" }, /nope: no such policy/],
    ["a bad level", { "authentik-oauth2-signing-key": "loud" }, /enforcement level must be one of/],
    ["a bad level in an object", { "authentik-oauth2-signing-key": { enforcementLevel: "x" } }, /enforcement level/],
    ["a bad 'all' level", { all: "x" }, /all: enforcement level/],
    ["an unknown property", { "authentik-oauth2-signing-key": { foo: 1 } }, /signing-key\.foo: not a config property/],
    ["a wrong type", { "authentik-oauth2-token-validity": { maxAccessCodeSeconds: "600" } }, /expected integer/],
    ["a bound below 1", { "authentik-oauth2-token-validity": { maxAccessCodeSeconds: 0 } }, /expected integer/],
    [
      "an exception that the stack's settings declare now",
      { "authentik-application-access-binding": { publicApplications: ["mailcow"] } },
      /publicApplications: not a config property/,
    ],
  ])("parsePolicyPackConfig rejects %s", (_label, raw, message) => {
    expect(() => parsePolicyPackConfig(raw, policies)).toThrow(message);
  });
});

describe("pack files for the Pulumi CLI", () => {
  test("package.json has a version and pins the SDKs the root project uses", () => {
    const pack = readJson(path.join(policyDir, "package.json"));
    const root = readJson(path.join(policyDir, "..", "package.json"));
    const deps = pack.dependencies as Record<string, string>;
    const rootDeps = { ...(root.dependencies as object), ...(root.devDependencies as object) } as Record<
      string,
      string
    >;
    expect(pack.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(deps["@pulumi/policy"]).toBe(rootDeps["@pulumi/policy"]);
    expect(deps["@pulumi/pulumi"]).toBe(rootDeps["@pulumi/pulumi"]);
  });

  test("PulumiPolicy.yaml declares the nodejs runtime", () => {
    expect(fs.readFileSync(path.join(policyDir, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  });
});
