/**
 * Runs the whole program (index.ts) under Pulumi mocks with a shipped stack file, the way the CLI would hand it
 * its config, and hands every MailcowIdentityProvider to the real dynamic provider running against the emulator.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumiType from "@pulumi/pulumi";
import { parse } from "yaml";
import type { MailcowEmulator } from "./mailcow-emulator";

const ROOT = path.join(__dirname, "..", "..");
export const IDP_TYPE = "pulumi-nodejs:dynamic/mailcow:IdentityProvider";
/** What the mocked connection-test command printed (the real one runs only under the engine). */
export const CONNECTION_TEST_STDOUT =
  "mailcow-sso connection test: passed (9 checks)\n  ok   authentik discovery document\n";
export const TEST_SECRETS = { authentikToken: "test-authentik-token-5f1c", mailcowApiKey: "unused-config-key" };

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
  secretInputs: string[];
}

export interface ProgramRun {
  resources: RecordedResource[];
  outputs: Record<string, unknown>;
  secretOutputs: string[];
  /** What the mocks passed to the dynamic provider's check (preview) or create/update (up). */
  providerCalls: { method: string; inputs: Record<string, unknown> }[];
}

/** Stack config as the CLI passes it: structured values as JSON strings, secrets added the `--path` way. */
export function stackConfig(stack: string, overrides: Record<string, Record<string, unknown>> = {}) {
  const file = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, Record<string, unknown>>;
  };
  const config: Record<string, Record<string, unknown>> = structuredClone(file.config);
  const add = (key: string, fields: Record<string, unknown>) => (config[key] = { ...(config[key] ?? {}), ...fields });
  add("mailcow-sso:authentik", { token: TEST_SECRETS.authentikToken });
  add("mailcow-sso:mailcow", { apiKey: TEST_SECRETS.mailcowApiKey });
  for (const [key, fields] of Object.entries(overrides)) add(`mailcow-sso:${key}`, fields);
  return {
    config: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, JSON.stringify(v)])),
    secretKeys: ["mailcow-sso:authentik", "mailcow-sso:mailcow"],
  };
}

function plain(value: unknown, pulumi: typeof pulumiType): unknown {
  if (pulumi.runtime.isRpcSecret(value)) return plain(pulumi.runtime.unwrapRpcSecret(value), pulumi);
  // The mock monitor marks unknowns this way; the engine hands dynamic providers the placeholder string instead.
  if (value && typeof value === "object" && "__pulumiUnknown" in value) return pulumi.runtime.unknownValue;
  if (Array.isArray(value)) return value.map((v) => plain(v, pulumi));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, pulumi)]));
  }
  return value;
}

function fakeState(type: string, name: string, inputs: Record<string, unknown>) {
  switch (type) {
    case "authentik:index/providerOauth2:ProviderOauth2":
      return { id: "7", state: inputs };
    case "authentik:index/application:Application":
      return { id: String(inputs.slug), state: { ...inputs, uuid: `uuid-of-${inputs.slug}` } };
    case "random:index/randomString:RandomString":
      return { id: name, state: { ...inputs, result: "GeneratedClientId0123456789abcdefABCDEF01" } };
    case "random:index/randomPassword:RandomPassword": {
      const rotation = (inputs.keepers as { rotation: string }).rotation;
      return { id: name, state: { ...inputs, result: `GeneratedSecret${rotation}x`.padEnd(96, "s") } };
    }
    case "command:local:Command":
      // A stand-in for the test's output on a passing run: the report the script prints, verdict line first.
      return { id: name, state: { ...inputs, stdout: CONNECTION_TEST_STDOUT, stderr: "" } };
    default:
      return { id: `${name}-id`, state: inputs };
  }
}

function fakeInvoke(args: pulumiType.runtime.MockCallArgs): Record<string, unknown> {
  const i = args.inputs;
  switch (args.token) {
    case "authentik:index/getFlow:getFlow":
      return { id: `flow-${i.slug}`, slug: i.slug };
    case "authentik:index/getCertificateKeyPair:getCertificateKeyPair":
      return { id: "signing-key-uuid", name: i.name };
    case "authentik:index/getPropertyMappingProviderScope:getPropertyMappingProviderScope":
      return { id: "-1", ids: ["scope-openid", "scope-email", "scope-profile"] };
    case "authentik:index/getGroup:getGroup":
      return { id: `group-uuid-${i.name}`, name: i.name };
    case "authentik:index/getUser:getUser":
      return { id: "42", pk: 42, username: i.username };
    default:
      throw new Error(`unexpected invoke ${args.token}`);
  }
}

export interface RunOptions {
  stack: string;
  emulator: MailcowEmulator;
  preview?: boolean;
  overrides?: Record<string, Record<string, unknown>>;
  /** Outputs of an earlier run of the same stack: the dynamic resource is then diffed and updated, like `up`. */
  previous?: ProgramRun;
  /** Where to record; lets a test inspect what was declared before the program threw. */
  record?: ProgramRun;
}

