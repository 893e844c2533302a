// Failures of the mailcow identity provider as the engine sees them: through Pulumi's dynamic-provider host, with
// the shell loading the compiled provider from disk. Every network failure names its cause and what to do, and
// the transient ones are retried; a partial failure arrives as one; a second writer and someone else's setting
// are recognised; no secret seen anywhere reaches a message or the host's output.
import type http from "node:http";
import { MailcowEmulator } from "./support/mailcow-emulator";
import {
  CLIENT_SECRET,
  IDP,
  desiredInputs,
  mailcowConfig,
  rejection,
  startHost,
} from "./support/identity-provider-host";
import { type Served, closedPort, pre202505Proxy, serve } from "./support/loopback";
import type { DynamicProviderHost, Props } from "./support/provider-host";

const FOREIGN_SECRET = "other-stack-secret-5150";

let emulator: MailcowEmulator;
let host: DynamicProviderHost;
/** Everything the engine received that must never hold a secret. */
const messages: string[] = [];

async function failure(call: Promise<unknown>) {
  const error = await rejection(call);
  messages.push(error.details, JSON.stringify(error.initFailure ?? {}));
  return error;
}

/** Inputs for `mailcowUrl` after the provider's own check, as the engine passes them on. */
async function checked(mailcowUrl: string, overrides: Props = {}): Promise<Props> {
  const { inputs, failures } = await host.check({}, desiredInputs(mailcowUrl, overrides));
  expect(failures).toEqual([]);
  return inputs;
}

const foreignSetting = {
  authsource: "generic-oidc",
  authorize_url: `${IDP}/authorize/`,
  token_url: `${IDP}/token/`,
  userinfo_url: `${IDP}/userinfo/`,
  client_id: "other-stack",
  client_secret: FOREIGN_SECRET,
  redirect_url: "https://mail.example.test",
};

/** The host configures a provider once, on its first request: another connection setting needs another host. */
async function hostWith(connection: Props): Promise<DynamicProviderHost> {
  const started = await startHost();
  await started.configure(mailcowConfig(emulator.rwKey, connection));
  return started;
}

beforeAll(async () => {
  emulator = await MailcowEmulator.start();
  host = await hostWith({ maxRetries: 2, retryBackoffMs: 10, requestTimeoutSeconds: 2 });
});

afterAll(async () => {
  await host?.stop();
  await emulator?.stop();
});

beforeEach(() => {
  emulator.clearFaults();
  emulator.seedSettings({});
  emulator.resetLog();
});

describe("network failures name their cause and what to do", () => {
  test("refused: a closed loopback port, not retried", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const error = await failure(host.read("identity-provider", { mailcowUrl: url }));
    expect(error.code).toBe(2);
    expect(error.details).toContain(`reading the identity-provider settings at ${url}`);
    expect(error.details).toMatch(/refused the connection.*ECONNREFUSED.*nothing listens/);
    expect(error.details).toMatch(/host and port of the mailcow URL/);
    expect(error.details).not.toMatch(/attempts/);
  });

  test.each([
    ["before the answer", "reset"],
    ["in the middle of the body", "resetMidBody"],
  ] as const)("reset %s: retried maxRetries + 1 times, then reported as a reset", async (_when, kind) => {
    emulator.injectFault({ kind, route: "get", times: Infinity });
    const error = await failure(host.read("identity-provider", { mailcowUrl: emulator.url }));
    expect(error.details).toMatch(/connection to mailcow was reset while reading.*\((ECONNRESET|UND_ERR_SOCKET)\)/);
    expect(error.details).toMatch(/nginx and php-fpm logs.*\(3 attempts\)/);
    expect(emulator.count({ route: "get/identity-provider" })).toBe(3);
  });

  test.each(["reset", "resetMidBody"] as const)("one %s is retried and the call succeeds", async (kind) => {
    const inputs = await checked(emulator.url);
    emulator.injectFault({ kind, route: "edit" });
    const { outs } = await host.create(inputs);
    expect(outs).toMatchObject({ clientId: "mailcow" });
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(2);
  });

  test("DNS failure: a name under .invalid", async () => {
    const error = await failure(host.read("identity-provider", { mailcowUrl: "https://mailcow.example.invalid" }));
    expect(error.details).toMatch(/host name of mailcow does not resolve.*\(ENOTFOUND\).*DNS/);
  });

  test("timeout: retried, then reported with the limit and the setting that raises it", async () => {
    const quick = await hostWith({ requestTimeoutSeconds: 0.2, maxRetries: 1, retryBackoffMs: 10 });
    try {
      emulator.injectFault({ kind: "delay", route: "get", delayMs: 5000, times: Infinity });
      const error = await failure(quick.read("identity-provider", { mailcowUrl: emulator.url }));
      expect(error.details).toMatch(/did not answer.*within 200 ms.*mailcow\.requestTimeoutSeconds.*\(2 attempts\)/);
      expect(emulator.count({ route: "get/identity-provider" })).toBe(2);
    } finally {
      await quick.stop();
    }
  });

  describe("TLS", () => {
    let tls: MailcowEmulator;

    beforeAll(async () => {
      tls = await MailcowEmulator.start({ tls: true, rwKey: emulator.rwKey, roKey: emulator.roKey });
    });

    afterAll(async () => {
      await tls?.stop();
    });

    test("a self-signed certificate is refused and the message names mailcow.insecureTls", async () => {
      const error = await failure(host.read("identity-provider", { mailcowUrl: tls.url }));
      expect(error.details).toMatch(
        /could not be verified.*DEPTH_ZERO_SELF_SIGNED_CERT: the certificate is self-signed/,
      );
      expect(error.details).toContain("pulumi config set --path mailcow.insecureTls true");
      expect(tls.requests).toHaveLength(0);
    });

    test("with mailcow.insecureTls the same mailcow works", async () => {
      const lab = await hostWith({ insecureTls: true });
      try {
        const inputs = await checked(tls.url, { allowHttp: false });
        const { id, outs } = await lab.create(inputs);
        expect(tls.storedSettings()).toMatchObject({ client_id: "mailcow" });
        await lab.delete(id, outs);
        expect(tls.storedSettings()).toEqual({});
      } finally {
        await lab.stop();
      }
    });
  });
});

