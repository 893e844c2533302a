// A stack whose state was written by provider v1 (the 65 KB by-value provider, recorded in
// tests/fixtures/mailcow-provider-v1.json before the change) keeps working after the change, through Pulumi's
// dynamic-provider host exactly as the engine drives it: refresh and destroy run the v1 code stored in the state,
// `up` runs the shell (the code on disk) against v1's outputs and rewrites the state with the shell.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROVIDER_VERSION } from "../components/mailcow/state";
import { MailcowEmulator } from "./support/mailcow-emulator";
import { mailcowConfig, rejection, startHost } from "./support/identity-provider-host";
import { type DynamicProviderHost, PROJECT_ROOT, type Props } from "./support/provider-host";

interface StateFixture {
  providerVersion: string;
  id: string;
  provider: string;
  inputs: Props;
  outputs: Props;
  mailcowStored: Record<string, string>;
}

const FIXTURE_URL = "http://mailcow.fixture.invalid";
const v1: StateFixture = JSON.parse(
  readFileSync(path.join(PROJECT_ROOT, "tests", "fixtures", "mailcow-provider-v1.json"), "utf8"),
);

let emulator: MailcowEmulator;
let host: DynamicProviderHost;

/** v1's recorded state, pointed at this run's emulator, with the `__provider` v1 stored. */
function recorded(part: "inputs" | "outputs"): Props {
  return { ...v1[part], mailcowUrl: emulator.url, __provider: v1.provider };
}

/** The inputs the changed program sends: the same settings, and (by default) the new shell as `__provider`. */
function newInputs(overrides: Props = {}): Props {
  const { __provider: _old, ...inputs } = recorded("inputs");
  return { ...inputs, ...overrides };
}

beforeAll(async () => {
  emulator = await MailcowEmulator.start();
  // The program has changed: the engine's requests carry the new shell unless the state supplies v1's.
  host = await startHost();
  await host.configure(mailcowConfig(emulator.rwKey, { maxRetries: 2, retryBackoffMs: 10 }));
});

afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

beforeEach(() => {
  emulator.clearFaults();
  emulator.seedSettings(v1.mailcowStored);
  emulator.resetLog();
});

test("the fixture is v1's state: the by-value provider, fake secrets only, pointed at no real mailcow", () => {
  expect(v1.providerVersion).toBe("1");
  expect(v1.outputs.providerVersion).toBe("1");
  expect(v1.provider.length).toBeGreaterThan(60_000);
  expect(v1.provider).not.toContain("@mailcow-sso/mailcow-provider");
  expect(v1.inputs.mailcowUrl).toBe(FIXTURE_URL);
  expect(String(v1.inputs.clientSecret)).toMatch(/NOT-A-REAL-SECRET/);
  expect(PROVIDER_VERSION).not.toBe(v1.providerVersion);
});

describe("before the first up after the change", () => {
  test("refresh runs v1's code from the state and sees no drift", async () => {
    const read = await host.read(v1.id, recorded("outputs"), recorded("inputs"));
    expect(read.props).toEqual({ ...v1.outputs, mailcowUrl: emulator.url });
    expect(read.provider).toBe(v1.provider);
    expect(emulator.count()).toBe(1);
  });

  test("destroy runs v1's code from the state and removes the setting", async () => {
    await host.delete(v1.id, recorded("outputs"));
    expect(emulator.storedSettings()).toEqual({});
  });

  test("why the version changed: v1's by-value code loses a reset's cause and tries once", async () => {
    emulator.injectFault({ kind: "reset", route: "get", times: Infinity });
    const error = await rejection(host.read(v1.id, recorded("outputs")));
    expect(error.details).toMatch(/unexpected failure/);
    expect(emulator.count()).toBe(1);
  });
});

describe("pulumi up with the changed program", () => {
  test("check and diff run the new code on v1's state and report the new provider version as a change", async () => {
    const checked = await host.check(recorded("inputs"), newInputs());
    expect(checked.failures).toEqual([]);
    const diff = await host.diff(v1.id, recorded("outputs"), checked.inputs);
    expect(diff).toMatchObject({ changes: "some", replaces: [] });
    expect(emulator.count()).toBe(0);
  });

  test("update re-verifies with one GET, writes nothing, and stores the shell as __provider", async () => {
    const { inputs } = await host.check(recorded("inputs"), newInputs());
    const updated = await host.update(v1.id, recorded("outputs"), inputs);
    expect(emulator.count()).toBe(1);
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(0);
    expect(updated.outs).toEqual({ ...v1.outputs, mailcowUrl: emulator.url, providerVersion: PROVIDER_VERSION });
    expect(updated.provider).toBe(host.providerText);
    expect(host.providerText.length).toBeLessThan(4096);

    // The next preview has nothing to do; refresh and destroy now run the code on disk.
    await expect(host.diff(v1.id, updated.outs, inputs)).resolves.toMatchObject({ changes: "none" });
    const refreshed = await host.read(v1.id, updated.outs, inputs);
    expect(refreshed.props).toEqual(updated.outs);
    emulator.injectFault({ kind: "reset", route: "get" });
    await host.delete(v1.id, updated.outs);
    expect(emulator.storedSettings()).toEqual({});
  });

  test("a real change on top of v1's state is written and verified", async () => {
    const { inputs } = await host.check(recorded("inputs"), newInputs({ defaultTemplate: "Staff" }));
    const updated = await host.update(v1.id, recorded("outputs"), inputs);
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(1);
    expect(updated.outs).toMatchObject({ defaultTemplate: "Staff", providerVersion: PROVIDER_VERSION });
    // The salt v1 chose stays, so the digest of the unchanged secret is v1's.
    expect(updated.outs.clientSecretDigest).toBe(v1.outputs.clientSecretDigest);
    expect(emulator.storedSettings().default_template).toBe("Staff");
  });

  test("a stack that drifted while on v1 is rewritten by the first up", async () => {
    emulator.seedSettings({ ...v1.mailcowStored, client_scopes: "openid" });
    const { inputs } = await host.check(recorded("inputs"), newInputs());
    const updated = await host.update(v1.id, recorded("outputs"), inputs);
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(1);
    expect(updated.outs.clientScopes).toEqual(v1.outputs.clientScopes);
    expect(emulator.storedSettings().client_scopes).toBe("openid profile email mailcow_template");
  });
});