/** One `pulumi up` (or preview) of index.ts, in a fresh module registry. */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  const run: ProgramRun = options.record ?? { resources: [], outputs: {}, secretOutputs: [], providerCalls: [] };
  const previousIdp = options.previous?.resources.find((r) => r.type === IDP_TYPE);
  await jest.isolateModulesAsync(async () => {
    const pulumi = require("@pulumi/pulumi") as typeof pulumiType;
    const { IdentityProviderProvider } =
      require("../../components/mailcow/provider") as typeof import("../../components/mailcow/provider");
    const provider = new IdentityProviderProvider();
    // configure() as the provider host would call it, with the emulator's key in the stack's `mailcow` object.
    const mailcowConfig = JSON.stringify({ apiKey: options.emulator.rwKey, requestTimeoutSeconds: 2, maxRetries: 0 });
    await provider.configure!({
      config: { get: (k: string) => (k === "mailcow" ? mailcowConfig : undefined), require: () => mailcowConfig },
    } as unknown as pulumiType.dynamic.ConfigureRequest);

    const dynamic = async (inputs: Record<string, unknown>) => {
      // The stack's mailcow host stands for the emulator, as DNS would point it there.
      const news: Record<string, unknown> = { ...inputs, mailcowUrl: options.emulator.url, allowHttp: true };
      delete news.__provider;
      const checked = await provider.check!({}, news);
      if (checked.failures?.length) throw new Error(JSON.stringify(checked.failures));
      const checkedInputs = checked.inputs ?? news;
      if (options.preview) {
        run.providerCalls.push({ method: "check", inputs: checkedInputs });
        if (previousIdp) await provider.diff!("identity-provider", previousIdp.state, checkedInputs);
        return { id: undefined, state: {} };
      }
      if (previousIdp) {
        const diff = await provider.diff!("identity-provider", previousIdp.state, checkedInputs);
        run.providerCalls.push({ method: diff.changes ? "update" : "same", inputs: checkedInputs });
        if (!diff.changes) return { id: "identity-provider", state: previousIdp.state };
        const updated = await provider.update!("identity-provider", previousIdp.state, checkedInputs);
        return { id: "identity-provider", state: updated.outs ?? {} };
      }
      run.providerCalls.push({ method: "create", inputs: checkedInputs });
      const created = await provider.create(checkedInputs);
      return { id: created.id, state: created.outs ?? {} };
    };

    await pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          const inputs = plain(args.inputs, pulumi) as Record<string, unknown>;
          const secretInputs = Object.keys(args.inputs).filter((k) => pulumi.runtime.isRpcSecret(args.inputs[k]));
          const result = args.type === IDP_TYPE ? await dynamic(inputs) : fakeState(args.type, args.name, inputs);
          const state = options.preview && args.type.startsWith("random:") ? {} : result.state;
          run.resources.push({ type: args.type, name: args.name, inputs, state, secretInputs });
          return { id: result.id, state };
        },
        call: (args) => fakeInvoke(args),
      },
      "mailcow-sso",
      options.stack,
      options.preview ?? false,
    );
    const { config, secretKeys } = stackConfig(options.stack, options.overrides);
    pulumi.runtime.setAllConfig(config, secretKeys);

    const program = require("../../index") as Record<string, pulumiType.Output<unknown>>;
    if (options.preview) {
      await settled(() => run.resources.length);
    } else {
      for (const [name, output] of Object.entries(program)) {
        run.outputs[name] = await new Promise((resolve) => output.apply(resolve));
        if (await pulumi.isSecret(output)) run.secretOutputs.push(name);
      }
      await settled(() => run.resources.length);
    }
    recordComponentOutputs(run, pulumi);
  });
  return run;
}

/**
 * A component's state is what it passed to registerOutputs (the engine keeps it, and stack policies read it); the
 * mock monitor stores it by URN, whose type part ends in the component's type.
 */
function recordComponentOutputs(run: ProgramRun, pulumi: typeof pulumiType): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    getRegisteredResources(): Map<string, { urn: string; state: unknown }>;
  };
  for (const { urn, state } of monitor.getRegisteredResources().values()) {
    if (state === null || typeof state !== "object" || !("toJavaScript" in state)) continue; // not registerOutputs
    const [, typeChain, name] = urn.split("::").slice(-3);
    const recorded = run.resources.find((r) => r.name === name && typeChain.split("$").pop() === r.type);
    type Struct = Parameters<typeof pulumi.runtime.deserializeProperties>[0];
    if (recorded)
      recorded.state = plain(pulumi.runtime.deserializeProperties(state as Struct), pulumi) as typeof recorded.state;
  }
}

/** Resolves once a counter stops changing; rejects (instead of hanging) after 10 s. */
async function settled(count: () => number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = -1;
  while (count() !== last || count() === 0) {
    if (Date.now() > deadline) throw new Error("the program did not finish registering resources within 10 s");
    last = count();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