describe("a partial failure crosses the host as one", () => {
  let proxy: Served;

  beforeAll(async () => {
    proxy = await pre202505Proxy(emulator.url);
  });

  afterAll(() => proxy.stop());

  test("create reports what mailcow stored and the engine gets the state to record, __provider included", async () => {
    const inputs = await checked(proxy.url);
    const error = await failure(host.create(inputs));
    expect(error.details).toMatch(
      /stored something else: redirectUrlExtra: sent \["https:\/\/webmail\.example\.test"\]/,
    );
    expect(error.initFailure?.id).toBe("identity-provider");
    expect(error.initFailure?.properties).toMatchObject({ redirectUrlExtra: [], clientId: "mailcow" });
    expect(error.initFailure?.properties.__provider).toBe(host.providerText);
    expect(JSON.stringify(error.initFailure?.properties)).not.toContain(CLIENT_SECRET);
  });
});

describe("two writers on one mailcow", () => {
  test("a write overtaken before its read-back is reported as such, and no state is recorded", async () => {
    const inputs = await checked(emulator.url);
    emulator.injectFault({ kind: "concurrentWrite", route: "edit", attr: foreignSetting });
    const error = await failure(host.create(inputs));
    expect(error.details).toMatch(/changed by another writer.*client ID "other-stack"/);
    expect(error.initFailure).toBeUndefined();
  });

  test("destroy refuses someone else's Generic-OIDC and leaves it", async () => {
    const { id, outs } = await host.create(await checked(emulator.url));
    emulator.adminEdit(foreignSetting);
    const error = await failure(host.delete(id, outs));
    expect(error.details).toMatch(/did not write.*client ID "other-stack".*onDelete: "retain"/);
    expect(emulator.storedSettings()).toMatchObject({ client_id: "other-stack" });
  });
});

describe("inputs that pass a plain type check but cannot work are rejected by check, naming the property", () => {
  test.each<[string, Props, string]>([
    ["port 0", { mailcowUrl: "https://mail.example.test:0" }, "mailcowUrl"],
    ["a fragment in an endpoint URL", { tokenUrl: `${IDP}/token/#x` }, "tokenUrl"],
    ["a whitespace-only secret", { clientSecret: "   " }, "clientSecret"],
    ["a control character in the client ID", { clientId: "mail\u0007cow" }, "clientId"],
    ["a client ID over 255 characters", { clientId: "x".repeat(300) }, "clientId"],
  ])("%s", async (_name, overrides, property) => {
    const { failures } = await host.check({}, desiredInputs(emulator.url, overrides));
    expect(failures.map((f) => f.property)).toEqual([property]);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("every secret seen is redacted", () => {
  const STORED = "stored-secret-in-mailcow-3141";

  test.each<[string, (res: http.ServerResponse) => void]>([
    ["a PHP notice before the JSON", (res) => res.writeHead(200).end(`<b>Notice</b> {"client_secret": "${STORED}"}`)],
    ["a 500 quoting the stored settings", (res) => res.writeHead(500).end(`Fatal: {"client_secret":"${STORED}"}`)],
  ])("%s", async (_name, answer) => {
    const mailcow = await serve((_req, res) => answer(res));
    try {
      const error = await failure(host.read("identity-provider", { mailcowUrl: mailcow.url }));
      expect(error.details).toContain("[redacted]");
    } finally {
      await mailcow.stop();
    }
  });

  test("the emulator's own malformed replies (notice, settings dump) say what happened", async () => {
    emulator.adminEdit({ ...foreignSetting, client_secret: STORED });
    emulator.injectFault({ kind: "phpNotice", route: "get" });
    expect((await failure(host.read("identity-provider", { mailcowUrl: emulator.url }))).details).toMatch(/notices/);
    emulator.injectFault({ kind: "settingsDump500", route: "get", times: 3 });
    expect((await failure(host.read("identity-provider", { mailcowUrl: emulator.url }))).details).toMatch(/HTTP 500/);
  });

  test("no message the engine got and nothing the host printed holds a secret", async () => {
    // The host prints the failures of read and delete; wait until the last of them has arrived.
    await host.waitForOutput("stderr", /HTTP 500/);
    const everything = [...messages, host.stdout, host.stderr].join("\n");
    expect(messages.length).toBeGreaterThan(10);
    for (const secret of [emulator.rwKey, CLIENT_SECRET, FOREIGN_SECRET, STORED]) {
      expect(everything).not.toContain(secret);
    }
  });
});
