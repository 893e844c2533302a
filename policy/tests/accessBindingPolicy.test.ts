import { applicationAccessBinding, bindsTo } from "../accessBindingPolicy";
import { APPLICATION_TYPE, POLICY_BINDING_TYPE } from "../resourceTypes";
import type { StackResource } from "../stackResource";
import { UNKNOWN } from "../values";
import { engineProps, runStackPolicy, type TestResource, UNKNOWN_STRING, urnOf } from "./harness";

const APP_UUID = "0d9a1c3e-aaaa-bbbb-cccc-000000000001";

function app(props: Record<string, unknown> = {}, name = "app"): TestResource {
  return {
    type: APPLICATION_TYPE,
    name,
    props: { name: "Mail", slug: "mailcow", protocolProvider: 4, uuid: APP_UUID, ...props },
  };
}

function binding(props: Record<string, unknown> = {}, extra: Partial<TestResource> = {}): TestResource {
  return {
    type: POLICY_BINDING_TYPE,
    name: "binding",
    props: { target: APP_UUID, order: 0, group: "g-uuid", ...props },
    ...extra,
  };
}

const run = (resources: TestResource[], config: Record<string, unknown> = {}) =>
  runStackPolicy(applicationAccessBinding, resources, config);

test.each<[string, TestResource[]]>([
  ["a group binding on the app's uuid", [app(), binding()]],
  ["a user binding", [app(), binding({ group: undefined, user: 7 })]],
  ["an expression-policy binding", [app(), binding({ group: undefined, policy: "p-uuid" })]],
  ["no applications at all", [binding()]],
])("passes with %s", async (_label, resources) => {
  expect(await run(resources)).toEqual([]);
});

test.each<[string, TestResource[]]>([
  ["no binding", [app()]],
  ["a binding on another object", [app(), binding({ target: "another-uuid" })]],
  ["a disabled binding", [app(), binding({ enabled: false })]],
  ["a binding that names no group, user or policy", [app(), binding({ group: undefined })]],
])("flags the application when there is %s", async (_label, resources) => {
  const violations = await run(resources);
  expect(violations).toEqual([
    {
      message: expect.stringMatching(
        /application "mailcow" has no enabled PolicyBinding.*target: <application>\.uuid.*access\.public: true/,
      ),
      urn: urnOf(APPLICATION_TYPE, "app"),
    },
  ]);
});

test("flags only the application that lacks a binding", async () => {
  const other = app({ slug: "webmail", uuid: "other-uuid" }, "webmail");
  const violations = await run([app(), other, binding()]);
  expect(violations.map((v) => v.urn)).toEqual([urnOf(APPLICATION_TYPE, "webmail")]);
});

test("the pack's config grants no exception: a public application is declared in the stack's settings", async () => {
  // What policy/config/<stack>.json could say before; exceptions.test.ts shows the declaration that works.
  expect(await run([app()], { publicApplications: ["mailcow"] })).toHaveLength(1);
});

describe("during preview", () => {
  test("accepts a binding whose target is unknown for an application whose uuid is unknown", async () => {
    const resources = [app({ uuid: UNKNOWN_STRING }), binding({ target: UNKNOWN_STRING, group: UNKNOWN_STRING })].map(
      (r) => ({ ...r, props: engineProps(r.props) }),
    );
    expect(await run(resources)).toEqual([]);
  });

  test("treats a uuid and target missing from a recorded run as unknown", async () => {
    expect(await run([app({ uuid: undefined }), binding({ target: undefined })])).toEqual([]);
  });

  test("still flags an application with an unknown uuid and no binding at all", async () => {
    expect(await run([{ ...app(), props: engineProps(app({ uuid: UNKNOWN_STRING }).props) }])).toHaveLength(1);
  });

  test("does not let an unknown target count for an application whose uuid is known", async () => {
    const resources = [app(), { ...binding(), props: engineProps(binding({ target: UNKNOWN_STRING }).props) }];
    expect(await run(resources)).toHaveLength(1);
  });

  test("uses the engine's property dependencies when it reports them", async () => {
    const resources = [app(), binding({ target: UNKNOWN_STRING }, { dependsOn: { target: ["app"] } })];
    expect(await run(resources.map((r) => ({ ...r, props: engineProps(r.props) })))).toEqual([]);
  });

  test("skips an application whose slug is unknown, since it may be a public one", async () => {
    expect(await run([{ ...app(), props: engineProps(app({ slug: UNKNOWN_STRING }).props) }])).toEqual([]);
  });
});

describe("bindsTo", () => {
  const appResource: StackResource = { type: APPLICATION_TYPE, name: "app", urn: "urn:app", props: {} };
  const bindingWith = (target: unknown, deps?: string[]): StackResource => ({
    type: POLICY_BINDING_TYPE,
    name: "b",
    urn: "urn:b",
    props: { target },
    ...(deps && { propertyDependencies: { target: deps.map((urn) => ({ urn })) } }),
  });

  test.each<[string, StackResource, string | undefined | typeof UNKNOWN, boolean]>([
    ["equal uuid and target", bindingWith("u1"), "u1", true],
    ["different uuid and target", bindingWith("u2"), "u1", false],
    ["both unknown", bindingWith(UNKNOWN_STRING), UNKNOWN, true],
    ["both missing", bindingWith(undefined), undefined, true],
    ["known uuid, unknown target", bindingWith(UNKNOWN_STRING), "u1", false],
    ["unknown uuid, known target", bindingWith("u1"), UNKNOWN, false],
    ["target depends on the app", bindingWith(UNKNOWN_STRING, ["urn:app"]), "u1", true],
    ["target depends on something else", bindingWith(UNKNOWN_STRING, ["urn:other"]), "u1", false],
  ])("%s", (_label, b, uuid, expected) => {
    expect(bindsTo(b, appResource, uuid)).toBe(expected);
  });
});
