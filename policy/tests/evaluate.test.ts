import * as fs from "node:fs";
import * as path from "node:path";
import type { Policies } from "@pulumi/policy";
import { evaluatePolicies, plainProps, type RecordedResource } from "../evaluate";
import {
  APPLICATION_TYPE,
  AUTHENTIK_PROVIDER_TYPE,
  MAILCOW_IDP_TYPE,
  POLICY_BINDING_TYPE,
  PROVIDER_OAUTH2_TYPE,
} from "../resourceTypes";
import { compliantIdpProps, UNKNOWN_STRING } from "./harness";

const SECRET = "client-secret-NEVER-SHOW";
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

function stack(overrides: { provider?: object; idp?: object; binding?: object } = {}): RecordedResource[] {
  return [
    {
      type: AUTHENTIK_PROVIDER_TYPE,
      name: "authentik",
      props: { url: "https://auth.example.org", token: secret("tok") },
    },
    {
      type: PROVIDER_OAUTH2_TYPE,
      name: "mailcow",
      props: {
        clientId: "mailcow",
        clientSecret: secret(SECRET),
        signingKey: "key-uuid",
        allowedRedirectUris: [
          { matching_mode: "strict", url: "https://mail.example.org", redirect_uri_type: "authorization" },
        ],
        ...overrides.provider,
      },
    },
    { type: APPLICATION_TYPE, name: "mailcow", props: { slug: "mailcow", protocolProvider: 3, uuid: "app-uuid" } },
    {
      type: POLICY_BINDING_TYPE,
      name: "mailcow-users",
      props: { target: "app-uuid", group: "g", order: 0, ...overrides.binding },
    },
    {
      type: MAILCOW_IDP_TYPE,
      name: "mailcow-idp",
      props: compliantIdpProps({ ignoreSslError: false, __provider: "exports.handler = ...", ...overrides.idp }),
    },
  ];
}

const configFile = (stackName: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "config", `${stackName}.json`), "utf8")) as unknown;

test.each(["dev", "prod"])("a compliant stack has no violations under config/%s.json", async (stackName) => {
  expect(await evaluatePolicies(stack(), configFile(stackName))).toEqual([]);
});

test("the starting guide's mistake fails both endpoint policies as mandatory, per resource", async () => {
  const violations = await evaluatePolicies(
    stack({ idp: { tokenUrl: "https://mail.example.org/application/o/token/", ignoreSslError: secret(true) } }),
  );
  expect(
    violations.map(({ policyName, enforcementLevel, resourceName }) => [policyName, enforcementLevel, resourceName]),
  ).toEqual([
    ["mailcow-idp-endpoints-on-authentik", "mandatory", "mailcow-idp"],
    ["mailcow-idp-endpoints-on-authentik", "mandatory", "mailcow-idp"],
    ["mailcow-idp-endpoints-match-authentik-url", "mandatory", "mailcow-idp"],
    ["mailcow-idp-no-ignore-ssl-error", "mandatory", "mailcow-idp"],
  ]);
  expect(violations[0].urn).toBe(`urn:pulumi:stack::project::${MAILCOW_IDP_TYPE}::mailcow-idp`);
});

test("enforcement levels follow the config: own entry, then 'all', then the policy's default", async () => {
  const bad = stack({ provider: { accessTokenValidity: "days=2", signingKey: undefined } });
  const levels = async (config: unknown) =>
    (await evaluatePolicies(bad, config)).map((v) => `${v.policyName}:${v.enforcementLevel}`);

  expect(await levels({})).toEqual([
    "authentik-oauth2-signing-key:mandatory",
    "authentik-oauth2-token-validity:advisory",
  ]);
  expect(await levels(configFile("prod"))).toEqual([
    "authentik-oauth2-signing-key:mandatory",
    "authentik-oauth2-token-validity:mandatory",
  ]);
  expect(await levels({ all: "advisory", "authentik-oauth2-token-validity": "mandatory" })).toEqual([
    "authentik-oauth2-signing-key:advisory",
    "authentik-oauth2-token-validity:mandatory",
  ]);
  expect(await levels({ "authentik-oauth2-signing-key": "disabled" })).toEqual([
    "authentik-oauth2-token-validity:advisory",
  ]);
  expect(await levels({ "authentik-oauth2-signing-key": { enforcementLevel: "remediate" } })).toEqual([
    "authentik-oauth2-signing-key:mandatory",
    "authentik-oauth2-token-validity:advisory",
  ]);
});

