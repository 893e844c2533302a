// An exception to the pack's rules is declared once, in the stack's settings (access.public,
// mailcow.allowIgnoreSslError), and reaches the pack on the outputs of the program's MailcowSso component.
import { applicationAccessBinding } from "../accessBindingPolicy";
import { declaredExceptions } from "../exceptions";
import { noIgnoreSslError } from "../mailcowStackPolicies";
import { APPLICATION_TYPE, MAILCOW_IDP_TYPE, MAILCOW_SSO_TYPE } from "../resourceTypes";
import type { StackResource } from "../stackResource";
import { compliantIdpProps, engineProps, runStackPolicy, type TestResource, UNKNOWN_ARRAY, urnOf } from "./harness";

const component = (policyExceptions: unknown, name = "mailcow"): TestResource => ({
  type: MAILCOW_SSO_TYPE,
  name,
  props: { issuerUrl: "https://auth.example.org/application/o/mailcow/", policyExceptions },
});
const app = (slug = "mailcow"): TestResource => ({
  type: APPLICATION_TYPE,
  name: slug,
  props: { slug, uuid: `uuid-of-${slug}` },
});
const idp = (overrides: Record<string, unknown> = {}): TestResource => ({
  type: MAILCOW_IDP_TYPE,
  name: "idp",
  props: compliantIdpProps({ ignoreSslError: true, ...overrides }),
});
const stackResource = (r: TestResource): StackResource => ({ ...r, urn: urnOf(r.type, r.name) });

describe("declaredExceptions", () => {
  test("reads the slugs and mailcow origins of every MailcowSso component", () => {
    const declared = declaredExceptions(
      [
        component({ publicApplications: ["mailcow"], ignoreSslError: ["https://Mail.example.org:443/"] }),
        component({ publicApplications: ["webmail"], ignoreSslError: [] }, "second"),
        // The same outputs on another type grant nothing.
        { ...component({ publicApplications: ["intruder"] }), type: "other:index:Thing" },
      ].map(stackResource),
    );
    expect([...declared.publicApplications]).toEqual(["mailcow", "webmail"]);
    expect([...declared.ignoreSslError]).toEqual(["https://mail.example.org"]);
  });

  test.each<[string, unknown]>([
    ["no declaration", undefined],
    ["lists not known yet", { publicApplications: UNKNOWN_ARRAY, ignoreSslError: UNKNOWN_ARRAY }],
    ["malformed entries", { publicApplications: [1, null], ignoreSslError: ["not a url", 7] }],
  ])("%s grants nothing", (_label, declaration) => {
    const resource = stackResource(component(declaration));
    const declared = declaredExceptions([{ ...resource, props: engineProps(resource.props) }]);
    expect(declared).toEqual({ publicApplications: new Set(), ignoreSslError: new Set() });
  });
});

describe("authentik-application-access-binding honours access.public", () => {
  test("an application the stack declares public passes without a binding", async () => {
    expect(
      await runStackPolicy(applicationAccessBinding, [component({ publicApplications: ["mailcow"] }), app()]),
    ).toEqual([]);
  });

  test("the declaration covers only the slug it names", async () => {
    const violations = await runStackPolicy(applicationAccessBinding, [
      component({ publicApplications: ["mailcow"] }),
      app(),
      app("webmail"),
    ]);
    expect(violations.map((v) => v.urn)).toEqual([urnOf(APPLICATION_TYPE, "webmail")]);
    expect(violations[0].message).toMatch(/declare it in the stack's settings with access\.public: true/);
  });
});

describe("mailcow-idp-no-ignore-ssl-error honours mailcow.allowIgnoreSslError", () => {
  const run = (resources: TestResource[]) => runStackPolicy(noIgnoreSslError, resources);

  test("without the allow, ignoreSslError: true is a violation on the identity provider, saying how to fix or allow it", async () => {
    expect(await run([component({ ignoreSslError: [] }), idp()])).toEqual([
      {
        message: expect.stringMatching(
          /^ignoreSslError is true, which turns off certificate checks on mailcow's calls.*mailcow\.allowIgnoreSslError: true/,
        ),
        urn: urnOf(MAILCOW_IDP_TYPE, "idp"),
      },
    ]);
  });

  test("with the allow for this mailcow, it passes; an allow for another mailcow does not count", async () => {
    expect(await run([component({ ignoreSslError: ["https://mail.example.org"] }), idp()])).toEqual([]);
    expect(await run([component({ ignoreSslError: ["https://other.example.org"] }), idp()])).toHaveLength(1);
  });

  test.each<[string, Record<string, unknown>]>([
    ["false", { ignoreSslError: false }],
    ["unset", { ignoreSslError: undefined }],
  ])("ignoreSslError %s needs no allow", async (_label, overrides) => {
    expect(await run([idp(overrides)])).toEqual([]);
  });

  test("the pack's config grants nothing any more", async () => {
    expect(await runStackPolicy(noIgnoreSslError, [idp()], { allowIgnoreSslError: true })).toHaveLength(1);
  });
});
