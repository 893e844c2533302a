import * as fs from "node:fs";
import * as path from "node:path";
import { evaluatePolicies, type PolicyViolation } from "../policy/evaluate";
import { MailcowEmulator } from "./support/mailcow-emulator";
import { IDP_TYPE, type ProgramRun, runProgram } from "./support/program";

const policyConfig = (stack: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "policy", "config", `${stack}.json`), "utf8"));

/**
 * What a stack policy sees after `up`: each resource's inputs with the outputs the mocks resolved. The identity
 * provider's mailcowUrl output is the emulator's address only because the harness points "DNS" there; the real
 * provider reports the URL it was given.
 */
const recorded = (run: ProgramRun) =>
  run.resources.map((r) => ({
    type: r.type,
    name: r.name,
    props: { ...r.inputs, ...r.state, ...(r.type === IDP_TYPE && { mailcowUrl: r.inputs.mailcowUrl }) },
  }));

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

test("access.public in the stack's settings is the one declaration the access policy needs", async () => {
  expect(mandatory(await violationsOf("dev", { access: { public: true, groups: [] } }))).toEqual([]);
  // The same stack without the declaration its component carries: an open application, a mandatory violation.
  const emulator = await MailcowEmulator.start();
  try {
    const run = await runProgram({ stack: "dev", emulator, overrides: { access: { public: true, groups: [] } } });
    const undeclared = recorded(run).map((r) =>
      r.type === "mailcow-sso:index:MailcowSso" ? { ...r, props: { ...r.props, policyExceptions: undefined } } : r,
    );
    const violations = mandatory(await evaluatePolicies(undeclared, policyConfig("dev")));
    expect(violations.map((v) => v.policyName)).toEqual(["authentik-application-access-binding"]);
    expect(violations[0].message).toMatch(/access\.public: true/);
  } finally {
    await emulator.stop();
  }
});

test("ignoreSslError fails the pack unless the stack's settings allow it with mailcow.allowIgnoreSslError", async () => {
  const violations = mandatory(await violationsOf("prod", { mailcow: { ignoreSslError: true } }));
  expect(violations.map((v) => v.policyName)).toEqual(["mailcow-idp-no-ignore-ssl-error"]);
  expect(violations[0].message).toMatch(/^ignoreSslError is true.*mailcow\.allowIgnoreSslError: true/);
  const allowed = { mailcow: { ignoreSslError: true, allowIgnoreSslError: true } };
  expect(mandatory(await violationsOf("prod", allowed))).toEqual([]);
});
