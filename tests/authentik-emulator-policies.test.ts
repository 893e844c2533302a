// Expression policies in the authentik API emulator (a stand-in for authentik 2026.5): the one policy type it
// emulates, so that a binding's `policy` can be set (authentik/policies/expression/api.py, policies/api/*.py).
import { type AuthentikEmulator, startAuthentikEmulator } from "./support/authentik-emulator";
import { conformance, loadSchema, operation, responseSchema } from "./support/authentik-emulator/openapi";
import { passes } from "./support/authentik-emulator/policy-engine";
import { type HandMadeSetup, api, handMadeSetup } from "./support/authentik-emulator/test-client";

const doc = loadSchema();
let emulator: AuthentikEmulator;
let setup: HandMadeSetup;

beforeAll(async () => {
  emulator = await startAuthentikEmulator();
});
afterAll(() => emulator?.stop());
beforeEach(async () => {
  emulator.reset();
  setup = await handMadeSetup(emulator);
});
afterEach(() => expect(emulator.internalErrors).toEqual([]));

const bindPolicy = (policy: string, order = 5) =>
  api(emulator, "POST", "/policies/bindings/", { target: setup.applicationPk, policy, order });

test("create stores the expression as sent, with the model's defaults and names", async () => {
  const created = await api(emulator, "POST", "/policies/expression/", { name: "p", expression: "return True" });
  expect(created.status).toBe(201);
  expect(created.body).toEqual({
    pk: expect.stringMatching(/^[0-9a-f-]{36}$/),
    name: "p",
    execution_logging: false,
    component: "ak-policy-expression-form",
    verbose_name: "Expression Policy",
    verbose_name_plural: "Expression Policies",
    meta_model_name: "authentik_policies_expression.expressionpolicy",
    bound_to: 0,
    expression: "return True",
  });
  expect(emulator.store.policies.get(created.body.pk)?.expression).toBe("return True");
});

test("Policy.name is unique; name and expression are required", async () => {
  expect(
    (await api(emulator, "POST", "/policies/expression/", { name: "mail staff only", expression: "x" })).body,
  ).toEqual({ name: ["Policy with this name already exists."] });
  expect((await api(emulator, "POST", "/policies/expression/", {})).body).toEqual({
    name: ["This field is required."],
    expression: ["This field is required."],
  });
});

test("a binding's policy must exist; a bound policy shows in policy_obj and counts in bound_to", async () => {
  expect((await bindPolicy("00000000-0000-4000-8000-000000000000")).body).toEqual({
    policy: ['Invalid pk "00000000-0000-4000-8000-000000000000" - object does not exist.'],
  });
  const binding = await bindPolicy(setup.policyPk);
  expect(binding.status).toBe(201);
  expect(binding.body).toMatchObject({ policy: setup.policyPk, group: null, user: null });
  // policy_obj is rendered by the policy's own serializer (expression included), like policies/all/.
  expect(binding.body.policy_obj).toMatchObject({ pk: setup.policyPk, name: "mail staff only", bound_to: 1 });
  const op = operation(doc, "/policies/bindings/", "POST")!;
  expect(conformance(doc, binding.body, responseSchema(doc, op, "201")!)).toEqual([
    '$.policy_obj: "expression" is not in the schema',
  ]);
  expect((await api(emulator, "GET", `/policies/all/${setup.policyPk}/`)).body.bound_to).toBe(1);
  // Still exactly one of policy, group or user.
  expect(
    (
      await api(emulator, "POST", "/policies/bindings/", {
        target: setup.applicationPk,
        policy: setup.policyPk,
        group: setup.groupPk,
        order: 6,
      })
    ).body,
  ).toEqual({ non_field_errors: ["Only one of 'policy', 'group' or 'user' can be set."] });
});

test("deleting a policy deletes its bindings (on_delete=CASCADE)", async () => {
  const binding = await bindPolicy(setup.policyPk);
  expect((await api(emulator, "DELETE", `/policies/expression/${setup.policyPk}/`)).status).toBe(204);
  expect((await api(emulator, "GET", `/policies/bindings/${binding.body.pk}/`)).status).toBe(404);
  expect((await api(emulator, "GET", `/policies/all/${setup.policyPk}/`)).body).toEqual({
    detail: "No Policy matches the given query.",
  });
  // The group binding of the setup stays.
  expect((await api(emulator, "GET", `/policies/bindings/${setup.bindingPk}/`)).status).toBe(200);
});

test("the policy engine never runs an expression: a policy binding counts as its failure_result", async () => {
  const { store } = emulator;
  const outsider = store.addUser({ username: "outsider" });
  await api(emulator, "DELETE", `/policies/bindings/${setup.bindingPk}/`);
  const binding = await bindPolicy(setup.policyPk);
  expect(passes(store, setup.applicationPk, "any", outsider.pk)).toBe(false);
  // PUT with the whole binding: PolicyBindingSerializer.validate sees only the fields sent.
  const put = (changes: Record<string, unknown>) =>
    api(emulator, "PUT", `/policies/bindings/${binding.body.pk}/`, {
      target: setup.applicationPk,
      policy: setup.policyPk,
      order: 5,
      ...changes,
    });
  expect((await put({ failure_result: true })).status).toBe(200);
  expect(passes(store, setup.applicationPk, "any", outsider.pk)).toBe(true);
  expect((await put({ failure_result: true, negate: true })).status).toBe(200);
  expect(passes(store, setup.applicationPk, "any", outsider.pk)).toBe(false);
});
