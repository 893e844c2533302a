// The mailcow identity-provider dynamic provider, serialized and run in Pulumi's real dynamic-provider host, against
// the mailcow API emulator: the full lifecycle as the engine drives it, failures crossing gRPC, where the API key
// comes from, and that no secret leaks through anything the host returns or prints.
import { identityProviderShell } from "../components/mailcow/provider-shell";
import { MailcowEmulator } from "./support/mailcow-emulator";
import {
  CLIENT_SECRET,
  IDP,
  desiredInputs,
  mailcowConfig,
  rejection,
  startHost,
} from "./support/identity-provider-host";
import { type DynamicProviderHost, type Props, serializeProvider } from "./support/provider-host";

const FOREIGN_SECRET = "someone-elses-secret-7781";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's placeholder for unknown values in preview

/** Runs fn and returns how many HTTP requests it made to the emulator. */
async function countRequests<T>(emulator: MailcowEmulator, fn: () => Promise<T>): Promise<{ result: T; n: number }> {
  const before = emulator.requests.length;
  const result = await fn();
  return { result, n: emulator.requests.length - before };
}

describe("identity provider through the dynamic-provider host", () => {
  let emulator: MailcowEmulator;
  let host: DynamicProviderHost;
  // Everything that must never contain a secret: non-secret outputs and error messages seen by the engine.
  const observedOutputs: Props[] = [];
  const errorMessages: string[] = [];

  beforeAll(async () => {
    emulator = await MailcowEmulator.start();
    // A wrong key in the environment proves the config key takes precedence over MAILCOW_API_KEY.
    host = await startHost({ env: { MAILCOW_API_KEY: "WRONG00-000000-000000-000000-000000" } });
    await host.configure(mailcowConfig(emulator.rwKey));
  });

  afterAll(async () => {
    await host?.stop();
    await emulator?.stop();
  });

  describe("lifecycle: create, no-op diff, refresh, drift, update, delete", () => {
    let inputs: Props;
    let id: string;
    let outs: Props;

    test("check accepts the inputs without calling mailcow", async () => {
      const { result, n } = await countRequests(emulator, () => host.check({}, desiredInputs(emulator.url)));
      expect(result.failures).toEqual([]);
      expect(result.inputs).toMatchObject({ clientId: "mailcow", clientSecret: CLIENT_SECRET });
      expect(n).toBe(0);
      inputs = result.inputs;
    });

    test("create writes the configuration to mailcow in at most 3 requests", async () => {
      const { result, n } = await countRequests(emulator, () => host.create(inputs));
      ({ id, outs } = result);
      observedOutputs.push(outs);
      expect(id).not.toBe("");
      expect(outs).toMatchObject({ authsource: "generic-oidc", clientId: "mailcow", loginProvisioning: true });
      expect(n).toBeLessThanOrEqual(3);
      expect(emulator.storedSettings()).toMatchObject({
        authsource: "generic-oidc",
        client_id: "mailcow",
        client_secret: CLIENT_SECRET,
        token_url: `${IDP}/token/`,
        login_provisioning: "1",
      });
    });

    test("diff against the just-created state reports no change and makes no request", async () => {
      const { result, n } = await countRequests(emulator, () => host.diff(id, outs, inputs));
      expect(result).toMatchObject({ changes: "none", replaces: [] });
      expect(n).toBe(0);
    });

    test("read without drift returns the same state with one request", async () => {
      const { result, n } = await countRequests(emulator, () => host.read(id, outs, inputs));
      observedOutputs.push(result.props);
      expect(result.id).toBe(id);
      expect(result.props).toEqual(outs);
      expect(n).toBe(1);
    });

    test("a change made in mailcow's UI is seen by read and reported by diff", async () => {
      emulator.adminEdit({
        authsource: "generic-oidc",
        authorize_url: `${IDP}/authorize/`,
        token_url: `${IDP}/token/`,
        userinfo_url: `${IDP}/userinfo/`,
        client_id: "changed-in-ui",
        client_secret: CLIENT_SECRET,
        redirect_url: "https://mail.example.test",
        client_scopes: "openid profile email mailcow_template",
        login_provisioning: false,
      });
      const read = await host.read(id, outs, inputs);
      observedOutputs.push(read.props);
      expect(read.props).toMatchObject({ clientId: "changed-in-ui", loginProvisioning: false });
      const diff = await host.diff(id, read.props, inputs);
      expect(diff.changes).toBe("some");
      expect(diff.replaces).toEqual([]);
      outs = read.props;
    });

    test("update restores the desired configuration in at most 2 requests", async () => {
      const { result, n } = await countRequests(emulator, () => host.update(id, outs, inputs));
      observedOutputs.push(result.outs);
      expect(result.outs).toMatchObject({ clientId: "mailcow", loginProvisioning: true });
      expect(n).toBeLessThanOrEqual(2);
      expect(emulator.storedSettings()).toMatchObject({ client_id: "mailcow", login_provisioning: "1" });
      outs = result.outs;
      await expect(host.diff(id, outs, inputs)).resolves.toMatchObject({ changes: "none" });
    });

    test("a changed client secret is detected offline although outputs hold no secret", async () => {
      const changed = desiredInputs(emulator.url, { clientSecret: "a-rotated-client-secret-1234" });
      const { result, n } = await countRequests(emulator, () => host.diff(id, outs, changed));
      expect(result.changes).toBe("some");
      expect(n).toBe(0);
    });

    test("during preview, unknown inputs pass check and diff report a possible change, without requests", async () => {
      const news = desiredInputs(emulator.url, { clientId: UNKNOWN, tokenUrl: UNKNOWN });
      const { result: checked, n: checkRequests } = await countRequests(emulator, () => host.check(inputs, news));
      expect(checked.failures).toEqual([]);
      const { result: diff, n: diffRequests } = await countRequests(emulator, () => host.diff(id, outs, news));
      expect(diff.changes).not.toBe("none");
      expect(checkRequests + diffRequests).toBe(0);
    });

    test("delete removes the configuration in at most 2 requests", async () => {
      const { n } = await countRequests(emulator, () => host.delete(id, outs));
      expect(n).toBeLessThanOrEqual(2);
      expect(emulator.storedSettings()).toEqual({});
    });

    test("read after the configuration is gone reports the resource as deleted", async () => {
      await expect(host.read(id, outs, inputs)).resolves.toMatchObject({ id: "" });
    });

    test("the config key won over the wrong MAILCOW_API_KEY: mailcow saw no failed login", () => {
      expect(emulator.unauthorizedCount).toBe(0);
    });
  });

  describe("failures cross gRPC with their message", () => {
    test("check failures name the property", async () => {
      const { failures } = await host.check({}, desiredInputs(emulator.url, { tokenUrl: "not a url" }));
      expect(failures.map((f) => f.property)).toContain("tokenUrl");
    });

    test("create refuses to overwrite a different existing configuration, and says what it found", async () => {
      emulator.adminEdit({
        authsource: "generic-oidc",
        authorize_url: "https://other.example.test/authorize",
        token_url: "https://other.example.test/token",
        userinfo_url: "https://other.example.test/userinfo",
        client_id: "someone-else",
        client_secret: FOREIGN_SECRET,
        redirect_url: "https://mail.example.test",
        client_scopes: "openid",
        login_provisioning: false,
      });
      const before = emulator.storedSettings();
      const { inputs } = await host.check({}, desiredInputs(emulator.url));
      const error = await rejection(host.create(inputs));
      errorMessages.push(error.message);
      expect(error.code).toBe(2);
      expect(error.details).toMatch(/already has an identity provider/);
      expect(error.details).toContain("someone-else");
      expect(error.details).toMatch(/adoptExisting/);
      expect(error.details).not.toContain(FOREIGN_SECRET);
      expect(emulator.storedSettings()).toEqual(before);
    });

    test("delete refused because mailboxes use the provider names both ways out", async () => {
      const { inputs } = await host.check({}, desiredInputs(emulator.url, { adoptExisting: true }));
      const { id, outs } = await host.create(inputs);
      observedOutputs.push(outs);
      emulator.addMailbox("user@example.test", "generic-oidc");
      const error = await rejection(host.delete(id, outs));
      errorMessages.push(error.message);
      expect(error.code).toBe(2);
      expect(error.details).toMatch(/authsource_in_use/);
      expect(error.details).toMatch(/onDelete/);
      expect(emulator.storedSettings()).toMatchObject({ client_id: "mailcow" });
    });
  });

  describe("secrets", () => {
    test("the serialized provider contains neither the API key nor the client secret", async () => {
      expect(host.providerText).not.toContain(emulator.rwKey);
      expect(host.providerText).not.toContain(CLIENT_SECRET);
      // Configuring the provider object in this process must not make the key part of its serialized form.
      await identityProviderShell.configure?.({
        config: {
          get: () => mailcowConfig(emulator.rwKey).mailcow,
          require: () => mailcowConfig(emulator.rwKey).mailcow,
        },
      });
      const again = await serializeProvider(identityProviderShell);
      expect(again).not.toContain(emulator.rwKey);
    });

    test("no output, error message or host stdout/stderr contains the API key or the client secret", async () => {
      // The host did print the errors it returned; wait for that so the scan below sees all of its output.
      await host.waitForOutput("stderr", /authsource_in_use/);
      expect(observedOutputs.length).toBeGreaterThanOrEqual(5);
      expect(errorMessages.length).toBeGreaterThanOrEqual(2);
      const everything = [
        ...observedOutputs.map((o) => JSON.stringify(o)),
        ...errorMessages,
        host.stdout,
        host.stderr,
      ].join("\n");
      for (const secret of [emulator.rwKey, CLIENT_SECRET, FOREIGN_SECRET]) {
        expect(everything).not.toContain(secret);
      }
    });
  });
});

