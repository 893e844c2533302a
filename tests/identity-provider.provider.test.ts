// Direct-call lifecycle tests of the identity-provider dynamic provider against the mailcow emulator.
import { IDENTITY_PROVIDER_ID, IdentityProviderProvider } from "../components/mailcow/provider";
import { PROVIDER_VERSION } from "../components/mailcow/state";
import { UNKNOWN } from "../components/rules";
import { type Served, pre202505Proxy, serve } from "./support/loopback";
import { MailcowEmulator } from "./support/mailcow-emulator";

const provider = new IdentityProviderProvider();

type Props = Record<string, unknown>;

const CLIENT_SECRET = "oidc-client-secret-0a1b2c3d4e5f";

let emulator: MailcowEmulator;

/** Runs the provider's configure the way the host does, with the stack config object `mailcow`. */
async function configure(mailcow: Props | undefined): Promise<void> {
  const raw = mailcow === undefined ? undefined : JSON.stringify(mailcow);
  const config = {
    get: (key: string) => (key === "mailcow" ? raw : undefined),
    require: (key: string) => {
      if (key !== "mailcow" || raw === undefined) throw new Error(`missing ${key}`);
      return raw;
    },
  };
  await provider.configure?.({ config });
}

function fastConfig(overrides: Props = {}): Props {
  return { apiKey: emulator.rwKey, requestTimeoutSeconds: 0.3, maxRetries: 2, retryBackoffMs: 5, ...overrides };
}

function args(overrides: Props = {}): Props {
  return {
    mailcowUrl: emulator.url,
    authorizeUrl: "https://auth.example.org/application/o/authorize/",
    tokenUrl: "https://auth.example.org/application/o/token/",
    userinfoUrl: "https://auth.example.org/application/o/userinfo/",
    clientId: "mailcow",
    clientSecret: CLIENT_SECRET,
    redirectUrl: "https://mail.example.org",
    redirectUrlExtra: ["https://webmail.example.org"],
    loginProvisioning: true,
    defaultTemplate: "Default",
    templateMappings: [
      { claimValue: "staff", template: "Staff" },
      { claimValue: "guest", template: "Guest" },
    ],
    allowHttp: true,
    __provider: "serialized-provider-text",
    ...overrides,
  };
}

async function checked(overrides: Props = {}): Promise<Props> {
  const result = await provider.check!({}, args(overrides));
  expect(result.failures ?? []).toEqual([]);
  return { ...result.inputs, __provider: "serialized-provider-text" };
}

/** Asserts that neither the API key nor the client secret appears anywhere in `value`. */
function expectNoSecrets(value: unknown): void {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  expect(text).not.toContain(emulator.rwKey);
  expect(text).not.toContain(emulator.roKey);
  expect(text).not.toContain(CLIENT_SECRET);
}

async function failureOf(promise: Promise<unknown>): Promise<Error & { id?: string; properties?: Props }> {
  try {
    await promise;
  } catch (error) {
    const typed = error as Error & { id?: string; properties?: Props };
    expectNoSecrets(typed.message);
    expectNoSecrets(typed.stack ?? "");
    if (typed.properties) expectNoSecrets(typed.properties);
    return typed;
  }
  throw new Error("expected a failure");
}

/** An admin edit through the mailcow UI with a complete generic-oidc attribute set. */
function adminSaves(overrides: Props = {}): void {
  const result = emulator.adminEdit({
    authsource: "generic-oidc",
    authorize_url: "https://other-idp.example.org/authorize",
    token_url: "https://other-idp.example.org/token",
    userinfo_url: "https://other-idp.example.org/userinfo",
    client_id: "someone-else",
    client_secret: "their-secret-value",
    redirect_url: "https://mail.example.org",
    client_scopes: "openid email",
    ...overrides,
  });
  expect(JSON.stringify(result)).toContain("success");
}