test("passes each policy its own config", async () => {
  const long = stack({ provider: { accessTokenValidity: "days=2" } });
  expect(await evaluatePolicies(long)).toEqual([
    expect.objectContaining({ policyName: "authentik-oauth2-token-validity", resourceName: "mailcow" }),
  ]);
  const config = { "authentik-oauth2-token-validity": { maxAccessTokenSeconds: 3 * 86400 } };
  expect(await evaluatePolicies(long, config)).toEqual([]);
});

test("rejects config the CLI would reject, and the exceptions that now live in the stack's settings", async () => {
  await expect(evaluatePolicies(stack(), { "no-such-policy": "mandatory" })).rejects.toThrow(/no such policy/);
  await expect(
    evaluatePolicies(stack(), { "mailcow-idp-no-ignore-ssl-error": { allowIgnoreSslError: true } }),
  ).rejects.toThrow(/allowIgnoreSslError: not a config property/);
  await expect(
    evaluatePolicies(stack(), { "authentik-oauth2-token-validity": JSON.parse('{"__proto__": 1}') }),
  ).rejects.toThrow(/__proto__: not a config property/);
});

test("unknown values during preview cause no violations and no errors", async () => {
  const preview = stack({
    provider: { signingKey: UNKNOWN_STRING, allowedRedirectUris: [{ matching_mode: "strict", url: UNKNOWN_STRING }] },
    idp: {
      authorizeUrl: UNKNOWN_STRING,
      tokenUrl: UNKNOWN_STRING,
      userinfoUrl: UNKNOWN_STRING,
      ignoreSslError: UNKNOWN_STRING,
    },
    binding: { target: UNKNOWN_STRING },
  }).map((r) => (r.type === APPLICATION_TYPE ? { ...r, props: { ...r.props, uuid: UNKNOWN_STRING } } : r));
  expect(await evaluatePolicies(preview)).toEqual([]);
});

test("a policy that reads an unknown value directly gets the analyzer's advisory note, as in a real preview", async () => {
  const naive: Policies = [
    {
      name: "naive",
      description: "reads props without the unknown-safe helpers",
      enforcementLevel: "mandatory",
      validateResource: (args, report) => {
        if (args.props.tokenUrl.startsWith("http:")) report("http");
      },
    },
  ];
  const violations = await evaluatePolicies(
    [{ type: MAILCOW_IDP_TYPE, name: "i", props: { tokenUrl: UNKNOWN_STRING } }],
    {},
    naive,
  );
  expect(violations).toEqual([
    {
      policyName: "naive",
      enforcementLevel: "advisory",
      message: expect.stringMatching(/can't run policy during preview.*tokenUrl/),
    },
  ]);
});

test("violation messages never contain secret values", async () => {
  const bad = stack({
    provider: { clientType: "public", allowedRedirectUris: [{ matching_mode: "regex", url: SECRET }] },
    idp: {
      tokenUrl: `http://user:${SECRET}@auth.example.org/?${SECRET}`,
      redirectUrl: secret(`https://x.example/${SECRET}`),
    },
  });
  const violations = await evaluatePolicies(bad);
  expect(violations.length).toBeGreaterThan(3);
  expect(JSON.stringify(violations)).not.toContain(SECRET);
});

test.each<[string, unknown, unknown]>([
  ["secret wrapper", secret("x"), "x"],
  ["nested secrets", { a: [secret({ b: secret(1) })] }, { a: [{ b: 1 }] }],
  ["undefined keys dropped", { a: undefined, b: null }, { b: null }],
])("plainProps: %s", (_label, input, expected) => {
  expect(plainProps(input)).toEqual(expected);
});

test("plainProps keeps a __proto__ key as an own key: the props' prototype never changes", () => {
  const props = plainProps(JSON.parse('{"__proto__":{"ignoreSslError":true},"a":1}')) as Record<string, unknown>;
  expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
  expect(props.ignoreSslError).toBeUndefined();
});