describe("where the API key comes from", () => {
  let emulator: MailcowEmulator;

  beforeAll(async () => {
    emulator = await MailcowEmulator.start();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  test("MAILCOW_API_KEY is used when the config object has no apiKey", async () => {
    const host = await startHost({ env: { MAILCOW_API_KEY: emulator.rwKey } });
    try {
      await host.configure(mailcowConfig());
      const { inputs } = await host.check({}, desiredInputs(emulator.url));
      const { id, outs } = await host.create(inputs);
      expect(emulator.storedSettings()).toMatchObject({ client_id: "mailcow" });
      await host.delete(id, outs);
      expect(emulator.unauthorizedCount).toBe(0);
      expect(host.stdout + host.stderr).not.toContain(emulator.rwKey);
    } finally {
      await host.stop();
    }
  });

  test("with no key anywhere, create fails naming both ways to provide it, before any request", async () => {
    const host = await startHost();
    try {
      await host.configure({});
      const { inputs } = await host.check({}, desiredInputs(emulator.url));
      const before = emulator.requests.length;
      const error = await rejection(host.create(inputs));
      expect(error.code).toBe(2);
      expect(error.details).toContain("pulumi config set --secret --path mailcow.apiKey");
      expect(error.details).toContain("MAILCOW_API_KEY");
      expect(emulator.requests.length).toBe(before);
    } finally {
      await host.stop();
    }
  });
});
