// The provider as Pulumi stores it in `__provider`: a shell of a few lines that loads the compiled provider from
// the package @mailcow-sso/mailcow-provider at run time. It must stay small, carry no key, no secret and no
// project code, and find the code on disk from wherever the engine starts the provider host.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as pulumi from "@pulumi/pulumi";
import { identityProviderShell } from "../components/mailcow/provider-shell";
import { MailcowEmulator } from "./support/mailcow-emulator";
import { desiredInputs, mailcowConfig, rejection, startHost } from "./support/identity-provider-host";
import { PROJECT_ROOT, serializeProvider } from "./support/provider-host";

const requireFromString: (code: string) => {
  handler: () => pulumi.dynamic.ResourceProvider;
} = require("require-from-string");

const API_KEY = "ABCDEF-012345-ABCDEF-012345-ABCDEF";
const CLIENT_SECRET = "serialization-test-client-secret";

function configRequest(mailcow: Record<string, unknown>): pulumi.dynamic.ConfigureRequest {
  const raw = JSON.stringify(mailcow);
  return { config: { get: (key) => (key === "mailcow" ? raw : undefined), require: () => raw } };
}

let serialized: { text: string; containsSecrets: boolean };

// Serialized after configure has run in this process with a key in config and env, as dynamic.Resource does.
beforeAll(async () => {
  process.env.MAILCOW_API_KEY = API_KEY;
  try {
    await identityProviderShell.configure!(configRequest({ apiKey: API_KEY }));
    // As dynamic.Resource serializes it: a closure over the provider object.
    const provider = identityProviderShell;
    serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  } finally {
    delete process.env.MAILCOW_API_KEY;
  }
});

describe("the serialized shell", () => {
  test("is at most 4 KB", () => {
    expect(Buffer.byteLength(serialized.text)).toBeLessThanOrEqual(4096);
    expect(gzipSync(serialized.text).length).toBeLessThan(1024);
  });

  test("holds no key and no secret, though configure ran in this process", () => {
    expect(serialized.containsSecrets).toBe(false);
    expect(serialized.text).not.toContain(API_KEY);
    expect(serialized.text).not.toContain(CLIENT_SECRET);
  });

  test("requires the compiled package at run time and captures none of the project's code", () => {
    expect(serialized.text).toContain('"@mailcow-sso/mailcow-provider"');
    expect(serialized.text).toMatch(/require\(RUNTIME_PACKAGE\)/);
    // Names from the provider's modules, the client and zod: none of it travels in the state.
    for (const name of ["writeAndVerify", "MailcowClient", "checkInputs", "ZodType", "errorForTransport"]) {
      expect(serialized.text).not.toContain(name);
    }
    expect(serialized.text).not.toMatch(/require\("@pulumi/);
  });

  test("is what the host helper sends", async () => {
    expect(await serializeProvider(identityProviderShell)).toBe(serialized.text);
  });
});

describe("the deserialized shell in this process", () => {
  let emulator: MailcowEmulator;
  let provider: pulumi.dynamic.ResourceProvider;

  beforeAll(async () => {
    emulator = await MailcowEmulator.start();
    provider = requireFromString(serialized.text).handler();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  test("checks, creates, reads and deletes against mailcow", async () => {
    await provider.configure!(configRequest({ apiKey: emulator.rwKey, requestTimeoutSeconds: 2 }));
    const { inputs, failures } = await provider.check!({}, desiredInputs(emulator.url));
    expect(failures).toEqual([]);
    const { id, outs } = await provider.create(inputs!);
    expect(JSON.stringify(outs)).not.toContain(CLIENT_SECRET);
    expect((await provider.read!(id, outs)).props).toEqual(outs);
    await provider.delete!(id, outs);
    expect(emulator.storedSettings()).toEqual({});
  });
});

describe("where the provider host finds the code", () => {
  let emulator: MailcowEmulator;
  let elsewhere: string;

  beforeAll(async () => {
    emulator = await MailcowEmulator.start();
    elsewhere = mkdtempSync(path.join(tmpdir(), "mailcow-sso-cwd-"));
  });

  afterAll(async () => {
    await emulator.stop();
    rmSync(elsewhere, { recursive: true, force: true });
  });

  /** Starts a host in `cwd` and runs check and create; resolves with the error text, or "" on success. */
  async function lifecycleFrom(cwd: string, env: Record<string, string> = {}, viaPluginScript = false) {
    const host = await startHost({ cwd, env, viaPluginScript });
    try {
      await host.configure(mailcowConfig(emulator.rwKey));
      const { inputs, failures } = await host.check({}, desiredInputs(emulator.url));
      if (failures.length > 0) return JSON.stringify(failures);
      const { id, outs } = await host.create(inputs);
      await host.delete(id, outs);
      return "";
    } catch (error) {
      return (error as Error).message;
    } finally {
      await host.stop();
    }
  }

  test("from the project root", async () => {
    expect(await lifecycleFrom(PROJECT_ROOT)).toBe("");
  });

  test("started as the engine starts it: the plugin script, from the project root", async () => {
    expect(await lifecycleFrom(PROJECT_ROOT, {}, true)).toBe("");
  });

  test("the plugin script itself needs the project's node_modules: outside the project it cannot start", async () => {
    await expect(startHost({ cwd: elsewhere, viaPluginScript: true, startTimeoutMs: 5000 })).rejects.toThrow(
      /did not start/,
    );
    const nodePath = { NODE_PATH: path.join(PROJECT_ROOT, "node_modules") };
    expect(await lifecycleFrom(elsewhere, nodePath, true)).toBe("");
  });

  test("from a folder inside the project (node_modules is found walking up)", async () => {
    expect(await lifecycleFrom(path.join(PROJECT_ROOT, "components", "mailcow"))).toBe("");
  });

  test("from outside the project, a clear error says what to do", async () => {
    const message = await lifecycleFrom(elsewhere);
    expect(message).toContain(`cannot be loaded from ${elsewhere} (Cannot find module '@mailcow-sso/mailcow-provider'`);
    expect(message).toContain("npm ci");
    expect(message).toContain("NODE_PATH");
  });

  test("from outside the project with NODE_PATH at the project's node_modules", async () => {
    expect(await lifecycleFrom(elsewhere, { NODE_PATH: path.join(PROJECT_ROOT, "node_modules") })).toBe("");
  });

  test("a failure to load is a failure of the call, not of the host", async () => {
    const host = await startHost({ cwd: elsewhere });
    try {
      const error = await rejection(host.check({}, desiredInputs(emulator.url)));
      expect(error.code).toBe(2);
      expect(host.running).toBe(true);
    } finally {
      await host.stop();
    }
  });
});