beforeAll(async () => {
  emulator = await MailcowEmulator.start();
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(async () => {
  delete process.env.MAILCOW_API_KEY;
  emulator.clearFaults();
  emulator.seedSettings({});
  emulator.setAllowFrom("127.0.0.1,::1");
  emulator.resetLog();
  await configure(fastConfig());
});

describe("lifecycle", () => {
  test("create → no-op diff → refresh without drift → UI drift detected → update → delete", async () => {
    const inputs = await checked();

    // create: read current, write, read back
    const created = await provider.create(inputs);
    expect(created.id).toBe(IDENTITY_PROVIDER_ID);
    expect(emulator.count()).toBe(3);
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(1);
    const outs = created.outs as Props;
    expectNoSecrets(outs);
    expect(JSON.stringify(outs)).not.toContain("undefined");
    expect(outs).toMatchObject({
      mailcowUrl: emulator.url,
      authsource: "generic-oidc",
      clientId: "mailcow",
      redirectUrlExtra: ["https://webmail.example.org"],
      clientScopes: ["openid", "profile", "email", "mailcow_template"],
      loginProvisioning: true,
      ignoreSslError: false,
      defaultTemplate: "Default",
      templateMappings: [
        { claimValue: "staff", template: "Staff" },
        { claimValue: "guest", template: "Guest" },
      ],
      onDelete: "remove",
      providerVersion: PROVIDER_VERSION,
    });
    expect(outs.clientSecretDigest).toMatch(/^hmac-sha256:/);
    expect(emulator.storedSettings()).toMatchObject({ login_provisioning: "1", ignore_ssl_error: "" });

    // diff: offline and unchanged
    emulator.resetLog();
    expect(await provider.diff!(created.id, outs, inputs)).toEqual({ changes: false });
    expect(emulator.count()).toBe(0);

    // refresh without drift: one GET, same props, inputs equal to what check produced
    const refreshed = await provider.read!(created.id, outs);
    expect(emulator.count()).toBe(1);
    expect(refreshed.id).toBe(created.id);
    expect(refreshed.props).toEqual(outs);
    expectNoSecrets(refreshed.props);
    const { __provider: _ignored, ...plainInputs } = inputs;
    expect(refreshed.inputs).toEqual(plainInputs);

    // drift made in mailcow's UI
    adminSaves({
      authorize_url: "https://auth.example.org/application/o/authorize/",
      token_url: "https://auth.example.org/application/o/token/",
      userinfo_url: "https://auth.example.org/application/o/userinfo/",
      client_id: "mailcow",
      client_secret: "changed-in-the-ui",
      login_provisioning: false,
      client_scopes: "openid profile",
    });
    emulator.resetLog();
    const drifted = await provider.read!(created.id, outs);
    const driftedProps = drifted.props as Props;
    expect(driftedProps).toMatchObject({ loginProvisioning: false, clientScopes: ["openid", "profile"] });
    expect(driftedProps.clientSecretDigest).not.toBe(outs.clientSecretDigest);
    expect(driftedProps.clientSecretSalt).toBe(outs.clientSecretSalt);
    expectNoSecrets(driftedProps);
    expect(await provider.diff!(created.id, driftedProps, inputs)).toEqual({ changes: true });

    // update: edit + read-back
    emulator.resetLog();
    const updated = await provider.update!(created.id, driftedProps, inputs);
    expect(emulator.count()).toBe(2);
    expect(updated.outs).toEqual(outs);
    expect(await provider.diff!(created.id, updated.outs, inputs)).toEqual({ changes: false });

    // delete: check what is there, then remove
    emulator.resetLog();
    await provider.delete!(created.id, updated.outs);
    expect(emulator.count()).toBe(2);
    expect(emulator.count({ route: "delete/identity-provider" })).toBe(1);
    expect(emulator.storedSettings()).toEqual({});
  });

  test("refresh reports the resource gone when the generic-oidc setting was removed or replaced", async () => {
    const { id, outs } = await provider.create(await checked());
    emulator.seedSettings({});
    expect(await provider.read!(id, outs)).toEqual({ id: "", props: {} });
    adminSaves({ authsource: "keycloak", server_url: "https://kc", realm: "r", version: "26" });
    expect(await provider.read!(id, outs)).toEqual({ id: "", props: {} });
  });

  test("an onDelete-only change updates without any request", async () => {
    const { id, outs } = await provider.create(await checked());
    const news = await checked({ onDelete: "retain" });
    expect(await provider.diff!(id, outs, news)).toEqual({ changes: true });
    emulator.resetLog();
    const updated = await provider.update!(id, outs, news);
    expect(emulator.count()).toBe(0);
    expect(updated.outs).toMatchObject({ ...outs, onDelete: "retain" });
  });

  test("a new client secret is detected offline and written", async () => {
    const { id, outs } = await provider.create(await checked());
    const news = await checked({ clientSecret: "rotated-secret-value-1234" });
    expect(await provider.diff!(id, outs, news)).toEqual({ changes: true });
    const updated = await provider.update!(id, outs, news);
    expect(emulator.storedSettings().client_secret).toBe("rotated-secret-value-1234");
    expect(JSON.stringify(updated.outs)).not.toContain("rotated-secret-value-1234");
  });

  test("unknown inputs during preview report a possible change without any request", async () => {
    const { id, outs } = await provider.create(await checked());
    emulator.resetLog();
    const news = await checked({ clientSecret: UNKNOWN, tokenUrl: UNKNOWN });
    expect(await provider.diff!(id, outs, news)).toEqual({ changes: true });
    expect(emulator.count()).toBe(0);
  });

  test("state written by another provider version is reported as a change", async () => {
    const inputs = await checked();
    const { id, outs } = await provider.create(inputs);
    expect(await provider.diff!(id, { ...outs, providerVersion: "0" }, inputs)).toEqual({ changes: true });
  });

  test("check names the failing properties", async () => {
    const result = await provider.check!({}, args({ tokenUrl: "ftp://x", clientScopes: ["email"], allowHttp: false }));
    const properties = (result.failures ?? []).map((failure) => failure.property);
    expect(properties).toEqual(expect.arrayContaining(["tokenUrl", "clientScopes", "mailcowUrl"]));
  });
});

describe("existing configurations", () => {
  test("create refuses to overwrite a different configuration and says what it found", async () => {
    adminSaves();
    const before = emulator.storedSettings();
    emulator.resetLog();
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toContain('authsource "generic-oidc"');
    expect(error.message).toContain('client ID "someone-else"');
    expect(error.message).toContain("adoptExisting");
    expect(error.message).not.toContain("their-secret-value");
    expect(emulator.count()).toBe(1);
    expect(emulator.storedSettings()).toEqual(before);
  });

  test("create refuses a keycloak configuration too", async () => {
    adminSaves({ authsource: "keycloak", server_url: "https://kc.example.org", realm: "r", version: "26" });
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toContain('authsource "keycloak"');
  });

  test("adoptExisting takes it over", async () => {
    adminSaves();
    emulator.resetLog();
    const { outs } = await provider.create(await checked({ adoptExisting: true }));
    expect(emulator.count()).toBe(3);
    expect(outs).toMatchObject({ clientId: "mailcow", adoptExisting: true });
    expect(emulator.storedSettings().client_id).toBe("mailcow");
  });

  test("an identical configuration is taken as is (one request)", async () => {
    await provider.create(await checked());
    emulator.resetLog();
    const { outs } = await provider.create(await checked());
    expect(emulator.count()).toBe(1);
    expect(outs).toMatchObject({ clientId: "mailcow" });
  });

  test("moving to another mailcow claims the new one and leaves the old one alone", async () => {
    const other = await MailcowEmulator.start({ rwKey: emulator.rwKey, roKey: emulator.roKey });
    try {
      const { id, outs } = await provider.create(await checked());
      const news = await checked({ mailcowUrl: other.url });
      expect(await provider.diff!(id, outs, news)).toEqual({ changes: true });
      const updated = await provider.update!(id, outs, news);
      expect(other.count()).toBe(3);
      expect(updated.outs).toMatchObject({ mailcowUrl: other.url });
      expect(other.storedSettings().client_id).toBe("mailcow");
      expect(emulator.storedSettings().client_id).toBe("mailcow");
    } finally {
      await other.stop();
    }
  });
});

describe("delete", () => {
  test("retain leaves mailcow untouched without any request", async () => {
    const { id, outs } = await provider.create(await checked({ onDelete: "retain" }));
    emulator.resetLog();
    await provider.delete!(id, outs);
    expect(emulator.count()).toBe(0);
    expect(emulator.storedSettings().client_id).toBe("mailcow");
  });

  test("authsource_in_use names both ways out", async () => {
    const { id, outs } = await provider.create(await checked());
    emulator.addMailbox("alice@example.org", "generic-oidc");
    try {
      const error = await failureOf(provider.delete!(id, outs));
      expect(error.message).toContain("authsource_in_use");
      expect(error.message).toMatch(/back to the mailcow authsource/);
      expect(error.message).toContain('onDelete: "retain"');
      expect(emulator.storedSettings().client_id).toBe("mailcow");
    } finally {
      emulator.setMailboxAuthsource("alice@example.org", "mailcow");
    }
  });

  test("a setting already gone or replaced by another authsource is left alone", async () => {
    const { id, outs } = await provider.create(await checked());
    emulator.seedSettings({});
    emulator.resetLog();
    await provider.delete!(id, outs);
    expect(emulator.count()).toBe(1);
    adminSaves({ authsource: "keycloak", server_url: "https://kc.example.org", realm: "r", version: "26" });
    await provider.delete!(id, outs);
    expect(emulator.storedSettings().authsource).toBe("keycloak");
  });
});

describe("destroy removes only what this stack owns", () => {
  test.each<[string, Props, string]>([
    ["another client ID", { client_id: "other-stack" }, "clientId"],
    ["other endpoints", { client_id: "mailcow", token_url: "https://other-idp.example.org/token" }, "tokenUrl"],
  ])("a Generic-OIDC setting with %s is refused, named, and kept", async (_name, theirs, field) => {
    const { id, outs } = await provider.create(await checked());
    adminSaves({
      authorize_url: "https://auth.example.org/application/o/authorize/",
      token_url: "https://auth.example.org/application/o/token/",
      userinfo_url: "https://auth.example.org/application/o/userinfo/",
      ...theirs,
    });
    const before = emulator.storedSettings();
    emulator.resetLog();
    const error = await failureOf(provider.delete!(id, outs));
    expect(error.message).toContain("did not write");
    expect(error.message).toContain(`client ID "${before.client_id}"`);
    expect(error.message).toContain(field);
    expect(error.message).toContain('onDelete: "retain"');
    expect(error.message).toMatch(/by hand in mailcow/);
    expect(error.message).not.toContain("their-secret-value");
    expect(emulator.count({ route: "delete/identity-provider" })).toBe(0);
    expect(emulator.storedSettings()).toEqual(before);
  });

  test("drift in settings that do not say whose it is (scopes, provisioning) still deletes", async () => {
    const { id, outs } = await provider.create(await checked());
    const drifted = { ...emulator.storedSettings(), client_scopes: "openid", login_provisioning: "" };
    emulator.seedSettings(drifted);
    await provider.delete!(id, outs);
    expect(emulator.storedSettings()).toEqual({});
  });
});

describe("two writers on one mailcow", () => {
  const otherStack: Props = {
    authsource: "generic-oidc",
    authorize_url: "https://auth.example.org/application/o/authorize/",
    token_url: "https://auth.example.org/application/o/token/",
    userinfo_url: "https://auth.example.org/application/o/userinfo/",
    client_id: "other-stack",
    client_secret: "other-stack-secret-0000",
    redirect_url: "https://mail.example.org",
  };

  test("a write overtaken before its read-back fails as such, and create records nothing", async () => {
    emulator.injectFault({ kind: "concurrentWrite", route: "edit", attr: otherStack });
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toMatch(/changed by another writer between this stack's write and its read-back/);
    expect(error.message).toContain('client ID "other-stack"');
    expect(error.message).toContain("Nothing was recorded");
    expect(error.message).not.toContain("other-stack-secret-0000");
    // No id: the host reports a plain failure, so the engine records no resource for this stack.
    expect(error.id).toBeUndefined();
    expect(error.properties).toBeUndefined();
    expect(emulator.storedSettings().client_id).toBe("other-stack");
  });

  test("the same during an update keeps the previous state (no partial state with the other's settings)", async () => {
    const { id, outs } = await provider.create(await checked());
    emulator.injectFault({ kind: "concurrentWrite", route: "edit", attr: otherStack });
    const error = await failureOf(provider.update!(id, outs, await checked({ defaultTemplate: "Other" })));
    expect(error.message).toMatch(/another writer/);
    expect(error.id).toBeUndefined();
  });

  test("another secret under the same client ID is another writer too", async () => {
    emulator.injectFault({
      kind: "concurrentWrite",
      route: "edit",
      attr: { ...otherStack, client_id: "mailcow", client_secret: "rotated-by-someone-else" },
    });
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toMatch(/another writer.*another client secret/);
    expect(error.message).not.toContain("rotated-by-someone-else");
  });
});

describe("a new provider version", () => {
  test("state of an older version is re-verified with one GET and no write when mailcow matches", async () => {
    const inputs = await checked();
    const { id, outs } = await provider.create(inputs);
    const old = { ...outs, providerVersion: "1" };
    expect(await provider.diff!(id, old, inputs)).toEqual({ changes: true });
    emulator.resetLog();
    const { outs: updated } = await provider.update!(id, old, inputs);
    expect(emulator.count()).toBe(1);
    expect(updated).toEqual(outs);
  });

  test("and rewritten when mailcow drifted", async () => {
    const inputs = await checked();
    const { id, outs } = await provider.create(inputs);
    emulator.seedSettings({ ...emulator.storedSettings(), default_template: "Drifted" });
    emulator.resetLog();
    await provider.update!(id, { ...outs, providerVersion: "1" }, inputs);
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(1);
    expect(emulator.storedSettings().default_template).toBe("Default");
  });
});

describe("credentials", () => {
  test("a missing key shows both ways to provide it", async () => {
    await configure(undefined);
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toContain("pulumi config set --secret --path mailcow.apiKey <key>");
    expect(error.message).toContain("export MAILCOW_API_KEY=");
    expect(emulator.count()).toBe(0);
  });

  test("MAILCOW_API_KEY is the fallback", async () => {
    await configure({ requestTimeoutSeconds: 0.3 });
    process.env.MAILCOW_API_KEY = emulator.rwKey;
    await expect(provider.create(await checked())).resolves.toMatchObject({ id: IDENTITY_PROVIDER_ID });
  });

  test("an invalid config object is reported without its content", async () => {
    await configure(fastConfig({ maxRetries: -1 }));
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toMatch(/maxRetries/);
  });

  test("a wrong key fails once, without retry, and the message does not echo it", async () => {
    await configure(fastConfig({ apiKey: "AAAAAA-BBBBBB-CCCCCC-DDDDDD-EEEEEE" }));
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toMatch(/API key is wrong/);
    expect(error.message).not.toContain("AAAAAA-BBBBBB-CCCCCC-DDDDDD-EEEEEE");
    expect(emulator.unauthorizedCount).toBe(1);
    expect(emulator.count()).toBe(1);
  });

  test("a disallowed IP fails once, without retry", async () => {
    emulator.setAllowFrom("192.0.2.0/24");
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toMatch(/allow list/);
    expect(emulator.unauthorizedCount).toBe(1);
  });

  test("the read-only key: create fails at the write with 403 and mailcow is unchanged", async () => {
    await configure(fastConfig({ apiKey: emulator.roKey }));
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toMatch(/read-only/);
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(1);
    expect(emulator.storedSettings()).toEqual({});
  });
});

describe("mailcow failures", () => {
  test("no identity-provider API (404)", async () => {
    // mailcow before 2025-03 has no such route; its nginx answers 404.
    const old = await serve((_request, response) => response.writeHead(404).end("<html>404 Not Found</html>"));
    try {
      const error = await failureOf(provider.create(await checked({ mailcowUrl: old.url })));
      expect(error.message).toMatch(/2025-03/);
    } finally {
      await old.stop();
    }
  });

  test.each<[string, RegExp]>([
    ["html500", /HTML error page/],
    ["empty500", /empty body/],
    ["reset", /reset/],
  ])("a persistent %s on the write fails cleanly and keeps the previous setting", async (kind, message) => {
    const { id, outs } = await provider.create(await checked());
    const before = emulator.storedSettings();
    emulator.injectFault({ kind: kind as "html500", route: "edit", times: Infinity });
    emulator.resetLog();
    const error = await failureOf(provider.update!(id, outs, await checked({ clientId: "renamed" })));
    expect(error.message).toMatch(message);
    expect(emulator.count({ route: "edit/identity-provider" })).toBe(3);
    expect(emulator.storedSettings()).toEqual(before);
  });

  test("a persistent timeout fails as a timeout", async () => {
    emulator.injectFault({ kind: "delay", route: "get", delayMs: 3000, times: Infinity });
    const error = await failureOf(provider.create(await checked()));
    expect(error.message).toMatch(/did not answer.*within 300 ms/);
    expect(emulator.count({ route: "get/identity-provider" })).toBe(3);
    expect(emulator.storedSettings()).toEqual({});
  });

  test.each(["html500", "empty500", "reset", "delay"] as const)(
    "one %s is retried and create succeeds",
    async (kind) => {
      emulator.injectFault({ kind, route: "edit", delayMs: 1000 });
      const { outs } = await provider.create(await checked());
      expect(outs).toMatchObject({ clientId: "mailcow" });
      expect(emulator.count({ route: "edit/identity-provider" })).toBe(2);
    },
  );

  test("a rejected write reports mailcow's message keys", async () => {
    // Mailboxes on keycloak block switching to generic-oidc.
    adminSaves({ authsource: "keycloak", server_url: "https://kc.example.org", realm: "r", version: "26" });
    emulator.addMailbox("bob@example.org", "keycloak");
    try {
      const error = await failureOf(provider.create(await checked({ adoptExisting: true })));
      expect(error.message).toContain("authsource_in_use");
      expect(error.message).toMatch(/moved back to the mailcow authsource/);
    } finally {
      emulator.setMailboxAuthsource("bob@example.org", "mailcow");
    }
  });
});

describe("read-back verification", () => {
  let proxy: Served;

  beforeAll(async () => {
    proxy = await pre202505Proxy(emulator.url);
  });

  afterAll(() => proxy.stop());

  test("a setting mailcow silently dropped fails loudly and records what mailcow holds", async () => {
    const inputs = await checked({ mailcowUrl: proxy.url });
    const error = await failureOf(provider.create(inputs));
    expect(error.message).toMatch(
      /stored something else: redirectUrlExtra: sent \["https:\/\/webmail\.example\.org"\]/,
    );
    expect(error.message).toMatch(/before 2025-05/);
    // Partial success: the host records these properties, so the next run updates instead of re-creating.
    expect(error.id).toBe(IDENTITY_PROVIDER_ID);
    expect(error.properties).toMatchObject({ redirectUrlExtra: [], __provider: "serialized-provider-text" });
  });

  test("without extra redirect URLs the same mailcow works", async () => {
    const { outs } = await provider.create(await checked({ mailcowUrl: proxy.url, redirectUrlExtra: [] }));
    expect(outs).toMatchObject({ redirectUrlExtra: [] });
  });
});
