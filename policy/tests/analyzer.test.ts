// The pack as the CLI runs it: a child process serving the analyzer, fed engine-style unknown sentinels.
import {
  APPLICATION_TYPE,
  AUTHENTIK_PROVIDER_TYPE,
  MAILCOW_IDP_TYPE,
  MAILCOW_SSO_TYPE,
  POLICY_BINDING_TYPE,
  PROVIDER_OAUTH2_TYPE,
} from "../resourceTypes";
import { policies, POLICY_PACK_NAME } from "../policies";
import { type RunningPack, startPack } from "./analyzerHost";
import { compliantIdpProps, UNKNOWN_ARRAY, UNKNOWN_BOOLEAN, UNKNOWN_STRING } from "./harness";

let pack: RunningPack;

beforeAll(async () => {
  pack = await startPack();
});

afterAll(() => pack?.stop());

const idp = (overrides: Record<string, unknown> = {}) => ({
  type: MAILCOW_IDP_TYPE,
  name: "idp",
  props: compliantIdpProps({ ignoreSslError: false, ...overrides }),
});

test("serves every policy under the pack's name and the package.json version", async () => {
  expect(await pack.info()).toEqual({
    name: POLICY_PACK_NAME,
    version: "0.1.0",
    policies: policies.map((p) => p.name),
  });
});

test("reports the starting guide's mistake as mandatory", async () => {
  const diagnostics = await pack.analyze(idp({ tokenUrl: "https://mail.example.org/application/o/token/" }));
  expect(diagnostics.map((d) => [d.policyName, d.level])).toEqual([
    ["mailcow-idp-endpoints-on-authentik", "mandatory"],
    ["mailcow-idp-endpoints-on-authentik", "mandatory"],
  ]);
  expect(diagnostics[0].message).toMatch(/served by authentik/);
});

test("unknown values during preview produce no diagnostics, not even 'can't run during preview'", async () => {
  const provider = {
    type: PROVIDER_OAUTH2_TYPE,
    name: "provider",
    props: {
      clientId: "mailcow",
      clientType: UNKNOWN_STRING,
      signingKey: UNKNOWN_STRING,
      accessTokenValidity: UNKNOWN_STRING,
      allowedRedirectUris: [{ matching_mode: "strict", url: UNKNOWN_STRING }],
    },
  };
  const preview = idp({
    authorizeUrl: UNKNOWN_STRING,
    ignoreSslError: UNKNOWN_BOOLEAN,
    redirectUrlExtra: UNKNOWN_ARRAY,
  });
  expect(await pack.analyze(provider)).toEqual([]);
  expect(await pack.analyze(preview)).toEqual([]);
  expect(
    await pack.analyzeStack([
      { type: AUTHENTIK_PROVIDER_TYPE, name: "authentik", props: { url: "https://auth.example.org" } },
      provider,
      { type: APPLICATION_TYPE, name: "app", props: { slug: "mailcow", uuid: UNKNOWN_STRING } },
      {
        type: POLICY_BINDING_TYPE,
        name: "binding",
        props: { target: UNKNOWN_STRING, group: UNKNOWN_STRING, order: 0 },
      },
      preview,
    ]),
  ).toEqual([]);
});

test("stack policies report known problems", async () => {
  const diagnostics = await pack.analyzeStack([
    {
      type: PROVIDER_OAUTH2_TYPE,
      name: "provider",
      props: {
        clientId: "mailcow",
        allowedRedirectUris: [{ matching_mode: "strict", url: "https://mail.example.org/" }],
      },
    },
    { type: APPLICATION_TYPE, name: "app", props: { slug: "mailcow", uuid: "app-uuid" } },
    idp(),
  ]);
  expect(diagnostics.map((d) => d.policyName)).toEqual([
    "authentik-application-access-binding",
    "mailcow-idp-redirect-registered",
  ]);
});

test("applies the policy config sent by the engine", async () => {
  const provider = {
    type: PROVIDER_OAUTH2_TYPE,
    name: "provider",
    props: {
      clientId: "mailcow",
      signingKey: "key-uuid",
      accessTokenValidity: "days=2",
      allowedRedirectUris: [{ matching_mode: "strict", url: "https://mail.example.org" }],
    },
  };
  expect((await pack.analyze(provider)).map((d) => d.policyName)).toEqual(["authentik-oauth2-token-validity"]);
  await pack.configure({
    "authentik-oauth2-token-validity": { enforcementLevel: "advisory", maxAccessTokenSeconds: 3 * 86400 },
  });
  expect(await pack.analyze(provider)).toEqual([]);
});

test("exceptions declared on the stack's MailcowSso component reach the stack policies", async () => {
  const resources = (policyExceptions: unknown) => [
    { type: MAILCOW_SSO_TYPE, name: "mailcow", props: { policyExceptions } },
    { type: APPLICATION_TYPE, name: "app", props: { slug: "mailcow", uuid: "app-uuid" } },
    idp({ ignoreSslError: true }),
  ];
  const undeclared = await pack.analyzeStack(resources({ publicApplications: [], ignoreSslError: [] }));
  expect(undeclared.map((d) => [d.policyName, d.level])).toEqual([
    ["authentik-application-access-binding", "mandatory"],
    ["mailcow-idp-redirect-registered", "mandatory"],
    ["mailcow-idp-no-ignore-ssl-error", "mandatory"],
  ]);
  const declared = await pack.analyzeStack(
    resources({ publicApplications: ["mailcow"], ignoreSslError: ["https://mail.example.org"] }),
  );
  expect(declared.map((d) => d.policyName)).toEqual(["mailcow-idp-redirect-registered"]);
});
