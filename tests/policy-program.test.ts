import * as fs from "node:fs";
import * as path from "node:path";
import { evaluatePolicies, type PolicyViolation } from "../policy/evaluate";
import { MailcowEmulator } from "./support/mailcow-emulator";
import { type ProgramRun, runProgram } from "./support/program";

const policyConfig = (stack: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "policy", "config", `${stack}.json`), "utf8"));

/** What a stack policy sees after `up`: each resource's inputs with the outputs the mocks resolved. */
const recorded = (run: ProgramRun) =>
  run.resources.map((r) => ({ type: r.type, name: r.name, props: { ...r.inputs, ...r.state } }));

async function violationsOf(
  stack: string,
  overrides: Record<string, Record<string, unknown>> = {},
  config = policyConfig(stack),
): Promise<PolicyViolation[]> {
  const emulator = await MailcowEmulator.start();
  try {
    return await evaluatePolicies(recorded(await runProgram({ stack, emulator, overrides })), config);
  } finally {
    await emulator.stop();
  }
}

const mandatory = (violations: PolicyViolation[]) => violations.filter((v) => v.enforcementLevel === "mandatory");

test.each(["dev", "prod"])("the shipped %s stack passes every mandatory policy", async (stack) => {
  expect(mandatory(await violationsOf(stack))).toEqual([]);
});

test("an application with no binding fails the stack policy unless the stack declares it public", async () => {
  const overrides = { access: { public: true, groups: [] } };
  const violations = mandatory(await violationsOf("dev", overrides));
  expect(violations.map((v) => v.policyName)).toEqual(["authentik-application-access-binding"]);

  const declared = {
    ...(policyConfig("dev") as object),
    "authentik-application-access-binding": { publicApplications: ["mailcow-dev"] },
  };
  expect(mandatory(await violationsOf("dev", overrides, declared))).toEqual([]);
});

test("ignoreSslError left on in a stack that does not allow it is a mandatory violation", async () => {
  const violations = mandatory(await violationsOf("prod", { mailcow: { ignoreSslError: true } }));
  expect(violations.map((v) => v.policyName)).toEqual(["mailcow-idp-no-ignore-ssl-error"]);
  expect(violations[0].message).toMatch(/ignoreSslError/);
});
